package sweep

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// This file simulates the GEMMs of one point: they share the compiled
// core, so GEMMs of similar length run together as the lanes of one rtlsim
// batch (testbench.RunLanes), each seeing exactly what it would see alone.
// A batch takes its edges until its longest lane is done, and a cycle of a
// batch costs more than a cycle of a single-lane simulation, so lanes pay
// only in numbers and of similar lengths; laneCost says how much.

// laneCost is the time of one cycle of an rtlsim batch of l lanes of a
// core, in cycles of a single-lane simulation of the same core:
// BenchmarkLaneCost measured 2.3-2.7 for 1 lane, 2.8-3.0 for 2, 3.8-4.2
// for 4 and 8.9-10.2 for 16 on the 4×4, 8×8 and 16×16 ws cores (Go 1.26,
// rtlsim as of this file), so that a batch is cheaper than its lanes alone
// from 4 lanes of equal length on. Refit it when rtlsim's Batch changes.
func laneCost(l int) float64 { return 2 + 0.45*float64(l) }

// maxAutoLanes bounds the lanes of a batch that the cost model forms (the
// state of more lanes leaves the cache).
const maxAutoLanes = 64

// laneGroups partitions the GEMMs, given their lengths in cycles, into the
// groups simulated together, each a list of indices into cycles. With
// maxLanes 1 every GEMM is alone; with maxLanes > 1 GEMMs of similar
// length go together, up to maxLanes a group; with 0 the groups are those
// the cost model (laneCost) deems fastest, a GEMM alone costing its
// cycles.
func laneGroups(cycles []int, maxLanes int) [][]int {
	order := make([]int, len(cycles))
	for i := range order {
		order[i] = i
	}
	// Longest first: a group of consecutive GEMMs costs its first one's
	// cycles times the lane cost.
	slices.SortStableFunc(order, func(a, b int) int { return cycles[b] - cycles[a] })
	n := len(order)
	var cuts []int // group k is order[cuts[k]:cuts[k+1]]
	switch {
	case maxLanes == 1:
		for i := range n + 1 {
			cuts = append(cuts, i)
		}
	case maxLanes > 1:
		for i := 0; i < n; i += maxLanes {
			cuts = append(cuts, i)
		}
		cuts = append(cuts, n)
	default:
		cost := func(i, j int) float64 { // order[i:j] as one group
			c := float64(max(cycles[order[i]], 1))
			if j-i == 1 {
				return c
			}
			return c * laneCost(j-i)
		}
		best, from := make([]float64, n+1), make([]int, n+1)
		for j := 1; j <= n; j++ {
			best[j] = math.Inf(1)
			for i := j - 1; i >= max(0, j-maxAutoLanes); i-- {
				if c := best[i] + cost(i, j); c < best[j] {
					best[j], from[j] = c, i
				}
			}
		}
		for j := n; j > 0; j = from[j] {
			cuts = append(cuts, j)
		}
		cuts = append(cuts, 0)
		slices.Reverse(cuts)
	}
	groups := make([][]int, 0, len(cuts))
	for k := 0; k+1 < len(cuts); k++ {
		g := slices.Clone(order[cuts[k]:cuts[k+1]])
		slices.Sort(g)
		groups = append(groups, g)
	}
	return groups
}

// simulate runs every GEMM through the core d (elaborated from c), the
// GEMMs grouped into batches by laneGroups, and returns by GEMM what it
// measured, its error, and its wall time: from the start of its batch to
// its own end. The error is a compilation's.
func simulate(ctx context.Context, d *netlist.Design, c systolic.Config, gemms []GEMM, seed uint64, maxLanes int) (sims []Sim, errs []error, secs []float64, err error) {
	sims, errs, secs = make([]Sim, len(gemms)), make([]error, len(gemms)), make([]float64, len(gemms))
	cycles := make([]int, len(gemms))
	for i, g := range gemms {
		cycles[i], _ = FormulaCycles(c, g)
	}
	for _, group := range laneGroups(cycles, maxLanes) {
		t0 := time.Now()
		lanes := make([]testbench.Lane, len(group))
		for k, i := range group {
			lanes[k] = testbench.Lane{Seed: seed, Test: func(b *testbench.Bench) error {
				var err error
				sims[i], err = RunGEMM(ctx, b, c, gemms[i], seed)
				secs[i] = time.Since(t0).Seconds()
				return err
			}}
		}
		laneErrs, err := testbench.RunLanes(d, lanes)
		if err != nil {
			return nil, nil, nil, err
		}
		for k, i := range group {
			errs[i] = laneErrs[k]
		}
		if ctx.Err() != nil {
			break
		}
	}
	return sims, errs, secs, nil
}
