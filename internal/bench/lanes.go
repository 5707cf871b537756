package bench

import (
	"errors"
	"fmt"
	"time"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// LanesResult is the part of a Result measured through
// testbench.RunLanes: the batch's lanes and traffic, each lane a testbench
// (a coroutine of its own) driving its lane's Backend with the protocol of
// Runner, as the regression and the sweep drive lanes. Its rates less the
// bare batch's (BatchResult, the Batch's own Poke/Peek/Step) are the cost
// of RunLanes' coroutines and of the Backend's per-call checks.
type LanesResult struct {
	Lanes int `json:"lanes"`
	// Seconds and CPUSeconds time cycles 1 to Cycles-1 (lane 0's test
	// marks the start when it begins cycle 1, as the batch's timed run
	// starts after cycle 0); the compile of the batch and the coroutines'
	// start are left out, the lanes' last peeks and ends are in.
	Seconds          float64 `json:"run_s"`
	LaneCyclesPerSec float64 `json:"lane_cycles_per_s"`
	// CPUClock is the clock of CPUSeconds: the thread's (ClockThread; the
	// coroutines run on the locked thread of their caller) with one batch
	// worker, the process's with more.
	CPUClock            string  `json:"cpu_clock"`
	CPUSeconds          float64 `json:"cpu_s"`
	LaneCyclesPerCPUSec float64 `json:"lane_cycles_per_cpu_s"`
	// Lane0Match: lane 0 hashes as the single-lane run; LanesMatchBatch:
	// every lane hashes as the same lane of the bare batch.
	Lane0Match      bool `json:"lane0_matches_rtlsim"`
	LanesMatchBatch bool `json:"lanes_match_batch"`
	// OverBatch and OverBatchCPU are the rates over the bare batch's (per
	// second and per CPU-second): below 1 by the coroutines' cost.
	OverBatch    float64 `json:"over_batch"`
	OverBatchCPU float64 `json:"over_batch_cpu"`
}

// runLanes runs the lanes' traffic ts through testbench.RunLanes
// on d, reading the outputs in shape, and returns the figures and every
// lane's output hash. Its CPU clock is a process clock when process is
// set (the batch runs several workers).
func runLanes(d *netlist.Design, spec vsim.Spec, ts *LaneTraffic, shape Shape, process bool) (*LanesResult, []uint64, error) {
	if ts.Lanes < 2 {
		return nil, nil, fmt.Errorf("bench: RunLanes of %d lanes: want at least 2", ts.Lanes)
	}
	cycles := ts.Cycles
	after := shape.After(spec.Outputs)
	hashes := make([]uint64, ts.Lanes)
	var (
		cpu  *cpuClock
		wall time.Time
	)
	test := func(tb *testbench.Bench) error {
		l := int(tb.Seed())
		be := tb.Backend()
		ins := make([]testbench.Port, len(spec.Inputs))
		outs := make([]testbench.Port, len(spec.Outputs))
		for i, p := range spec.Inputs {
			ins[i] = tb.Port(p.Name)
		}
		for o, p := range spec.Outputs {
			outs[o] = tb.Port(p.Name)
		}
		if err := tb.Err(); err != nil {
			return err
		}
		h := vsim.HashSeed
		var w []uint64
		hash := func(post bool) {
			for o, p := range outs {
				if after[o] != post {
					continue
				}
				if p.Width <= 64 {
					h = vsim.HashWord(h, be.PeekUint64(p))
					continue
				}
				v := be.Peek(p)
				for k := range bits.Words(v.Width()) {
					h = vsim.HashWord(h, v.Word(k))
				}
			}
		}
		for c := range cycles {
			if c == 1 && l == 0 {
				cpu.mark()
				wall = time.Now()
			}
			for i, p := range ins {
				if w = ts.Lane(w[:0], c, i, l); len(w) == 1 {
					be.PokeUint64(p, w[0])
				} else {
					be.Poke(p, bits.FromWords(p.Width, w))
				}
			}
			hash(false)
			be.Step()
			hash(true)
		}
		hashes[l] = h
		return be.Err()
	}
	seeds := make([]uint64, ts.Lanes)
	for l := range seeds {
		seeds[l] = uint64(l)
	}
	cpu = startCPU(process)
	wall = time.Now()
	errs, err := testbench.RunLanes(d, testbench.SeedLanes(test, seeds...))
	sec := since(wall)
	cpuSec := cpu.stop()
	if err != nil {
		return nil, nil, fmt.Errorf("bench: %w", err)
	}
	for l, e := range errs {
		if e != nil {
			errs[l] = fmt.Errorf("lane %d: %w", l, e)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, nil, fmt.Errorf("bench: RunLanes: %w", err)
	}
	n := ts.Lanes * (cycles - 1)
	return &LanesResult{Lanes: ts.Lanes, Seconds: sec, LaneCyclesPerSec: perSec(n, sec),
		CPUClock: cpu.kind, CPUSeconds: cpuSec, LaneCyclesPerCPUSec: perSec(n, cpuSec)}, hashes, nil
}
