package rtlsim

import (
	"fmt"
	"slices"

	"github.com/systole-hdl/systole/internal/lanekern"
)

// A Batch lays the Sim's state out on two planes per tile, by width class
// (see Batch): plan gives every word of the Sim's state a row of one plane
// and lowers the Sim's programs and clock edge onto the planes.

// wordLoc is where a word of the Sim's state lives in a tile: its row, and
// in bit 0 its plane (1 for the 64-bit plane).
type wordLoc uint32

func (c wordLoc) is64() bool  { return c&1 != 0 }
func (c wordLoc) row() uint32 { return uint32(c >> 1) }

// laneLayout places the words of the Sim's state on the planes.
type laneLayout struct {
	loc  []wordLoc // by Sim state offset
	rows [2]uint32 // rows of the 32-bit and the 64-bit plane
	// shadow[off] is the row on the 64-bit plane of a copy of the
	// 32-bit word at offset off, which an instruction or a register of
	// the 64-bit plane reads (or writes, then copies back).
	shadow map[uint32]uint32
	// scratch is the first of two rows of the 64-bit plane for the
	// temporaries of lowerWide (0: none yet; row 0 always holds a word
	// or a shadow before them)
	scratch uint32
}

// wordIs64 returns, by Sim state offset, whether a word belongs on the
// 64-bit plane: a word of a net of more than 32 bits, unless it is shared
// with a narrower net (copies share their input's words, and a net keeps
// its bits above its width zero, so the narrowest net sharing a word
// bounds its value), and every word of a net of more than 64 bits.
func wordIs64(s *Sim) []bool {
	is64 := make([]bool, len(s.state))
	narrow := make([]uint32, len(s.state)) // the narrowest one-word net's width, 0 for none
	for i := range s.nets {
		n := &s.nets[i]
		if n.width > 64 {
			for k := range nwords(n.width) {
				is64[n.off+k] = true
			}
			continue
		}
		if n.width > 0 && (narrow[n.off] == 0 || n.width < narrow[n.off]) {
			narrow[n.off] = n.width
		}
	}
	for w, nw := range narrow {
		is64[w] = is64[w] || nw == 0 || nw > 32
	}
	return is64
}

// stepKind is what one step of a lanePlan does.
type stepKind uint8

const (
	stepBlock32 stepKind = iota // ops of one kind on the 32-bit plane
	stepBlock64                 // on the 64-bit plane
	stepUp                      // copy 32-bit rows into 64-bit ones
	stepDown                    // copy 64-bit rows into 32-bit ones
	stepWide                    // multi-word instructions, lane by lane
)

// A laneStep is one step of a lanePlan.
type laneStep struct {
	what  stepKind
	kind  lanekern.Kind
	ops   []lanekern.Op
	pairs []rowPair
	wide  []laneWide
}

// rowPair copies the row whose first element is at from (on one plane) to
// the row at to (on the other).
type rowPair struct{ from, to uint32 }

// A lanePlan is one of the Sim's programs on the planes of a tile: its
// one-word instructions as blocks of one kind on one plane, in program
// order, the instructions that mix the planes on the 64-bit one between
// copies of their 32-bit operands.
type lanePlan struct{ steps []laneStep }

// laneWide is a multi-word instruction of a lanePlan.
type laneWide struct {
	in    *instr
	words []uint32 // the state offsets it writes, then those it reads
	// at are the words' offsets on their planes (the 64-bit plane's
	// when at64)
	at   []uint32
	at64 []bool
}

// laneEdge is the clock edge on the planes of a tile.
type laneEdge struct {
	waves [][]regGroup // the one-word registers, as Sim's waves
	// ups copies the 32-bit words that registers of the 64-bit plane
	// read, before any commits
	ups    []rowPair
	nx     [2]int   // rows of next values per plane: the largest wave's
	seqOut []uint32 // the state offsets edgeSeq computes
}

// regGroup is one register class of a wave on one plane, whose Qs are
// consecutive rows from q on. lanekern's CommitXX commits them in place;
// when the registers cannot commit in place (a ring), NextXX computes
// their next values into the worker's nx from offset nx, and they are
// copied into the Qs with one copy once the whole wave is computed.
type regGroup struct {
	is64 bool
	rc   lanekern.RegClass
	regs []lanekern.Reg
	q    uint32
	nx   uint32
}

// plan lays the state out on the planes and lowers the programs and the
// clock edge onto them.
func (b *Batch) plan() error {
	s, T := b.s, uint32(b.tile)
	is64 := wordIs64(s)
	b.lay = laneLayout{loc: make([]wordLoc, len(s.state)), shadow: map[uint32]uint32{}}
	b.edgePlan = laneEdge{}
	lay := &b.lay
	placed := make([]bool, len(s.state))
	place := func(off uint32) {
		if placed[off] {
			return
		}
		placed[off] = true
		c := 0
		if is64[off] {
			c = 1
		}
		lay.loc[off] = wordLoc(lay.rows[c]<<1 | uint32(c))
		lay.rows[c]++
	}
	// The Qs of a group of registers first, on consecutive rows (a
	// group's next values are then copied with one copy), then every
	// other word in the Sim's order.
	type pending struct {
		regs []regRec
		is64 bool
	}
	var waves [][]pending
	for i := range s.waves {
		var groups []pending
		for _, r := range waveRegs(&s.waves[i]) {
			q64 := is64[r.q]
			if n := len(groups); n == 0 || groups[n-1].regs[0].field != r.field || groups[n-1].is64 != q64 {
				groups = append(groups, pending{is64: q64})
			}
			g := &groups[len(groups)-1]
			g.regs = append(g.regs, r)
			place(r.q)
		}
		waves = append(waves, groups)
	}
	for off := range s.state {
		place(uint32(off))
	}
	b.prog, b.inProg, b.lazy = b.planProg(s.prog), b.planProg(s.inProg), b.planProg(s.lazy)

	e := &b.edgePlan
	ups := map[uint32]bool{}
	for _, groups := range waves {
		var gs []regGroup
		var nx [2]int
		for _, p := range groups {
			g := regGroup{is64: p.is64, rc: lanekern.RegClass(slices.Index(regFields, p.regs[0].field))}
			c := 0
			if p.is64 {
				c = 1
			}
			g.q, g.nx = lay.loc[p.regs[0].q].row()*T, uint32(nx[c])*T
			nx[c] += len(p.regs)
			operand := func(off int64) (uint32, error) {
				if off < 0 {
					return 0, nil
				}
				loc := lay.loc[off]
				switch {
				case loc.is64() == p.is64:
					return loc.row() * T, nil
				case p.is64:
					sh := b.shadowRow(uint32(off))
					if !ups[uint32(off)] {
						ups[uint32(off)] = true
						e.ups = append(e.ups, rowPair{loc.row() * T, sh * T})
					}
					return sh * T, nil
				}
				return 0, fmt.Errorf("rtlsim: internal error: a register of at most 32 bits reads %s, of more", b.nameAt(uint32(off)))
			}
			for i, r := range p.regs {
				if lay.loc[r.q].row() != lay.loc[p.regs[0].q].row()+uint32(i) {
					return fmt.Errorf("rtlsim: internal error: the registers of a group are not on consecutive rows")
				}
				var lr lanekern.Reg
				var err error
				lr.Q = lay.loc[r.q].row() * T
				if lr.D, err = operand(int64(r.d)); err != nil {
					return err
				}
				if lr.En, err = operand(r.en); err != nil {
					return err
				}
				if lr.Rst, err = operand(r.rst); err != nil {
					return err
				}
				lr.Init = r.init
				g.regs = append(g.regs, lr)
			}
			gs = append(gs, g)
		}
		e.nx[0], e.nx[1] = max(e.nx[0], nx[0]), max(e.nx[1], nx[1])
		e.waves = append(e.waves, gs)
	}
	for _, r := range s.regs {
		for k := range r.n {
			e.seqOut = append(e.seqOut, r.q+k)
		}
	}
	for _, p := range s.reads {
		for k := range p.n {
			e.seqOut = append(e.seqOut, p.data+k)
		}
	}
	return nil
}

// nameAt names the net at a state offset, for an error.
func (b *Batch) nameAt(off uint32) string {
	for i := range b.s.nets {
		if n := &b.s.nets[i]; off >= n.off && off < n.off+nwords(n.width) {
			return n.name
		}
	}
	return fmt.Sprintf("word %d", off)
}

// shadowRow returns the row of the copy of the 32-bit word at off on the
// 64-bit plane.
func (b *Batch) shadowRow(off uint32) uint32 {
	r, ok := b.lay.shadow[off]
	if !ok {
		r = b.lay.rows[1]
		b.lay.rows[1]++
		b.lay.shadow[off] = r
	}
	return r
}

// planProg lowers a program onto the planes. Each run of one-word
// instructions of one kind is cut into segments of instructions that do
// not read or overwrite what another of the segment writes, and each
// segment into the instructions that run on the 32-bit plane and those
// that run on the 64-bit one (see execIs64), which order within a
// segment cannot change.
func (b *Batch) planProg(prog []op) lanePlan {
	var p lanePlan
	wr := make([]uint32, len(b.s.state)) // segment that writes a word
	rd := make([]uint32, len(b.s.state)) // segment that reads a word
	seg := uint32(1)
	for i := 0; i < len(prog); {
		k := prog[i].kind
		j := i + 1
		for j < len(prog) && (prog[j].kind == k || k >= kWCopy && prog[j].kind >= kWCopy) {
			j++
		}
		if k >= kWCopy {
			for n := i; n < j; n++ {
				b.planWide(&p, &prog[n])
			}
			i = j
			continue
		}
		var g32, g64 []*op
		for n := i; n < j; n++ {
			o := &prog[n]
			clash := wr[o.dst] == seg || rd[o.dst] == seg
			eachRead(o, func(w uint32) { clash = clash || wr[w] == seg })
			if clash {
				b.planSegment(&p, k, g32, g64)
				g32, g64 = g32[:0], g64[:0]
				seg++
			}
			wr[o.dst] = seg
			eachRead(o, func(w uint32) { rd[w] = seg })
			if b.execIs64(o) {
				g64 = append(g64, o)
			} else {
				g32 = append(g32, o)
			}
		}
		b.planSegment(&p, k, g32, g64)
		seg++
		i = j
	}
	return p
}

// eachRead calls f with every word a one-word instruction reads.
func eachRead(o *op, f func(uint32)) {
	r := k64Reads[o.kind]
	if r&readsA != 0 {
		f(o.a)
	}
	if r&readsB != 0 {
		f(o.b)
	}
	if r&readsC != 0 {
		f(o.c)
	}
	if r&readsDst != 0 {
		f(o.dst)
	}
}

// execIs64 reports whether a one-word instruction runs on the 64-bit
// plane: when a word it reads or writes is there, or when it sign-extends
// from more than 32 bits (a kind whose sh or sh2 is 64 minus a width,
// batchSh, with a shift below 32 other than 0, which sign-extends nothing).
func (b *Batch) execIs64(o *op) bool {
	loc := b.lay.loc
	is64 := loc[o.dst].is64()
	eachRead(o, func(w uint32) { is64 = is64 || loc[w].is64() })
	f := batchSh[o.kind]
	return is64 || f&1 != 0 && o.sh != 0 && o.sh < 32 || f&2 != 0 && o.sh2 != 0 && o.sh2 < 32
}

// planSegment appends the steps of one segment of a run of kind k: the
// instructions of the 32-bit plane, then those of the 64-bit one between
// the copies of their 32-bit words.
func (b *Batch) planSegment(p *lanePlan, k kind, g32, g64 []*op) {
	T := uint32(b.tile)
	loc := b.lay.loc
	if len(g32) > 0 {
		st := laneStep{what: stepBlock32, kind: lanekern.Kind(k)}
		f := batchSh[k]
		for _, o := range g32 {
			lo := lanekern.Op{Dst: loc[o.dst].row() * T, Sh: o.sh, Sh2: o.sh2, M: o.mask}
			r := k64Reads[k]
			if r&readsA != 0 {
				lo.A = loc[o.a].row() * T
			}
			if r&readsB != 0 {
				lo.B = loc[o.b].row() * T
			}
			if r&readsC != 0 {
				lo.C = loc[o.c].row() * T
			}
			if f&1 != 0 && lo.Sh != 0 {
				lo.Sh -= 32
			}
			if f&2 != 0 && lo.Sh2 != 0 {
				lo.Sh2 -= 32
			}
			st.ops = append(st.ops, lo)
		}
		p.steps = append(p.steps, st)
	}
	if len(g64) == 0 {
		return
	}
	up, down := laneStep{what: stepUp}, laneStep{what: stepDown}
	copied := map[uint32]bool{}
	// on returns the offset on the 64-bit plane of the word at off: its
	// row's, or its copy's, copied in first when read (in) and back
	// after when written (out).
	on := func(off uint32, in, out bool) uint32 {
		c := loc[off]
		if c.is64() {
			return c.row() * T
		}
		sh := b.shadowRow(off) * T
		if in && !copied[off] {
			copied[off] = true
			up.pairs = append(up.pairs, rowPair{c.row() * T, sh})
		}
		if out {
			down.pairs = append(down.pairs, rowPair{sh, c.row() * T})
		}
		return sh
	}
	st := laneStep{what: stepBlock64, kind: lanekern.Kind(k)}
	for _, o := range g64 {
		r := k64Reads[k]
		lo := lanekern.Op{Sh: o.sh, Sh2: o.sh2, M: o.mask}
		if r&readsA != 0 {
			lo.A = on(o.a, true, false)
		}
		if r&readsB != 0 {
			lo.B = on(o.b, true, false)
		}
		if r&readsC != 0 {
			lo.C = on(o.c, true, false)
		}
		lo.Dst = on(o.dst, r&readsDst != 0, true)
		st.ops = append(st.ops, lo)
	}
	if len(up.pairs) > 0 {
		p.steps = append(p.steps, up)
	}
	p.steps = append(p.steps, st)
	if len(down.pairs) > 0 {
		p.steps = append(p.steps, down)
	}
}

// planWide appends the steps of a multi-word instruction: it runs lane
// by lane, except a kWZero, kWSlice, kWDep, kWEq or kWNe (the slices of a
// wide bus into narrow nets, the concats of narrow nets into one, the
// comparisons of wide nets into a bit), which lowerWide turns into
// one-word instructions on the 64-bit plane, between copies of its 32-bit
// words.
func (b *Batch) planWide(p *lanePlan, o *op) {
	in := &b.s.wide[o.c]
	dst, nd, reads := b.s.opWords(o)
	w := laneWide{in: in}
	for k := range nd {
		w.words = append(w.words, dst+k)
	}
	// opWords may name a few words beyond an operand (the words of the
	// widest operand, for every operand): gathering them is harmless
	// within the state.
	reads(func(off, n uint32) bool {
		for k := range n {
			if int(off+k) < len(b.s.state) {
				w.words = append(w.words, off+k)
			}
		}
		return false
	})
	T := uint32(b.tile)
	switch in.kind {
	case kWZero, kWSlice, kWDep, kWEq, kWNe:
	default:
		for _, off := range w.words {
			c := b.lay.loc[off]
			w.at = append(w.at, c.row()*T)
			w.at64 = append(w.at64, c.is64())
		}
		p.steps = append(p.steps, laneStep{what: stepWide, wide: []laneWide{w}})
		return
	}
	up, down := laneStep{what: stepUp}, laneStep{what: stepDown}
	seen := map[uint32]bool{}
	var at []uint32 // by w.words: the word's offset on the 64-bit plane
	for i, off := range w.words {
		c := b.lay.loc[off]
		if c.is64() {
			at = append(at, c.row()*T)
			continue
		}
		sh := b.shadowRow(off) * T
		at = append(at, sh)
		if seen[off] {
			continue
		}
		seen[off] = true
		if uint32(i) < nd { // written
			down.pairs = append(down.pairs, rowPair{sh, c.row() * T})
		}
		if uint32(i) >= nd || in.kind == kWDep {
			up.pairs = append(up.pairs, rowPair{c.row() * T, sh})
		}
	}
	if len(up.pairs) > 0 {
		p.steps = append(p.steps, up)
	}
	// Each instruction joins the last step when it is of the same kind
	// (a step's ops run in order).
	for _, lo := range b.lowerWide(in, at) {
		if n := len(p.steps); n > 0 && p.steps[n-1].what == stepBlock64 && p.steps[n-1].kind == lanekern.Kind(lo.k) {
			p.steps[n-1].ops = append(p.steps[n-1].ops, lo.op)
			continue
		}
		p.steps = append(p.steps, laneStep{what: stepBlock64, kind: lanekern.Kind(lo.k), ops: []lanekern.Op{lo.op}})
	}
	if len(down.pairs) > 0 {
		p.steps = append(p.steps, down)
	}
}

// kindOp is a one-word instruction of a lowered multi-word one.
type kindOp struct {
	k  kind
	op lanekern.Op
}

// lowerWide returns a kWZero, kWSlice, kWDep, kWEq or kWNe as one-word
// instructions on the 64-bit plane, to run in order; at are the offsets on
// that plane of its words: the destination's (nwords(w)), then a's, then
// b's. Slice and DepOr shift by bit positions, so their shifts are the
// same on every plane.
func (b *Batch) lowerWide(in *instr, at []uint32) []kindOp {
	nd, na := nwords(in.w), nwords(in.wa)
	d := func(i uint32) uint32 { return at[i] }
	a := func(k uint32) uint32 { return at[nd+k] }
	tmp, tmp2 := b.scratchRows()
	const ones = ^uint64(0)
	var out []kindOp
	emit := func(k kind, o lanekern.Op) { out = append(out, kindOp{k, o}) }
	zero := func(z uint32) { emit(k64Xor, lanekern.Op{Dst: z, A: z, B: z}) }
	q, r := in.lo/64, uint8(in.lo%64)
	switch in.kind {
	case kWZero:
		for i := range nd {
			zero(d(i))
		}
		return out
	case kWEq, kWNe:
		// OR the words' differences, then test for zero
		bw := func(k uint32) uint32 { return at[nd+na+k] }
		emit(k64Xor, lanekern.Op{Dst: tmp, A: a(0), B: bw(0)})
		for k := uint32(1); k < na; k++ {
			emit(k64Xor, lanekern.Op{Dst: tmp2, A: a(k), B: bw(k)})
			emit(k64Or, lanekern.Op{Dst: tmp, A: tmp, B: tmp2})
		}
		emit(k64RedOr, lanekern.Op{Dst: d(0), A: tmp})
		if in.kind == kWEq {
			emit(k64Not, lanekern.Op{Dst: d(0), A: d(0), M: 1})
		}
		return out
	case kWSlice:
		for i := range nd {
			switch k := q + i; {
			case k >= na:
				zero(d(i))
			case r != 0 && k+1 < na:
				emit(k64Slice, lanekern.Op{Dst: d(i), A: a(k), Sh: r, M: ones})
				emit(k64DepOr, lanekern.Op{Dst: d(i), A: a(k + 1), Sh: 64 - r})
			default:
				emit(k64Slice, lanekern.Op{Dst: d(i), A: a(k), Sh: r, M: ones})
			}
		}
	case kWDep:
		for i := range na {
			emit(k64DepOr, lanekern.Op{Dst: d(q + i), A: a(i), Sh: r})
			if r != 0 && q+i+1 < nd {
				emit(k64Slice, lanekern.Op{Dst: tmp, A: a(i), Sh: 64 - r, M: ones})
				emit(k64Or, lanekern.Op{Dst: d(q + i + 1), A: d(q + i + 1), B: tmp})
			}
		}
	}
	// the top word's bits above the width
	emit(k64Slice, lanekern.Op{Dst: d(nd - 1), A: d(nd - 1), M: in.mask})
	return out
}

// scratchRows returns the offsets of two rows of the 64-bit plane that
// hold no word, for the temporaries of lowerWide.
func (b *Batch) scratchRows() (uint32, uint32) {
	if b.lay.scratch == 0 {
		b.lay.scratch = b.lay.rows[1]
		b.lay.rows[1] += 2
	}
	T := uint32(b.tile)
	return b.lay.scratch * T, (b.lay.scratch + 1) * T
}
