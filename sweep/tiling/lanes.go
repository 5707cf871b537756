package tiling

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// This file simulates the GEMMs of one point. They share the compiled
// core: L lanes of one rtlsim batch (testbench.RunLanesProbe, whose probe
// counts every lane's activity at once, see laneActivity; with one lane, a
// plain single-lane simulation) each take the next GEMM from a queue,
// longest first, whenever they finish one, so that the lanes stay busy
// until the queue runs dry. RunGEMM resets the core first, so a GEMM
// measures the same on any lane, after any other GEMM (the tests compare
// the rows of every lane count).
//
// A cycle of a batch costs more than a cycle of a single-lane simulation,
// so lanes pay only in numbers: laneCost says how much, and lanesFor picks
// the lane count.

// laneCost is the time of one cycle of l busy lanes of a batch, the
// testbench included, in cycles of one single-lane simulation of the same
// core. It fits BenchmarkLaneSweep (64 equal GEMMs on one point, in the
// process's CPU time; Go 1.26, rtlsim's Batch on lane-major planes of 8,
// 32 and 64 bits with SIMD kernels, every lane's activity counted at once by a probe of
// Batch.PeekLanes), whose whole runs on l lanes took these times over the
// run on one lane (mean of four runs interleaved with four of the previous
// counter, which read the enables lane by lane, on a machine shared with
// other jobs), and laneCost(l) = that ratio × l, fitted on the small
// cores (the 16×16 core gains more: its batch cycle is dearer, the
// testbench's share smaller):
//
//	lanes   4×4    8×8    16×16   laneCost   (per-lane counter: 4×4, 8×8, 16×16)
//	2       1.79   1.69   1.66    3.4        1.85   1.65   1.54
//	4       1.19   1.09   0.98    4.8        1.41   1.28   1.24
//	8       0.90   0.84   0.68    7.6        1.21   1.12   1.11
//	16      0.75   0.74   0.49    13.2       1.03   1.06   1.06
//	32      0.68   0.62   0.42    24.4       0.98   0.99   1.08
//	64      0.68   0.59   0.38    46.8       0.97   1.00   1.06
//
// So a lane-cycle costs 0.4-0.75 single-lane cycles from 16 lanes on, and
// lanesFor picks a batch for many GEMMs of similar lengths. In a 64-lane
// run of the 16×16 core (go test ./sweep -bench 'LaneSweep/16x16/lanes=64$'
// -cpuprofile) the lanes' testbenches (the driver's Drive and Sample
// through each lane's Backend, the coroutine switches of RunLanes) take a
// quarter of the CPU time, the probe's tally a fifth (two thirds of it
// PeekLanes), the Batch's edges a fifth; elaboration, compilation, the
// reference GEMMs and the garbage collector the rest.
// Refit laneCost when rtlsim's Batch or the sweep's testbench changes.
func laneCost(l int) float64 {
	if l == 1 {
		return 1 // a single-lane simulation
	}
	return 2 + 0.7*float64(l)
}

// laneMargin is how much faster than one lane the cost model must deem a
// batch for lanesFor to pick it: the model is a fit to noisy timings.
const laneMargin = 0.9

// maxAutoLanes bounds the lanes that lanesFor picks (the state of more
// lanes leaves the cache).
const maxAutoLanes = 64

// assign deals the GEMMs, given their lengths in cycles, to lanes: in
// queue order (longest first), each to the lane that is free first, lowest
// lane first on a tie, as Simulate's lanes take them if every GEMM takes
// its cycles. It returns the queue and each lane's total cycles.
func assign(cycles []int, lanes int) (queue []int, load []int) {
	queue = make([]int, len(cycles))
	for i := range queue {
		queue[i] = i
	}
	slices.SortStableFunc(queue, func(a, b int) int { return cycles[b] - cycles[a] })
	load = make([]int, lanes)
	for _, g := range queue {
		l := 0
		for k := range load {
			if load[k] < load[l] {
				l = k
			}
		}
		load[l] += max(cycles[g], 1)
	}
	return queue, load
}

// lanesFor returns the lanes to simulate GEMMs of the given lengths on:
// maxLanes, when positive, bounds it (1: one single-lane simulation); with
// 0 it is the count whose batch the cost model (cost, such as laneCost)
// deems fastest, when that is at least 1/laneMargin times faster than one
// lane.
func lanesFor(cycles []int, maxLanes int, cost func(lanes int) float64) int {
	n := len(cycles)
	if n == 0 {
		return 1
	}
	if maxLanes > 0 {
		return min(maxLanes, n)
	}
	time := func(l int) float64 {
		_, load := assign(cycles, l)
		return float64(slices.Max(load)) * cost(l)
	}
	one := time(1)
	best, bestTime := 1, laneMargin*one
	for l := 2; l <= min(n, maxAutoLanes); l++ {
		if t := time(l); t < bestTime {
			best, bestTime = l, t
		}
	}
	return best
}

// Simulate runs every GEMM through the core d (elaborated from c) with
// RunGEMM, counting the RTL's activity, on up to maxLanes lanes (see
// lanesFor: 0 lets the cost model choose) and returns by GEMM what it
// measured, its error, and its wall time. The error is the design's: its
// activity plan's or its compilation's.
func Simulate(ctx context.Context, d *netlist.Design, c systolic.Config, gemms []workload.GEMM, seed uint64, maxLanes int) (sims []Sim, errs []error, secs []float64, err error) {
	plan, err := planActivity(d)
	if err != nil {
		return nil, nil, nil, err
	}
	sims, errs, secs = make([]Sim, len(gemms)), make([]error, len(gemms)), make([]float64, len(gemms))
	cycles := make([]int, len(gemms))
	for i, g := range gemms {
		cycles[i], _ = FormulaCycles(c, g)
	}
	nl := lanesFor(cycles, maxLanes, laneCost)
	queue, _ := assign(cycles, nl)
	// The lanes run one at a time (see testbench.RunLanes): they share
	// the queue without a lock.
	next := 0
	ran := make([]bool, len(gemms))
	cur := make([]int, nl) // by lane: the GEMM in flight, or the last one run
	lanes := make([]testbench.Lane, nl)
	// On a batch, a probe counts every lane's activity at once.
	var shared *laneActivity
	if nl > 1 {
		shared = newLaneActivity(plan, nl)
	}
	for k := range lanes {
		cur[k] = -1
		var act counter = &benchCounter{plan: plan}
		if shared != nil {
			act = laneCounter{shared, k}
		}
		lanes[k] = testbench.Lane{Seed: seed, Test: func(b *testbench.Bench) error {
			for next < len(queue) && ctx.Err() == nil {
				i := queue[next]
				next++
				cur[k] = i
				t0 := time.Now()
				sims[i], errs[i] = runCounted(ctx, testbench.New(b.Backend(), seed), c, gemms[i], seed, act)
				secs[i] = time.Since(t0).Seconds()
				ran[i] = true
			}
			return nil
		}}
	}
	var laneErrs []error
	if shared != nil {
		laneErrs, err = testbench.RunLanesProbe(d, lanes, shared.probe())
	} else {
		laneErrs, err = testbench.RunLanes(d, lanes)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	// A lane's own error (a panic, or the backend's) belongs to the GEMM
	// it was running, or else to its last one.
	for k, e := range laneErrs {
		if i := cur[k]; e != nil && i >= 0 {
			errs[i] = errors.Join(errs[i], e)
			ran[i] = true
		}
	}
	for i := range gemms {
		if !ran[i] && errs[i] == nil && ctx.Err() == nil {
			errs[i] = errors.New("tiling: not simulated: every lane failed before it")
		}
	}
	return sims, errs, secs, nil
}
