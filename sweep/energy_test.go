package sweep

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
)

// TestEnergyModel: the per-operation energies meet Horowitz's 45 nm
// figures they come from.
func TestEnergyModel(t *testing.T) {
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol*want {
			t.Errorf("%s: %.4g pJ, want %.4g ± %.0f%%", what, got, want, 100*tol)
		}
	}
	near("8-bit multiply (0.2 pJ)", MACpJ(8, 0), 0.2, 0.05)
	near("32-bit multiply-add (3.1 + 0.1 pJ)", MACpJ(32, 32), 3.2, 1e-9)
	near("8-bit add (0.03 pJ)", MACpJ(0, 8), 0.03, 0.2)
	near("32 KB SRAM, 64 bits (20 pJ)", 64*SRAMBitpJ(32<<10), 20, 1e-9)
	near("1 MB SRAM, 64 bits (100 pJ)", 64*SRAMBitpJ(1<<20), 100, 1e-9)
	near("256 KiB SRAM, 64 bits", 64*SRAMBitpJ(256<<10), 52.53, 0.001)
	c := systolic.Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32}
	e := GEMMEnergy(c, Activity{MACs: 10, RegBits: 800, MemReads: 64, MemWrites: 64}, Traffic{ASRAMRead: 8, CDRAMWrite: 8}, BufferBytes)
	want := Energy{MACEnergy: 10 * MACpJ(8, 32), RegEnergy: 3, MemEnergy: 20, SRAMEnergy: 64 * SRAMBitpJ(BufferBytes), DRAMEnergy: 1950}
	if math.Abs(e.Sum()-want.Sum()) > 1e-9 || e != want {
		t.Errorf("GEMMEnergy: %+v, want %+v", e, want)
	}
}

// TestEnergyColumns: every ok row of a sweep has its energy, in the CSV,
// the JSON Lines and the energy plot.
func TestEnergyColumns(t *testing.T) {
	rows, err := Run(context.Background(), Specs["tiny"], quick)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		c := systolic.Config{Rows: r.Rows, Cols: r.Cols, InWidth: r.InWidth, AccWidth: r.AccWidth, Dataflow: systolic.Dataflow(r.Dataflow)}
		e := GEMMEnergy(c, r.Activity, GEMMTraffic(c, GEMM{r.Workload, r.M, r.K, r.N}, BufferBytes), BufferBytes)
		if r.Status != "ok" || r.EnergyPJ <= 0 || r.EnergyPJ != e.Sum() || r.EnergyPerMAC != r.EnergyPJ/float64(r.MACs) ||
			r.Activity.MACs < r.MACs || r.Edges < int64(r.Cycles) {
			t.Errorf("%s %s: %s: energy %g (want %g), per MAC %g, activity %+v", r.Point, r.Workload, r.Status, r.EnergyPJ, e.Sum(), r.EnergyPerMAC, r.Activity)
		}
	}
	dir := t.TempDir()
	csvPath, jsonPath := filepath.Join(dir, "sweep.csv"), filepath.Join(dir, "sweep.jsonl")
	if err := WriteFiles(csvPath, jsonPath, rows); err != nil {
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
	back, err := ReadJSONL(jsonPath)
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
	if _, err := WritePlots(dir, rows, false); err != nil {
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

func TestEnergyFront(t *testing.T) {
	stats := []energyStat{{key: "a", cycles: 10, energy: 5}, {key: "b", cycles: 20, energy: 3}, {key: "c", cycles: 15, energy: 6}, {key: "d", cycles: 5, energy: 9}}
	front := energyFront(stats)
	var keys []string
	for _, i := range front {
		keys = append(keys, stats[i].key)
	}
	if got := strings.Join(keys, ","); got != "d,a,b" {
		t.Errorf("front %s, want d,a,b (c is beaten by a)", got)
	}
}

// TestPeakSRAM: the peak SRAM bandwidth is the width of the core's
// streams (ws also reads back a row of partial sums).
func TestPeakSRAM(t *testing.T) {
	for _, c := range []systolic.Config{
		{Rows: 2, Cols: 3, InWidth: 4, AccWidth: 16, Dataflow: systolic.WS},
		{Rows: 3, Cols: 2, InWidth: 8, AccWidth: 20, Dataflow: systolic.OS},
	} {
		gen, err := systolic.New(c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := elaborate.Elaborate(gen)
		if err != nil {
			t.Fatal(err)
		}
		top := d.TopModule()
		width := map[string]int{}
		for _, p := range top.Ports {
			width[top.Nets[p.Net].Name] = top.Nets[p.Net].Width
		}
		bits := width["a_data"] + width["w_data"] + 2*width["c_data"]
		if c.Dataflow == systolic.OS {
			bits = width["in_a"] + width["in_b"] + width["c_data"]
		}
		if got := PeakSRAMBytesPerCycle(c); bits == 0 || got != float64(bits)/8 {
			t.Errorf("%s: %g bytes a cycle, the streams are %d bits (%v)", c.TopName(), got, bits, width)
		}
	}
}

// TestBufferSize: a spec's buffer_kib sets the buffers the DRAM traffic
// and the SRAM energy assume, and enters the spec's hash.
func TestBufferSize(t *testing.T) {
	s, err := ParseSpec([]byte("rows: 2\ncols: 2\nin_width: 4\nacc_width: 16\ndataflow: ws\nworkload: g=300x9x6\nbuffer_kib: 1\n"))
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
	g := GEMM{"g", 300, 9, 6}
	small, large := GEMMTraffic(c, g, 1024), GEMMTraffic(c, g, BufferBytes)
	// A (300×9 4-bit, 1350 bytes) and C (300×6 16-bit, 3600 bytes) do not
	// fit 1 KiB: A is read again for each of the 3 N-tiles, and the
	// partial sums of the 5 K-tiles spill.
	if r := rows[0]; r.Traffic != small || small.ADRAMRead != 3*large.ADRAMRead || small.CDRAMRead == 0 || large.CDRAMRead != 0 || r.SRAMEnergy != float64(8*small.SRAMBytes())*SRAMBitpJ(1024) {
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
		s, err := ParseSpec([]byte("workload: 2x2x2\n" + bad))
		if err == nil {
			err = s.Check()
		}
		if err == nil || !strings.Contains(err.Error(), "buffer_kib") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
