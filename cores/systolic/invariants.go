package systolic

import (
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
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
//
// Those relate counters in different modules, so alone they are not
// inductive (k-induction starts from states where the credit counter and
// the buffer disagree). Each core states the strengthening invariant
// that ties them, an exact count of every row between the credit and the
// buffer, as an assertion too (true in every simulation, and checked
// there); with it "systole prove" proves the room and credit invariants
// by induction.

// roomInvariant asserts that a word offered to the output buffer q (an
// instance of lib.Queue) always finds room.
func roomInvariant(m *dsl.Module, q *dsl.Inst) {
	dsl.Helper()
	m.Assert(q.Port("in_valid").Not().Or(q.Port("in_ready")), roomMsg)
}

// roomMsg is roomInvariant's message.
const roomMsg = "output buffer: a word arrives only when there is room"

// atMost asserts x <= limit, unless x's width cannot exceed limit (a
// comparison Verilator's lint calls constant).
func atMost(m *dsl.Module, x dsl.Signal, limit int, msg string) {
	dsl.Helper()
	if uint64(limit) < 1<<x.Width()-1 {
		m.Assert(x.Le(dsl.U(x.Width(), uint64(limit))), msg)
	}
}

// popCount returns the number of 1 bits of x, w bits wide (w must hold
// x's width).
func popCount(x dsl.Signal, w int) dsl.Signal {
	sum := dsl.U(w, 0)
	for i := range x.Width() {
		sum = sum.Add(x.Bit(i).ZeroExtend(w))
	}
	return sum
}

// sumWidth is a width that holds the sum of values of the given widths
// without wrapping.
func sumWidth(widths ...int) int {
	var max uint64
	for _, w := range widths {
		max += 1<<w - 1
	}
	return bits.Len64(max)
}

// creditFlight asserts the ws core's strengthening invariant: the credits
// taken (used, the control's counter) are the rows in the output buffer
// (count) plus the rows in flight through the array, one per set bit of
// the control's valid pipeline (vpipe).
func creditFlight(m *dsl.Module, used, count, vpipe dsl.Signal) {
	dsl.Helper()
	w := sumWidth(count.Width(), bits.Len(uint(vpipe.Width())))
	w = max(w, used.Width())
	m.Assert(used.ZeroExtend(w).Eq(count.ZeroExtend(w).Add(popCount(vpipe, w))),
		"credits: rows taken = rows in the output buffer + rows in flight through the array")
}

// osFlight asserts the os core's strengthening invariants. A tile's last
// k-step (issueLast) takes Rows credits; its Rows rows reach the output
// FIFO (push) on consecutive cycles, the first osDrain() cycles after the
// issue, whatever the traffic (nothing in the array or the drain stalls).
// A history of issueLast (flight_<d>: issued d+1 cycles ago, registers
// only the assertions read) numbers the rows in flight, so that
//
//   - push is 1 exactly when a tile of the history is draining, and
//   - credits + rows in the FIFO (count) + rows in flight = Depth.
func (c Config) osFlight(m *dsl.Module, credits, count, issueLast, push dsl.Signal) {
	dsl.Helper()
	x, r := c.osDrain(), c.Rows
	h := lib.Taps(m, "flight", issueLast, x+r-1, dsl.Init(0))
	w := sumWidth(credits.Width(), count.Width(), bits.Len(uint(r*(x+r-1))))
	inFlight, draining := dsl.U(w, 0), dsl.U(w, 0)
	for d := range x + r - 1 {
		rem := r
		if d >= x-1 {
			rem = r + x - 1 - d // rows of the tile not yet pushed
			draining = draining.Add(h.At(d).ZeroExtend(w))
		}
		inFlight = inFlight.Add(dsl.Mux(h.At(d), dsl.U(w, uint64(rem)), dsl.U(w, 0)))
	}
	m.Assert(push.ZeroExtend(w).Eq(draining), "credits: a row reaches the output FIFO exactly when a tile drains")
	m.Assert(credits.ZeroExtend(w).Add(count.ZeroExtend(w)).Add(inFlight).Eq(dsl.U(w, uint64(c.osDepth()))),
		"credits: free credits + rows in the output FIFO + rows in flight = depth")
}

// osDrain is the number of cycles from the issue of a tile's last k-step
// to its first row reaching the output FIFO: Rows+1 for the drain tags to
// reach column 0, Cols to the top of the last column, and one per output
// stage.
func (c Config) osDrain() int { return c.Rows + c.Cols + 1 + c.outStages() }
