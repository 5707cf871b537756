package tiling

import (
	"fmt"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// TestWSSchedule checks the ws schedule against what the core accepts and
// what the GEMM needs, for cores without and with an accumulator: every
// (N-tile, row of A, K-tile) streams exactly once, K-tiles in order within
// a chunk; with accumulation the first K-tile has a_acc=0, the later ones
// a_acc=1, only the last a_out=1, and a batch with a_acc=1 or a_out=0 has
// at most acc_rows rows; the emitted rows (beat) are the out batches'
// rows in order, c_last on each batch's last; and cycles is the sum over
// the batches that its comment states.
func TestWSSchedule(t *testing.T) {
	for _, tc := range []struct {
		rows, cols, accRows int
		g                   workload.GEMM
		batches             int
	}{
		{2, 2, 0, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}, 3 * 4},
		{2, 2, 8, workload.GEMM{Name: "done-when", M: 8, K: 8, N: 6}, 12}, // K = 4·rows, N = 3·cols: 12 batches
		{2, 2, 8, workload.GEMM{Name: "one-k", M: 20, K: 2, N: 3}, 2},     // one K-tile: a_acc=0, a_out=1, any length
		{2, 3, 4, workload.GEMM{Name: "chunks", M: 10, K: 5, N: 7}, 3 * 3 * 3},
		{3, 2, 1, workload.GEMM{Name: "one-row", M: 3, K: 7, N: 2}, 3 * 3},
		{4, 4, 16, workload.GEMM{Name: "equal", M: 32, K: 12, N: 4}, 2 * 3},
	} {
		t.Run(fmt.Sprintf("%dx%d_acc%d_%s", tc.rows, tc.cols, tc.accRows, tc.g.Name), func(t *testing.T) {
			c := systolic.Config{Rows: tc.rows, Cols: tc.cols, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS}
			g := tc.g
			s := newWSSchedule(c, g, tc.accRows)
			if s.batches() != tc.batches {
				t.Fatalf("%d batches, want %d", s.batches(), tc.batches)
			}
			kt := ceilDiv(g.K, c.Rows)
			seen := map[[3]int]int{} // (n, m, k) → times streamed
			nextK := map[[2]int]int{}
			type emitted struct{ n, m int }
			var rows []emitted
			var lasts []bool
			minRows := c.Rows + max(c.Cols-1, 1)
			wantCycles, wantTol := c.WSLatency(), 0
			for b := range s.batches() {
				bt := s.batch(b)
				if bt.rows < 1 || bt.m0+bt.rows > g.M {
					t.Fatalf("batch %d: rows %d..%d of %d", b, bt.m0, bt.m0+bt.rows-1, g.M)
				}
				if want := (s.accumulate && bt.k > 0); bt.acc != want {
					t.Errorf("batch %d (K-tile %d): a_acc %v", b, bt.k, bt.acc)
				}
				if want := !s.accumulate || bt.k == kt-1; bt.out != want {
					t.Errorf("batch %d (K-tile %d): a_out %v", b, bt.k, bt.out)
				}
				if tc.accRows == 0 && (bt.acc || !bt.out) {
					t.Errorf("batch %d: a_acc %v a_out %v without an accumulator", b, bt.acc, bt.out)
				}
				if (bt.acc || !bt.out) && bt.rows > tc.accRows {
					t.Errorf("batch %d: %d rows with a_acc %v a_out %v, over acc_rows %d", b, bt.rows, bt.acc, bt.out, tc.accRows)
				}
				if key := [2]int{bt.n, bt.m0}; nextK[key] != bt.k {
					t.Errorf("batch %d: K-tile %d, want %d (in order)", b, bt.k, nextK[key])
				} else {
					nextK[key] = (bt.k + 1) % kt
				}
				for m := bt.m0; m < bt.m0+bt.rows; m++ {
					seen[[3]int{bt.n, m, bt.k}]++
					if bt.out {
						rows, lasts = append(rows, emitted{bt.n, m}), append(lasts, m == bt.m0+bt.rows-1)
					}
				}
				if b < s.batches()-1 {
					wantCycles += max(bt.rows, minRows)
					if bt.rows < minRows {
						wantTol++
					}
				} else {
					wantCycles += bt.rows
				}
			}
			if len(seen) != s.nt*g.M*kt {
				t.Errorf("%d (N-tile, row, K-tile) streamed, want %d", len(seen), s.nt*g.M*kt)
			}
			for key, n := range seen {
				if n != 1 {
					t.Errorf("%v streamed %d times", key, n)
				}
			}
			if s.beats() != len(rows) {
				t.Fatalf("beats %d, the out batches emit %d rows", s.beats(), len(rows))
			}
			for i, want := range rows {
				n, m, k, last, partial := s.beat(i)
				if n != want.n || m != want.m || last != lasts[i] || partial != (!s.accumulate && kt > 1) {
					t.Errorf("beat %d = N-tile %d row %d K-tile %d last %v partial %v; want N-tile %d row %d last %v",
						i, n, m, k, last, partial, want.n, want.m, lasts[i])
				}
			}
			if cy, tol := s.cycles(c); cy != wantCycles || tol != wantTol {
				t.Errorf("cycles %d ± %d, want %d ± %d", cy, tol, wantCycles, wantTol)
			}
		})
	}
}

// TestWSScheduleToday: without an accumulator the schedule and the
// formula are the driver's of before the accumulator: ⌈K/R⌉·⌈N/C⌉
// batches of M rows, WSCycles(T, M) from Rows + max(Cols-1, 1) rows a
// batch, else one cycle of tolerance a boundary.
func TestWSScheduleToday(t *testing.T) {
	for _, g := range []workload.GEMM{{Name: "a", M: 6, K: 5, N: 7}, {Name: "b", M: 2, K: 7, N: 3}, {Name: "c", M: 40, K: 9, N: 9}} {
		for _, c := range []systolic.Config{
			{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Dataflow: systolic.WS},
			{Rows: 3, Cols: 4, InWidth: 4, AccWidth: 16, Dataflow: systolic.WS},
		} {
			s := newWSSchedule(c, g, 0)
			tiles := ceilDiv(g.K, c.Rows) * ceilDiv(g.N, c.Cols)
			minRows := c.Rows + max(c.Cols-1, 1)
			want, tol := c.WSCycles(tiles, g.M), 0
			if g.M < minRows {
				want, tol = (tiles-1)*minRows+g.M+c.WSLatency(), tiles-1
			}
			if cy, tl := s.cycles(c); s.batches() != tiles || cy != want || tl != tol {
				t.Errorf("%s on %s: %d batches, %d ± %d cycles; want %d, %d ± %d", g, c.TopName(), s.batches(), cy, tl, tiles, want, tol)
			}
		}
	}
}
