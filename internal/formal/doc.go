// Package formal proves a design's assertions with Yosys and
// yosys-smtbmc: it is the engine of "systole prove".
//
// Prove emits the design (package emit writes every property, under
// `ifdef FORMAL, as a labelled immediate assert, assume or cover in a
// clocked block), wraps the top in a module that assumes the reset edge
// rtlsim and "systole sim" start with (rst high and every other input 0 in
// the first step), and has Yosys write an SMT-LIBv2 model of it
// (read_verilog -formal, prep, flatten, memory_nordff, async2sync,
// dffunmap, write_smt2). Registers start at zero, as in rtlsim. Then, per
// assertion:
//
//   - a bounded model check (yosys-smtbmc) from the reset for Depth
//     cycles: a failure gives a counterexample, which Prove writes as the
//     solver's VCD and as a stimulus file for "systole sim", replays in
//     rtlsim (which must fail the same assertion at the same cycle, or
//     Prove reports the disagreement as an error), and removes the
//     assertion to look for failures of the others;
//   - for the assertions that held, k-induction of length Depth (yosys-smtbmc
//     -i) of all of them together, each the others' hypothesis (so an
//     assertion may be proved with the help of a strengthening invariant
//     stated as another assertion); the assertions whose induction step
//     fails are dropped and the rest tried again, until a set closes (an
//     assertion failing the step with the others as hypotheses fails it
//     alone too). The assertions of the set that closes are proved for
//     every cycle; the dropped ones only for Depth cycles after the reset
//     (bounded), which Prove says.
//
// Assumptions of the design are assumed, cover points are left out. Every
// name handed to Yosys (instance paths, labels, files) is checked to be a
// plain identifier or a path Prove made itself; nothing the user wrote is
// pasted into a script unchecked.
package formal
