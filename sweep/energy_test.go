package sweep

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/energy"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/tiling"
	"github.com/systole-hdl/systole/sweep/workload"
)

// TestEnergyColumns: every ok row of a sweep has its energy, in the CSV,
// the JSON Lines and the energy plot.
func TestEnergyColumns(t *testing.T) {
	rows, err := Run(context.Background(), spec.Specs["tiny"], quick)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		c := systolic.Config{Rows: r.Rows, Cols: r.Cols, InWidth: r.InWidth, AccWidth: r.AccWidth, Dataflow: systolic.Dataflow(r.Dataflow)}
		e := energy.GEMM(c, r.Activity, tiling.GEMMTraffic(c, workload.GEMM{Name: r.Workload, M: r.M, K: r.K, N: r.N}, spec.BufferBytes), spec.BufferBytes)
		if r.Status != "ok" || r.EnergyPJ <= 0 || r.EnergyPJ != e.Sum() || r.EnergyPerMAC != r.EnergyPJ/float64(r.MACs) ||
			r.Activity.MACs < r.MACs || r.Edges < int64(r.Cycles) {
			t.Errorf("%s %s: %s: energy %g (want %g), per MAC %g, activity %+v", r.Point, r.Workload, r.Status, r.EnergyPJ, e.Sum(), r.EnergyPerMAC, r.Activity)
		}
	}
	dir := t.TempDir()
	csvPath, jsonPath := filepath.Join(dir, "sweep.csv"), filepath.Join(dir, "sweep.jsonl")
	if err := report.WriteFiles(csvPath, jsonPath, rows); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	header := strings.SplitN(string(text), "\n", 2)[0]
	for _, col := range []string{"energy_pj", "energy_per_mac_pj", "energy_mac_pj", "hw_macs", "a_sram_read_bytes", "c_dram_write_bytes", "dram_bytes_per_cycle", "scalesim_is_cycles"} {
		if !strings.Contains(","+header+",", ","+col+",") {
			t.Errorf("CSV header has no %s: %s", col, header)
		}
	}
	back, err := report.ReadJSONL(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != len(rows) || back[0].EnergyPJ != rows[0].EnergyPJ || back[0].Activity != rows[0].Activity || back[0].Traffic != rows[0].Traffic {
		t.Errorf("JSON Lines round trip: %+v, want %+v", back[0], rows[0])
	}
	line, _, _ := strings.Cut(string(must(os.ReadFile(jsonPath))), "\n")
	var m map[string]any
	if err := json.Unmarshal([]byte(line), &m); err != nil || m["energy_pj"] == nil || m["hw_macs"] == nil {
		t.Errorf("JSON line %s: %v", line, err)
	}
	if _, err := report.WritePlots(dir, rows, false); err != nil {
		t.Fatal(err)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "energy.svg"))
	if err != nil || !strings.Contains(string(svg), "Pareto front") {
		t.Errorf("energy.svg: %v", err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestBufferSize: a spec's buffer_kib sets the buffers the DRAM traffic
// and the SRAM energy assume, and enters the spec's hash.
func TestBufferSize(t *testing.T) {
	s, err := spec.ParseSpec([]byte("rows: 2\ncols: 2\nin_width: 4\nacc_width: 16\ndataflow: ws\nworkload: g=300x9x6\nbuffer_kib: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Buffer() != 1024 {
		t.Fatalf("buffer %d", s.Buffer())
	}
	rows, err := Run(context.Background(), s, quick)
	if err != nil || len(rows) != 1 || rows[0].Status != "ok" {
		t.Fatalf("%v, %v", rows, err)
	}
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Dataflow: systolic.WS}
	g := workload.GEMM{Name: "g", M: 300, K: 9, N: 6}
	small, large := tiling.GEMMTraffic(c, g, 1024), tiling.GEMMTraffic(c, g, spec.BufferBytes)
	// A (300×9 4-bit, 1350 bytes) and C (300×6 16-bit, 3600 bytes) do not
	// fit 1 KiB: A is read again for each of the 3 N-tiles, and the
	// partial sums of the 5 K-tiles spill.
	if r := rows[0]; r.Traffic != small || small.ADRAMRead != 3*large.ADRAMRead || small.CDRAMRead == 0 || large.CDRAMRead != 0 || r.SRAMEnergy != float64(8*small.SRAMBytes())*energy.SRAMBitpJ(1024) {
		t.Errorf("traffic %+v (1 KiB: %+v, 256 KiB: %+v), SRAM energy %g", r.Traffic, small, large, r.SRAMEnergy)
	}
	h1, err := s.Hash()
	if err != nil {
		t.Fatal(err)
	}
	s.BufferKiB = 0
	h0, _ := s.Hash()
	if h0 == h1 {
		t.Error("buffer_kib does not change the spec's hash")
	}
	for _, bad := range []string{"buffer_kib: -1\n", "buffer_kib: 2000000\n", "buffer_kib: big\n"} {
		s, err := spec.ParseSpec([]byte("workload: 2x2x2\n" + bad))
		if err == nil {
			err = s.Check()
		}
		if err == nil || !strings.Contains(err.Error(), "buffer_kib") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
