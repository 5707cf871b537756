package rtlsim

// kind is the opcode of one instruction. The k64 kinds work on nets of at
// most 64 bits, one word each; the kW kinds work on nets of any width.
type kind uint8

const (
	k64Copy   kind = iota // dst = a (buf, zext)
	k64Sext               // dst = sign-extend a from wa bits
	k64Not                // dst = ^a
	k64Neg                // dst = -a
	k64And                // dst = a & b
	k64Or                 //
	k64Xor                //
	k64Add                // dst = a + b
	k64Sub                //
	k64Shl                // dst = a << b, b of at most 64 bits
	k64Shr                //
	k64Sshr               //
	k64Eq                 // dst = a == b, inputs of wa <= 64 bits
	k64Ne                 //
	k64Lt                 // dst = a < b, unsigned
	k64Le                 //
	k64LtS                // dst = a < b, signed
	k64LeS                //
	k64Mux                // dst = a ? b : c
	k64Slice              // dst = a[lo +: w], a of at most 64 bits
	k64RedAnd             // dst = &a; mask holds a's mask
	k64RedOr              //
	k64RedXor             //
	k64DepSet             // dst = a << lo: first part of a concat
	k64DepOr              // dst |= a << lo: further parts
	k64MulS               // dst = sx(a, sh) * sx(b, sh2), sx(x, s) = int64(x<<s)>>s
	k64Mac                // dst = c + sx(a, sh) * sx(b, sh2)
	k64AndNot             // dst = a & ^b

	kWCopy   // dst = zero-extended a
	kWSext   // dst = sign-extended a
	kWNot    //
	kWNeg    //
	kWAnd    //
	kWOr     //
	kWXor    //
	kWAdd    //
	kWSub    //
	kWMul    //
	kWShl    // any widths of a and of the amount b
	kWShr    //
	kWSshr   //
	kWEq     // inputs of wa > 64 bits
	kWNe     //
	kWLt     //
	kWLe     //
	kWLtS    //
	kWLeS    //
	kWMux    //
	kWSlice  // any widths
	kWRedAnd // inputs of wa > 64 bits
	kWRedOr  //
	kWRedXor //
	kWZero   // dst = 0: first part of a wide concat
	kWDep    // dst |= a << lo
)

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
// since the last evaluation.
func (s *Sim) settle() {
	if s.dirty {
		s.eval(s.prog, s.blocks)
		s.dirty = false
		s.lazyDirty = len(s.lazy) > 0
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

// eval runs a program (s.prog or s.lazy) once, in levelized order, one
// block at a time: the switch runs once per block, and each case is a tight
// loop over the block's instructions.
func (s *Sim) eval(prog []op, blocks []block) {
	st := s.state
	for _, bl := range blocks {
		ops := prog[:bl.n:bl.n]
		prog = prog[bl.n:]
		switch bl.kind {
		case k64Copy:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a]
			}
		case k64Sext:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = uint64(int64(st[o.a]<<o.sh)>>o.sh) & o.mask
			}
		case k64Not:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = ^st[o.a] & o.mask
			}
		case k64Neg:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = -st[o.a] & o.mask
			}
		case k64And:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] & st[o.b]
			}
		case k64AndNot:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] &^ st[o.b]
			}
		case k64Or:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] | st[o.b]
			}
		case k64Xor:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] ^ st[o.b]
			}
		case k64Add:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = (st[o.a] + st[o.b]) & o.mask
			}
		case k64Sub:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = (st[o.a] - st[o.b]) & o.mask
			}
		case k64MulS:
			for i := range ops {
				o := &ops[i]
				p := (int64(st[o.a]<<o.sh) >> o.sh) * (int64(st[o.b]<<o.sh2) >> o.sh2)
				st[o.dst] = uint64(p) & o.mask
			}
		case k64Mac:
			for i := range ops {
				o := &ops[i]
				p := (int64(st[o.a]<<o.sh) >> o.sh) * (int64(st[o.b]<<o.sh2) >> o.sh2)
				st[o.dst] = (st[o.c] + uint64(p)) & o.mask
			}
		case k64Shl:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = (st[o.a] << st[o.b]) & o.mask // Go shifts by >= 64 give 0
			}
		case k64Shr:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] >> st[o.b]
			}
		case k64Sshr:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = uint64(int64(st[o.a]<<o.sh)>>o.sh>>min(st[o.b], 63)) & o.mask
			}
		case k64Eq:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] == st[o.b])
			}
		case k64Ne:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] != st[o.b])
			}
		case k64Lt:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] < st[o.b])
			}
		case k64Le:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] <= st[o.b])
			}
		case k64LtS:
			for i := range ops {
				o := &ops[i]
				// shifting both left keeps their signed order
				st[o.dst] = b2u(int64(st[o.a]<<o.sh) < int64(st[o.b]<<o.sh))
			}
		case k64LeS:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(int64(st[o.a]<<o.sh) <= int64(st[o.b]<<o.sh))
			}
		case k64Mux:
			for i := range ops {
				o := &ops[i]
				// branch-free: the select is one bit, 0 or 1
				y, z := st[o.b], st[o.c]
				st[o.dst] = z ^ (z^y)&-st[o.a]
			}
		case k64Slice:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = (st[o.a] >> o.sh) & o.mask
			}
		case k64RedAnd:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] == o.mask)
			}
		case k64RedOr:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = b2u(st[o.a] != 0)
			}
		case k64RedXor:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = parity(st[o.a])
			}
		case k64DepSet:
			for i := range ops {
				o := &ops[i]
				st[o.dst] = st[o.a] << o.sh
			}
		case k64DepOr:
			for i := range ops {
				o := &ops[i]
				st[o.dst] |= st[o.a] << o.sh
			}
		default:
			for i := range ops {
				evalWide(st, &s.wide[ops[i].c])
			}
		}
	}
}

// edge takes one rising clock edge. It computes the next values of the
// wide registers and of the memory read ports into s.next from the settled
// state and performs the memory writes; then it commits the one-word
// registers wave by wave, each wave before the registers whose Q it reads
// (so straight into the state, unless a ring of registers forbids it);
// then it commits s.next.
func (s *Sim) edge() {
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

// commitWave writes the next values of one wave of one-word registers,
// computed from st, into out (st itself when committing in place).
func commitWave(st, out []uint64, w *regWave) {
	for _, r := range w.plain {
		out[r.q] = st[r.d]
	}
	// Branch-free: en and rst are one bit, 0 or 1, and the enables of a
	// design's registers rarely form a pattern the branch predictor
	// learns.
	for i := range w.en {
		r := &w.en[i]
		q := st[r.q]
		out[r.q] = q ^ (q^st[r.d])&-st[r.en]
	}
	for i := range w.rst {
		r := &w.rst[i]
		d := st[r.d]
		out[r.q] = d ^ (d^r.init)&-st[r.rst]
	}
	for i := range w.both {
		r := &w.both[i]
		q := st[r.q]
		v := q ^ (q^st[r.d])&-st[r.en]
		out[r.q] = v ^ (v^r.init)&-st[r.rst]
	}
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
