package scalesim_test

import (
	"encoding/csv"
	"os"
	"strconv"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/scalesim"
	"github.com/systole-hdl/systole/sweep/tiling"
	"github.com/systole-hdl/systole/sweep/workload"
)

// scaleSimRun is one run of SCALE-Sim v2 itself (testdata/scalesim).
type scaleSimRun struct {
	g                                workload.GEMM
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
		out = append(out, scaleSimRun{workload.GEMM{Name: rec[0], M: int(n[1]), K: int(n[2]), N: int(n[3])}, int(n[4]), int(n[5]), rec[6],
			int(n[7]), int(n[8]), n[9], n[10], n[11], n[12], n[13], n[14]})
	}
	return out
}

// TestScaleSimV2 holds ScaleSimV2Cycles to runs of SCALE-Sim v2 itself,
// and of v3, which computes the same (testdata/README.md says
// how they were made), and the SRAM and DRAM traffic to their counts.
func TestScaleSimV2(t *testing.T) {
	for _, v := range []string{"v2", "v3"} {
		t.Run(v, func(t *testing.T) { testScaleSimRuns(t, "testdata/"+v+".csv") })
	}
}

func testScaleSimRuns(t *testing.T, path string) {
	runs := readScaleSimRuns(t, path)
	per := map[string]map[workload.GEMM]bool{}
	for _, run := range runs {
		if run.stalls != 0 {
			t.Errorf("%v on %dx%d %s: %d stall cycles; the runs are meant to have none", run.g, run.rows, run.cols, run.dataflow, run.stalls)
		}
		got, err := scalesim.V2Cycles(run.dataflow, run.rows, run.cols, run.g)
		if err != nil || got != run.cycles {
			t.Errorf("scalesim.V2Cycles(%s, %dx%d, %v) = %d, %v; SCALE-Sim ran %d", run.dataflow, run.rows, run.cols, run.g, got, err, run.cycles)
		}
		if per[run.dataflow] == nil {
			per[run.dataflow] = map[workload.GEMM]bool{}
		}
		per[run.dataflow][run.g] = true
		if run.dataflow == "is" {
			continue
		}
		// 8-bit operands and 8-bit "partial sums", as SCALE-Sim counts words
		// of one byte.
		c := systolic.Config{Rows: run.rows, Cols: run.cols, InWidth: 8, AccWidth: 8, Dataflow: systolic.Dataflow(run.dataflow)}
		tr := tiling.GEMMTraffic(c, run.g, 1<<40)
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
	for _, df := range scalesim.Dataflows {
		if len(per[df]) < 5 {
			t.Errorf("%d GEMMs pinned for %s; want at least 5", len(per[df]), df)
		}
	}
	if _, err := scalesim.V2Cycles("rs", 4, 4, workload.GEMM{Name: "x", M: 1, K: 1, N: 1}); err == nil {
		t.Error("dataflow rs: no error")
	}
}
