package rtlsim

import "github.com/systole-hdl/systole/netlist"

// A term is an operand of a fused product: net, read as a signed number of
// w bits when signed, else as the unsigned number its words hold.
type term struct {
	net    int32
	w      int
	signed bool
}

// sh returns the left-then-right shift that sign-extends the term from its
// width to 64 bits, 0 for an unsigned term.
func (t term) sh() uint8 {
	if t.signed {
		return uint8(64 - t.w)
	}
	return 0
}

// product describes a net of at most 64 bits whose value is x*y modulo
// 2^width, computed in 64 bits from the terms.
type product struct{ x, y term }

// exact reports whether a w-bit net holds the product without losing a
// bit, read as a signed number: the product of a signed a-bit and a b-bit
// number needs a+b bits, of two unsigned ones a+b+1.
func (p product) exact(w int) bool {
	need := p.x.w + p.y.w
	if !p.x.signed && !p.y.signed {
		need++
	}
	return w >= need
}

// zextExact reports whether a w-bit net holds the product without losing a
// bit, read as an unsigned number: the product of two unsigned numbers of
// a and b bits, which needs a+b bits.
func (p product) zextExact(w int) bool {
	return !p.x.signed && !p.y.signed && w >= p.x.w+p.y.w
}

// A fusion replaces a cell's own instruction by one that computes the same
// value from nets further back: k64MulS for a product, k64Mac for a sum
// with a product, k64AndNot for an and with an inverted input, k64AndEq
// for an and with a comparison (a valid bit and a match: a PE capturing
// the weight meant for its row).
type fusion struct {
	kind    kind // see fused
	p       product
	z       int32 // the addend of a k64Mac
	a, b, c int32 // the inputs of a k64AndNot (a & ^b) or a k64AndEq (a & (b == c))
}

// fused reports whether f replaces the cell's instruction.
func (f fusion) fused() bool {
	return f.kind == k64MulS || f.kind == k64Mac || f.kind == k64AndNot || f.kind == k64AndEq
}

// fuse finds the multiply-adds of at most 64 bits and fuses them into one
// instruction each, the inner loop of a systolic array (and of any MAC),
// and an and with a not into an and-not (a valid bit cleared by another):
//
//   - every one-word mul reads its operands from before their sign
//     extensions (a mul of sign-extended inputs is the product of the
//     signed inputs, modulo 2^w);
//   - a sign extension of a product that its width holds exactly is the
//     same product at the wider width;
//   - an add of a product and another net multiplies and adds at once.
//
// The cells fused over are still computed when something else reads them;
// markHot moves those that nothing reads any more to the lazy program.
func (c *compiler) fuse(order []int32) {
	c.fused = make([]fusion, len(c.cells))
	c.prod = map[int32]product{}
	for _, ci := range order {
		fc := &c.cells[ci]
		w := c.nets[fc.out].width
		if c.alias[fc.out] >= 0 || w > 64 {
			continue
		}
		switch fc.cell.Op {
		case netlist.OpMul:
			p := product{x: c.term(fc.in[0]), y: c.term(fc.in[1])}
			c.prod[fc.out] = p
			c.fused[ci] = fusion{kind: k64MulS, p: p}
		case netlist.OpSext:
			// (through a zext, the product's sign bit is gone)
			r := c.rootOf(fc.in[0])
			if p, ok := c.prod[r]; ok && p.exact(c.nets[r].width) && c.nets[fc.in[0]].width == c.nets[r].width {
				c.prod[fc.out] = p
				c.fused[ci] = fusion{kind: k64MulS, p: p}
			}
		case netlist.OpAnd:
			// x & ^y: the not's bits above the width are ones, but
			// x's are zeros, so the and keeps them zero; a zext
			// between the not and the and would be a different
			// value, so it must not be there
			for i, g := range fc.in {
				r := c.rootOf(g)
				if d := c.nets[r].driver; d >= 0 && c.cells[d].cell.Op == netlist.OpNot && c.nets[g].width == c.nets[r].width {
					c.fused[ci] = fusion{kind: k64AndNot, a: fc.in[1-i], b: c.cells[d].in[0]}
					break
				}
			}
			if c.fused[ci].fused() {
				break
			}
			// x & (y == z): the comparison is 0 or 1, and so is it
			// zero-extended (a zext shares its words), so the and
			// keeps x's bit 0 or nothing
			for i, g := range fc.in {
				d := c.nets[c.rootOf(g)].driver
				if d < 0 {
					continue
				}
				if eq := &c.cells[d]; eq.cell.Op == netlist.OpEq && c.nets[eq.in[0]].width <= 64 {
					c.fused[ci] = fusion{kind: k64AndEq, a: fc.in[1-i], b: eq.in[0], c: eq.in[1]}
					break
				}
			}
		case netlist.OpAdd:
			for i, g := range fc.in {
				r := c.rootOf(g)
				p, ok := c.prod[r]
				// a product zero-extended to the add's width
				// (the zext shares the product's words) is still
				// the product only when it is not negative and
				// its width holds it
				if !ok || c.nets[r].width != w && !p.zextExact(c.nets[r].width) {
					continue
				}
				c.fused[ci] = fusion{kind: k64Mac, p: p, z: fc.in[1-i]}
				break
			}
		}
	}
}

// rootOf returns the net whose words net g shares.
func (c *compiler) rootOf(g int32) int32 {
	if a := c.alias[g]; a >= 0 {
		return a
	}
	return g
}

// term returns the operand of a product that net g is: the input of the
// sign extension driving g, read as signed, or g itself, unsigned. A zext
// between the sign extension and g (which shares their words) makes the
// value unsigned again.
func (c *compiler) term(g int32) term {
	r := c.rootOf(g)
	if d := c.nets[r].driver; d >= 0 && c.nets[g].width == c.nets[r].width {
		if fc := &c.cells[d]; fc.cell.Op == netlist.OpSext && c.nets[fc.in[0]].width <= 64 {
			in := fc.in[0]
			return term{net: in, w: c.nets[in].width, signed: true}
		}
	}
	return term{net: r, w: c.nets[r].width}
}

// reads returns the nets that cell ci's instructions read.
func (c *compiler) reads(ci int32) []int32 {
	f := &c.fused[ci]
	switch f.kind {
	case k64MulS:
		return []int32{f.p.x.net, f.p.y.net}
	case k64Mac:
		return []int32{f.p.x.net, f.p.y.net, f.z}
	case k64AndNot:
		return []int32{f.a, f.b}
	case k64AndEq:
		return []int32{f.a, f.b, f.c}
	}
	return c.cells[ci].in
}

// markHot returns, by cell, whether eval must compute the cell's output
// every time: because a register, a memory port or an output of the top
// reads it, or a hot cell's instructions do. The other cells go to the lazy
// program, which Peek and tracing run on demand.
func (c *compiler) markHot(top *netlist.Module) []bool {
	hot := make([]bool, len(c.cells))
	var work []int32
	need := func(g int32) {
		if g < 0 {
			return
		}
		if d := c.nets[c.rootOf(g)].driver; d >= 0 && !hot[d] {
			hot[d] = true
			work = append(work, d)
		}
	}
	for _, r := range c.regs {
		need(r.d)
		need(r.en)
		need(r.rst)
	}
	for _, m := range c.mems {
		for _, ports := range [][]flatPort{m.reads, m.writes} {
			for _, p := range ports {
				need(p.addr)
				need(p.en)
				need(p.data)
			}
		}
	}
	for _, p := range top.Ports {
		if p.Dir == netlist.Out {
			need(c.names[top.Nets[p.Net].Name])
		}
	}
	c.propNets(need)
	c.boxInputs(need)
	for len(work) > 0 {
		ci := work[len(work)-1]
		work = work[:len(work)-1]
		if g := c.cells[ci].out; c.alias[g] >= 0 {
			need(c.alias[g]) // a buf or zext shares its input's words
			continue
		}
		for _, g := range c.reads(ci) {
			need(g)
		}
	}
	return hot
}

// lowerFused appends the fused instruction f of a cell.
func (c *compiler) lowerFused(s *Sim, fc *flatCell, f fusion) {
	s.countFusion(fc, f)
	out := s.nets[fc.out]
	switch f.kind {
	case k64AndNot:
		s.emit(instr{kind: k64AndNot, dst: out.off, w: out.width, mask: topMask(out.width),
			a: s.nets[f.a].off, b: s.nets[f.b].off})
		return
	case k64AndEq:
		s.emit(instr{kind: k64AndEq, dst: out.off, w: out.width, mask: topMask(out.width),
			a: s.nets[f.a].off, b: s.nets[f.b].off, c: s.nets[f.c].off})
		return
	}
	o := instr{kind: f.kind, dst: out.off, w: out.width, mask: topMask(out.width),
		a: s.nets[f.p.x.net].off, b: s.nets[f.p.y.net].off,
		sh: f.p.x.sh(), sh2: f.p.y.sh()}
	if f.kind == k64Mac {
		o.c = s.nets[f.z].off
	}
	s.emit(o)
}

// Fusions of a compiled design, as Sim.Fused reports them.
const (
	FusedAndNot      = "and-not"      // x & ^y
	FusedAndEq       = "and-eq"       // x & (y == z)
	FusedMac         = "mac"          // an add of a product of unsigned operands
	FusedMacSigned   = "mac-signed"   // an add of a product of sign-extended operands
	FusedMulSigned   = "mul-signed"   // a product read from before its operands' sign extensions
	FusedSextProduct = "sext-product" // a sign extension of a product its width holds
)

// countFusion counts the fused instruction f of a cell for Sim.Fused.
func (s *Sim) countFusion(fc *flatCell, f fusion) {
	if s.fused == nil {
		s.fused = map[string]int{}
	}
	signed := f.p.x.signed || f.p.y.signed
	switch {
	case f.kind == k64AndNot:
		s.fused[FusedAndNot]++
	case f.kind == k64AndEq:
		s.fused[FusedAndEq]++
	case f.kind == k64Mac && signed:
		s.fused[FusedMacSigned]++
	case f.kind == k64Mac:
		s.fused[FusedMac]++
	case fc.cell.Op == netlist.OpSext:
		s.fused[FusedSextProduct]++
	case signed:
		s.fused[FusedMulSigned]++
	}
}

// Fused returns how many cells of the design the compiled program
// computes with one fused instruction, by fusion (FusedMac, ...): the
// patterns of a processing element that rtlsim runs as one instruction
// instead of several. A test of the fusions uses it to show that its
// designs reach them.
func (s *Sim) Fused() map[string]int {
	out := make(map[string]int, len(s.fused))
	for k, v := range s.fused {
		out[k] = v
	}
	return out
}
