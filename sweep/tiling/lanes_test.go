package tiling

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/cputime"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/sweep/spec"
)

func TestLanesFor(t *testing.T) {
	equal := func(n, c int) []int {
		s := make([]int, n)
		for i := range s {
			s[i] = c
		}
		return s
	}
	// A batch as fast as rtlsim's Batch alone: 2 + 0.45 single-lane
	// cycles per cycle of l lanes.
	cheap := func(l int) float64 {
		if l == 1 {
			return 1
		}
		return 2 + 0.45*float64(l)
	}
	for _, tc := range []struct {
		cycles   []int
		maxLanes int
		want     int
	}{
		{nil, 0, 1},
		{[]int{7}, 0, 1},
		// The default sweep's two GEMMs, 4x apart: one lane.
		{[]int{4618, 18442}, 0, 1},
		// Four equal GEMMs: a batch of 4 costs 3.8 of them, not 10%
		// less than 4; eight: 5.6; sixteen: 9.2.
		{equal(4, 1000), 0, 1},
		{equal(8, 1000), 0, 8},
		{equal(16, 1000), 0, 16},
		// Eight equal and a long one: the long one sets the pace.
		{append(equal(8, 1000), 8000), 0, 1},
		// Twelve equal and a short one: the short one follows a long one
		// on some lane rather than widen the batch.
		{append(equal(12, 1000), 10), 0, 12},
		{equal(100, 500), 0, 50},
		{equal(8, 1000), 1, 1},
		{equal(8, 1000), 3, 3},
		{equal(5, 1000), 20, 5},
	} {
		if got := lanesFor(tc.cycles, tc.maxLanes, cheap); got != tc.want {
			t.Errorf("lanesFor(%v, %d) = %d, want %d", tc.cycles, tc.maxLanes, got, tc.want)
		}
	}
	// With today's laneCost (2 + 0.7 l) a batch pays for many equal GEMMs:
	// 64 of them on 64 lanes cost 46.8 GEMMs' time, on 32 lanes 48.8; 16
	// on 16 lanes 13.2, on 8 lanes 15.2; but 8 on 8 lanes 7.6, more than
	// 0.9 of one lane's 8 (laneMargin).
	for _, tc := range []struct{ n, want int }{{64, 64}, {16, 16}, {8, 1}, {4, 1}, {2, 1}} {
		if l := lanesFor(equal(tc.n, 1000), 0, laneCost); l != tc.want {
			t.Errorf("%d equal GEMMs: %d lanes, want %d", tc.n, l, tc.want)
		}
	}
	// The built-in specs run on one lane: their GEMMs are few (small,
	// tiny) or of lengths far apart (bert-base: the two longest, 4x the
	// next four and 285x the rest, set the pace of any batch).
	for _, name := range []string{"small", "tiny", "bert-base"} {
		pts, gemms, err := spec.Specs[name].Points()
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pts {
			cycles := make([]int, len(gemms))
			for i, g := range gemms {
				cycles[i], _ = FormulaCycles(p.Config, g)
			}
			if l := lanesFor(cycles, 0, laneCost); l != 1 {
				t.Errorf("%s %s: %d lanes, want 1", name, p.Key(), l)
			}
		}
	}
}

func TestAssign(t *testing.T) {
	queue, load := assign([]int{5, 1, 4, 2}, 2)
	if diff := cmp.Diff([]int{0, 2, 3, 1}, queue); diff != "" {
		t.Errorf("queue (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{6, 6}, load); diff != "" {
		t.Errorf("load (-want +got):\n%s", diff)
	}
}

// BenchmarkLaneCost measures the cost of a cycle of an rtlsim batch of L
// lanes of a core, alone, without a testbench, against a cycle of a
// single-lane simulation (the metric sim-cycles), both in the process's CPU
// time (the machine may be shared): what laneCost would be with a free
// testbench.
func BenchmarkLaneCost(b *testing.B) {
	for _, n := range []int{4, 8, 16} {
		c := systolic.Config{Rows: n, Cols: n, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS}
		d := elab(b, c)
		sim, err := rtlsim.Compile(d)
		if err != nil {
			b.Fatal(err)
		}
		h, _ := sim.Handle("a_valid")
		// The single-lane cost, the best of a few rounds.
		single := math.Inf(1)
		for range 5 {
			const cycles = 4000
			t0 := cputime.ProcessOrWall()
			for i := range uint64(cycles) {
				sim.PokeUint64(h, i&1)
				sim.Step(1)
			}
			single = min(single, float64((cputime.ProcessOrWall()-t0).Nanoseconds())/cycles)
		}
		for _, lanes := range []int{1, 2, 4, 16, 32, 64} {
			b.Run(fmt.Sprintf("%dx%d/lanes=%d", n, n, lanes), func(b *testing.B) {
				batch, err := rtlsim.CompileBatch(d, lanes)
				if err != nil {
					b.Fatal(err)
				}
				i := uint64(0)
				t0 := cputime.ProcessOrWall()
				for b.Loop() {
					i++
					for l := range lanes {
						batch.PokeUint64Lane(h, l, i&1)
					}
					batch.Step(1)
				}
				b.ReportMetric(float64((cputime.ProcessOrWall()-t0).Nanoseconds())/float64(b.N)/single, "sim-cycles")
			})
		}
	}
}
