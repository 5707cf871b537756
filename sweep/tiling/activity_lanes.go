package tiling

import (
	"math/bits"

	"github.com/systole-hdl/systole/testbench"
)

// This file counts the activity of every lane of a batch at once: the
// Probe of a testbench.RunLanesProbe run reads each enable net of the
// plan in every lane before every edge (one Batch.PeekLanes a net, not
// one Peek a lane), and tallies, per lane, the edges on which each net was
// 1. A lane's GEMM takes its counts from the tallies: the edges since it
// began, times the plan's weights. The sums are the ones activityCounter
// adds edge by edge, so the counts are the same, bit for bit.

// counter counts one GEMM's activity on a bench: begin before its first
// cycle, end after its last.
type counter interface {
	begin(b *testbench.Bench)
	end() Activity
}

// benchCounter counts with an activityCounter on the GEMM's bench.
type benchCounter struct {
	plan *activityPlan
	k    *activityCounter
}

func (c *benchCounter) begin(b *testbench.Bench) { c.k = newActivityCounter(b, c.plan) }
func (c *benchCounter) end() Activity            { return c.k.a }

// laneActivity tallies the enables of every lane of a batch.
type laneActivity struct {
	plan  *activityPlan
	lanes int
	edges int64   // edges probed
	on    []int64 // on[i*lanes+l]: edges on which plan.nets[i] was 1 in lane l
	macs  []int64 // by lane: MACs of the plan's macGroups
	start []int64 // by lane: edges when its count began
	// masks[i*words+w] are the lanes 64w.. in which net i is 1 on this
	// edge, for the nets of a macGroup (grouped[i]).
	grouped []bool
	masks   []uint64
	words   int
}

func newLaneActivity(plan *activityPlan, lanes int) *laneActivity {
	k := &laneActivity{
		plan: plan, lanes: lanes, words: (lanes + 63) / 64,
		on: make([]int64, len(plan.nets)*lanes), macs: make([]int64, lanes), start: make([]int64, lanes),
		grouped: make([]bool, len(plan.nets)),
	}
	for _, g := range plan.macs {
		for _, i := range g.nets {
			k.grouped[i] = true
		}
	}
	k.masks = make([]uint64, len(plan.nets)*k.words)
	return k
}

// probe returns the Probe that feeds k.
func (k *laneActivity) probe() testbench.Probe {
	return testbench.Probe{Nets: k.plan.nets, Edge: k.edge}
}

// edge tallies one edge of every lane.
func (k *laneActivity) edge(peek func(i int) []uint64) {
	k.edges++
	L := k.lanes
	for i := range k.plan.nets {
		v := peek(i)[:L]
		row := k.on[i*L : i*L+L]
		for l, x := range v {
			row[l] += int64(x & 1)
		}
		if k.grouped[i] {
			m := k.masks[i*k.words : (i+1)*k.words]
			clear(m)
			for l, x := range v {
				m[l/64] |= (x & 1) << (l % 64)
			}
		}
	}
	for _, g := range k.plan.macs {
		for w := range k.words {
			var m uint64
			for _, i := range g.nets {
				m |= k.masks[i*k.words+w]
			}
			for ; m != 0; m &= m - 1 {
				k.macs[w*64+bits.TrailingZeros64(m)]++
			}
		}
	}
}

// begin starts lane l's count afresh.
func (k *laneActivity) begin(l int) {
	for i := range k.plan.nets {
		k.on[i*k.lanes+l] = 0
	}
	k.macs[l] = 0
	k.start[l] = k.edges
}

// end returns lane l's activity since its begin.
func (k *laneActivity) end(l int) Activity {
	p, e := k.plan, k.edges-k.start[l]
	a := Activity{
		Edges:    e,
		RegBits:  e * p.alwaysRegBits,
		MACs:     e*p.alwaysMACs + k.macs[l],
		MemReads: e * p.alwaysReadBits,
		AccReads: e * p.alwaysAccReads,
	}
	for i := range p.nets {
		n := k.on[i*k.lanes+l]
		a.RegBits += n * p.regBits[i]
		a.MemReads += n * p.readBits[i]
		a.MemWrites += n * p.writeBits[i]
		a.AccReads += n * p.accReads[i]
		a.AccWrites += n * p.accWrites[i]
	}
	return a
}

// laneCounter is lane l's counter of k.
type laneCounter struct {
	k *laneActivity
	l int
}

func (c laneCounter) begin(*testbench.Bench) { c.k.begin(c.l) }
func (c laneCounter) end() Activity          { return c.k.end(c.l) }
