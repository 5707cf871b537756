package rtlsim

// The per-lane accessors run tens of times a lane a cycle in a testbench
// that drives lanes one by one (internal/bench's BatchRunner: about 30
// calls a lane a cycle on the 16x16 core). lanePort makes each of them an
// index and a load or a store: where every word of every net lies in a
// tile is computed once, with the tiles, instead of per call.

// lanePort is where the words of one net lie, by Handle id - 1.
type lanePort struct {
	w0    int    // word 0: its row times the tile's lanes, <<2 | class
	words uint32 // Batch.portWords[words:words+nw]: every word, as w0
	nw    uint32
	mask0 uint64 // what PokeUint64Lane keeps of word 0
	top   uint64 // the mask of the top word
	input bool   // a top-level input other than the clock
	lazy  bool
}

// layoutPorts computes laneIdx and the lanePorts of the current tiles.
func (b *Batch) layoutPorts() {
	b.laneIdx = make([]int, b.lanes<<2)
	for c := range b.laneAt {
		for l, i := range b.laneAt[c] {
			b.laneIdx[l<<2|c] = i
		}
	}
	nets := b.s.nets
	b.ports = make([]lanePort, len(nets))
	b.portWords = b.portWords[:0]
	for i := range nets {
		n := &nets[i]
		nw := nwords(n.width)
		p := &b.ports[i]
		p.words, p.nw = uint32(len(b.portWords)), nw
		for k := range nw {
			c := b.lay.loc[n.off+k]
			b.portWords = append(b.portWords, int(c.row())*b.tile<<2|c.class())
		}
		if nw > 0 {
			p.w0 = b.portWords[p.words]
		}
		p.mask0, p.top = ^uint64(0), topMask(n.width)
		if n.width < 64 {
			p.mask0 = p.top
		}
		p.input, p.lazy = n.input, n.lazy
	}
}

// port returns the lanePort of h when h is valid and lane in range.
func (b *Batch) port(h Handle, lane int) (*lanePort, bool) {
	if i := uint(h.id - 1); i < uint(len(b.ports)) && uint(lane) < uint(b.lanes) { // id 0 wraps
		return &b.ports[i], true
	}
	return nil, false
}

// setAt stores w into the word at w0 (a lanePort word) of lane, marking
// the batch dirty on a change.
func (b *Batch) setAt(w0 int, lane int, w uint64) {
	c := w0 & 3
	i := b.laneIdx[lane<<2|c] + w0>>2
	switch c {
	case cls8:
		if b.p8[i] != uint8(w) {
			b.p8[i] = uint8(w)
			b.inDirty = true
		}
	case cls16:
		if b.p16[i] != uint16(w) {
			b.p16[i] = uint16(w)
			b.inDirty = true
		}
	case cls32:
		if b.p32[i] != uint32(w) {
			b.p32[i] = uint32(w)
			b.inDirty = true
		}
	default:
		if b.p64[i] != w {
			b.p64[i] = w
			b.inDirty = true
		}
	}
}

// getAt returns the word at w0 (a lanePort word) of lane.
func (b *Batch) getAt(w0 int, lane int) uint64 {
	c := w0 & 3
	i := b.laneIdx[lane<<2|c] + w0>>2
	switch c {
	case cls8:
		return uint64(b.p8[i])
	case cls16:
		return uint64(b.p16[i])
	case cls32:
		return uint64(b.p32[i])
	}
	return b.p64[i]
}

// settlePort settles what a Peek of the net of p (whose Handle id is
// h.id) needs, as settleFor.
func (b *Batch) settlePort(p *lanePort, h Handle) {
	if b.dirty || b.inDirty || p.lazy && b.lazyDirty {
		b.settleNet(&b.s.nets[h.id-1])
	}
}
