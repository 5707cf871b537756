// Package synth measures a core's Verilog with external tools: Verilator's
// linter with every warning on, and Yosys's synthesis for cells,
// flip-flops and logic depth. Results are cached by a hash of the point's
// parameters and its Verilog (Cache), so a re-run or a resumed sweep pays
// for each configuration once. Names go into Yosys's script only when they
// are Verilog identifiers.
package synth
