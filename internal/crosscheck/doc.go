// Package crosscheck runs designs in rtlsim and in an independent
// simulator of their emitted Verilog (Verilator or Icarus) on the same
// stimulus and compares every output on every cycle: the central promise of
// systole, that the Go simulator and the Verilog behave identically.
//
// Run checks one design. Many small designs are checked in one simulator
// build by Wrap, which makes them submodules of one top with every port
// brought out. Check runs thousands of random designs (internal/randdesign)
// that way: in Verilator models of a bounded number of designs (chunks),
// several at once, some also in Icarus and in rtlsim's compiled mode. It
// narrows a failing chunk to the designs at fault, blames a mismatch on
// Verilator only when Verilator without its optimizations and Icarus agree
// with rtlsim, and saves every failing design as a Fixture, which a test
// replays for good.
package crosscheck
