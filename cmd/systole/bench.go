package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/limits"
)

type benchCmd struct {
	coreFlags    `embed:""`
	Cycles       int    `default:"200000" placeholder:"N" help:"Cycles of traffic in rtlsim and Verilator."`
	IcarusCycles int    `default:"2000" placeholder:"N" help:"Cycles of traffic in Icarus (at most --cycles)."`
	Lanes        int    `default:"1" placeholder:"L" help:"Independent stimulus lanes of a batched rtlsim run (1: no batch)."`
	Seed         uint64 `default:"1" placeholder:"S" help:"The seed of the traffic."`
	Shape        string `default:"both" enum:"both,testbench,before-edge" placeholder:"SHAPE" help:"How the driver reads the outputs each cycle: testbench (handshakes before the edge, data after it), before-edge (all before the edge), or both (testbench's figures first)."`
	JSON         string `name:"json" placeholder:"FILE" help:"Also write the result as JSON to this file."`
	NoVerilator  bool   `help:"Skip Verilator."`
	NoIcarus     bool   `help:"Skip Icarus."`
	NoGo         bool   `help:"Skip rtlsim's Go model (go build)."`
	Elab         bool   `help:"Measure description-to-Verilog time and peak memory instead."`
	Sizes        string `default:"16,32,64,128,256" placeholder:"LIST" help:"With --elab: the array sizes n (n×n) to measure."`
	SimCycles    int    `default:"1000" placeholder:"N" help:"With --elab: cycles to simulate in the memory measurement (0: none)."`
	ElabChild    bool   `hidden:"" help:"Internal: elaborate the core once and print the result as JSON."`
	SimChild     bool   `hidden:"" help:"Internal: elaborate, compile and simulate --sim-cycles cycles, print the result as JSON."`
	forceFlag
}

func (benchCmd) Help() string {
	return "Bench runs the same seeded random traffic (rst for two cycles, a/w valid 7/8 of\n" +
		"the time with random data, c_ready always 1) through the systolic core that the\n" +
		"flags describe for N cycles in rtlsim, in Verilator (the emitted Verilog built\n" +
		"with -O3 --x-assign fast --x-initial fast --noassert, single-threaded, replayed\n" +
		"by a harness that times only its simulation loop) and in Icarus Verilog (fewer\n" +
		"cycles: it is slow), and prints the cycles per second of each, Verilator's build\n" +
		"time (from an empty cache), rtlsim's time from the description to the first\n" +
		"simulated cycle, and the ratios. Every simulator hashes its outputs; a hash\n" +
		"that differs from rtlsim's is a failure. Simulators not installed are skipped.\n\n" +
		"Each cycle the driver pokes every input, then reads the outputs in the shape\n" +
		"--shape names: testbench reads the handshake outputs (*_ready, *_valid) before\n" +
		"the clock edge and the result data after it, as cocotb, chiseltest and\n" +
		"systole's testbench do; before-edge reads every output before the edge. With\n" +
		"both (the default) every simulator but Icarus runs in each shape and the\n" +
		"figures of both are printed, testbench first. Icarus reads before the edge.\n\n" +
		"It also runs rtlsim's compiled mode, rtlsim-go: the compiled design written\n" +
		"as Go (rtlsim.WriteGo) and built with go build, timed from the description\n" +
		"to its first cycle with the build (needs go on PATH; --no-go skips it).\n\n" +
		"With --lanes L > 1 it also runs L independent lanes in one batched rtlsim\n" +
		"(rtlsim.Batch), lane l on the traffic of seed+l, driven through the batch's\n" +
		"own API (per cycle one Batch.PokeLanes per input and one PeekWordsLanes per\n" +
		"output read, for all lanes), and prints its lane-cycles per second against\n" +
		"Verilator's cycles per second; lane 0 must hash as the single-lane run.\n" +
		"Every lane's traffic is held in memory: L*N rows. The same\n" +
		"lanes then run through testbench.RunLanes, each lane a testbench coroutine\n" +
		"driving its lane's Backend as the regression and the sweep drive lanes; the\n" +
		"RunLanes line and column give its lane-cycles per second and per CPU-second,\n" +
		"its ratio to the bare batch (the coroutines' cost) and to Verilator; every\n" +
		"lane must hash as the batch's lane (JSON: testbench_run_lanes, run_lanes_*).\n\n" +
		"With --elab it measures the generator instead: description to emitted Verilog\n" +
		"time and peak memory for n×n arrays of each size, each in a process of its own;\n" +
		"and, in another process per size, the peak memory of elaborating the core,\n" +
		"compiling it (rtlsim.Compile) and simulating --sim-cycles cycles of the traffic\n" +
		"above, with that run's compile time and cycles per second."
}

func (b *benchCmd) Run(e *env) error {
	c := b.config()
	if b.ElabChild {
		r, err := bench.ElabOne(c)
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, r)
	}
	if b.SimChild {
		r, err := bench.SimOne(c, b.SimCycles)
		if err != nil {
			return err
		}
		return writeJSON(e.stdout, r)
	}
	// The JSON file is checked before the run, which can take minutes,
	// and written after it.
	out, jsonFile, err := optionalOutput(b.JSON, b.Force)
	if err != nil {
		return err
	}
	defer out.Abort() // a no-op once committed
	if b.Elab {
		ns, err := parseSizes(b.Sizes)
		if err != nil {
			return usagef("--sizes: %v", err)
		}
		if b.SimCycles < 0 {
			return usagef("--sim-cycles %d: want 0 or more", b.SimCycles)
		}
		if err := benchElab(c, ns, b.SimCycles, jsonFile, e.stdout); err != nil {
			return err
		}
		return fileError(out.Commit())
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if b.Cycles < 2 {
		return usagef("--cycles %d: want at least 2", b.Cycles)
	}
	if b.Lanes < 1 {
		return usagef("--lanes %d: want at least 1", b.Lanes)
	}
	if err := limits.Traffic.Check("--cycles × --lanes", limits.Mul(int64(b.Cycles), int64(b.Lanes))); err != nil {
		return usageError{err.Error()}
	}
	if b.IcarusCycles < 1 {
		return usagef("--icarus-cycles %d: want at least 1 (--no-icarus skips Icarus)", b.IcarusCycles)
	}
	shapes := bench.Shapes
	if b.Shape != "both" {
		sh, err := bench.ParseShape(b.Shape)
		if err != nil {
			return usagef("--shape: %v", err)
		}
		shapes = []bench.Shape{sh}
	}
	res, err := bench.Run(context.Background(), bench.Options{Core: c, Cycles: b.Cycles, IcarusCycles: b.IcarusCycles,
		Lanes: b.Lanes, Seed: b.Seed, Shapes: shapes, SkipVerilator: b.NoVerilator, SkipIcarus: b.NoIcarus, SkipGo: b.NoGo, Log: e.stderr})
	if res != nil {
		printBench(e.stdout, res)
		if jsonFile != nil {
			if werr := writeJSONTo(jsonFile, res); werr != nil {
				return werr
			}
			if werr := out.Commit(); werr != nil {
				return fileError(werr)
			}
		}
	}
	return err
}

func parseSizes(s string) ([]int, error) {
	var ns []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 256 {
			return nil, fmt.Errorf("%q: want sizes 1..256 separated by commas", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}

// writeJSONTo writes v as indented JSON to w, stamped with a first field
// "generator": "systole bench", by which a later run knows the file as its
// own.
func writeJSONTo(w io.Writer, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if len(data) > 2 && data[0] == '{' {
		data = append([]byte("{\n  \"generator\": \"systole bench\",\n"), data[2:]...)
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func printBench(w io.Writer, r *bench.Result) {
	fmt.Fprintf(w, "%s, %d cycles, %d lanes, seed %d, %s shape\n", r.Top, r.Cycles, r.Lanes, r.Seed, r.Shape)
	fmt.Fprintf(w, "machine: %s, %d CPUs, %s\n", r.Machine.CPU, r.Machine.NProc, r.Machine.Go)
	fmt.Fprintf(w, "  rtlsim     %12.0f cycles/s  first cycle %.3fs after the description (elaborate %.3fs, compile %.3fs), %d instructions  %.0f cycles/CPU-s\n",
		r.RTLSim.CyclesPerSec, r.RTLSim.FirstCycle, r.RTLSim.Elaborate, r.RTLSim.Compile, r.RTLSim.Instrs, r.RTLSim.CyclesPerCPUSec)
	if b := r.Batch; b != nil {
		fmt.Fprintf(w, "  rtlsim x%-3d %11.0f lane-cycles/s  %d lanes (seeds %d..%d), compile %.3fs  lane 0 hash %s  %.0f lane-cycles/CPU-s (%s CPU time, workers: %d)\n",
			b.Lanes, b.LaneCyclesPerSec, b.Lanes, r.Seed, r.Seed+uint64(b.Lanes)-1, b.Compile, match(b.Lane0Match), b.LaneCyclesPerCPUSec, b.CPUClock, b.Workers)
	}
	if l := r.RunLanes; l != nil {
		fmt.Fprintf(w, "  RunLanes   %12.0f lane-cycles/s  the batch's lanes as testbench.RunLanes coroutines: %.3fx the batch  lane 0 hash %s, lanes %s  %.0f lane-cycles/CPU-s (%.3fx)\n",
			l.LaneCyclesPerSec, l.OverBatch, match(l.Lane0Match), matchBatch(l.LanesMatchBatch), l.LaneCyclesPerCPUSec, l.OverBatchCPU)
	}
	if v := r.Go; v != nil {
		fmt.Fprintf(w, "  rtlsim-go  %12.0f cycles/s  first cycle %.2fs after the description (WriteGo and go build included)  hash %s%s\n",
			v.CyclesPerSec, v.Build, match(v.Match), perCPU(v))
	}
	if v := r.Verilator; v != nil {
		fmt.Fprintf(w, "  verilator  %12.0f cycles/s  build %.1fs (-O3, empty cache)  hash %s%s\n", v.CyclesPerSec, v.Build, match(v.Match), perCPU(v))
	}
	if v := r.Icarus; v != nil {
		fmt.Fprintf(w, "  icarus     %12.0f cycles/s  compile %.2fs, %d cycles  hash %s%s\n", v.CyclesPerSec, v.Build, v.Cycles, match(v.Match), perCPU(v))
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "  skipped    %s\n", s)
	}
	if r.Verilator != nil {
		fmt.Fprintf(w, "rtlsim / verilator: %.3fx cycles/s; verilator build / rtlsim first cycle: %.0fx%s\n", r.VsVerilator, r.BuildOverFirstCy, cpuRatio(r.VsVerilatorCPU))
	}
	if r.Verilator != nil && r.Go != nil {
		fmt.Fprintf(w, "rtlsim-go / verilator: %.3fx cycles/s; verilator build / rtlsim-go first cycle: %.0fx%s\n", r.GoVsVerilator, r.GoBuildOverFirstCy, cpuRatio(r.GoVsVerilatorCPU))
	}
	if r.Verilator != nil && r.Batch != nil {
		fmt.Fprintf(w, "rtlsim %d lanes / verilator: %.2fx (lane-cycles/s over cycles/s)%s\n", r.Batch.Lanes, r.BatchVsVerilator, cpuRatio(r.BatchVsVerilatorCPU))
	}
	if r.Verilator != nil && r.RunLanes != nil {
		fmt.Fprintf(w, "RunLanes %d lanes / verilator: %.2fx (lane-cycles/s over cycles/s)%s\n", r.RunLanes.Lanes, r.LanesVsVerilator, cpuRatio(r.LanesVsVerilatorCPU))
	}
	if r.Icarus != nil {
		fmt.Fprintf(w, "rtlsim / icarus: %.1fx cycles/s (icarus reads before the edge)%s\n", r.VsIcarus, cpuRatio(r.VsIcarusCPU))
	}
	shapeTable(w, "cycles/s", r.Shapes, func(s bench.ShapeRates) [9]float64 {
		return [9]float64{s.RTLSim, s.VsVerilator, s.Go, s.GoVsVerilator, s.Batch, s.BatchVsVerilator, s.Lanes, s.LanesVsVerilator, s.Verilator}
	})
	shapeTable(w, "cycles/CPU-s", r.Shapes, func(s bench.ShapeRates) [9]float64 {
		return [9]float64{s.RTLSimCPU, s.VsVerilatorCPU, s.GoCPU, s.GoVsVerilatorCPU, s.BatchCPU, s.BatchVsVerilatorCPU, s.LanesCPU, s.LanesVsVerilatorCPU, s.VerilatorCPU}
	})
	fmt.Fprintf(w, "CPU time: %s\n", cpuClockNote(r))
}

// shapeTable prints one table of the rates by shape: rtlsim, rtlsim-go,
// the batch, RunLanes and Verilator, each rate but Verilator's followed by
// its ratio over Verilator's; a simulator that did not run (a rate or
// ratio of 0) shows as "-".
func shapeTable(w io.Writer, unit string, shapes []bench.ShapeRates, row func(bench.ShapeRates) [9]float64) {
	fmt.Fprintf(w, "by shape (%s; x: over verilator):\n", unit)
	fmt.Fprintf(w, "  %-12s %12s %8s %12s %8s %14s %8s %14s %8s %12s\n", "shape", "rtlsim", "x", "rtlsim-go", "x", "batch lane-c/s", "x", "RunLanes", "x", "verilator")
	widths := [9]int{12, 8, 12, 8, 14, 8, 14, 8, 12}
	for _, s := range shapes {
		fmt.Fprintf(w, "  %-12s", s.Shape)
		for i, x := range row(s) {
			cell := "-"
			switch {
			case x == 0:
			case i%2 == 1 && i < 8: // a ratio
				cell = fmt.Sprintf("%.3f", x)
			default:
				cell = fmt.Sprintf("%.0f", x)
			}
			fmt.Fprintf(w, " %*s", widths[i], cell)
		}
		fmt.Fprintln(w)
	}
}

// perCPU returns a tool's rate per CPU-second for its line of the report.
func perCPU(v *bench.ToolResult) string {
	if v.CyclesPerCPUSec == 0 {
		return "  (no thread CPU clock)"
	}
	return fmt.Sprintf("  %.0f cycles/CPU-s", v.CyclesPerCPUSec)
}

// cpuRatio returns a ratio of rates per CPU-second for the report.
func cpuRatio(x float64) string {
	if x == 0 {
		return ""
	}
	return fmt.Sprintf("; per CPU-s: %.3fx", x)
}

// cpuClockNote says how the report's CPU times were measured.
func cpuClockNote(r *bench.Result) string {
	var b strings.Builder
	if r.CPUClock == bench.ClockWall {
		b.WriteString("this system has no thread CPU clock: rtlsim's CPU figures are wall-clock time")
	} else {
		b.WriteString("rtlsim's and rtlsim-go's are the thread CPU time of the simulating thread, verilator's its harness's (CLOCK_THREAD_CPUTIME_ID), icarus's the vvp process's")
	}
	if bt := r.Batch; bt != nil {
		switch bt.CPUClock {
		case bench.ClockProcess:
			fmt.Fprintf(&b, "; the batch's is the whole process's (%d workers)", bt.Workers)
		case bench.ClockThread:
			b.WriteString("; the batch's the thread's (1 worker)")
		}
	}
	if l := r.RunLanes; l != nil {
		fmt.Fprintf(&b, "; RunLanes' the %s's (its coroutines run on the measuring thread)", l.CPUClock)
	}
	return b.String()
}

func matchBatch(ok bool) string {
	if ok {
		return "match the batch's"
	}
	return "DIFFER from the batch's"
}

func match(ok bool) string {
	if ok {
		return "matches rtlsim"
	}
	return "DIFFERS from rtlsim"
}

func benchElab(c systolic.Config, sizes []int, simCycles int, jsonFile io.Writer, stdout io.Writer) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	command := func(ctx context.Context, c systolic.Config, args ...string) *exec.Cmd {
		return exec.CommandContext(ctx, exe, append(append([]string{"bench"}, args...),
			"--rows", strconv.Itoa(c.Rows), "--cols", strconv.Itoa(c.Cols),
			"--in-width", strconv.Itoa(c.InWidth), "--acc-width", strconv.Itoa(c.AccWidth),
			"--signed="+strconv.FormatBool(c.Signed), "--dataflow", string(c.Dataflow), "--top", c.Top,
			"--format", cmp.Or(c.Format, systolic.Int))...)
	}
	child := func(ctx context.Context, c systolic.Config) *exec.Cmd { return command(ctx, c, "--elab-child") }
	var sim func(ctx context.Context, c systolic.Config) *exec.Cmd
	if simCycles > 0 {
		sim = func(ctx context.Context, c systolic.Config) *exec.Cmd {
			return command(ctx, c, "--sim-child", "--sim-cycles", strconv.Itoa(simCycles))
		}
	}
	fmt.Fprintf(stdout, "%-9s %10s %10s %10s %10s %12s %14s", "array", "total_s", "elab_s", "emit_s", "peak_MiB", "us_per_PE", "verilog_bytes")
	if sim != nil {
		fmt.Fprintf(stdout, " %14s %13s %12s", "sim_peak_MiB", "sim_compile_s", "sim_cycles/s")
	}
	fmt.Fprintln(stdout)
	var all []bench.ElabResult
	for _, n := range sizes {
		rs, err := bench.Elab(context.Background(), c, []int{n}, child, sim)
		if err != nil {
			return err
		}
		r := rs[0]
		all = append(all, r)
		fmt.Fprintf(stdout, "%-9s %10.3f %10.3f %10.3f %10.1f %12.2f %14d", fmt.Sprintf("%dx%d", r.Rows, r.Cols),
			r.Seconds, r.Elaborate, r.Emit, r.PeakMiB, r.PerPEMicros, r.VerilogBytes)
		if s := r.Sim; s != nil {
			fmt.Fprintf(stdout, " %14.1f %13.3f %12.0f", s.PeakMiB, s.Compile, s.CyclesPerSec)
		}
		fmt.Fprintln(stdout)
	}
	if jsonFile != nil {
		if err := writeJSONTo(jsonFile, struct {
			Machine bench.Machine      `json:"machine"`
			Elab    []bench.ElabResult `json:"elab"`
		}{bench.ThisMachine(), all}); err != nil {
			return err
		}
	}
	return nil
}
