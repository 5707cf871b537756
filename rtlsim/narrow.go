package rtlsim

import "fmt"

// The interpreter's state by width class.
//
// Compile lays the nets out as one flat space of 64-bit words (Sim.state),
// which the Batch and the Go writer start from. The interpreter then moves
// every word that only its one-word instructions and register commits
// touch into an array of its width class, as a generated model does (see
// goLayout): the words of nets of at most 8, 16 and 32 bits into arrays of
// uint8, uint16 and uint32, in the order of the flat layout, so that the
// consecutive words of a structure of arrays stay consecutive. Every other
// word (the pinned words of Sim.pinnedWords: ports, multi-word nets,
// memory ports, properties, ...) stays where it is, in Sim.state, as do
// the words of nets of 33 to 64 bits: the code that reads nets as flat
// words (Poke, the multi-word instructions, the memories, the properties,
// the black boxes) is unchanged. On the 16x16 core the hot state shrinks
// from 47 KB to about 10 KB, which fits the L1 cache.
//
// The interpreter's kernels are generic over their arrays' element types
// (see internal/opgen's interpGroups): each kind's words fall into at
// most two groups, the destination's and the operands', whose words must
// be of one class. narrowLayout widens a word's class (a wider array holds
// any narrower value) until every instruction and register satisfies
// that: a block of one kind and one class signature (block.sig) then runs
// one compiled copy of its kernel, which loads every word zero-extended to
// 64 bits, computes as the flat kernel does and stores the result
// truncated to its class (a net's value never has a bit set above its
// width).

// uword is the element type of a width class's array.
type uword interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
}

// sx returns x sign-extended from the width of its type: the generated
// kernels' sign extension of an operand as wide as its class (the Go
// compiler folds the switch for each element type and loads x with a
// sign-extending move).
func sx[T uword](x T) int64 {
	switch uint64(^T(0)) {
	case 0xff:
		return int64(int8(x))
	case 0xffff:
		return int64(int16(x))
	case 0xffffffff:
		return int64(int32(x))
	}
	return int64(x)
}

// nstate is the interpreter's state by width class: w is Sim.state itself
// (pinned words and words of class goW at their flat offsets), b, h and s
// the words of classes goB, goH and goS.
type nstate struct {
	w []uint64
	b []uint8
	h []uint16
	s []uint32
}

// word returns word i of class c.
func (ns *nstate) word(c goClass, i uint32) uint64 {
	switch c {
	case goB:
		return uint64(ns.b[i])
	case goH:
		return uint64(ns.h[i])
	case goS:
		return uint64(ns.s[i])
	}
	return ns.w[i]
}

// set sets word i of class c to v, which fits the class.
func (ns *nstate) set(c goClass, i uint32, v uint64) {
	switch c {
	case goB:
		ns.b[i] = uint8(v)
	case goH:
		ns.h[i] = uint16(v)
	case goS:
		ns.s[i] = uint32(v)
	default:
		ns.w[i] = v
	}
}

// While the interpreter's program and clock edge are planned (narrow),
// a word has a virtual offset that tells its class: a word of class goW
// its flat offset (below 1<<31, see maxStateWords), a word of a narrow
// class c with index i in its array vNarrow | c<<vIdxBits | i. The
// planning of flat offsets (strided blocks, copy groups, register runs)
// then works unchanged; progRun, regRun and groupable keep a run within
// one class signature. The plan's offsets are made local (the index in
// the class's array) at the end.
const (
	vNarrow  = 1 << 31
	vIdxBits = 29
	vIdxMax  = 1 << vIdxBits
)

// vcls returns the class of a virtual offset.
func vcls(off uint32) goClass {
	if off < vNarrow {
		return goW
	}
	return goClass(off >> vIdxBits & 3)
}

// vlocal returns the index in its class's array of a virtual offset.
func vlocal(off uint32) uint32 {
	if off < vNarrow {
		return off
	}
	return off & (vIdxMax - 1)
}

// regSig returns the class signature of a register at virtual offsets:
// the class of its Q (and D) in the low two bits, of its enable or reset
// in the next two (0 when it has neither).
func regSig(r *regRec) uint8 {
	sig := uint8(vcls(r.q))
	e := r.en
	if e < 0 {
		e = r.rst
	}
	if e >= 0 {
		sig |= uint8(vcls(uint32(e))) << 2
	}
	return sig
}

// sigWave is the registers of a wave of one class signature (see regSig)
// that commit one by one.
type sigWave struct {
	sig uint8
	w   regWave
}

// addRest adds r to the registers of w that commit one by one.
func (w *waveRuns) addRest(r regRec) {
	sig := regSig(&r)
	for i := range w.rest {
		if w.rest[i].sig == sig {
			w.rest[i].w.add(r)
			return
		}
	}
	w.rest = append(w.rest, sigWave{sig: sig})
	w.rest[len(w.rest)-1].w.add(r)
}

// classOfWidth returns the narrowest class of a net of w bits (1 to 64).
func classOfWidth(w uint32) goClass {
	switch {
	case w <= 8:
		return goB
	case w <= 16:
		return goH
	case w <= 32:
		return goS
	}
	return goW
}

// crank orders the classes by width: goB, goH, goS, goW.
func crank(c goClass) int { return (int(c) + 3) % 4 }

// narrowLayout is the place of every word of the flat state in the
// interpreter's state.
type narrowLayout struct {
	loc []goLoc
	n   [goNCl]uint32 // words of each narrow class
}

// virt returns the virtual offset of flat word k.
func (l *narrowLayout) virt(k uint32) uint32 {
	lc := l.loc[k]
	if lc.cls == goW {
		return k
	}
	return vNarrow | uint32(lc.cls)<<vIdxBits | lc.i
}

// newNarrowLayout places the words of s's flat state. A word that is not
// pinned goes to the class of the narrowest net at it (the nets sharing a
// word are copies of one value, which fits the narrowest), and is then
// widened until the words of every group of every one-word instruction
// (k64Groups) of progs, and the Q and D and the enable and reset of every
// one-word register, are of one class. Committing out of place, every
// word a register commit reads or writes stays a flat word; with flat,
// every word.
func newNarrowLayout(s *Sim, flat bool, progs ...[]op) *narrowLayout {
	nst := uint32(len(s.state))
	pin := s.pinnedWords(nil, false)
	narrowest := make([]uint32, nst) // narrowest one-word net at each word; 0: none
	for _, n := range s.nets {
		if n.width <= 64 && n.off < nst {
			if w := max(n.width, 1); narrowest[n.off] == 0 || w < narrowest[n.off] {
				narrowest[n.off] = w
			}
		}
	}
	cls := make([]goClass, nst)
	for k := range nst {
		cls[k] = goW
		if !pin[k] && narrowest[k] != 0 {
			cls[k] = classOfWidth(narrowest[k])
		}
	}
	// The words that must share a class are sets of a union-find; each
	// set then takes the widest class of its words (the least widening
	// that satisfies every group, found in one pass however long the
	// chains of groups are).
	parent := make([]uint32, nst)
	for k := range parent {
		parent[k] = uint32(k)
	}
	find := func(k uint32) uint32 {
		for parent[k] != k {
			parent[k] = parent[parent[k]]
			k = parent[k]
		}
		return k
	}
	union := func(x, y uint32) {
		if x, y = find(x), find(y); x != y {
			parent[y] = x
		}
	}
	for _, prog := range progs {
		for i := range prog {
			o := &prog[i]
			if o.kind >= kWCopy {
				continue
			}
			g := &k64Groups[o.kind]
			f := [4]uint32{o.dst, o.a, o.b, o.c}
			first := [2]int64{-1, -1} // the first word of each group
			for i := range f {
				if p := g[i]; p >= 0 {
					if first[p] < 0 {
						first[p] = int64(f[i])
					} else {
						union(uint32(first[p]), f[i])
					}
				}
			}
		}
	}
	for i := range s.waves {
		for _, r := range waveRegs(&s.waves[i]) {
			if !s.inPlace {
				for _, x := range []int64{int64(r.q), int64(r.d), r.en, r.rst} {
					if x >= 0 {
						cls[x] = goW
					}
				}
				continue
			}
			union(r.q, r.d)
			if r.en >= 0 && r.rst >= 0 {
				union(uint32(r.en), uint32(r.rst))
			}
		}
	}
	widest := make([]int8, nst) // by set: the rank of its widest class (see crank)
	for k := range nst {
		if r := find(k); int8(crank(cls[k])) > widest[r] {
			widest[r] = int8(crank(cls[k]))
		}
	}
	for k := range nst {
		cls[k] = goClass((widest[find(k)] + 1) % 4)
	}
	l := &narrowLayout{loc: make([]goLoc, nst)}
	for k := range nst {
		c := cls[k]
		if c == goW {
			l.loc[k] = goLoc{goW, k}
			continue
		}
		l.loc[k] = goLoc{c, l.n[c]}
		l.n[c]++
	}
	if flat || max(l.n[goB], l.n[goH], l.n[goS]) >= vIdxMax {
		// flat, or too many words for a virtual offset
		for k := range nst {
			l.loc[k] = goLoc{goW, k}
		}
		l.n = [goNCl]uint32{}
	}
	return l
}

// op returns o with its words at their virtual offsets and its class
// signature.
func (l *narrowLayout) op(o op) op {
	if o.kind >= kWCopy {
		return o
	}
	g := &k64Groups[o.kind]
	f := [4]*uint32{&o.dst, &o.a, &o.b, &o.c}
	for i, p := range f {
		if g[i] >= 0 {
			o.sig |= uint8(l.loc[*p].cls) << (2 * i)
			*p = l.virt(*p)
		}
	}
	return o
}

// schedule returns prog, of flat offsets, as the interpreter runs it:
// scheduled by keys as the flat program is, its blocks of one class
// signature, and its offsets local to their classes' arrays.
func (l *narrowLayout) schedule(prog []op, keys []int32) ([]op, []block) {
	v := make([]op, len(prog))
	for i := range prog {
		v[i] = l.op(prog[i])
	}
	out, blocks := schedule(v, keys)
	setFns(blocks)
	for i := range out {
		o := &out[i]
		if o.kind >= kWCopy {
			continue
		}
		g := &k64Groups[o.kind]
		for i, p := range [4]*uint32{&o.dst, &o.a, &o.b, &o.c} {
			if g[i] >= 0 {
				*p = vlocal(*p)
			}
		}
	}
	return out, blocks
}

// commit returns the interpreter's clock edge for the one-word registers
// of s.waves (see commitPlan) over the layout.
func (l *narrowLayout) commit(s *Sim) []commitStep {
	waves := make([]regWave, len(s.waves))
	for i := range s.waves {
		for _, r := range waveRegs(&s.waves[i]) {
			r.q, r.d = l.virt(r.q), l.virt(r.d)
			if r.en >= 0 {
				r.en = int64(l.virt(uint32(r.en)))
			}
			if r.rst >= 0 {
				r.rst = int64(l.virt(uint32(r.rst)))
			}
			waves[i].add(r)
		}
		sortWave(&waves[i])
	}
	steps := commitPlan(waves, s.inPlace)
	for i := range steps {
		st := &steps[i]
		for k := range st.groups {
			g := &st.groups[k]
			g.sig = uint8(vcls(g.q))
			if g.rst >= 0 {
				g.sig |= uint8(vcls(uint32(g.rst))) << 2
				g.rst = int64(vlocal(uint32(g.rst)))
			}
			g.q, g.d = vlocal(g.q), vlocal(g.d)
		}
		w := &st.runs
		for _, rs := range [][]strideReg{w.plain, w.en, w.rst, w.both} {
			for k := range rs {
				r := &rs[k]
				r.q, r.d, r.en, r.rst = vlocal(r.q), vlocal(r.d), vlocal(r.en), vlocal(r.rst)
			}
		}
		for k := range w.rest {
			localWave(&w.rest[k].w)
		}
	}
	return steps
}

// localWave makes the virtual offsets of a wave's registers local.
func localWave(w *regWave) {
	for i := range w.plain {
		r := &w.plain[i]
		r.q, r.d = vlocal(r.q), vlocal(r.d)
	}
	for i := range w.en {
		r := &w.en[i]
		r.q, r.d, r.en = vlocal(r.q), vlocal(r.d), vlocal(r.en)
	}
	for i := range w.rst {
		r := &w.rst[i]
		r.q, r.d, r.rst = vlocal(r.q), vlocal(r.d), vlocal(r.rst)
	}
	for i := range w.both {
		r := &w.both[i]
		r.q, r.d, r.en, r.rst = vlocal(r.q), vlocal(r.d), vlocal(r.en), vlocal(r.rst)
	}
}

// narrow builds the interpreter's state, programs and clock edge by width
// class from the compiled flat ones (see narrowLayout), or with every
// word flat. hot and lazy are the hot and lazy programs before
// scheduling, with their keys.
func (s *Sim) narrow(flat bool, hot []op, hotKeys []int32, lazy []op, lazyKeys []int32) {
	l := newNarrowLayout(s, flat, hot, lazy)
	s.loc = l.loc
	s.ns = nstate{w: s.state, b: make([]uint8, l.n[goB]), h: make([]uint16, l.n[goH]), s: make([]uint32, l.n[goS])}
	for k, lc := range l.loc {
		if lc.cls != goW {
			s.ns.set(lc.cls, lc.i, s.state[k]) // the constants
		}
	}
	s.xprog, s.blocks = l.schedule(hot, hotKeys)
	s.xlazy, s.lazyBlocks = l.schedule(lazy, lazyKeys)
	keys := make([]int32, len(s.inProg))
	for i := range keys {
		keys[i] = int32(i)
	}
	s.xin, s.inBlocks = l.schedule(s.inProg, keys)
	s.commit = l.commit(s)
}

// word returns flat word off of the state, wherever the interpreter
// keeps it.
func (s *Sim) word(off uint32) uint64 {
	if lc := s.loc[off]; lc.cls != goW {
		return s.ns.word(lc.cls, lc.i)
	}
	return s.state[off]
}

// flatState returns the whole state as flat words, the interpreter's
// narrow words at their flat offsets.
func (s *Sim) flatState() []uint64 {
	out := make([]uint64, len(s.state))
	for k := range out {
		out[k] = s.word(uint32(k))
	}
	return out
}

// setFns sets the loop of every block of the interpreter (see blockFn).
func setFns(blocks []block) {
	for i := range blocks {
		bl := &blocks[i]
		fn, ok := blockFn(bl.kind, bl.sig, bl.run)
		if !ok {
			panic(badSig(bl))
		}
		bl.fn = fn
	}
}

// badSig is the panic of a block whose class signature has no kernel (a
// layout that broke the groups of its kind).
func badSig(bl *block) string {
	return fmt.Sprintf("rtlsim: Sim.eval: no kernel for %v of class signature %#02x", bl.kind, bl.sig)
}

// setWord sets flat word off of the state, wherever the interpreter keeps
// it, to v, which fits the nets at it.
func (s *Sim) setWord(off uint32, v uint64) {
	if lc := s.loc[off]; lc.cls != goW {
		s.ns.set(lc.cls, lc.i, v)
		return
	}
	s.state[off] = v
}

// pokeWord sets flat word off of an input, recording a change.
func (s *Sim) pokeWord(off uint32, v uint64) {
	if s.word(off) != v {
		s.setWord(off, v)
		s.inDirty = true
	}
}
