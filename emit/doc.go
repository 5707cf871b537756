// Package emit writes a netlist.Design as Verilog-2005: one module per
// netlist module, readable, deterministic, and clean under
// verilator --lint-only -Wall, iverilog -g2005 -Wall and Yosys synth with
// check -assert, without a single waiver.
//
// Verilog returns the whole design as one text, the top module first; Files
// returns one file per module. Both run netlist.Check first and refuse a
// design it rejects. The same design always gives the same bytes: there are
// no timestamps, and nothing depends on map order.
//
// # Names
//
// Verilog names are part of the public API. A user name (a net whose
// Generated is false, every port, memory, instance and module) goes
// through unchanged unless it is a Verilog, SystemVerilog or C++ reserved
// word (Verilator turns names into C++), _unused, or the name of its own
// module; such a name gets the first free of name_, name_1, name_2, ...,
// after every unchanged name has been taken. Generated nets are _T_0, _T_1,
// ... in net order, skipping any name a user took, and so are the few
// names the emitter makes up (dummy wires, a loop variable).
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
// netlist leaves unconnected goes to a dummy wire.
//
// Registers and memories start at zero, as in rtlsim: an initial block,
// skipped by synthesis tools through `ifndef SYNTHESIS, zeroes them, so no
// simulator ever sees X. Every net or bit that nothing reads (unused
// inputs, dangling outputs, bits outside every slice) is collected into
// one sink per module, wire _unused = &{1'b0, ..., 1'b0}, the idiom
// Verilator's UNUSEDSIGNAL lint accepts by name. Assignments, always
// blocks, instances and ports carry the netlist position as a
// "// file.go:12" comment.
package emit
