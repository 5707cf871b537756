package rtlsim

// instr is one instruction of the levelized program. Operands are word
// offsets into the state; widths are in bits.
type instr struct {
	kind    kind
	dst     uint32
	a, b, c uint32
	w       uint32 // width of dst
	wa      uint32 // width of a
	wb      uint32 // width of b
	lo      uint32 // low bit of a slice, bit position of a concat part
	mask    uint64 // mask of dst's top word (of a's for k64RedAnd)
	sh, sh2 uint8  // sign-extending shifts of a and b for k64MulS and k64Mac
}

// op is one instruction of the program as eval runs it, 32 bytes: sh is
// 64 minus the input width for k64Sext, k64LtS and k64LeS, 64 minus the
// output width for k64Sshr, the low bit for k64Slice, k64DepSet and
// k64DepOr; sh and sh2 sign-extend a and b for k64MulS and k64Mac; a kW
// instruction's c indexes Sim.wide, its whole instr.
type op struct {
	kind      kind
	sh, sh2   uint8
	dst, a, b uint32
	c         uint32
	mask      uint64
}

// topMask returns the mask of the valid bits in the top word of a w-bit net.
func topMask(w uint32) uint64 { return ^uint64(0) >> ((64 - w%64) % 64) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// settle evaluates the combinational logic if an input or a register changed
// since the last evaluation: all of it after an edge, only the cone of the
// inputs (inProg) when only inputs changed.
func (s *Sim) settle() {
	switch {
	case s.dirty:
		s.eval(s.prog, s.blocks)
	case s.inDirty:
		s.eval(s.inProg, s.inBlocks)
	default:
		return
	}
	s.dirty, s.inDirty = false, false
	s.lazyDirty = len(s.lazy) > 0
	if len(s.boxes) > 0 {
		s.settleBoxes()
	}
}

// settleAll settles the logic and then the nets of the lazy program.
func (s *Sim) settleAll() {
	s.settle()
	if s.lazyDirty {
		s.eval(s.lazy, s.lazyBlocks)
		s.lazyDirty = false
	}
}

// settleFor settles what Peek of n needs.
func (s *Sim) settleFor(n *netInfo) {
	if n.lazy {
		s.settleAll()
	} else {
		s.settle()
	}
}

// block is a run of n instructions of one kind in the program.
type block struct {
	kind kind
	n    uint32
}

// edge takes one rising clock edge. It computes the next values of the
// wide registers and of the memory read ports into s.next from the settled
// state and performs the memory writes; then it commits the one-word
// registers wave by wave, each wave before the registers whose Q it reads
// (so straight into the state, unless a ring of registers forbids it);
// then it commits s.next.
func (s *Sim) edge() {
	if len(s.boxes) > 0 {
		s.edgeBoxes()
	}
	st, nx := s.state, s.next
	for i := range s.regs {
		r := &s.regs[i]
		if r.rst >= 0 && st[r.rst] != 0 {
			copy(nx[r.q:r.q+r.n], s.consts[r.init:r.init+r.n])
			continue
		}
		src := r.d
		if r.en >= 0 && st[r.en] == 0 {
			src = r.q
		}
		copy(nx[r.q:r.q+r.n], st[src:src+r.n])
	}
	for i := range s.reads {
		p := &s.reads[i]
		dst := nx[p.data : p.data+p.n]
		if p.en >= 0 && st[p.en] == 0 {
			copy(dst, st[p.data:p.data+p.n])
			continue
		}
		if a, ok := s.addr(p); ok {
			copy(dst, s.mem[a:a+p.n])
		} else {
			clear(dst)
		}
	}
	for i := range s.writes {
		p := &s.writes[i]
		if st[p.en] == 0 {
			continue
		}
		if a, ok := s.addr(p); ok {
			copy(s.mem[a:a+p.n], st[p.data:p.data+p.n])
		}
	}
	out := nx
	if s.inPlace {
		out = st
	}
	for w := range s.waves {
		commitWave(st, out, &s.waves[w])
	}
	copy(st, nx)
	s.cycle++
	s.dirty = true
}

// addr returns the offset in s.mem of the word that port p addresses, or
// false when the address is at or beyond the memory's depth.
func (s *Sim) addr(p *memPort) (uint32, bool) {
	st := s.state
	for k := p.addr + 1; k < p.addr+p.addrN; k++ {
		if st[k] != 0 {
			return 0, false
		}
	}
	a := st[p.addr]
	if a >= p.depth {
		return 0, false
	}
	return p.base + uint32(a)*p.n, true
}
