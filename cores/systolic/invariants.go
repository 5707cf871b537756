package systolic

import (
	"github.com/systole-hdl/systole/dsl"
)

// The cores carry their invariants as assertions, which every simulator
// checks and "systole prove" proves (see README, "Assertions"):
//
//   - an output buffer never takes a word it has no room for, and its
//     read register holds a word only when the buffer holds one;
//   - a credit counter never exceeds the buffer it counts for, and never
//     returns a credit it did not take;
//   - every output stream keeps the AXI-Stream rule: once valid, data
//     and last hold until the transfer.

// fifoInvariants asserts the invariants of a show-ahead output buffer of
// depth words: n counts the words it holds (its read register included),
// push is a word arriving, pop a word leaving, valid its read register's
// valid bit.
func fifoInvariants(m *dsl.Module, depth int, n, push, pop, valid dsl.Signal) {
	dsl.Helper()
	full := n.Eq(dsl.U(n.Width(), uint64(depth)))
	m.When(push, func() {
		m.Assert(full.Not().Or(pop), "output buffer: a word arrives only when there is room")
	})
	atMost(m, n, depth, "output buffer: holds at most its depth")
	m.Assert(valid.Not().Or(n.Ne(dsl.U(n.Width(), 0))), "output buffer: the read register is valid only when a word is held")
}

// streamHolds asserts the AXI-Stream rule on an output stream: after an
// edge at which valid was 1 and ready 0, valid is still 1 and data (which
// includes last) has not changed. It adds two registers that only the
// assertion reads (synthesis removes them).
func streamHolds(m *dsl.Module, name string, valid, ready, data dsl.Signal) {
	dsl.Helper()
	stalled := m.Reg(name+"_chk_stall", dsl.Bool(), dsl.Init(0))
	stalled.Set(valid.And(ready.Not()))
	held := m.Reg(name+"_chk_data", data.Type())
	held.Set(data)
	m.When(stalled, func() {
		m.Assert(valid, name+": valid holds until the transfer")
		m.Assert(data.Eq(held), name+": data and last hold while valid and not ready")
	})
}

// atMost asserts x <= limit, unless x's width cannot exceed limit (a
// comparison Verilator's lint calls constant).
func atMost(m *dsl.Module, x dsl.Signal, limit int, msg string) {
	dsl.Helper()
	if uint64(limit) < 1<<x.Width()-1 {
		m.Assert(x.Le(dsl.U(x.Width(), uint64(limit))), msg)
	}
}
