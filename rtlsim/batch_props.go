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
	for l := range b.lanes {
		tl, j := b.tileOf(l/b.tile), l%b.tile
		p := checkProps(props, b.hits[l], func(off int64) uint64 { return tl.get(uint32(off), j) })
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
