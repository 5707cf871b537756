package rtlsim

import (
	"encoding/binary"

	"github.com/systole-hdl/systole/netlist"
)

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
		b.hits = make([]uint64, len(b.s.coverHits)*b.lanes)
	}
	failLane, failProp := b.lanes, -1
	// on[j]: lane j is checked (enabled, out of reset); cond[j]: the
	// condition
	var on, cond [maxTileLanes]uint64
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
				// most cycles no lane fails an assertion or hits a
				// cover: test that eight lanes a load first
				if none, ok := tl.noneFire(p, n, covers); ok && none {
					continue
				}
				for j := range n {
					on[j] = 1
				}
				if p.en >= 0 {
					tl.rowOf(uint32(p.en)).andTest(on[:n], true)
				}
				if p.rst >= 0 {
					tl.rowOf(uint32(p.rst)).andTest(on[:n], false)
				}
				tl.rowOf(uint32(p.cond)).load(cond[:n])
				l0 := t * b.tile
				if covers {
					hits := b.hits[p.cover*b.lanes+l0:][:n]
					for j, c := range cond[:n] {
						hits[j] += c * on[j]
					}
					continue
				}
				// most cycles no lane fails: test that without branches
				var bad uint64
				for j, c := range cond[:n] {
					bad |= on[j] & b2u(c == 0)
				}
				if bad == 0 {
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
		for c := range hits {
			hits[c] = b.hits[c*b.lanes+lane]
		}
	}
	return covers(b.s.props, b.s.propInfo, hits)
}

// Failure returns the assertion or assumption that stopped the batch (its
// Lane says in which lane), or nil.
func (b *Batch) Failure() *AssertionError { return b.failure }

// noneFire reports, for property p over the first n lanes of the tile,
// whether no lane is checked (enabled, out of reset) with its condition
// false (hit: true) — or, for hit, with it true: the property neither
// fails nor counts a cover in any of them. It answers (ok) only when p's
// rows are all on the 8-bit plane, testing eight lanes a 64-bit load
// (nz: a byte's top bit when the byte is nonzero, exactly).
func (tl *laneTile) noneFire(p *simProp, n int, hit bool) (none, ok bool) {
	const lo7, hi = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	row := func(off int64) []uint8 {
		if off < 0 {
			return nil
		}
		c := tl.loc[off]
		if c.class() != cls8 {
			return nil
		}
		i := int(c.row()) * tl.lanes
		return tl.P8[i : i+n : i+n]
	}
	cond, en, rst := row(p.cond), row(p.en), row(p.rst)
	if cond == nil || p.en >= 0 && en == nil || p.rst >= 0 && rst == nil {
		return false, false
	}
	nz := func(r []uint8, j int) uint64 {
		x := binary.LittleEndian.Uint64(r[j:])
		return ((x & lo7) + lo7 | x) & hi
	}
	flip := uint64(hi) // a failure: cond zero
	if hit {
		flip = 0
	}
	var fire uint64
	j := 0
	for ; j+8 <= n; j += 8 {
		on := uint64(hi)
		if en != nil {
			on = nz(en, j)
		}
		if rst != nil {
			on &^= nz(rst, j)
		}
		fire |= on & (nz(cond, j) ^ flip)
	}
	for ; j < n; j++ {
		on := en == nil || en[j] != 0
		on = on && (rst == nil || rst[j] == 0)
		fire |= b2u(on && (cond[j] != 0) == hit)
	}
	return fire == 0, true
}

// andTest clears on[j] for the first len(on) lanes j whose word in the row
// is zero (with nonzero false: nonzero).
func (r laneRow) andTest(on []uint64, nonzero bool) {
	switch {
	case r.r8 != nil:
		andTest(on, r.r8, nonzero)
	case r.r64 != nil:
		andTest(on, r.r64, nonzero)
	default:
		andTest(on, r.r32, nonzero)
	}
}

// andTest is laneRow.andTest on one plane's row.
func andTest[T uint8 | uint32 | uint64](on []uint64, row []T, nonzero bool) {
	row = row[:len(on)]
	if nonzero {
		for j, v := range row {
			on[j] &= b2u(v != 0)
		}
		return
	}
	for j, v := range row {
		on[j] &= b2u(v == 0)
	}
}
