package rtlsim

import "fmt"

// PokeLanes sets a top-level input in every lane from src, in the layout
// PeekLanes and PeekWordsLanes read: lane l's value of an input of at most
// 64 bits at src[l]; word k of lane l's value of a wider input at
// src[k*Lanes()+l] (little-endian words, each a row of Lanes() values, the
// first row the low words PeekLanes returns). It does what PokeWordsLane
// of every lane with that lane's words does, in one call: bits above the
// input's width are dropped, a src of fewer rows than the input has words
// sets the missing words to 0 (a row of Lanes() values pokes every lane's
// low word, as PokeUint64Lane), rows beyond them are ignored, and a change
// marks the input's cone for the next settle. It allocates nothing.
//
// Misuse changes nothing and is recorded for Err: a Handle that names no
// input, or the clock (as PokeWordsLane), and a src whose length is not a
// multiple of Lanes() (it would leave it unclear which lanes the values
// are for).
func (b *Batch) PokeLanes(h Handle, src []uint64) {
	n, ok := b.pokeable(h)
	if !ok {
		return
	}
	if len(src)%b.lanes != 0 {
		b.s.fail(fmt.Errorf("rtlsim: PokeLanes of %q: %d words for %d lanes: want whole rows, word k of lane l at [k*%d+l]",
			n.name, len(src), b.lanes, b.lanes))
		return
	}
	nw := nwords(n.width)
	rows := len(src) / b.lanes // the words src holds
	changed := false
	for t := range b.tiles {
		lo, hi := b.tileSpan(t)
		tl := b.tileOf(t)
		for k := range nw {
			mask := ^uint64(0)
			if k == nw-1 {
				mask = topMask(n.width)
			}
			var part []uint64 // nil: a missing word, 0
			if int(k) < rows {
				part = src[int(k)*b.lanes+lo : int(k)*b.lanes+hi]
			}
			if tl.rowOf(n.off+k).store(part, hi-lo, mask) {
				changed = true
			}
		}
	}
	if changed {
		b.inDirty = true
	}
}

// PokesReach reports whether Pokes can change the settled value of the
// net of h before the next edge: whether it is a top-level input, in the
// combinational cone of the inputs (or of a Go-modelled black box's
// outputs), or a net computed on demand (whose cone is not tracked, so it
// is reported). A net outside them (a register's output, logic of
// registers and constants alone) reads the same after any Pokes as before
// them: a testbench that holds its Pokes back until every lane has poked
// (testbench.RunLanes) may serve a read of it at once. The first call
// walks the program. An invalid Handle is recorded as a misuse and
// reported as reached.
func (b *Batch) PokesReach(h Handle) bool {
	n, ok := b.net(h, "PokesReach")
	if !ok {
		return true
	}
	if n.input || n.lazy {
		return true
	}
	if b.reach == nil {
		b.reach = b.s.coneWords()
	}
	return anyWord(b.reach, n.off, nwords(n.width))
}

// store sets the first m lanes of the row to src masked by mask (which
// fits the row's class), or to 0 when src is nil, and reports whether any
// lane's value changed.
func (r laneRow) store(src []uint64, m int, mask uint64) bool {
	switch {
	case r.r64 != nil:
		return storeRow(r.r64[:m], src, mask)
	case r.r8 != nil:
		return storeRow(r.r8[:m], src, mask)
	case r.r16 != nil:
		return storeRow(r.r16[:m], src, mask)
	case r.r32 != nil:
		return storeRow(r.r32[:m], src, mask)
	}
	panic("rtlsim: internal error: laneRow.store of a row on no plane")
}

// storeRow sets row to src masked by mask and truncated to T, or to 0 when
// src is nil, and reports whether any element changed.
func storeRow[T uint8 | uint16 | uint32 | uint64](row []T, src []uint64, mask uint64) bool {
	var d T
	if src == nil {
		for j, v := range row {
			d |= v
			row[j] = 0
		}
		return d != 0
	}
	src = src[:len(row)]
	for j, v := range src {
		w := T(v & mask)
		d |= row[j] ^ w
		row[j] = w
	}
	return d != 0
}
