package sweep

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/systole-hdl/systole/internal/cputime"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
)

// The rows are the same whether the GEMMs of a point run alone or as the
// lanes of batches, and every one is verified and on the formula.
func TestLanesSameRows(t *testing.T) {
	sp := spec.Specs["tiny"]
	sp.Workload = spec.StrList{"a=6x5x7", "b=6x5x7", "c=7x5x6", "d=6x6x6", "e=9x4x5", "f=2x3x2"}
	run := func(lanes int) []report.Row {
		o := quick
		o.Lanes = lanes
		rows, err := Run(context.Background(), sp, o)
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
	for _, lanes := range []int{0, 2, 4, 6} {
		if d := cmp.Diff(alone, run(lanes), cmpopts.IgnoreFields(report.Row{}, "Seconds")); d != "" {
			t.Errorf("lanes %d: rows differ from GEMMs run alone (-alone +lanes):\n%s", lanes, d)
		}
	}
}

// BenchmarkLaneSweep runs 64 equal GEMMs (16 weight tiles of 16 rows
// each) on one point, for the 4×4, 8×8 and 16×16 ws cores, on 1 to 64
// lanes, and reports the process's CPU time per run (cpu-s/op; the machine
// may be shared): the measurements laneCost fits. A run of 64 GEMMs on l
// lanes takes ceil(64/l) GEMMs' cycles, so laneCost(l) is about
// cpu-s(l)/cpu-s(1) × 64/ceil(64/l).
func BenchmarkLaneSweep(b *testing.B) {
	for _, n := range []int{4, 8, 16} {
		var w spec.StrList
		for i := range 64 {
			w = append(w, fmt.Sprintf("g%d=16x%dx%d", i, 4*n, 4*n))
		}
		sp := spec.Spec{Rows: spec.IntList{n}, Cols: spec.IntList{n}, InWidth: spec.IntList{8}, AccWidth: spec.IntList{32},
			Signed: spec.BoolList{true}, Dataflow: spec.StrList{"ws"}, Workload: w, Seed: 1}
		for _, lanes := range []int{1, 2, 4, 8, 16, 32, 64} {
			b.Run(fmt.Sprintf("%dx%d/lanes=%d", n, n, lanes), func(b *testing.B) {
				cpu := cputime.ProcessOrWall()
				for b.Loop() {
					rows, err := Run(context.Background(), sp, Options{Jobs: 1, Lanes: lanes})
					if err != nil {
						b.Fatal(err)
					}
					for _, r := range rows {
						if r.Status != "ok" {
							b.Fatalf("%s: %s", r.Key(), r.Error)
						}
					}
				}
				b.ReportMetric((cputime.ProcessOrWall()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			})
		}
	}
}
