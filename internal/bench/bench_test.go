package bench

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
)

func small() systolic.Config {
	c := systolic.Default()
	c.Rows, c.Cols = 2, 3
	return c
}

func TestTraffic(t *testing.T) {
	in := []vsim.Port{{Name: "rst", Width: 1}, {Name: "a_valid", Width: 1}, {Name: "a_data", Width: 100}, {Name: "c_ready", Width: 1}}
	a, b := NewTraffic(in, 50, 7), NewTraffic(in, 50, 7)
	valid := 0
	for c := range a.Words {
		for k, w := range a.Words[c] {
			if w != b.Words[c][k] {
				t.Fatalf("cycle %d word %d: traffic is not deterministic", c, k)
			}
		}
		row := a.Words[c]
		if row[0] != b2u(c < 2) || row[4] != 1 || row[3]>>36 != 0 {
			t.Errorf("cycle %d: row %x breaks the traffic rules", c, row)
		}
		valid += int(row[1])
	}
	if valid < 30 || valid == 50 {
		t.Errorf("a_valid high in %d of 50 cycles, want about 7/8", valid)
	}
	if got := a.Stimulus(3); len(got) != 3 || got[2][2].Width() != 100 || got[2][2].Word(1) != a.Words[2][3] {
		t.Errorf("Stimulus(3) = %v", got)
	}
}

// TestRunnerHash: replaying in two pieces hashes like one piece, and the
// hash depends on the traffic.
func TestRunnerHash(t *testing.T) {
	d, err := Elaborated(small())
	if err != nil {
		t.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	tr := NewTraffic(spec.Inputs, 200, 1)
	hash := func(tr *Traffic, split int) uint64 {
		r, err := NewRunner(d, spec, BeforeEdge)
		if err != nil {
			t.Fatal(err)
		}
		r.Run(tr, 0, split)
		r.Run(tr, split, len(tr.Words))
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		return r.Hash
	}
	if a, b := hash(tr, 0), hash(tr, 77); a != b {
		t.Errorf("hash %x in one piece, %x in two", a, b)
	}
	if a, b := hash(tr, 0), hash(NewTraffic(spec.Inputs, 200, 2), 0); a == b {
		t.Errorf("seeds 1 and 2 hash alike: %x", a)
	}
}

// TestIcarusHash: Icarus's bench testbench hashes like rtlsim.
func TestIcarusHash(t *testing.T) {
	tooltest.Require(t, "iverilog")
	d, err := Elaborated(small())
	if err != nil {
		t.Fatal(err)
	}
	v, err := emit.Verilog(d)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "core.v")
	if err := os.WriteFile(src, v, 0o644); err != nil {
		t.Fatal(err)
	}
	spec := vsim.SpecOf(d, src)
	tr := NewTraffic(spec.Inputs, 300, 3)
	r, err := NewRunner(d, spec, BeforeEdge)
	if err != nil {
		t.Fatal(err)
	}
	r.Run(tr, 0, 300)
	ib, err := (&vsim.Icarus{}).Bench(context.Background(), spec, tr.Stimulus(300))
	if err != nil {
		t.Fatal(err)
	}
	if ib.Hash != r.Hash || ib.Cycles != 300 {
		t.Errorf("icarus: %d cycles, hash %x; rtlsim hash %x", ib.Cycles, ib.Hash, r.Hash)
	}
	checkCPU(t, "icarus", ib.Elapsed.Seconds(), ib.CPU.Seconds(), runtime.NumCPU())
}

func TestElabOne(t *testing.T) {
	r, err := ElabOne(small())
	if err != nil {
		t.Fatal(err)
	}
	if r.Rows != 2 || r.Cols != 3 || r.VerilogBytes == 0 || r.Seconds <= 0 {
		t.Errorf("ElabOne = %+v", r)
	}
}

func TestSimOne(t *testing.T) {
	r, err := SimOne(small(), 50)
	if err != nil {
		t.Fatal(err)
	}
	if r.Cycles != 50 || r.Instrs == 0 || r.CyclesPerSec <= 0 {
		t.Errorf("SimOne = %+v", r)
	}
}

// TestBatchRunnerHash: every lane of a BatchRunner hashes as a Runner on
// the same traffic.
func TestBatchRunnerHash(t *testing.T) {
	d, err := Elaborated(small())
	if err != nil {
		t.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	const lanes, cycles = 3, 150
	ts := make([]*Traffic, lanes)
	for l := range ts {
		ts[l] = NewTraffic(spec.Inputs, cycles, uint64(l+1))
	}
	lt, err := LanesOf(ts)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range Shapes {
		br, err := NewBatchRunner(d, spec, lanes, sh)
		if err != nil {
			t.Fatal(err)
		}
		br.Run(lt, 0, 40)
		br.Run(lt, 40, cycles)
		if err := br.Err(); err != nil {
			t.Fatal(err)
		}
		for l, tr := range ts {
			r, err := NewRunner(d, spec, sh)
			if err != nil {
				t.Fatal(err)
			}
			r.Run(tr, 0, cycles)
			if r.Hash != br.Hashes[l] {
				t.Errorf("%s: lane %d: batch hash %x, single lane %x", sh, l, br.Hashes[l], r.Hash)
			}
		}
		if br.Hashes[0] == br.Hashes[1] {
			t.Errorf("%s: lanes 0 and 1 hash alike on different traffic", sh)
		}
	}
	br, err := NewBatchRunner(d, spec, lanes+1, Testbench)
	if err != nil {
		t.Fatal(err)
	}
	br.Run(lt, 0, 1)
	if err := br.Err(); err == nil || !strings.Contains(err.Error(), "batch of 4 lanes") {
		t.Errorf("traffic of 3 lanes in a batch of 4: %v", err)
	}
}

// TestShapes: in each shape, the Go model and Verilator's bench harness
// hash as rtlsim does, and the two shapes hash differently (the data
// outputs read after the edge, the handshakes before it).
func TestShapes(t *testing.T) {
	d, err := Elaborated(small())
	if err != nil {
		t.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	after := Testbench.After(spec.Outputs)
	for i, p := range spec.Outputs {
		wantAfter := p.Name == "c_data" || p.Name == "c_last"
		if after[i] != wantAfter {
			t.Errorf("testbench shape reads %s after the edge: %v, want %v", p.Name, after[i], wantAfter)
		}
	}
	const cycles = 300
	tr := NewTraffic(spec.Inputs, cycles, 5)
	want := map[Shape]uint64{}
	for _, sh := range Shapes {
		r, err := NewRunner(d, spec, sh)
		if err != nil {
			t.Fatal(err)
		}
		r.Run(tr, 0, cycles)
		want[sh] = r.Hash
	}
	if want[Testbench] == want[BeforeEdge] {
		t.Fatal("the two shapes hash alike")
	}
	ctx := context.Background()
	if !testing.Short() {
		tooltest.Require(t, "go")
		r, err := NewRunner(d, spec, Testbench)
		if err != nil {
			t.Fatal(err)
		}
		m, err := BuildGo(ctx, r.Sim, spec, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		for _, sh := range Shapes {
			res, err := m.Run(ctx, tr, cycles, sh.After(spec.Outputs))
			if err != nil {
				t.Fatal(err)
			}
			if res.Hash != want[sh] {
				t.Errorf("%s: Go model hash %x, rtlsim %x", sh, res.Hash, want[sh])
			}
			checkHarnessCPU(t, "Go model", res)
		}
	}
	tooltest.Require(t, "verilator")
	src := filepath.Join(t.TempDir(), "core.v")
	v, err := emit.Verilog(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, v, 0o644); err != nil {
		t.Fatal(err)
	}
	spec.Sources = []string{src}
	m, err := (&vsim.Verilator{Flags: VerilatorFlags}).BuildBench(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range Shapes {
		res, err := m.BenchAfter(ctx, tr.Stimulus(cycles), sh.After(spec.Outputs))
		if err != nil {
			t.Fatal(err)
		}
		if res.Hash != want[sh] || res.Cycles != cycles {
			t.Errorf("%s: verilator %d cycles, hash %x; rtlsim %x", sh, res.Cycles, res.Hash, want[sh])
		}
		checkHarnessCPU(t, "verilator", res)
	}
	if _, err := m.BenchAfter(ctx, tr.Stimulus(cycles), []bool{true}); err == nil {
		t.Error("BenchAfter with one flag for several outputs: no error")
	}
}

func TestRunBatch(t *testing.T) {
	res, err := Run(context.Background(), Options{Core: small(), Cycles: 100, Lanes: 4, Seed: 3, SkipVerilator: true, SkipIcarus: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Batch == nil || !res.Batch.Lane0Match || len(res.Batch.Hashes) != 4 || res.Batch.LaneCyclesPerSec <= 0 {
		t.Errorf("batch result %+v", res.Batch)
	}
	if res.Shape != Testbench || len(res.Shapes) != 2 || res.Shapes[1].Shape != BeforeEdge || res.Shapes[1].Batch <= 0 || res.Shapes[1].RTLSim <= 0 ||
		res.Shapes[0].Lanes <= 0 || res.Shapes[1].LanesCPU <= 0 {
		t.Errorf("shapes %+v", res.Shapes)
	}
	l := res.RunLanes
	if l == nil || l.Lanes != 4 || !l.Lane0Match || !l.LanesMatchBatch || l.LaneCyclesPerSec <= 0 || l.LaneCyclesPerCPUSec <= 0 ||
		l.OverBatch != l.LaneCyclesPerSec/res.Batch.LaneCyclesPerSec || l.OverBatchCPU != l.LaneCyclesPerCPUSec/res.Batch.LaneCyclesPerCPUSec {
		t.Errorf("RunLanes result %+v", l)
	}
}

// TestRunLanesHash: the lanes of testbench.RunLanes hash as the batch's
// lanes in each shape, on different traffic differently, and the shape
// changes the hashes; fewer than two lanes is an error.
func TestRunLanesHash(t *testing.T) {
	d, err := Elaborated(small())
	if err != nil {
		t.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	const lanes, cycles = 3, 60
	ts := make([]*Traffic, lanes)
	for l := range ts {
		ts[l] = NewTraffic(spec.Inputs, cycles, uint64(l+7))
	}
	lt, err := LanesOf(ts)
	if err != nil {
		t.Fatal(err)
	}
	var prev []uint64
	for _, sh := range Shapes {
		br, err := NewBatchRunner(d, spec, lanes, sh)
		if err != nil {
			t.Fatal(err)
		}
		br.Run(lt, 0, cycles)
		lr, hs, err := runLanes(d, spec, lt, sh, false)
		if err != nil {
			t.Fatal(err)
		}
		if lr.Lanes != lanes || lr.LaneCyclesPerCPUSec <= 0 || lr.LaneCyclesPerSec <= 0 {
			t.Errorf("%s: %+v", sh, lr)
		}
		if !slices.Equal(hs, br.Hashes) {
			t.Errorf("%s: RunLanes hashes %x, batch %x", sh, hs, br.Hashes)
		}
		if hs[0] == hs[1] || slices.Equal(hs, prev) {
			t.Errorf("%s: hashes %x (previous shape %x)", sh, hs, prev)
		}
		prev = hs
	}
	one, err := LanesOf(ts[:1])
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := runLanes(d, spec, one, Testbench, false); err == nil {
		t.Error("RunLanes of one lane: no error")
	}
}

// cpuSlack is the slack of a comparison of CPU time with wall-clock time:
// the two clocks are read one after the other, and the scheduler charges
// run time in slices.
const cpuSlack = 2 * time.Millisecond

// checkCPU checks that a phase of wall seconds that ran on at most workers
// threads took a positive CPU time of at most about wall × workers.
func checkCPU(t *testing.T, what string, wall, cpu float64, workers int) {
	t.Helper()
	if wall <= 0 || cpu <= 0 || cpu > wall*float64(workers)*1.05+cpuSlack.Seconds() {
		t.Errorf("%s: %g CPU-s in %g s on %d threads", what, cpu, wall, workers)
	}
}

// checkHarnessCPU checks the CPU time a harness reported: on Linux it has
// a thread CPU clock and reports one.
func checkHarnessCPU(t *testing.T, what string, r vsim.BenchResult) {
	t.Helper()
	if r.CPU == 0 && runtime.GOOS != "linux" {
		return
	}
	checkCPU(t, what, r.Elapsed.Seconds(), r.CPU.Seconds(), 1)
}

func TestRunCPU(t *testing.T) {
	c := systolic.Default()
	c.Rows, c.Cols = 2, 2
	res, err := Run(context.Background(), Options{Core: c, Cycles: 3000, Lanes: 3, Seed: 1, SkipVerilator: true, SkipIcarus: true, SkipGo: testing.Short()})
	if err != nil {
		t.Fatal(err)
	}
	wantClock := ClockThread
	if runtime.GOOS != "linux" {
		wantClock = ClockWall
	}
	if res.CPUClock != wantClock {
		t.Errorf("CPU clock %q, want %q", res.CPUClock, wantClock)
	}
	checkCPU(t, "rtlsim", res.RTLSim.Seconds, res.RTLSim.CPUSeconds, 1)
	if got, want := res.RTLSim.CyclesPerCPUSec, float64(res.Cycles-1)/res.RTLSim.CPUSeconds; got != want {
		t.Errorf("rtlsim %g cycles/CPU-s, want %g", got, want)
	}
	b := res.Batch
	checkCPU(t, "batch", b.Seconds, b.CPUSeconds, max(b.Workers, runtime.NumCPU()))
	checkCPU(t, "RunLanes", res.RunLanes.Seconds, res.RunLanes.CPUSeconds, max(b.Workers, runtime.NumCPU()))
	if b.Workers < 1 || (b.Workers > 1) != (b.CPUClock == ClockProcess) {
		t.Errorf("batch: %d workers, %s CPU clock", b.Workers, b.CPUClock)
	}
	if res.Go != nil {
		checkCPU(t, "Go model", res.Go.Seconds, res.Go.CPUSeconds, 1)
	}
	// The JSON has the CPU-time fields, positive, by shape too.
	data, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		CPUClock string           `json:"cpu_clock"`
		RTLSim   map[string]any   `json:"rtlsim"`
		Batch    map[string]any   `json:"rtlsim_batch"`
		Lanes    map[string]any   `json:"testbench_run_lanes"`
		Go       map[string]any   `json:"rtlsim_go"`
		Shapes   []map[string]any `json:"shapes"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		t.Fatal(err)
	}
	positive := func(where string, m map[string]any, keys ...string) {
		for _, k := range keys {
			if x, ok := m[k].(float64); !ok || x <= 0 {
				t.Errorf("%s: %s = %v, want a positive number", where, k, m[k])
			}
		}
	}
	positive("rtlsim", j.RTLSim, "cpu_s", "cycles_per_cpu_s", "run_s", "cycles_per_s")
	positive("rtlsim_batch", j.Batch, "cpu_s", "lane_cycles_per_cpu_s", "workers")
	positive("testbench_run_lanes", j.Lanes, "cpu_s", "lane_cycles_per_cpu_s", "run_s", "lane_cycles_per_s", "over_batch", "over_batch_cpu")
	if j.Lanes["lane0_matches_rtlsim"] != true || j.Lanes["lanes_match_batch"] != true || j.Lanes["cpu_clock"] != b.CPUClock {
		t.Errorf("testbench_run_lanes: %v", j.Lanes)
	}
	if j.Batch["cpu_clock"] == "" || j.CPUClock == "" {
		t.Errorf("cpu_clock missing: %s", data)
	}
	if res.Go != nil {
		positive("rtlsim_go", j.Go, "cpu_s", "cycles_per_cpu_s")
	}
	if len(j.Shapes) != 2 {
		t.Fatalf("%d shapes", len(j.Shapes))
	}
	for _, sh := range j.Shapes {
		positive("shape", sh, "rtlsim_cycles_per_cpu_s", "rtlsim_batch_lane_cycles_per_cpu_s", "run_lanes_lane_cycles_per_cpu_s", "run_lanes_lane_cycles_per_s")
		if res.Go != nil {
			positive("shape", sh, "rtlsim_go_cycles_per_cpu_s")
		}
	}
}

func TestProcessCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no CPU clock: wall-clock time, nothing to compare")
	}
	// Two goroutines spinning: the process clock counts both, the thread
	// clock only the caller's.
	spin := func(d time.Duration) {
		for t0 := time.Now(); time.Since(t0) < d; {
		}
	}
	pc, tc := startCPU(true), startCPU(false)
	t0 := time.Now()
	done := make(chan struct{})
	go func() { spin(30 * time.Millisecond); close(done) }()
	spin(30 * time.Millisecond)
	<-done
	wall := time.Since(t0).Seconds()
	th, pr := tc.stop(), pc.stop()
	if pc.kind != ClockProcess || tc.kind != ClockThread {
		t.Fatalf("clocks %s, %s", pc.kind, tc.kind)
	}
	checkCPU(t, "thread", wall, th, 1)
	checkCPU(t, "process", wall, pr, runtime.NumCPU()+1)
	if pr < th {
		t.Errorf("process CPU %g < thread CPU %g", pr, th)
	}
}

// BenchmarkVerilatorBuild measures, side by side in one run, the Verilator
// build of a plain hand-written 16x16 int8 array and of the emitted 16x16
// core, with and without vsim.SplitFlags; the README quotes its figures. Run it
// alone (big builds): go test -run '^$' -bench VerilatorBuild -benchtime 1x ./internal/bench
func BenchmarkVerilatorBuild(b *testing.B) {
	tooltest.Require(b, "verilator")
	for b.Loop() {
		ts, err := BuildTimes(context.Background(), b.TempDir(), systolic.Default())
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range ts {
			b.Logf("%-45s wall %6.1f s  cpu %6.1f s  %5.2fx the hand-written array's cpu", t.Name, t.Seconds,
				t.CPUSeconds, t.CPUSeconds/ts[0].CPUSeconds)
		}
		b.ReportMetric(ts[0].CPUSeconds, "hand-cpu-s")
		b.ReportMetric(ts[1].CPUSeconds, "core-cpu-s")
		b.ReportMetric(ts[2].CPUSeconds, "core-split-cpu-s")
		b.ReportMetric(ts[2].CPUSeconds/ts[0].CPUSeconds, "split/hand")
	}
}
