package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
)

// ElabResult is the generator's cost for one array size: description
// (systolic.New) to emitted Verilog.
type ElabResult struct {
	Rows         int     `json:"rows"`
	Cols         int     `json:"cols"`
	Seconds      float64 `json:"seconds"`
	Elaborate    float64 `json:"elaborate_s"`
	Emit         float64 `json:"emit_s"`
	VerilogBytes int     `json:"verilog_bytes"`
	// PeakMiB is the peak resident memory of the process that did only
	// this size (0 where the OS does not report it).
	PeakMiB float64 `json:"peak_mib"`
	// PerPEMicros is Seconds per PE, in microseconds: flat when the time
	// grows linearly with rows*cols.
	PerPEMicros float64 `json:"us_per_pe"`
	// Sim is the simulator's cost for this size, when it was measured.
	Sim *SimResult `json:"sim,omitempty"`
}

// SimResult is what simulating one array size costs: a process that
// elaborates the core, compiles it with rtlsim.Compile and runs Cycles
// cycles of the bench traffic (NewTraffic, seed 1) with a Runner.
type SimResult struct {
	Cycles       int     `json:"cycles"`
	Compile      float64 `json:"compile_s"`
	Seconds      float64 `json:"run_s"`
	CyclesPerSec float64 `json:"cycles_per_s"`
	Instrs       int     `json:"instrs"`
	// PeakMiB is the peak resident memory of that process, elaboration
	// included (0 where the OS does not report it).
	PeakMiB float64 `json:"peak_mib"`
}

// ElabOne elaborates and emits the core c in this process.
func ElabOne(c systolic.Config) (ElabResult, error) {
	r := ElabResult{Rows: c.Rows, Cols: c.Cols}
	t0 := time.Now()
	g, err := systolic.New(c)
	if err != nil {
		return r, err
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		return r, err
	}
	t1 := time.Now()
	v, err := emit.Verilog(d)
	if err != nil {
		return r, err
	}
	r.Elaborate, r.Emit = t1.Sub(t0).Seconds(), since(t1)
	r.Seconds = r.Elaborate + r.Emit
	r.VerilogBytes = len(v)
	r.PerPEMicros = 1e6 * r.Seconds / float64(c.Rows*c.Cols)
	return r, nil
}

// SimOne elaborates the core c, compiles it and simulates cycles cycles of
// the bench traffic in this process.
func SimOne(c systolic.Config, cycles int) (SimResult, error) {
	r := SimResult{Cycles: cycles}
	if cycles < 1 {
		return r, fmt.Errorf("bench: cycles %d: want at least 1", cycles)
	}
	d, err := Elaborated(c)
	if err != nil {
		return r, err
	}
	spec := vsim.SpecOf(d)
	traffic := NewTraffic(spec.Inputs, cycles, 1)
	t0 := time.Now()
	run, err := NewRunner(d, spec, Testbench)
	if err != nil {
		return r, err
	}
	t1 := time.Now()
	run.Run(traffic, 0, cycles)
	r.Compile, r.Seconds = t1.Sub(t0).Seconds(), since(t1)
	if err := run.Err(); err != nil {
		return r, err
	}
	r.CyclesPerSec = float64(cycles) / r.Seconds
	r.Instrs = run.Sim.Instructions()
	return r, nil
}

// Elab runs ElabOne for every size n (an n×n array of c's other
// parameters) in a child process of its own, so each peak memory is that
// size's alone. child returns the command that runs ElabOne for one
// config and prints its ElabResult as JSON on stdout. When sim is not nil,
// each size also runs sim's command, which runs SimOne and prints its
// SimResult, in a process of its own, and the result goes to Sim.
func Elab(ctx context.Context, c systolic.Config, sizes []int, child, sim func(ctx context.Context, c systolic.Config) *exec.Cmd) ([]ElabResult, error) {
	var out []ElabResult
	for _, n := range sizes {
		cn := c
		cn.Rows, cn.Cols = n, n
		if err := cn.Validate(); err != nil {
			return out, err
		}
		var r ElabResult
		peak, err := runChild(child(ctx, cn), &r)
		if err != nil {
			return out, fmt.Errorf("bench: elaborating %dx%d: %w", n, n, err)
		}
		r.PeakMiB = peak
		if sim != nil {
			r.Sim = &SimResult{}
			peak, err := runChild(sim(ctx, cn), r.Sim)
			if err != nil {
				return out, fmt.Errorf("bench: simulating %dx%d: %w", n, n, err)
			}
			r.Sim.PeakMiB = peak
		}
		out = append(out, r)
	}
	return out, nil
}

// runChild runs cmd, decodes the JSON it prints into v and returns the
// peak resident memory of its process.
func runChild(cmd *exec.Cmd, v any) (peak float64, err error) {
	data, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			err = fmt.Errorf("%w: %s", err, ee.Stderr)
		}
		return 0, err
	}
	if err := json.Unmarshal(data, v); err != nil {
		return 0, err
	}
	return peakMiB(cmd), nil
}
