// Package vsim runs a Verilog design under Verilator or Icarus Verilog on a
// per-cycle stimulus and returns the per-cycle outputs, so tests can compare
// them with systole's own simulator cycle for cycle.
//
// A Spec names the top module, its source files, its clock and the inputs
// and outputs to drive and record. A Stimulus holds one row of input values
// per cycle; a Trace holds one row of output values per cycle. Every cycle c
// follows one protocol in both simulators:
//
//  1. set the inputs to Stimulus[c] and let them settle;
//  2. record the outputs into Trace[c];
//  3. when the spec has a clock, give one rising edge: clock 1, settle,
//     clock 0, settle.
//
// So Trace[c] shows the state after c clock edges, seen through the inputs
// of cycle c, the same as peeking a simulator before stepping it.
//
// Verilator.Build verilates the design once, generates a C++ harness from
// the model header (checking every port's direction and width against the
// spec, and that every top input is driven) and compiles it; the executable
// is cached under a hash of the sources, spec, flags and Verilator version,
// so later Builds of the same design are instant. The cache lives in
// Verilator.CacheDir, else $SYSTOLE_VSIM_CACHE, else systole/vsim under the
// user cache directory; it is never pruned, and deleting it is always safe.
// Model.Run runs the model. BuildInteractive builds a model with another
// harness, cached under its own key, that Model.Start runs as a child
// process driven cycle by cycle over pipes through a Session (see
// interactive.go for the binary protocol); package testbench uses it.
// RunIcarus (or Icarus.Run) compiles the design with a generated testbench
// each time and runs it with vvp.
//
// Both exchange data with the simulator in hex text files. The stimulus
// file has one line per cycle holding every input as exactly ceil(width/4)
// lowercase hex digits, concatenated in Spec.Inputs order without
// separators; each line is also one $readmemh word. The trace file has one
// line per cycle holding every output in the same digit form, in
// Spec.Outputs order, separated by single spaces.
//
// An interactive model also counts the cover lines the design prints
// (Session.Covers), and, built with BackdoorFlags, reads and writes memory
// words through Verilator's VPI (Session.PeekMem, PokeMem).
//
// Failures of the tools are *ToolError values carrying the command line and
// the head of the tool's output. Cancelling the context kills the tool and
// every process it started.
package vsim
