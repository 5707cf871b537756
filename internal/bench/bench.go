package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Options configure a run.
type Options struct {
	Core   systolic.Config
	Cycles int // cycles of traffic in rtlsim and Verilator
	// IcarusCycles is the cycles of traffic in Icarus, which is about a
	// hundred times slower; 0 means min(Cycles, 2000).
	IcarusCycles int
	// Lanes is the number of independent stimulus lanes of the batched
	// rtlsim run (rtlsim.Batch), lane l on seed Seed+l, run then again
	// through testbench.RunLanes (Result.RunLanes); 1 (or 0) runs no
	// batch. Each lane holds its traffic for all Cycles in memory.
	Lanes int
	Seed  uint64
	// Shapes are the driver shapes to measure every simulator in (but
	// Icarus, always run BeforeEdge); the first is the Result's main
	// figures, the others go to Result.Shapes too. Empty: Testbench then
	// BeforeEdge.
	Shapes []Shape
	// VerilatorFlags are the verilator options; nil means VerilatorFlags.
	SkipVerilator, SkipIcarus bool
	// SkipGo skips the Go model (rtlsim.WriteGo built with go build).
	SkipGo bool
	// Log receives progress lines; nil for none.
	Log io.Writer
}

// VerilatorFlags are the options of the measured Verilator build; the C++
// is compiled at -O3 and the model runs single-threaded (no --threads).
var VerilatorFlags = []string{"--x-assign", "fast", "--x-initial", "fast", "--noassert"}

// Result is what a run measured. Rates are cycles per second of one lane,
// per second of wall-clock time and per second of CPU time: rtlsim's and
// the Go model's thread CPU time (CPUClock), Verilator's the thread CPU
// time its harness reads with clock_gettime(CLOCK_THREAD_CPUTIME_ID), the
// batch's per BatchResult.CPUClock, Icarus's the user+system time of the
// vvp process. On a loaded machine the CPU-time rates
// and ratios are the steadier ones: they leave out the time a simulator
// waited for a CPU.
type Result struct {
	Top     string  `json:"top"`
	Shape   Shape   `json:"shape"` // of the main figures
	Cycles  int     `json:"cycles"`
	Lanes   int     `json:"lanes"`
	Seed    uint64  `json:"seed"`
	Machine Machine `json:"machine"`
	// CPUClock is the clock of rtlsim's and the Go model's CPU-time
	// figures: ClockThread, or ClockWall where the system has no thread
	// CPU clock (then those figures are wall-clock time).
	CPUClock string `json:"cpu_clock"`

	RTLSim RTLSimResult `json:"rtlsim"`
	Batch  *BatchResult `json:"rtlsim_batch,omitempty"` // with Lanes > 1
	// RunLanes is the batch's traffic through testbench.RunLanes, with
	// Lanes > 1.
	RunLanes *LanesResult `json:"testbench_run_lanes,omitempty"`
	// Go is the compiled mode: the design as Go (rtlsim.WriteGo) built
	// with go build; Build covers writing the source and the build.
	Go        *ToolResult `json:"rtlsim_go,omitempty"`
	Verilator *ToolResult `json:"verilator,omitempty"`
	Icarus    *ToolResult `json:"icarus,omitempty"`
	Skipped   []string    `json:"skipped,omitempty"` // tools absent, with why

	// Ratios: rtlsim's rate over the other's, and Verilator's build time
	// over rtlsim's description-to-first-cycle time.
	VsVerilator      float64 `json:"rtlsim_over_verilator,omitempty"`
	VsIcarus         float64 `json:"rtlsim_over_icarus,omitempty"`
	BuildOverFirstCy float64 `json:"verilator_build_over_rtlsim_first_cycle,omitempty"`
	// BatchVsVerilator is the batch's lane-cycles/s over Verilator's
	// cycles/s.
	BatchVsVerilator float64 `json:"rtlsim_batch_over_verilator,omitempty"`
	// LanesVsVerilator is RunLanes' lane-cycles/s over Verilator's
	// cycles/s.
	LanesVsVerilator float64 `json:"run_lanes_over_verilator,omitempty"`
	// GoVsVerilator is the Go model's cycles/s over Verilator's, and
	// GoBuildOverFirstCy Verilator's build time over the Go model's
	// description-to-first-cycle time (elaborate, compile, WriteGo, build).
	GoVsVerilator      float64 `json:"rtlsim_go_over_verilator,omitempty"`
	GoBuildOverFirstCy float64 `json:"verilator_build_over_rtlsim_go_first_cycle,omitempty"`
	// The same ratios of rates per CPU-second.
	VsIcarusCPU         float64 `json:"rtlsim_over_icarus_cpu,omitempty"`
	VsVerilatorCPU      float64 `json:"rtlsim_over_verilator_cpu,omitempty"`
	BatchVsVerilatorCPU float64 `json:"rtlsim_batch_over_verilator_cpu,omitempty"`
	LanesVsVerilatorCPU float64 `json:"run_lanes_over_verilator_cpu,omitempty"`
	GoVsVerilatorCPU    float64 `json:"rtlsim_go_over_verilator_cpu,omitempty"`

	// Shapes has the rates of every shape measured, the main one first.
	Shapes []ShapeRates `json:"shapes"`
}

// ShapeRates are the rates of one driver shape: cycles per second of wall
// clock and of CPU time (lane cycles for the batch), 0 for a simulator not
// run, and the ratios to Verilator in both.
type ShapeRates struct {
	Shape            Shape   `json:"shape"`
	RTLSim           float64 `json:"rtlsim_cycles_per_s"`
	Batch            float64 `json:"rtlsim_batch_lane_cycles_per_s,omitempty"`
	Lanes            float64 `json:"run_lanes_lane_cycles_per_s,omitempty"` // testbench.RunLanes
	Go               float64 `json:"rtlsim_go_cycles_per_s,omitempty"`
	Verilator        float64 `json:"verilator_cycles_per_s,omitempty"`
	VsVerilator      float64 `json:"rtlsim_over_verilator,omitempty"`
	BatchVsVerilator float64 `json:"rtlsim_batch_over_verilator,omitempty"`
	LanesVsVerilator float64 `json:"run_lanes_over_verilator,omitempty"`
	GoVsVerilator    float64 `json:"rtlsim_go_over_verilator,omitempty"`

	RTLSimCPU           float64 `json:"rtlsim_cycles_per_cpu_s"`
	BatchCPU            float64 `json:"rtlsim_batch_lane_cycles_per_cpu_s,omitempty"`
	LanesCPU            float64 `json:"run_lanes_lane_cycles_per_cpu_s,omitempty"`
	GoCPU               float64 `json:"rtlsim_go_cycles_per_cpu_s,omitempty"`
	VerilatorCPU        float64 `json:"verilator_cycles_per_cpu_s,omitempty"`
	VsVerilatorCPU      float64 `json:"rtlsim_over_verilator_cpu,omitempty"`
	BatchVsVerilatorCPU float64 `json:"rtlsim_batch_over_verilator_cpu,omitempty"`
	LanesVsVerilatorCPU float64 `json:"run_lanes_over_verilator_cpu,omitempty"`
	GoVsVerilatorCPU    float64 `json:"rtlsim_go_over_verilator_cpu,omitempty"`
}

// ratios fills in r's ratios to Verilator.
func (r *ShapeRates) ratios() {
	if r.Verilator != 0 {
		r.VsVerilator = r.RTLSim / r.Verilator
		r.BatchVsVerilator = r.Batch / r.Verilator
		r.LanesVsVerilator = r.Lanes / r.Verilator
		r.GoVsVerilator = r.Go / r.Verilator
	}
	if r.VerilatorCPU != 0 {
		r.VsVerilatorCPU = r.RTLSimCPU / r.VerilatorCPU
		r.BatchVsVerilatorCPU = r.BatchCPU / r.VerilatorCPU
		r.LanesVsVerilatorCPU = r.LanesCPU / r.VerilatorCPU
		r.GoVsVerilatorCPU = r.GoCPU / r.VerilatorCPU
	}
}

// perSec returns n per s seconds, 0 for no time measured.
func perSec(n int, s float64) float64 {
	if s <= 0 {
		return 0
	}
	return float64(n) / s
}

// BatchResult is the batched rtlsim run's part of a Result: Lanes lanes for
// Cycles cycles each, lane l on the traffic of seed Seed+l.
type BatchResult struct {
	Lanes            int      `json:"lanes"`
	Compile          float64  `json:"compile_s"` // rtlsim.CompileBatch
	Seconds          float64  `json:"run_s"`
	LaneCyclesPerSec float64  `json:"lane_cycles_per_s"`
	Hashes           []string `json:"hashes"` // by lane
	// Workers are the goroutines settling the lanes (Batch.Workers).
	// With one, CPUSeconds is the measuring thread's CPU time
	// (ClockThread); with more, the whole process's (ClockProcess),
	// which includes the runtime's own threads (the garbage collector).
	Workers             int     `json:"workers"`
	CPUClock            string  `json:"cpu_clock"`
	CPUSeconds          float64 `json:"cpu_s"`
	LaneCyclesPerCPUSec float64 `json:"lane_cycles_per_cpu_s"`
	// Lane0Match: lane 0 (seed Seed) hashes as the single-lane run.
	Lane0Match bool `json:"lane0_matches_rtlsim"`
}

// RTLSimResult is rtlsim's part of a Result.
type RTLSimResult struct {
	Elaborate    float64 `json:"elaborate_s"`   // description to netlist
	Compile      float64 `json:"compile_s"`     // rtlsim.Compile
	FirstCycle   float64 `json:"first_cycle_s"` // description to the first simulated cycle
	Seconds      float64 `json:"run_s"`
	CyclesPerSec float64 `json:"cycles_per_s"`
	// CPUSeconds is the run's thread CPU time (see Result.CPUClock).
	CPUSeconds      float64 `json:"cpu_s"`
	CyclesPerCPUSec float64 `json:"cycles_per_cpu_s"`
	Instrs          int     `json:"instrs"`
	Hash            string  `json:"hash"`
}

// ToolResult is Verilator's, Icarus's or the Go model's part of a Result.
type ToolResult struct {
	Build        float64 `json:"build_s"` // verilate and compile, or iverilog
	Cycles       int     `json:"cycles"`
	Seconds      float64 `json:"run_s"`
	CyclesPerSec float64 `json:"cycles_per_s"`
	// CPUSeconds is the thread CPU time of the harness's loop, 0 where
	// it had no thread CPU clock; for Icarus, vvp's user+system CPU time
	// over its whole run (which Seconds also times).
	CPUSeconds      float64 `json:"cpu_s,omitempty"`
	CyclesPerCPUSec float64 `json:"cycles_per_cpu_s,omitempty"`
	Hash            string  `json:"hash"`
	Match           bool    `json:"hash_matches_rtlsim"`
}

// Machine describes where a run ran.
type Machine struct {
	CPU   string `json:"cpu"`
	NProc int    `json:"nproc"`
	Go    string `json:"go"`
	OS    string `json:"os"`
}

// ThisMachine describes the machine running the process.
func ThisMachine() Machine {
	m := Machine{CPU: "unknown", NProc: runtime.NumCPU(), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

func hex64(h uint64) string { return fmt.Sprintf("%016x", h) }

// Run measures o.Core in every available simulator.
func Run(ctx context.Context, o Options) (*Result, error) {
	if o.Cycles < 1 {
		return nil, fmt.Errorf("bench: cycles %d: want at least 1", o.Cycles)
	}
	if o.Lanes == 0 {
		o.Lanes = 1
	}
	if o.Lanes < 1 {
		return nil, fmt.Errorf("bench: lanes %d: want at least 1", o.Lanes)
	}
	if o.IcarusCycles <= 0 {
		o.IcarusCycles = min(o.Cycles, 2000)
	}
	o.IcarusCycles = min(o.IcarusCycles, o.Cycles)
	logf := func(format string, args ...any) {
		if o.Log != nil {
			fmt.Fprintf(o.Log, format+"\n", args...)
		}
	}
	if len(o.Shapes) == 0 {
		o.Shapes = Shapes
	}
	res := &Result{Cycles: o.Cycles, Lanes: o.Lanes, Seed: o.Seed, Machine: ThisMachine(), Shape: o.Shapes[0]}
	for _, sh := range o.Shapes {
		res.Shapes = append(res.Shapes, ShapeRates{Shape: sh})
	}

	// rtlsim: description to first cycle, then the timed run.
	t0 := time.Now()
	g, err := systolic.New(o.Core)
	if err != nil {
		return nil, err
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		return nil, err
	}
	res.Top = d.Top
	res.RTLSim.Elaborate = since(t0)
	spec := vsim.SpecOf(d)
	// The stimulus is the testbench's, not the simulator's: its making
	// is left out of the time to the first cycle.
	tt := time.Now()
	traffic := NewTraffic(spec.Inputs, o.Cycles, o.Seed)
	stimTime := since(tt)
	hashes := make([]string, len(o.Shapes)) // rtlsim's, by shape
	var sim *rtlsim.Sim
	for i, sh := range o.Shapes {
		t1 := time.Now()
		r, err := NewRunner(d, spec, sh)
		if err != nil {
			return nil, err
		}
		compile := since(t1)
		r.Run(traffic, 0, 1)
		first := since(t0) - stimTime
		cpu := startCPU(false)
		t2 := time.Now()
		r.Run(traffic, 1, o.Cycles)
		sec := since(t2)
		cpuSec := cpu.stop()
		res.CPUClock = cpu.kind
		if err := r.Err(); err != nil {
			return nil, err
		}
		hashes[i] = hex64(r.Hash)
		res.Shapes[i].RTLSim = float64(o.Cycles-1) / sec
		res.Shapes[i].RTLSimCPU = perSec(o.Cycles-1, cpuSec)
		logf("rtlsim (%s): %.0f cycles/s, %.0f cycles/CPU-s", sh, res.Shapes[i].RTLSim, res.Shapes[i].RTLSimCPU)
		if i == 0 {
			res.RTLSim.Compile, res.RTLSim.FirstCycle = compile, first
			res.RTLSim.Seconds, res.RTLSim.CyclesPerSec = sec, res.Shapes[0].RTLSim
			res.RTLSim.CPUSeconds, res.RTLSim.CyclesPerCPUSec = cpuSec, res.Shapes[0].RTLSimCPU
			res.RTLSim.Instrs = r.Sim.Instructions()
			res.RTLSim.Hash = hashes[0]
			sim = r.Sim
		}
	}
	// Icarus's harness reads every output before the edge.
	ir, err := NewRunner(d, spec, BeforeEdge)
	if err != nil {
		return nil, err
	}
	ir.Run(traffic, 0, o.IcarusCycles)
	icarusHash := ir.Hash
	if o.Lanes > 1 {
		// Lane l on seed Seed+l: lane 0's traffic is the single-lane runs'.
		ts := NewLaneTraffic(spec.Inputs, o.Cycles, o.Lanes, o.Seed)
		for i, sh := range o.Shapes {
			br, err := runBatch(d, spec, ts, sh)
			if err != nil {
				return nil, err
			}
			br.Lane0Match = br.Hashes[0] == hashes[i]
			res.Shapes[i].Batch = br.LaneCyclesPerSec
			res.Shapes[i].BatchCPU = br.LaneCyclesPerCPUSec
			logf("rtlsim batch (%s): %d lanes, %.0f lane-cycles/s, %.0f lane-cycles/CPU-s (%s CPU time, workers: %d)",
				sh, br.Lanes, br.LaneCyclesPerSec, br.LaneCyclesPerCPUSec, br.CPUClock, br.Workers)
			if !br.Lane0Match {
				return res, fmt.Errorf("bench: rtlsim batch lane 0 hashes %s, the single-lane run %s (%s): the batch disagrees", br.Hashes[0], hashes[i], sh)
			}
			lr, lh, err := runLanes(d, spec, ts, sh, br.Workers > 1)
			if err != nil {
				return nil, err
			}
			lr.Lane0Match = hex64(lh[0]) == hashes[i]
			lr.LanesMatchBatch = true
			for l, h := range lh {
				lr.LanesMatchBatch = lr.LanesMatchBatch && hex64(h) == br.Hashes[l]
			}
			lr.OverBatch = lr.LaneCyclesPerSec / br.LaneCyclesPerSec
			if br.LaneCyclesPerCPUSec > 0 {
				lr.OverBatchCPU = lr.LaneCyclesPerCPUSec / br.LaneCyclesPerCPUSec
			}
			res.Shapes[i].Lanes = lr.LaneCyclesPerSec
			res.Shapes[i].LanesCPU = lr.LaneCyclesPerCPUSec
			logf("testbench.RunLanes (%s): %d lanes, %.0f lane-cycles/s, %.0f lane-cycles/CPU-s (%s CPU time), %.3fx the bare batch per CPU-s",
				sh, lr.Lanes, lr.LaneCyclesPerSec, lr.LaneCyclesPerCPUSec, lr.CPUClock, lr.OverBatchCPU)
			if !lr.Lane0Match || !lr.LanesMatchBatch {
				return res, fmt.Errorf("bench: testbench.RunLanes hashes differ from the batch's or lane 0 from the single-lane run (%s): RunLanes disagrees", sh)
			}
			if i == 0 {
				res.Batch, res.RunLanes = br, lr
			}
		}
	}

	dir, err := os.MkdirTemp("", "systole-bench-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	switch _, err := exec.LookPath("go"); {
	case o.SkipGo:
		res.Skipped = append(res.Skipped, "rtlsim Go model: skipped by request")
	case err != nil:
		res.Skipped = append(res.Skipped, "rtlsim Go model: no go command on PATH")
	default:
		logf("rtlsim Go model: go build ...")
		gdir := filepath.Join(dir, "gomodel")
		if err := os.Mkdir(gdir, 0o755); err != nil {
			return nil, err
		}
		m, err := BuildGo(ctx, sim, spec, gdir)
		if err != nil {
			return nil, err
		}
		for i, sh := range o.Shapes {
			br, err := m.Run(ctx, traffic, o.Cycles, sh.After(spec.Outputs))
			if err != nil {
				return nil, err
			}
			gr := toolResult(br)
			gr.Build = m.Build.Seconds() + res.RTLSim.Elaborate + res.RTLSim.Compile
			gr.Match = gr.Hash == hashes[i]
			res.Shapes[i].Go, res.Shapes[i].GoCPU = gr.CyclesPerSec, gr.CyclesPerCPUSec
			logf("rtlsim Go model (%s): %.0f cycles/s, %.0f cycles/CPU-s, build %.1fs", sh, gr.CyclesPerSec, gr.CyclesPerCPUSec, gr.Build)
			if i == 0 || !gr.Match {
				res.Go = gr
			}
		}
	}
	if !o.SkipVerilator || !o.SkipIcarus {
		v, err := emit.Verilog(d)
		if err != nil {
			return nil, err
		}
		src := filepath.Join(dir, d.Top+".v")
		if err := os.WriteFile(src, v, 0o644); err != nil {
			return nil, err
		}
		spec.Sources = []string{src}
	}
	stim := func(n int) vsim.Stimulus { return traffic.Stimulus(n) }

	switch _, err := exec.LookPath("verilator"); {
	case o.SkipVerilator:
		res.Skipped = append(res.Skipped, "verilator: skipped by request")
	case err != nil:
		res.Skipped = append(res.Skipped, "verilator: not installed")
	default:
		logf("verilator: building (-O3, fresh cache) ...")
		v := &vsim.Verilator{CacheDir: filepath.Join(dir, "vcache"), Opt: "-O3", Flags: VerilatorFlags}
		t0 := time.Now()
		m, err := v.BuildBench(ctx, spec)
		if err != nil {
			return nil, err
		}
		build := since(t0)
		st := stim(o.Cycles)
		var tr *ToolResult
		for i, sh := range o.Shapes {
			br, err := m.BenchAfter(ctx, st, sh.After(spec.Outputs))
			if err != nil {
				return nil, err
			}
			t := toolResult(br)
			t.Build = build
			t.Match = t.Hash == hashes[i]
			res.Shapes[i].Verilator, res.Shapes[i].VerilatorCPU = t.CyclesPerSec, t.CyclesPerCPUSec
			logf("verilator (%s): %.0f cycles/s, %.0f cycles/CPU-s", sh, t.CyclesPerSec, t.CyclesPerCPUSec)
			if i == 0 || !t.Match {
				tr = t
			}
		}
		res.Verilator = tr
		res.VsVerilator = res.RTLSim.CyclesPerSec / tr.CyclesPerSec
		res.BuildOverFirstCy = tr.Build / res.RTLSim.FirstCycle
		if tr.CyclesPerCPUSec > 0 {
			res.VsVerilatorCPU = res.RTLSim.CyclesPerCPUSec / tr.CyclesPerCPUSec
		}
		if res.Batch != nil {
			res.BatchVsVerilator = res.Batch.LaneCyclesPerSec / tr.CyclesPerSec
			if tr.CyclesPerCPUSec > 0 {
				res.BatchVsVerilatorCPU = res.Batch.LaneCyclesPerCPUSec / tr.CyclesPerCPUSec
			}
		}
		if res.RunLanes != nil {
			res.LanesVsVerilator = res.RunLanes.LaneCyclesPerSec / tr.CyclesPerSec
			if tr.CyclesPerCPUSec > 0 {
				res.LanesVsVerilatorCPU = res.RunLanes.LaneCyclesPerCPUSec / tr.CyclesPerCPUSec
			}
		}
		if res.Go != nil {
			res.GoVsVerilator = res.Go.CyclesPerSec / tr.CyclesPerSec
			res.GoBuildOverFirstCy = tr.Build / res.Go.Build
			if tr.CyclesPerCPUSec > 0 {
				res.GoVsVerilatorCPU = res.Go.CyclesPerCPUSec / tr.CyclesPerCPUSec
			}
		}
		logf("verilator: %.0f cycles/s, build %.1fs", tr.CyclesPerSec, tr.Build)
	}
	_, errI := exec.LookPath("iverilog")
	_, errV := exec.LookPath("vvp")
	switch {
	case o.SkipIcarus:
		res.Skipped = append(res.Skipped, "icarus: skipped by request")
	case errI != nil || errV != nil:
		res.Skipped = append(res.Skipped, "icarus: not installed")
	default:
		logf("icarus: %d cycles ...", o.IcarusCycles)
		ib, err := (&vsim.Icarus{}).Bench(ctx, spec, stim(o.IcarusCycles))
		if err != nil {
			return nil, err
		}
		tr := toolResult(vsim.BenchResult{Cycles: ib.Cycles, Elapsed: ib.Elapsed, CPU: ib.CPU, Hash: ib.Hash})
		tr.Build = ib.Compile.Seconds()
		tr.Match = ib.Hash == icarusHash
		res.Icarus = tr
		res.VsIcarus = res.RTLSim.CyclesPerSec / tr.CyclesPerSec
		if tr.CyclesPerCPUSec > 0 {
			res.VsIcarusCPU = res.RTLSim.CyclesPerCPUSec / tr.CyclesPerCPUSec
		}
		logf("icarus: %.0f cycles/s, %.0f cycles/CPU-s", tr.CyclesPerSec, tr.CyclesPerCPUSec)
	}
	for i := range res.Shapes {
		res.Shapes[i].ratios()
	}
	var errs []error
	for _, t := range []struct {
		name string
		r    *ToolResult
	}{{"verilator", res.Verilator}, {"icarus", res.Icarus}, {"the Go model", res.Go}} {
		if t.r != nil && !t.r.Match {
			errs = append(errs, fmt.Errorf("bench: %s's output hash differs from rtlsim's: the simulators disagree", t.name))
		}
	}
	return res, errors.Join(errs...)
}

// runBatch runs the traffic ts of every lane in one rtlsim.Batch, all its
// cycles.
func runBatch(d *netlist.Design, spec vsim.Spec, ts *LaneTraffic, shape Shape) (*BatchResult, error) {
	lanes, cycles := ts.Lanes, ts.Cycles
	t0 := time.Now()
	r, err := NewBatchRunner(d, spec, lanes, shape)
	if err != nil {
		return nil, err
	}
	br := &BatchResult{Lanes: lanes, Compile: since(t0), Workers: r.Batch.Workers()}
	r.Run(ts, 0, 1)
	cpu := startCPU(br.Workers > 1)
	t1 := time.Now()
	r.Run(ts, 1, cycles)
	br.Seconds = since(t1)
	br.CPUSeconds = cpu.stop()
	br.CPUClock = cpu.kind
	if err := r.Err(); err != nil {
		return nil, err
	}
	br.LaneCyclesPerSec = float64(lanes*(cycles-1)) / br.Seconds
	br.LaneCyclesPerCPUSec = perSec(lanes*(cycles-1), br.CPUSeconds)
	for _, h := range r.Hashes {
		br.Hashes = append(br.Hashes, hex64(h))
	}
	return br, nil
}

// Elaborated elaborates c; a helper for the Go benchmarks.
func Elaborated(c systolic.Config) (*netlist.Design, error) {
	g, err := systolic.New(c)
	if err != nil {
		return nil, err
	}
	return elaborate.Elaborate(g)
}

// toolResult is the run part of a ToolResult of the bench run br.
func toolResult(br vsim.BenchResult) *ToolResult {
	return &ToolResult{Cycles: br.Cycles, Seconds: br.Elapsed.Seconds(), CyclesPerSec: perSec(br.Cycles, br.Elapsed.Seconds()),
		CPUSeconds: br.CPU.Seconds(), CyclesPerCPUSec: perSec(br.Cycles, br.CPU.Seconds()), Hash: hex64(br.Hash)}
}
