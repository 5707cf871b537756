package randdesign

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
)

func (g *gen) build() {
	m := g.m
	nin := 1 + g.r.Intn(4)
	for i := 0; i < nin; i++ {
		g.pool = append(g.pool, m.Input(fmt.Sprintf("in%d", i), g.typ()))
	}
	var regs []dsl.Signal
	for i, n := 0, g.r.Intn(4); i < n; i++ {
		t := g.typ()
		var opts []dsl.RegOption
		if g.r.Intn(2) == 0 {
			opts = append(opts, dsl.Init(g.r.Int63n(1<<min(t.Width()-1, 62))))
		}
		if g.r.Intn(3) == 0 {
			opts = append(opts, dsl.Enable(g.cond()))
		}
		r := m.Reg(g.fresh("r"), t, opts...)
		regs = append(regs, r)
		g.pool = append(g.pool, r)
	}
	if g.o.Depth > 0 && g.r.Intn(3) > 0 {
		g.children()
	}
	for i := 0; i < g.o.Ops; i++ {
		switch k := g.r.Intn(20); {
		case k == 0:
			g.whenWire()
		case k == 1 && g.r.Intn(2) == 0:
			g.memory()
		default:
			g.pool = append(g.pool, g.op())
		}
	}
	for _, r := range regs {
		g.assignReg(r)
	}
	// A few direct outputs, and the XOR of every value so that each one
	// reaches an output.
	for i, n := 0, 1+g.r.Intn(3); i < n; i++ {
		s := g.pick()
		m.Output(fmt.Sprintf("out%d", i), s.Type()).Set(s)
	}
	fw := 0
	for _, s := range g.pool {
		fw = max(fw, s.Width())
	}
	fold := dsl.U(fw, 0)
	for _, s := range g.pool {
		fold = fold.Xor(s.AsUInt().ZeroExtend(fw))
	}
	m.Output("fold", dsl.UInt(fw)).Set(fold)
}

// op applies a random operator to values of the pool.
func (g *gen) op() dsl.Signal {
	a := g.pick()
	b := coerce(g.pick(), a.Type())
	if g.r.Intn(3) == 0 {
		// Operands of different widths exercise the width rule.
		b = g.pick()
		if b.Type().Signed() != a.Type().Signed() {
			b = coerce(b, a.Type())
		}
	}
	w := a.Width()
	switch g.r.Intn(32) {
	case 0:
		return a.Add(b)
	case 1:
		return a.AddExpand(b)
	case 2:
		return a.Sub(b)
	case 3:
		return a.SubExpand(b)
	case 4:
		if a.Width()+b.Width() > 260 {
			return a.Mul(b.Trunc(min(b.Width(), 8)))
		}
		return a.Mul(b)
	case 5:
		return a.Neg()
	case 6:
		return a.And(b)
	case 7:
		return a.Or(b)
	case 8:
		return a.Xor(b)
	case 9:
		return a.Not()
	case 10:
		return a.Shl(g.r.Intn(w + 2))
	case 11:
		return a.Shr(g.r.Intn(w + 2))
	case 12:
		return a.ShlBy(g.shiftAmount(w))
	case 13:
		return a.ShrBy(g.shiftAmount(w))
	case 14:
		return a.Eq(b)
	case 15:
		return a.Ne(b)
	case 16:
		return a.Lt(b)
	case 17:
		return a.Le(b)
	case 18:
		return a.Gt(b)
	case 19:
		return a.Ge(b)
	case 20:
		return dsl.Mux(g.cond(), a, b)
	case 21:
		return dsl.Cat(a, g.pick().Trunc(1), b.Trunc(min(b.Width(), 40)))
	case 22:
		lo := g.r.Intn(w)
		return a.Bits(lo+g.r.Intn(w-lo), lo)
	case 23:
		return a.Extend(w + g.r.Intn(70))
	case 24:
		return a.SignExtend(w + g.r.Intn(70))
	case 25:
		return a.ZeroExtend(w + g.r.Intn(70))
	case 26:
		return a.Trunc(1 + g.r.Intn(w))
	case 27:
		if g.r.Intn(2) == 0 {
			return a.AndR()
		}
		return a.XorR()
	case 28:
		return a.AsSInt()
	case 29:
		return g.mac(a)
	case 30:
		// a valid bit cleared by another, which rtlsim fuses into
		// one and-not
		return a.And(b.Not())
	}
	return a.AsUInt()
}

// mac returns a multiply-add as a PE spells it, which rtlsim fuses into
// one instruction: narrow operands of one signedness, their full product
// extended or truncated to an accumulator's type and added to it.
func (g *gen) mac(a dsl.Signal) dsl.Signal {
	x := a.Trunc(min(a.Width(), 1+g.r.Intn(32)))
	t := dsl.UInt(1 + g.r.Intn(32))
	if x.Type().Signed() {
		t = dsl.SInt(t.Width())
	}
	y := coerce(g.pick(), t)
	acc := g.pick()
	if acc.Width() > 64 {
		acc = acc.Trunc(1 + g.r.Intn(64))
	}
	return acc.Add(coerce(x.Mul(y), acc.Type()))
}

// shiftAmount is an amount that is sometimes in range, sometimes beyond the
// width, and sometimes wider than 64 bits.
func (g *gen) shiftAmount(w int) dsl.Signal {
	s := g.pick().AsUInt()
	switch g.r.Intn(3) {
	case 0:
		return s
	case 1:
		return s.Trunc(min(s.Width(), 3))
	}
	n := 1
	for 1<<n <= w+1 {
		n++
	}
	return s.Trunc(min(s.Width(), n))
}

// whenWire makes a wire with a default and nested conditional assignments.
func (g *gen) whenWire() {
	t := g.typ()
	w := g.m.Wire(g.fresh("w"), t)
	w.Set(coerce(g.pick(), t))
	ch := g.m.When(g.cond(), func() {
		w.Set(coerce(g.pick(), t))
		if g.r.Intn(2) == 0 {
			g.m.When(g.cond(), func() { w.Set(coerce(g.pick(), t)) })
		}
	})
	if g.r.Intn(2) == 0 {
		ch = ch.ElseWhen(g.cond(), func() { w.Set(coerce(g.pick(), t)) })
	}
	if g.r.Intn(2) == 0 {
		ch.Otherwise(func() { w.Set(coerce(g.pick(), t)) })
	}
	g.pool = append(g.pool, w)
}

// assignReg gives a register its next value, sometimes under conditions.
func (g *gen) assignReg(r dsl.Signal) {
	t := r.Type()
	switch g.r.Intn(3) {
	case 0:
		r.Set(coerce(g.pick(), t))
	case 1:
		g.m.When(g.cond(), func() { r.Set(coerce(g.pick(), t)) })
	default:
		r.Set(coerce(g.pick(), t))
		g.m.When(g.cond(), func() {
			g.m.When(g.cond(), func() { r.Set(coerce(g.pick(), t)) })
		}).Otherwise(func() { r.Set(coerce(g.pick(), t)) })
	}
}

// memory adds a small memory with conditional writes and reads of
// addresses that may lie beyond its depth.
func (g *gen) memory() {
	t := dsl.UInt(g.width())
	depth := 1 + g.r.Intn(9)
	mem := g.m.Mem(g.fresh("mem"), t, depth)
	ad := func() dsl.Signal {
		return coerce(g.pick(), dsl.UInt(1+g.r.Intn(4)))
	}
	for i, n := 0, 1+g.r.Intn(2); i < n; i++ {
		g.m.When(g.cond(), func() { mem.Write(ad(), coerce(g.pick(), t)) })
	}
	for i, n := 0, 1+g.r.Intn(2); i < n; i++ {
		if g.r.Intn(2) == 0 {
			g.pool = append(g.pool, mem.Read(ad()))
		} else {
			g.pool = append(g.pool, mem.ReadEnable(ad(), g.cond()))
		}
	}
}

// children instantiates random child designs, one of them sometimes twice
// (the same module definition), and adds their outputs to the pool.
func (g *gen) children() {
	for i, n := 0, 1+g.r.Intn(2); i < n; i++ {
		child := design(fmt.Sprintf("%s_c%d", g.name, i), g.r.Int63(),
			Options{Ops: max(g.o.Ops/3, 4), MaxWidth: g.o.MaxWidth, Depth: g.o.Depth - 1})
		for k, copies := 0, 1+g.r.Intn(2); k < copies; k++ {
			u := g.m.Instance(g.fresh("u"), child)
			for _, p := range u.Ports() {
				if p.Output {
					g.pool = append(g.pool, u.Port(p.Name))
				} else {
					u.Port(p.Name).Set(coerce(g.pick(), p.Type))
				}
			}
		}
	}
}
