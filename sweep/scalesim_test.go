package sweep

import (
	"context"
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
)

// scaleSimRun is one run of SCALE-Sim v2 itself (testdata/scalesim).
type scaleSimRun struct {
	g                                GEMM
	rows, cols                       int
	dataflow                         string
	cycles, stalls                   int
	ifmapSRAM, filterSRAM, ofmapSRAM int64
	ifmapDRAM, filterDRAM, ofmapDRAM int64
}

func readScaleSimRuns(t *testing.T, path string) []scaleSimRun {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []scaleSimRun
	for i, rec := range recs[1:] { // the header
		n := make([]int64, len(rec))
		for j := 1; j < len(rec); j++ {
			if j == 6 {
				continue // the dataflow
			}
			if n[j], err = strconv.ParseInt(rec[j], 10, 64); err != nil {
				t.Fatalf("%s: record %d: field %d: %v", path, i+2, j+1, err)
			}
		}
		out = append(out, scaleSimRun{GEMM{rec[0], int(n[1]), int(n[2]), int(n[3])}, int(n[4]), int(n[5]), rec[6],
			int(n[7]), int(n[8]), n[9], n[10], n[11], n[12], n[13], n[14]})
	}
	return out
}

// TestScaleSimV2 holds ScaleSimV2Cycles to runs of SCALE-Sim v2 itself,
// and of v3, which computes the same (testdata/scalesim/README.md says
// how they were made), and the SRAM and DRAM traffic to their counts.
func TestScaleSimV2(t *testing.T) {
	for _, v := range []string{"v2", "v3"} {
		t.Run(v, func(t *testing.T) { testScaleSimRuns(t, "testdata/scalesim/"+v+".csv") })
	}
}

func testScaleSimRuns(t *testing.T, path string) {
	runs := readScaleSimRuns(t, path)
	per := map[string]map[GEMM]bool{}
	for _, run := range runs {
		if run.stalls != 0 {
			t.Errorf("%v on %dx%d %s: %d stall cycles; the runs are meant to have none", run.g, run.rows, run.cols, run.dataflow, run.stalls)
		}
		got, err := ScaleSimV2Cycles(run.dataflow, run.rows, run.cols, run.g)
		if err != nil || got != run.cycles {
			t.Errorf("ScaleSimV2Cycles(%s, %dx%d, %v) = %d, %v; SCALE-Sim ran %d", run.dataflow, run.rows, run.cols, run.g, got, err, run.cycles)
		}
		if per[run.dataflow] == nil {
			per[run.dataflow] = map[GEMM]bool{}
		}
		per[run.dataflow][run.g] = true
		if run.dataflow == "is" {
			continue
		}
		// 8-bit operands and 8-bit "partial sums", as SCALE-Sim counts words
		// of one byte.
		c := systolic.Config{Rows: run.rows, Cols: run.cols, InWidth: 8, AccWidth: 8, Dataflow: systolic.Dataflow(run.dataflow)}
		tr := GEMMTraffic(c, run.g, 1<<40)
		if tr.ASRAMRead != run.ifmapSRAM || tr.BSRAMRead != run.filterSRAM {
			t.Errorf("%v on %dx%d %s: SRAM reads A %d, B %d; SCALE-Sim: ifmap %d, filter %d", run.g, run.rows, run.cols, run.dataflow,
				tr.ASRAMRead, tr.BSRAMRead, run.ifmapSRAM, run.filterSRAM)
		}
		if run.dataflow == "ws" && tr.CSRAMWrite != run.ofmapSRAM {
			t.Errorf("%v on %dx%d ws: C SRAM writes %d; SCALE-Sim: ofmap %d", run.g, run.rows, run.cols, tr.CSRAMWrite, run.ofmapSRAM)
		}
		if tr.ADRAMRead != run.ifmapDRAM || tr.BDRAMRead != run.filterDRAM {
			t.Errorf("%v on %dx%d %s: DRAM reads A %d, B %d; SCALE-Sim: ifmap %d, filter %d", run.g, run.rows, run.cols, run.dataflow,
				tr.ADRAMRead, tr.BDRAMRead, run.ifmapDRAM, run.filterDRAM)
		}
	}
	for _, df := range ScaleSimDataflows {
		if len(per[df]) < 5 {
			t.Errorf("%d GEMMs pinned for %s; want at least 5", len(per[df]), df)
		}
	}
	if _, err := ScaleSimV2Cycles("rs", 4, 4, GEMM{"x", 1, 1, 1}); err == nil {
		t.Error("dataflow rs: no error")
	}
}

// TestScaleSimColumn: the sweep's column is v2's arithmetic on every row
// of a sweep over both dataflows.
func TestScaleSimColumn(t *testing.T) {
	rows, err := Run(context.Background(), Specs["tiny"], quick)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		g := GEMM{r.Workload, r.M, r.K, r.N}
		want, _ := ScaleSimV2Cycles(r.Dataflow, r.Rows, r.Cols, g)
		is, _ := ScaleSimV2Cycles("is", r.Rows, r.Cols, g)
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
	spec := Spec{Name: "diff", Rows: IntList{2, 3}, Cols: IntList{2, 3}, InWidth: IntList{4}, AccWidth: IntList{16},
		Signed: BoolList{true}, Dataflow: StrList{"ws", "os"}, Seed: 5,
		Workload: StrList{"one_ws=9x2x2", "one_os=2x7x2", "many=11x7x5"}}
	rows, err := Run(context.Background(), spec, quick)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, r := range rows {
		R, C := r.Rows, r.Cols
		g := GEMM{r.Workload, r.M, r.K, r.N}
		folds, _, _ := ScaleSimFolds(r.Dataflow, R, C, g)
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
