package rtlsim

import "github.com/systole-hdl/systole/netlist"

// checkEdge checks the properties of every lane before the edge about to
// be taken, as Sim.checkEdge does for one: a failure in any lane stops
// the whole batch, and Err and Failure name the lane. It works property by
// property over the rows of a tile: first the assertions and assumptions,
// to find the first failing lane (and its first failing property), then
// the covers of the lanes up to it, which is what checking the lanes one
// after another, stopping at the first that fails, counts.
func (b *Batch) checkEdge() bool {
	if b.failure != nil {
		return false
	}
	props := b.s.props
	if len(props) == 0 {
		return true
	}
	if b.hits == nil {
		b.hits = make([][]uint64, b.lanes)
		for l := range b.hits {
			b.hits[l] = make([]uint64, len(b.s.coverHits))
		}
	}
	failLane, failProp := b.lanes, -1
	// on[j]: lane j is checked (enabled, out of reset); cond[j]: the
	// condition
	var on, cond, x [maxTileLanes]uint64
	for _, covers := range []bool{false, true} {
		for t := range b.tiles {
			tl := b.tileOf(t)
			n := min(b.tile, b.lanes-t*b.tile, failLane+1-t*b.tile)
			if n <= 0 {
				continue
			}
			for i := range props {
				p := &props[i]
				if (p.kind == netlist.Cover) != covers {
					continue
				}
				for j := range n {
					on[j] = 1
				}
				if p.en >= 0 {
					tl.rowOf(uint32(p.en)).load(x[:n])
					for j, v := range x[:n] {
						on[j] &= b2u(v != 0)
					}
				}
				if p.rst >= 0 {
					tl.rowOf(uint32(p.rst)).load(x[:n])
					for j, v := range x[:n] {
						on[j] &= b2u(v == 0)
					}
				}
				tl.rowOf(uint32(p.cond)).load(cond[:n])
				l0 := t * b.tile
				if covers {
					for j, c := range cond[:n] {
						b.hits[l0+j][p.cover] += c * on[j]
					}
					continue
				}
				for j, c := range cond[:n] {
					if l := l0 + j; on[j] != 0 && c == 0 && (l < failLane || l == failLane && i < failProp) {
						failLane, failProp = l, i
					}
				}
			}
		}
	}
	if failProp < 0 {
		return true
	}
	b.failure = &AssertionError{PropInfo: b.s.propInfo[props[failProp].info], Cycle: b.cycle, Lane: failLane}
	b.s.fail(b.failure)
	return false
}

// Properties returns every property of the design, as Sim.Properties.
func (b *Batch) Properties() []PropInfo { return b.s.Properties() }

// CoversLane returns the cover counts of one lane, as Sim.Covers.
func (b *Batch) CoversLane(lane int) []CoverCount {
	if !b.okLane(lane, "CoversLane") {
		return nil
	}
	hits := make([]uint64, len(b.s.coverHits))
	if b.hits != nil {
		hits = b.hits[lane]
	}
	return covers(b.s.props, b.s.propInfo, hits)
}

// Failure returns the assertion or assumption that stopped the batch (its
// Lane says in which lane), or nil.
func (b *Batch) Failure() *AssertionError { return b.failure }
