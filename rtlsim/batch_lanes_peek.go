package rtlsim

// PeekLanes stores the low 64 bits of the settled value of a net in every
// lane in dst[:Lanes()], lane l's at [l], and returns that slice; it
// allocates only when dst has less room than Lanes(). It settles as
// PeekUint64Lane does and returns what PeekUint64Lane of every lane would,
// in one call: a testbench that reads a net in every lane each cycle (the
// sweep's activity counter) pays a settle test and a row copy per net,
// not a call per lane. An invalid Handle is recorded as a misuse, and
// every lane reads 0.
func (b *Batch) PeekLanes(h Handle, dst []uint64) []uint64 {
	if cap(dst) < b.lanes {
		dst = make([]uint64, b.lanes)
	}
	dst = dst[:b.lanes]
	n, ok := b.net(h, "PeekLanes")
	if !ok {
		clear(dst)
		return dst
	}
	b.settleFor(n)
	for t := range b.tiles {
		lo, hi := b.tileSpan(t)
		tl := b.tileOf(t)
		tl.rowOf(n.off).load(dst[lo:hi])
	}
	return dst
}

// tileSpan returns the lanes of tile t, [lo, hi): all of its lanes but
// the padding of the last tile (every tile holds at least one lane).
func (b *Batch) tileSpan(t int) (lo, hi int) {
	lo = t * b.tile
	return lo, min(lo+b.tile, b.lanes)
}

// PeekWordsLanes stores the settled value of a net in every lane in
// dst[:w*Lanes()], for a net of w words (ceil(width/64)), in the layout
// PokeLanes takes: word k of lane l at [k*Lanes()+l], each word a row of
// every lane's value, the first row what PeekLanes returns. It returns
// that slice and allocates only when dst has less room. It settles as
// PeekWordsLane does and returns what PeekWordsLane of every lane would.
// An invalid Handle is recorded as a misuse and reads as no words.
func (b *Batch) PeekWordsLanes(h Handle, dst []uint64) []uint64 {
	n, ok := b.net(h, "PeekWordsLanes")
	if !ok {
		return dst[:0]
	}
	nw := int(nwords(n.width))
	if cap(dst) < nw*b.lanes {
		dst = make([]uint64, nw*b.lanes)
	}
	dst = dst[:nw*b.lanes]
	b.settleFor(n)
	for t := range b.tiles {
		lo, hi := b.tileSpan(t)
		tl := b.tileOf(t)
		for k := range nw {
			tl.rowOf(n.off + uint32(k)).load(dst[k*b.lanes+lo : k*b.lanes+hi])
		}
	}
	return dst
}
