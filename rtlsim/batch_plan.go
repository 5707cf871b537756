package rtlsim

import (
	"fmt"
	"slices"

	"github.com/systole-hdl/systole/internal/lanekern"
)

// A Batch lays the Sim's state out on four planes per tile, by width class
// (see Batch): plan gives every word of the Sim's state a row of one plane
// and lowers the Sim's programs and clock edge onto the planes.

// wordLoc is where a word of the Sim's state lives in a tile: its row,
// and in its low two bits its plane (cls32, cls64, cls8 or cls16).
type wordLoc uint32

// The planes, by class: the index of a plane in laneLayout.rows and the
// low bits of a wordLoc.
const (
	cls32 = iota
	cls64
	cls8
	cls16
	numCls
)

// clsBits are the element widths of the planes.
var clsBits = [numCls]uint8{cls32: 32, cls64: 64, cls8: 8, cls16: 16}

// blockStep is the step of a block of ops whose nets are all on the
// plane of the class of bits.
var blockStep = map[uint8]stepKind{8: stepBlock8, 16: stepBlock16, 32: stepBlock32, 64: stepBlock64}

func (c wordLoc) class() int  { return int(c & 3) }
func (c wordLoc) is64() bool  { return c&3 == cls64 }
func (c wordLoc) bits() uint8 { return clsBits[c&3] }
func (c wordLoc) row() uint32 { return uint32(c >> 2) }

// laneLayout places the words of the Sim's state on the planes.
type laneLayout struct {
	loc  []wordLoc      // by Sim state offset
	rows [numCls]uint32 // rows of each plane
	// shadow[{off, c}] is the row on plane c of a copy of the narrower
	// word at offset off, which a register of plane c reads (copied
	// before the commits).
	shadow map[shadowKey]uint32
	// scratch is the first of two rows of the 64-bit plane for the
	// temporaries of lowerWide (0: none yet; row 0 always holds a word
	// or a shadow before them)
	scratch uint32
}

type shadowKey struct {
	off uint32
	cls int
}

// wordClasses returns, by Sim state offset, the plane of a word: by the
// narrowest one-word net that has it (copies share their input's words,
// and a net keeps its bits above its width zero, so the narrowest net
// sharing a word bounds its value), the 8-bit plane for at most 8 bits,
// the 16-bit one for at most 16, the 32-bit one for at most 32, else the
// 64-bit one, as for every word of a net of more than 64 bits.
func wordClasses(s *Sim) []int {
	cls := make([]int, len(s.state))
	narrow := make([]uint32, len(s.state)) // the narrowest one-word net's width, 0 for none
	wide := make([]bool, len(s.state))
	for i := range s.nets {
		n := &s.nets[i]
		if n.width > 64 {
			for k := range nwords(n.width) {
				wide[n.off+k] = true
			}
			continue
		}
		if n.width > 0 && (narrow[n.off] == 0 || n.width < narrow[n.off]) {
			narrow[n.off] = n.width
		}
	}
	for w, nw := range narrow {
		switch {
		case wide[w] || nw == 0 || nw > 32:
			cls[w] = cls64
		case nw <= 8:
			cls[w] = cls8
		case nw <= 16:
			cls[w] = cls16
		default:
			cls[w] = cls32
		}
	}
	return cls
}

// stepKind is what one step of a lanePlan does.
type stepKind uint8

const (
	stepBlock32 stepKind = iota // ops of one kind on the 32-bit plane
	stepBlock64                 // on the 64-bit plane
	stepWide                    // multi-word instructions, lane by lane
	stepBlock8                  // ops of one kind on the 8-bit plane
	stepMix                     // ops of one kind whose nets are on several planes
	stepBlock16                 // on the 16-bit plane
)

// A laneStep is one step of a lanePlan.
type laneStep struct {
	what stepKind
	kind lanekern.Kind
	mix  lanekern.Mix // stepMix: the planes of the ops' nets
	ops  []lanekern.Op
	wide []laneWide
}

// rowPair copies the row whose first element is at from, on plane fc, to
// the row at to, on the wider plane tc (zero-extended).
type rowPair struct {
	from, to uint32
	fc, tc   uint8
}

// A lanePlan is one of the Sim's programs on the planes of a tile: its
// one-word instructions as blocks of one kind on one plane, in program
// order, the instructions that mix the planes as blocks of one kind and
// one mix of planes (lanekern.BlockMix).
type lanePlan struct{ steps []laneStep }

// laneWide is a multi-word instruction of a lanePlan.
type laneWide struct {
	in    *instr
	words []uint32 // the state offsets it writes, then those it reads
	// at are the words' offsets on their planes (cls, in bits)
	at  []uint32
	cls []uint8
}

// laneEdge is the clock edge on the planes of a tile.
type laneEdge struct {
	waves [][]regGroup // the one-word registers, as Sim's waves
	// ups copies the words that registers of a wider plane read, before
	// any commits
	ups []rowPair
	nx  [numCls]int // rows of next values per plane: the largest wave's
	// wide are the registers of more than 64 bits, whose words are on
	// the 64-bit plane: computed into the worker's seqNx with the others
	// edgeSeq computes, before the commits
	wide   []wideReg
	seqOut []uint32 // the state offsets computed into seqNx
}

// wideReg is a register of more than 64 bits: its words as one-word
// registers of the 64-bit plane, of the class by which of an enable and
// a reset it has (its words' next values those of opgen.WideRegClass with
// an enable of 1 and a reset of 0 where it has none).
type wideReg struct {
	q    uint32 // the state offset of its first word
	rc   lanekern.RegClass
	regs []lanekern.Reg
}

// regGroup is one register class of a wave on one plane, whose Qs are
// consecutive rows from q on. lanekern's CommitXX commits them in place;
// when the registers cannot commit in place (a ring), NextXX computes
// their next values into the worker's nx from offset nx, and they are
// copied into the Qs with one copy once the whole wave is computed.
type regGroup struct {
	cls  int
	rc   lanekern.RegClass
	regs []lanekern.Reg
	q    uint32
	nx   uint32
}

// plan lays the state out on the planes and lowers the programs and the
// clock edge onto them.
func (b *Batch) plan() error {
	s, T := b.s, uint32(b.tile)
	cls := wordClasses(s)
	swaps := b.swapRegs(cls)
	b.lay = laneLayout{loc: make([]wordLoc, len(s.state)), shadow: map[shadowKey]uint32{}}
	b.edgePlan = laneEdge{}
	lay := &b.lay
	placed := make([]bool, len(s.state))
	place := func(off uint32) {
		if placed[off] {
			return
		}
		placed[off] = true
		c := cls[off]
		lay.loc[off] = wordLoc(lay.rows[c]<<2 | uint32(c))
		lay.rows[c]++
	}
	// The Qs of a group of registers first, on consecutive rows (a
	// group's next values are then copied with one copy), then every
	// other word in the Sim's order.
	type pending struct {
		regs []regRec
		cls  int
	}
	var waves [][]pending
	for i := range s.waves {
		var groups []pending
		for _, r := range waveRegs(&s.waves[i]) {
			if d, ok := swaps[r.q]; ok && d == r.d && r.field == "plain" {
				continue // no commit: its rows swap (see batch_swap.go)
			}
			qc := cls[r.q]
			if n := len(groups); n == 0 || groups[n-1].regs[0].field != r.field || groups[n-1].cls != qc {
				groups = append(groups, pending{cls: qc})
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
	ups := map[shadowKey]bool{}
	for _, groups := range waves {
		var gs []regGroup
		var nx [numCls]int
		for _, p := range groups {
			g := regGroup{cls: p.cls, rc: lanekern.RegClass(slices.Index(regFields, p.regs[0].field))}
			g.q, g.nx = lay.loc[p.regs[0].q].row()*T, uint32(nx[p.cls])*T
			nx[p.cls] += len(p.regs)
			operand := func(off int64) (uint32, error) { return b.regOperand(off, p.cls, ups) }
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
		for c := range e.nx {
			e.nx[c] = max(e.nx[c], nx[c])
		}
		e.waves = append(e.waves, gs)
	}
	for i := range s.regs {
		r := &s.regs[i]
		w := wideReg{q: r.q, rc: lanekern.RegClass(slices.Index(regFields, fieldOf(r.en >= 0, r.rst >= 0)))}
		var err error
		var en, rst uint32
		if en, err = b.regOperand(r.en, cls64, ups); err != nil {
			return err
		}
		if rst, err = b.regOperand(r.rst, cls64, ups); err != nil {
			return err
		}
		for k := range r.n {
			e.seqOut = append(e.seqOut, r.q+k)
			w.regs = append(w.regs, lanekern.Reg{Q: lay.loc[r.q+k].row() * T, D: lay.loc[r.d+k].row() * T, En: en, Rst: rst, Init: s.resetWord(r, k)})
		}
		e.wide = append(e.wide, w)
	}
	for _, p := range s.reads {
		for k := range p.n {
			e.seqOut = append(e.seqOut, p.data+k)
		}
	}
	b.planSwaps(swaps)
	return nil
}

// regOperand returns the plane offset of the enable, reset or D at state
// offset off (0 for -1, none) of a register of plane c: of its own row,
// or of a row of c that holds a copy of a narrower word, copied before
// the commits (e.ups).
func (b *Batch) regOperand(off int64, c int, ups map[shadowKey]bool) (uint32, error) {
	if off < 0 {
		return 0, nil
	}
	T := uint32(b.tile)
	loc := b.lay.loc[off]
	switch {
	case loc.class() == c:
		return loc.row() * T, nil
	case loc.bits() < clsBits[c]:
		sh := b.shadowRow(uint32(off), c)
		if k := (shadowKey{uint32(off), c}); !ups[k] {
			ups[k] = true
			b.edgePlan.ups = append(b.edgePlan.ups, rowPair{loc.row() * T, sh * T, loc.bits(), clsBits[c]})
		}
		return sh * T, nil
	}
	return 0, fmt.Errorf("rtlsim: internal error: a register of the %d-bit plane reads %s, of the %d-bit one", clsBits[c], b.nameAt(uint32(off)), loc.bits())
}

// fieldOf returns the field of regFields of a register with or without
// an enable and a reset.
func fieldOf(en, rst bool) string {
	switch {
	case en && rst:
		return "both"
	case en:
		return "en"
	case rst:
		return "rst"
	}
	return "plain"
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

// shadowRow returns the row of the copy of the narrower word at off on
// plane c.
func (b *Batch) shadowRow(off uint32, c int) uint32 {
	k := shadowKey{off, c}
	r, ok := b.lay.shadow[k]
	if !ok {
		r = b.lay.rows[c]
		b.lay.rows[c]++
		b.lay.shadow[k] = r
	}
	return r
}

// planProg lowers a program onto the planes. Each run of one-word
// instructions of one kind is cut into segments of instructions that do
// not read or overwrite what another of the segment writes, and each
// segment into blocks of the instructions of one plane, or one mix of
// planes (see execMix), which order within a segment cannot change.
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
		var group []*op
		for n := i; n < j; n++ {
			o := &prog[n]
			clash := wr[o.dst] == seg || rd[o.dst] == seg
			eachRead(o, func(w uint32) { clash = clash || wr[w] == seg })
			if clash {
				b.planSegment(&p, k, group)
				group = group[:0]
				seg++
			}
			wr[o.dst] = seg
			eachRead(o, func(w uint32) { rd[w] = seg })
			group = append(group, o)
		}
		b.planSegment(&p, k, group)
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

// execMix returns the planes of a one-word instruction's nets and the
// class it is computed at: the widest of its nets', or wider when it
// sign-extends from more bits than that (a kind whose sh or sh2 is 64
// minus a width, batchSh: the class must be at least the width), and at
// least 32 when its nets are not all of that class (lanekern.BlockMix
// computes at 32 or 64 bits).
func (b *Batch) execMix(o *op) lanekern.Mix {
	loc := b.lay.loc
	r := k64Reads[o.kind]
	x := lanekern.Mix{Dst: loc[o.dst].bits()}
	at := x.Dst
	if r&readsA != 0 {
		x.A = loc[o.a].bits()
		at = max(at, x.A)
	}
	if r&readsB != 0 {
		x.B = loc[o.b].bits()
		at = max(at, x.B)
	}
	if r&readsC != 0 {
		x.C = loc[o.c].bits()
		at = max(at, x.C)
	}
	f := batchSh[o.kind]
	for i, sh := range []uint8{o.sh, o.sh2} {
		if f&(1<<i) == 0 {
			continue
		}
		switch {
		case sh != 0 && sh < 32:
			at = 64
		case sh < 48: // 0: a sign extension from 64 bits, as before the planes at 32
			at = max(at, 32)
		case sh < 56:
			at = max(at, 16)
		}
	}
	x.At = at
	return atLeast32(x, r)
}

// pure reports whether every net x gives (of those a kind reading r
// reads) is of class x.At: a block on one plane.
func pure(x lanekern.Mix, r uint8) bool {
	return x.Dst == x.At && (r&readsA == 0 || x.A == x.At) && (r&readsB == 0 || x.B == x.At) && (r&readsC == 0 || x.C == x.At)
}

// atLeast32 returns x computed at 32 bits or more unless it is pure.
func atLeast32(x lanekern.Mix, r uint8) lanekern.Mix {
	if !pure(x, r) {
		x.At = max(x.At, 32)
	}
	return x
}

// planSegment appends the steps of one segment of a run of kind k: a
// block per plane or mix of planes, in the order they first appear.
func (b *Batch) planSegment(p *lanePlan, k kind, g []*op) {
	T := uint32(b.tile)
	loc := b.lay.loc
	var order []lanekern.Mix
	blocks := map[lanekern.Mix][]lanekern.Op{}
	f := batchSh[k]
	r := k64Reads[k]
	for _, o := range g {
		x := b.execMix(o)
		lo := lanekern.Op{Dst: loc[o.dst].row() * T, Sh: o.sh, Sh2: o.sh2, M: o.mask}
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
			lo.Sh -= 64 - x.At
		}
		if f&2 != 0 && lo.Sh2 != 0 {
			lo.Sh2 -= 64 - x.At
		}
		if _, ok := blocks[x]; !ok {
			order = append(order, x)
		}
		blocks[x] = append(blocks[x], lo)
	}
	for _, x := range order {
		st := laneStep{kind: lanekern.Kind(k), ops: blocks[x]}
		switch {
		case pure(x, r):
			st.what = blockStep[x.At]
		default:
			st.what, st.mix = stepMix, x
		}
		p.steps = append(p.steps, st)
	}
}

// planWide appends the steps of a multi-word instruction: it runs lane
// by lane, except a kWZero, kWSlice, kWDep, kWEq or kWNe (the slices of a
// wide bus into narrow nets, the concats of narrow nets into one, the
// comparisons of wide nets into a bit), which lowerWide turns into
// one-word instructions on the 64-bit plane, between copies of its
// narrower words.
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
			w.cls = append(w.cls, c.bits())
		}
		p.steps = append(p.steps, laneStep{what: stepWide, wide: []laneWide{w}})
		return
	}
	// by w.words: the word's offset and class, on its own plane
	at, cls := make([]uint32, len(w.words)), make([]uint8, len(w.words))
	for i, off := range w.words {
		c := b.lay.loc[off]
		at[i], cls[i] = c.row()*T, c.bits()
	}
	for _, lo := range b.lowerWide(in, at, cls) {
		addOp(p, lo.k, lo.op, lo.x)
	}
}

// addOp appends a one-word instruction of kind k whose nets are on the
// planes x gives to the last step of p when it is a block of the same
// kind and planes (a step's ops run in order), else as a step of its own.
func addOp(p *lanePlan, k kind, o lanekern.Op, x lanekern.Mix) {
	st := laneStep{kind: lanekern.Kind(k)}
	r := k64Reads[k]
	if x = atLeast32(x, r); pure(x, r) {
		st.what = blockStep[x.At]
	} else {
		st.what, st.mix = stepMix, x
	}
	if n := len(p.steps); n > 0 && p.steps[n-1].what == st.what && p.steps[n-1].kind == st.kind && p.steps[n-1].mix == st.mix {
		p.steps[n-1].ops = append(p.steps[n-1].ops, o)
		return
	}
	st.ops = []lanekern.Op{o}
	p.steps = append(p.steps, st)
}

// kindOp is a one-word instruction of a lowered multi-word one, and the
// planes of its nets.
type kindOp struct {
	k  kind
	op lanekern.Op
	x  lanekern.Mix
}

// lowerWide returns a kWZero, kWSlice, kWDep, kWEq or kWNe as one-word
// instructions, to run in order: computed at 64 bits, reading and writing
// its narrower words on their own planes (lanekern.BlockMix loads them
// zero-extended and stores them truncated); at and cls are the offsets
// and classes of its words: the destination's (nwords(w)), then a's, then
// b's. Slice and DepOr shift by bit positions, so their shifts are the
// same on every plane.
func (b *Batch) lowerWide(in *instr, at []uint32, cls []uint8) []kindOp {
	nd, na := nwords(in.w), nwords(in.wa)
	type word struct {
		off uint32
		c   uint8
	}
	d := func(i uint32) word { return word{at[i], cls[i]} }
	a := func(k uint32) word { return word{at[nd+k], cls[nd+k]} }
	bw := func(k uint32) word { return word{at[nd+na+k], cls[nd+na+k]} }
	t1, t2 := b.scratchRows()
	tmp, tmp2 := word{t1, 64}, word{t2, 64}
	const ones = ^uint64(0)
	var out []kindOp
	// emit appends an instruction of kind k writing z from x and y (for
	// the operands k reads), computed at the widest of their classes.
	emit := func(k kind, z, x, y word, sh uint8, m uint64) {
		o := lanekern.Op{Dst: z.off, A: x.off, B: y.off, Sh: sh, M: m}
		mx := lanekern.Mix{Dst: z.c, A: x.c, B: y.c}
		r := k64Reads[k]
		mx.At = z.c
		if r&readsA != 0 {
			mx.At = max(mx.At, x.c)
		} else {
			o.A, mx.A = 0, 0
		}
		if r&readsB != 0 {
			mx.At = max(mx.At, y.c)
		} else {
			o.B, mx.B = 0, 0
		}
		out = append(out, kindOp{k: k, op: o, x: mx})
	}
	zero := func(z word) { emit(k64Xor, z, z, z, 0, 0) }
	q, r := in.lo/64, uint8(in.lo%64)
	switch in.kind {
	case kWZero:
		for i := range nd {
			zero(d(i))
		}
		return out
	case kWEq, kWNe:
		// OR the words' differences, then test for zero
		emit(k64Xor, tmp, a(0), bw(0), 0, 0)
		for k := uint32(1); k < na; k++ {
			emit(k64Xor, tmp2, a(k), bw(k), 0, 0)
			emit(k64Or, tmp, tmp, tmp2, 0, 0)
		}
		emit(k64RedOr, d(0), tmp, word{}, 0, 0)
		if in.kind == kWEq {
			emit(k64Not, d(0), d(0), word{}, 0, 1)
		}
		return out
	case kWSlice:
		for i := range nd {
			switch k := q + i; {
			case k >= na:
				zero(d(i))
			case r != 0 && k+1 < na:
				emit(k64Slice, d(i), a(k), word{}, r, ones)
				emit(k64DepOr, d(i), a(k+1), word{}, 64-r, 0)
			default:
				emit(k64Slice, d(i), a(k), word{}, r, ones)
			}
		}
	case kWDep:
		for i := range na {
			emit(k64DepOr, d(q+i), a(i), word{}, r, 0)
			if r != 0 && q+i+1 < nd {
				emit(k64Slice, tmp, a(i), word{}, 64-r, ones)
				emit(k64Or, d(q+i+1), d(q+i+1), tmp, 0, 0)
			}
		}
	}
	// the top word's bits above the width
	emit(k64Slice, d(nd-1), d(nd-1), word{}, 0, in.mask)
	return out
}

// scratchRows returns the offsets of two rows of the 64-bit plane that
// hold no word, for the temporaries of lowerWide.
func (b *Batch) scratchRows() (uint32, uint32) {
	if b.lay.scratch == 0 {
		b.lay.scratch = b.lay.rows[cls64]
		b.lay.rows[cls64] += 2
	}
	T := uint32(b.tile)
	return b.lay.scratch * T, (b.lay.scratch + 1) * T
}
