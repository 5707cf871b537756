// Package emit writes a netlist.Design as Verilog-2005: one module per
// netlist module, readable, deterministic, and clean under
// verilator --lint-only -Wall, iverilog -g2005 -Wall and Yosys synth with
// check -assert, without a single waiver.
//
// Emit returns the design as one file per module, the top module's first,
// with the names it used; Verilog returns the same modules as one text and
// Files the files. All run netlist.Check first and refuse a design it
// rejects. The same design always gives the same bytes: there are no
// timestamps, and nothing depends on map order. No `line directive is
// written: the one text names no file but its own, and a position in the
// Go source is the comment on each line.
//
// # Names
//
// Verilog names are part of the public API, and they are decided before
// emit runs, by netlist.Legalize: a user name (a net whose Generated is
// false, every port, memory, instance and module) goes through unchanged
// unless it is a Verilog, SystemVerilog or C++ reserved word (Verilator
// turns names into C++), _unused, or the name of its own module; such a
// name gets the first free of name_, name_1, name_2, ..., after every
// unchanged name has been taken. Temporaries are _t<n>: a generated net
// keeps its netlist name when it has that form, so the netlist text and the
// Verilog agree, and the few wires emit adds (for unconnected instance
// outputs, a loop variable) take free numbers. Output.Names holds every
// name and lists the user names that changed, for testbenches, manifests
// and file names to use.
//
// # Structure
//
// Every netlist cell is one continuous assignment to its own net, over
// whole nets, so each Verilog expression is exactly as wide as its result
// and computes what netlist.Eval computes. Registers are one
// always @(posedge clk) block each, with the reset before the enable.
// Each memory is a reg array with one always block holding its read ports,
// then its write ports in order: nonblocking assignments make reads return
// the old word and the later of two writes to one word win. An address at
// or beyond the depth is compared away, so it reads 0 and writes nothing.
// A memory that is never read is left out; one that is never written reads
// as 0. Instances connect every port of the child by name; an output the
// netlist leaves unconnected goes to a dummy wire. A black box
// (netlist.Extern) is an instance of its Verilog module with its
// parameters, #(.DEPTH(64), ...), and has no definition: Output.Extern
// lists the user's Verilog files that define it.
//
// Assertions and assumptions are checked in simulation (a $display and
// $finish, FailPrefix); a cover point prints a line at each hit
// (CoverPrefix) when the simulator runs with +systole_covers, which
// testbench's Verilator backend and vsim.Icarus.RunCovers count.
//
// Registers and memories start at zero, as in rtlsim: an initial block,
// skipped by synthesis tools through `ifndef SYNTHESIS, zeroes them, so no
// simulator ever sees X. Every net or bit that nothing reads (unused
// inputs, dangling outputs, bits outside every slice) is collected into
// one sink per module, wire _unused = &{1'b0, ..., 1'b0}, the idiom
// Verilator's UNUSEDSIGNAL lint accepts by name. Assignments, always
// blocks, instances and ports carry the netlist position as a
// "// file.go:12" comment.
//
// # Replaceable modules
//
// A module marked Replaceable (netlist.Module.Replaceable; the dsl's
// Module.Replaceable, lib.Mem1R1W) is written inside
//
//	`ifndef <NAME>_EXTERN
//	module <name> (...);
//	...
//	endmodule
//	`endif // <NAME>_EXTERN
//
// where NAME is its Verilog name upper-cased (netlist.ExternMacro). A chip
// flow that defines the macro (+define+NAME_EXTERN, -DNAME_EXTERN) and adds
// a file with its own module of that name and those ports, such as the
// wrapper of an SRAM macro, swaps it in; without the macro every tool
// reads the module's own body, which is what rtlsim simulates. Two
// replaceable modules whose names differ only in case would share a macro:
// Emit refuses that.
package emit
