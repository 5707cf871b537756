package rtlsim

import (
	"fmt"
	"slices"
)

// A goClass is where a generated model stores a word of the Sim's state:
// the nets of at most 8, 16 and 32 bits in arrays of uint8, uint16 and
// uint32 (as Verilator sizes its variables), every other word in an
// array of uint64. The narrow arrays keep the hot state of a core a
// fraction of its flat size (the 16x16 core's 47 KB of words fit in L1 as
// about 8 KB) and let the Go compiler sign-extend and truncate with the
// loads and stores themselves.
type goClass uint8

const (
	goW   goClass = iota // uint64: words of nets of more than 32 bits, and the pinned words
	goB                  // uint8
	goH                  // uint16
	goS                  // uint32
	goNCl                // the number of classes
)

// goClassInfo is each class's array field of the generated state and its
// element type.
var goClassInfo = [goNCl]struct{ field, typ string }{
	goW: {"w", "uint64"},
	goB: {"b", "uint8"},
	goH: {"h", "uint16"},
	goS: {"s", "uint32"},
}

// A goLoc is a word's place in a generated model's state: its class and
// its index in the class's array.
type goLoc struct {
	cls goClass
	i   uint32
}

// goLayout places every word of the Sim's state in a generated model.
//
// A word is pinned to the uint64 array when anything but a one-word
// instruction or register commit reads or writes it as a word of the
// flat state: every word of a net of more than 64 bits, the operands of
// the multi-word instructions run by the model's copy of evalWide (those
// written word by word, see goWideInline, read their words through the
// layout), the ports
// (PokeWords, PeekWords), the memory ports, the wider registers, the
// properties, and the first seqWords words, whose next values nx holds
// in the same order. Pinned words keep their order, so a multi-word net
// stays contiguous and the first seqWords keep their offsets. Every other
// word is one net (or aliases of it) of at most 64 bits, whose values
// never have a bit set above its width (every kernel masks its result):
// it goes to the narrowest class that holds that width, in the order the
// code walks the words (see newGoLayout).
type goLayout struct {
	loc []goLoc       // by word of the Sim's state
	n   [goNCl]uint32 // words of each class
}

// newGoLayout returns the layout of s's state in a generated model.
func newGoLayout(s *Sim) *goLayout {
	nst := uint32(len(s.state))
	width := make([]uint32, nst) // widest one-word net at each word; 0: none
	for _, n := range s.nets {
		if n.width <= 64 && n.off < nst {
			width[n.off] = max(width[n.off], max(n.width, 1))
		}
	}
	pin := s.pinnedWords(goWideInline, true)
	l := &goLayout{loc: make([]goLoc, nst)}
	cls := make([]goClass, nst)
	for k := range nst {
		switch w := width[k]; {
		case pin[k] || w == 0:
			cls[k] = goW
		case w <= 8:
			cls[k] = goB
		case w <= 16:
			cls[k] = goH
		case w <= 32:
			cls[k] = goS
		}
	}
	placed := make([]bool, nst)
	place := func(k uint32) {
		if k < nst && !placed[k] {
			placed[k] = true
			c := cls[k]
			l.loc[k] = goLoc{c, l.n[c]}
			l.n[c]++
		}
	}
	// The pinned words in the state's order; then the narrow words in the
	// order the code walks them: the Qs of the one-word registers as the
	// waves commit them, the instructions' destinations in program order,
	// the rest. A strided run of registers or instructions of a generated
	// array then mostly finds its words one after the other (stride 1),
	// which a loop indexes in one instruction.
	for k := range nst {
		if cls[k] == goW {
			place(k)
		}
	}
	for w := range s.waves {
		for _, r := range waveRegs(&s.waves[w]) {
			place(r.q)
		}
	}
	for _, o := range s.prog {
		if o.kind < kWCopy {
			place(o.dst)
		}
	}
	for k := range nst {
		place(k)
	}
	return l
}

// w returns the index in the uint64 array of a pinned word.
func (l *goLayout) w(off uint32) uint32 {
	lc := l.loc[off]
	if lc.cls != goW {
		panic(fmt.Sprintf("rtlsim: WriteGo: word %d is not pinned", off))
	}
	return lc.i
}

// wInt is w for the offsets kept as int (-1 for none).
func (l *goLayout) wInt(off int) int {
	if off < 0 {
		return off
	}
	return int(l.w(uint32(off)))
}

// idx returns the Go index expression of element base+i*stride in a loop
// over i, or of element base with stride 0.
func idx(base uint32, stride int64) string {
	switch {
	case stride == 0:
		return fmt.Sprint(base)
	case stride == 1:
		return fmt.Sprintf("%d+i", base)
	case stride > 0:
		return fmt.Sprintf("%d+i*%d", base, stride)
	default:
		return fmt.Sprintf("%d-i*%d", base, -stride)
	}
}

// read returns the Go expression (of type uint64) of the word at lc,
// advancing by stride in a loop over i.
func (lc goLoc) read(stride int64) string {
	e := fmt.Sprintf("st.%s[%s]", goClassInfo[lc.cls].field, idx(lc.i, stride))
	if lc.cls == goW {
		return e
	}
	return "uint64(" + e + ")"
}

// write returns the Go statement storing the uint64 expression x into the
// word at lc, advancing by stride in a loop over i.
func (lc goLoc) write(stride int64, x string) string {
	if lc.cls == goW {
		return fmt.Sprintf("st.w[%s] = %s", idx(lc.i, stride), x)
	}
	ci := goClassInfo[lc.cls]
	return fmt.Sprintf("st.%s[%s] = %s(%s)", ci.field, idx(lc.i, stride), ci.typ, x)
}

// stateType returns the declaration of the generated state type.
func (l *goLayout) stateType() string {
	s := "// state is the design's nets, by the width class of their words.\ntype state struct {\n"
	for c := range goNCl {
		ci := goClassInfo[c]
		s += fmt.Sprintf("\t%s [%d]%s\n", ci.field, l.n[c], ci.typ)
	}
	return s + "}\n"
}

// A goRunItem is one statement of a run candidate: what must be equal
// for statements to share a loop body (the key), and the words it
// accesses, which must advance by constant strides within one class.
type goRunItem struct {
	key  string
	locs []goLoc
}

// goRunLen returns how many items from items[0] on form one loop: one
// key, every word in one class at a constant stride.
func goRunLen(items []goRunItem) int {
	if len(items) < 2 {
		return 1
	}
	i0, i1 := &items[0], &items[1]
	if i0.key != i1.key || len(i0.locs) != len(i1.locs) {
		return 1
	}
	n := 1
	for n < len(items) {
		p, q := &items[n-1], &items[n]
		if q.key != i0.key || len(q.locs) != len(i0.locs) {
			break
		}
		ok := true
		for k := range q.locs {
			if q.locs[k].cls != i0.locs[k].cls || diff(p.locs[k].i, q.locs[k].i) != diff(i0.locs[k].i, i1.locs[k].i) {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		n++
	}
	return n
}

// strides returns the stride of every word of a run starting at items[0].
func strides(items []goRunItem) []int64 {
	out := make([]int64, len(items[0].locs))
	for k := range out {
		out[k] = diff(items[0].locs[k].i, items[1].locs[k].i)
	}
	return out
}

// initTables returns the tables of the words that start non-zero, the
// constants, by class.
func (l *goLayout) initTables(words []initWord) string {
	byClass := make([][]initWord, goNCl)
	for _, w := range words {
		lc := l.loc[w.off]
		byClass[lc.cls] = append(byClass[lc.cls], initWord{lc.i, w.v})
	}
	s := ""
	for c := range goNCl {
		ci := goClassInfo[c]
		s += fmt.Sprintf("var init%s = [...]struct {\n\ti uint32\n\tv %s\n}{\n", ci.field, ci.typ)
		slices.SortFunc(byClass[c], func(x, y initWord) int { return int(x.off) - int(y.off) })
		for _, w := range byClass[c] {
			s += fmt.Sprintf("\t{%d, %#x},\n", w.off, w.v)
		}
		s += "}\n\n"
	}
	return s
}

// pinnedWords returns, by word of the state, whether anything but a
// one-word instruction or register commit reads or writes it as a word of
// the flat state (see goLayout): every word of a net of more than 64
// bits, the operands of the multi-word instructions but those inline
// reports true for, the wider registers, the ports of the black boxes run
// by Go models, the first seqWords words, whose next values nx holds in
// the same order (the data of the memory read ports among them), and with
// ports, the ports, the properties, the memory ports' addresses, enables
// and write data, and the enables and resets of the wider registers
// (which the interpreter reads and writes wherever they are, see
// Sim.word).
func (s *Sim) pinnedWords(inline func(*instr) bool, ports bool) []bool {
	nst := uint32(len(s.state))
	pin := make([]bool, nst)
	pinRange := func(off, n uint32) {
		for k := off; k < off+n && k < nst; k++ {
			pin[k] = true
		}
	}
	pinRange(0, uint32(s.seqWords))
	for _, n := range s.nets {
		if n.width > 64 {
			pinRange(n.off, nwords(n.width))
		}
	}
	for _, ps := range [][]PortInfo{s.inputs, s.outputs} {
		for _, p := range ps {
			if n := &s.nets[p.Handle.id-1]; ports || n.width > 64 {
				pinRange(n.off, nwords(n.width))
			}
		}
	}
	for i := range s.wide {
		o := &s.wide[i]
		if inline != nil && inline(o) {
			continue
		}
		pinRange(o.dst, nwords(o.w))
		pinRange(o.a, nwords(o.wa))
		switch o.kind {
		case kWAnd, kWOr, kWXor, kWAdd, kWSub, kWMul, kWEq, kWNe, kWLt, kWLe, kWLtS, kWLeS:
			pinRange(o.b, nwords(o.wa))
		case kWShl, kWShr, kWSshr:
			pinRange(o.b, nwords(o.wb))
		case kWMux:
			pinRange(o.a, 1)
			pinRange(o.b, nwords(o.w))
			pinRange(o.c, nwords(o.w))
		}
	}
	for _, ps := range [][]memPort{s.reads, s.writes} {
		for _, p := range ps {
			if ports {
				pinRange(p.addr, p.addrN)
				pinRange(p.data, p.n)
			}
			if p.en >= 0 && ports {
				pinRange(uint32(p.en), 1)
			}
		}
	}
	for _, r := range s.regs {
		pinRange(r.q, r.n)
		pinRange(r.d, r.n)
		for _, x := range []int64{r.en, r.rst} {
			if x >= 0 && ports {
				pinRange(uint32(x), 1)
			}
		}
	}
	for _, p := range s.props {
		for _, x := range []int64{p.cond, p.en, p.rst} {
			if x >= 0 && ports {
				pinRange(uint32(x), 1)
			}
		}
	}
	for _, b := range s.boxes {
		for _, p := range b.ports {
			pinRange(p.off, p.n)
		}
	}
	return pin
}
