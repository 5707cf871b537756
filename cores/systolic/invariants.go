package systolic

import (
	"github.com/systole-hdl/systole/dsl"
)

// The cores carry their invariants as assertions, which every simulator
// checks and "systole prove" proves (see README, "Assertions and formal
// proofs"):
//
//   - an output buffer (lib.Queue, which asserts its own invariants and
//     its output stream's rule) never gets a word it has no room for:
//     the core ignores its in_ready, so the credits must make it 1;
//   - a credit counter never exceeds the buffer it counts for, and never
//     returns a credit it did not take.

// roomInvariant asserts that a word offered to the output buffer q (an
// instance of lib.Queue) always finds room.
func roomInvariant(m *dsl.Module, q *dsl.Inst) {
	dsl.Helper()
	m.Assert(q.Port("in_valid").Not().Or(q.Port("in_ready")), "output buffer: a word arrives only when there is room")
}

// atMost asserts x <= limit, unless x's width cannot exceed limit (a
// comparison Verilator's lint calls constant).
func atMost(m *dsl.Module, x dsl.Signal, limit int, msg string) {
	dsl.Helper()
	if uint64(limit) < 1<<x.Width()-1 {
		m.Assert(x.Le(dsl.U(x.Width(), uint64(limit))), msg)
	}
}
