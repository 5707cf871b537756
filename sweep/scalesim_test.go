package sweep

import (
	"context"
	"testing"

	"github.com/systole-hdl/systole/sweep/scalesim"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/workload"
)

// TestScaleSimColumn: the sweep's column is v2's arithmetic on every row
// of a sweep over both dataflows.
func TestScaleSimColumn(t *testing.T) {
	rows, err := Run(context.Background(), spec.Specs["tiny"], quick)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		g := workload.GEMM{Name: r.Workload, M: r.M, K: r.K, N: r.N}
		want, _ := scalesim.V2Cycles(r.Dataflow, r.Rows, r.Cols, g)
		is, _ := scalesim.V2Cycles("is", r.Rows, r.Cols, g)
		if r.ScaleSimCycles != want || r.ScaleSimISCycles != is || r.ScaleSimDiff != want-r.Cycles {
			t.Errorf("%s %s: scalesim %d (is %d, diff %d); want %d (is %d, diff %d)", r.Point, r.Workload,
				r.ScaleSimCycles, r.ScaleSimISCycles, r.ScaleSimDiff, want, is, want-r.Cycles)
		}
	}
}

// TestScaleSimDiff pins docs/sweep.md's differences between SCALE-Sim's
// count and the core's, in the streaming case (ws: M >= R + C - 1; os:
// K >= R): (F-1)(2R+C-2) + R - 5 for ws and (F-1)(R+C-2) - R - 6 for os,
// F the folds; so R - 5 and -(R + 6) for a GEMM of one fold.
func TestScaleSimDiff(t *testing.T) {
	sp := spec.Spec{Name: "diff", Rows: spec.IntList{2, 3}, Cols: spec.IntList{2, 3}, InWidth: spec.IntList{4}, AccWidth: spec.IntList{16},
		Signed: spec.BoolList{true}, Dataflow: spec.StrList{"ws", "os"}, Seed: 5,
		Workload: spec.StrList{"one_ws=9x2x2", "one_os=2x7x2", "many=11x7x5"}}
	rows, err := Run(context.Background(), sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range rows {
		R, C := r.Rows, r.Cols
		g := workload.GEMM{Name: r.Workload, M: r.M, K: r.K, N: r.N}
		folds, _, _ := scalesim.Folds(r.Dataflow, R, C, g)
		want := (folds-1)*(2*R+C-2) + R - 5
		streaming := r.M >= R+C-1
		if r.Dataflow == "os" {
			want, streaming = (folds-1)*(R+C-2)-R-6, r.K >= R
		}
		if r.Status != "ok" || !streaming {
			continue
		}
		checked++
		if r.ScaleSimDiff != want {
			t.Errorf("%s %v: scalesim_diff %d, want %d (%d folds)", r.Point, g, r.ScaleSimDiff, want, folds)
		}
	}
	if checked < 16 {
		t.Errorf("%d rows checked, want at least 16", checked)
	}
}
