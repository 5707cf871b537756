package sweep

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

func TestLaneGroups(t *testing.T) {
	equal := make([]int, 100)
	for i := range equal {
		equal[i] = 500
	}
	for _, tc := range []struct {
		cycles   []int
		maxLanes int
		want     [][]int
	}{
		{nil, 0, [][]int{}},
		{[]int{7}, 0, [][]int{{0}}},
		// The default sweep's two GEMMs: 4x apart, alone is cheaper.
		{[]int{4618, 18442}, 0, [][]int{{1}, {0}}},
		// Three equal GEMMs: a batch of 3 costs 3.35 of them.
		{[]int{1000, 1000, 1000}, 0, [][]int{{0}, {1}, {2}}},
		// Four: 3.8 of them.
		{[]int{1000, 1000, 1000, 1000}, 0, [][]int{{0, 1, 2, 3}}},
		// A short one is cheaper alone than stretched to a long batch.
		{[]int{1000, 30, 1000, 990, 1000, 1000}, 0, [][]int{{0, 2, 3, 4, 5}, {1}}},
		{[]int{5, 1, 4, 2}, 1, [][]int{{0}, {2}, {3}, {1}}},
		{[]int{5, 1, 4, 2}, 2, [][]int{{0, 2}, {1, 3}}},
		{[]int{5, 1, 4, 2}, 8, [][]int{{0, 1, 2, 3}}},
	} {
		got := laneGroups(tc.cycles, tc.maxLanes)
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("laneGroups(%v, %d) (-want +got):\n%s", tc.cycles, tc.maxLanes, diff)
		}
	}
	// Many equal GEMMs: batches of at most maxAutoLanes, every GEMM once.
	seen := map[int]int{}
	for _, g := range laneGroups(equal, 0) {
		if len(g) > maxAutoLanes || len(g) < 4 {
			t.Errorf("a group of %d lanes of 100 equal GEMMs", len(g))
		}
		for _, i := range g {
			seen[i]++
		}
	}
	if len(seen) != len(equal) {
		t.Errorf("the groups cover %d of %d GEMMs", len(seen), len(equal))
	}
}

// The rows are the same whether the GEMMs of a point run alone or as the
// lanes of batches, and every one is verified and on the formula.
func TestLanesSameRows(t *testing.T) {
	spec := Specs["tiny"]
	spec.Workload = StrList{"a=6x5x7", "b=6x5x7", "c=7x5x6", "d=6x6x6", "e=9x4x5", "f=2x3x2"}
	run := func(lanes int) []Row {
		o := quick
		o.Lanes = lanes
		rows, err := Run(context.Background(), spec, o)
		if err != nil {
			t.Fatal(err)
		}
		return rows
	}
	alone := run(1)
	for _, r := range alone {
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) || r.FormulaDiff != 0 {
			t.Errorf("%s: %s %s, verified %d, formula_diff %d", r.Key(), r.Status, r.Error, r.Verified, r.FormulaDiff)
		}
	}
	for _, lanes := range []int{0, 3, 6} {
		if d := cmp.Diff(alone, run(lanes), cmpopts.IgnoreFields(Row{}, "Seconds")); d != "" {
			t.Errorf("lanes %d: rows differ from GEMMs run alone (-alone +lanes):\n%s", lanes, d)
		}
	}
}

// BenchmarkLaneCost measures the cost of a cycle of an rtlsim batch of L
// lanes of a core against a cycle of a single-lane simulation (the metric
// sim-cycles, which laneCost models).
func BenchmarkLaneCost(b *testing.B) {
	for _, n := range []int{4, 8, 16} {
		c := systolic.Config{Rows: n, Cols: n, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS}
		g, err := systolic.New(c)
		if err != nil {
			b.Fatal(err)
		}
		d, err := elaborate.Elaborate(g)
		if err != nil {
			b.Fatal(err)
		}
		sim, err := rtlsim.Compile(d)
		if err != nil {
			b.Fatal(err)
		}
		h, _ := sim.Handle("a_valid")
		// The single-lane cost, the best of a few rounds.
		single := math.Inf(1)
		for range 5 {
			const cycles = 4000
			t0 := time.Now()
			for i := range uint64(cycles) {
				sim.PokeUint64(h, i&1)
				sim.Step(1)
			}
			single = min(single, float64(time.Since(t0).Nanoseconds())/cycles)
		}
		for _, lanes := range []int{1, 2, 4, 16} {
			b.Run(fmt.Sprintf("%dx%d/lanes=%d", n, n, lanes), func(b *testing.B) {
				batch, err := rtlsim.CompileBatch(d, lanes)
				if err != nil {
					b.Fatal(err)
				}
				i := uint64(0)
				for b.Loop() {
					i++
					for l := range lanes {
						batch.PokeUint64Lane(h, l, i&1)
					}
					batch.Step(1)
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/single, "sim-cycles")
			})
		}
	}
}
