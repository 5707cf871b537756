package dsl

import "github.com/systole-hdl/systole/internal/dslir"

// Assert declares that cond (a Bool) holds at every rising clock edge
// outside reset; inside When blocks, at the edges where the When
// conditions hold. Every simulator checks it: rtlsim stops with an error
// naming msg, the cycle, the instance and this line, and the emitted
// Verilog carries the same check for Verilator and Icarus (and an
// immediate assert for Yosys under `ifdef FORMAL`); "systole prove" tries
// to prove it. The condition is sampled with the values just before the
// edge, like a register's input.
//
// msg is printed when the assertion fails: printable text of at most
// netlist.MaxPropMsg bytes.
func (m *Module) Assert(cond Signal, msg string) { m.property(dslir.PropAssert, cond, msg) }

// Assume declares a property of the module's environment, usually of its
// inputs (a valid that holds until ready, a count that stays in range).
// Simulators check it like an assertion, so a testbench that breaks it
// fails; a proof takes it as given.
func (m *Module) Assume(cond Signal, msg string) { m.property(dslir.PropAssume, cond, msg) }

// Cover declares a cover point: simulators count the edges (outside reset,
// where the When conditions hold) at which cond is 1, and the testbench
// reports the counts; a proof can search for a trace that reaches it. name
// is an identifier unique among the module's cover points.
func (m *Module) Cover(cond Signal, name string) { m.property(dslir.PropCover, cond, name) }

func (m *Module) property(kind dslir.PropKind, cond Signal, msg string) {
	m = m.live(kind.String())
	pos := callerPos()
	m.Reset() // checked outside reset: the module needs its reset
	m.record(&dslir.Stmt{Kind: dslir.Property, Prop: kind, Pos: pos, Value: cond.get(pos), Msg: msg})
}
