package rtlsim

// checkEdge checks the properties of every lane before the edge about to
// be taken, as Sim.checkEdge does for one: a failure in any lane stops
// the whole batch, and Err and Failure name the lane.
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
	if b.props == nil {
		// the props with their words' places in a tile instead of
		// state offsets: the offset on the plane, times 2, plus 1 on
		// the 64-bit plane
		at := func(off int64) int64 {
			if off < 0 {
				return -1
			}
			c := b.lay.loc[off]
			return int64(c.row())*int64(b.tile)*2 + int64(c&1)
		}
		for _, p := range props {
			p.cond, p.en, p.rst = at(p.cond), at(p.en), at(p.rst)
			b.props = append(b.props, p)
		}
	}
	for l := range b.lanes {
		b32, b64 := int64(b.laneAt[0][l]), int64(b.laneAt[1][l])
		p := checkProps(b.props, b.hits[l], func(x int64) uint64 {
			if x&1 != 0 {
				return b.p64[b64+x>>1]
			}
			return uint64(b.p32[b32+x>>1])
		})
		if p != nil {
			b.failure = &AssertionError{PropInfo: b.s.propInfo[p.info], Cycle: b.cycle, Lane: l}
			b.s.fail(b.failure)
			return false
		}
	}
	return true
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
