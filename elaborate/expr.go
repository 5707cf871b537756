package elaborate

import (
	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

// expr lowers a node read at use (the position of the reading statement)
// and returns its net. A node that cannot be lowered is reported and
// replaced by a zero constant, so that lowering goes on and finds more.
func (l *lowering) expr(n *dslir.Node, use dslir.Pos) netlist.NetID {
	if id, ok := l.nets[n]; ok {
		return id
	}
	id, ok := l.lowerNode(n, use)
	if !ok {
		id = l.constant(bits.New(l.width(n)), n.Pos)
	}
	l.nets[n] = id
	return id
}

func (l *lowering) lowerNode(n *dslir.Node, use dslir.Pos) (netlist.NetID, bool) {
	if n.Err != "" {
		l.errorf(n.Pos, n.Describe(), "%s", n.Err)
		return 0, false
	}
	if n.Owner != nil && n.Owner != l.dm {
		what := "a signal"
		if n.Kind == dslir.Output {
			what = "an output"
		}
		e := l.errorf(use, n.Describe(), "%s of module %s is used in module %s: a module reads a child's ports through its instance (Inst.Port)",
			what, n.Owner.Name, l.dm.Name)
		e.Notes = []string{n.Describe() + " is declared at " + n.Pos.String()}
		return 0, false
	}
	switch n.Kind {
	case dslir.Invalid:
		if n.Inst != nil && n.Inst.Broken {
			return 0, false // reported where it was instantiated
		}
		l.errorf(use, "", "use of an invalid signal")
		return 0, false
	case dslir.Lit:
		return l.constant(n.Lit, n.Pos), true
	case dslir.Expr:
		if !l.checkWidth(n) {
			return 0, false
		}
		return l.op(n)
	case dslir.InstPort:
		// Only ports the child declared reach here (others carry Err); the
		// parent-side net was made in declare.
		l.errorf(use, n.Describe(), "port of instance %s is not connected here", n.Inst.Name)
		return 0, false
	}
	// Named signals, reset, memory reads and instance ports were declared.
	l.errorf(use, n.Describe(), "signal is not part of module %s", l.dm.Name)
	return 0, false
}

// operands lowers the two operands of a binary operator, checking that
// their signedness agrees, and extends both to w bits.
func (l *lowering) operands(n *dslir.Node, w int) (a, b netlist.NetID, ok bool) {
	x, y := n.Args[0], n.Args[1]
	a, b = l.expr(x, n.Pos), l.expr(y, n.Pos)
	if x.Type.Signed != y.Type.Signed {
		l.errorf(n.Pos, n.Describe(), "type mismatch: %s of %s %s and %s %s: convert one with AsUInt or AsSInt",
			n.Op, x.Type, x.Describe(), y.Type, y.Describe())
		return 0, 0, false
	}
	return l.extend(a, x.Type.Signed, w, n.Pos), l.extend(b, y.Type.Signed, w, n.Pos), true
}

var binaryOps = map[dslir.Op]netlist.Op{
	dslir.Add: netlist.OpAdd, dslir.AddExpand: netlist.OpAdd, dslir.Sub: netlist.OpSub,
	dslir.SubExpand: netlist.OpSub, dslir.Mul: netlist.OpMul, dslir.And: netlist.OpAnd,
	dslir.Or: netlist.OpOr, dslir.Xor: netlist.OpXor,
}

var compareOps = map[dslir.Op]netlist.Op{
	dslir.Eq: netlist.OpEq, dslir.Ne: netlist.OpNe, dslir.Lt: netlist.OpLt,
	dslir.Le: netlist.OpLe, dslir.Gt: netlist.OpGt, dslir.Ge: netlist.OpGe,
}

var unaryOps = map[dslir.Op]netlist.Op{
	dslir.Neg: netlist.OpNeg, dslir.Not: netlist.OpNot, dslir.AndR: netlist.OpRedAnd,
	dslir.OrR: netlist.OpRedOr, dslir.XorR: netlist.OpRedXor,
}

func (l *lowering) op(n *dslir.Node) (netlist.NetID, bool) {
	w, pos := n.Type.Width, n.Pos
	if op, ok := binaryOps[n.Op]; ok {
		a, b, ok := l.operands(n, w)
		if !ok {
			return 0, false
		}
		return l.cell(op, w, pos, a, b), true
	}
	if op, ok := compareOps[n.Op]; ok {
		cw := max(n.Args[0].Type.Width, n.Args[1].Type.Width, 1)
		a, b, ok := l.operands(n, cw)
		if !ok {
			return 0, false
		}
		out := l.cell(op, 1, pos, a, b)
		l.m.Cells[l.driver[out]].Signed = n.Args[0].Type.Signed && op.Info().Signed
		return out, true
	}
	if op, ok := unaryOps[n.Op]; ok {
		return l.cell(op, w, pos, l.expr(n.Args[0], pos)), true
	}
	x := n.Args[0]
	a := l.expr(x, pos)
	aw := l.netWidth(a)
	switch n.Op {
	case dslir.Shl:
		return l.shiftConst(a, n.Amt, false, false, pos)
	case dslir.Shr:
		return l.shiftConst(a, n.Amt, true, x.Type.Signed, pos)
	case dslir.ShlBy, dslir.ShrBy:
		amt := l.expr(n.Args[1], pos)
		op := netlist.OpShl
		if n.Op == dslir.ShrBy {
			op = netlist.OpShr
			if x.Type.Signed {
				op = netlist.OpSshr
			}
		}
		return l.cell(op, aw, pos, a, amt), true
	case dslir.Mux:
		sel := a
		if aw != 1 {
			l.errorf(pos, x.Describe(), "width mismatch: Mux select is %d bits, must be 1 (Bool)", aw)
			return 0, false
		}
		t, f := n.Args[1], n.Args[2]
		if t.Type.Signed != f.Type.Signed {
			l.errorf(pos, n.Describe(), "type mismatch: Mux of %s %s and %s %s: convert one with AsUInt or AsSInt",
				t.Type, t.Describe(), f.Type, f.Describe())
			return 0, false
		}
		tn := l.extend(l.expr(t, pos), t.Type.Signed, w, pos)
		fn := l.extend(l.expr(f, pos), f.Type.Signed, w, pos)
		return l.cell(netlist.OpMux, w, pos, sel, tn, fn), true
	case dslir.Cat:
		in := []netlist.NetID{a}
		for _, arg := range n.Args[1:] {
			in = append(in, l.expr(arg, pos))
		}
		if len(in) == 1 {
			return a, true
		}
		return l.cell(netlist.OpConcat, w, pos, in...), true
	case dslir.Bits:
		if n.Amt == 0 && w == aw {
			return a, true
		}
		out := l.cell(netlist.OpSlice, w, pos, a)
		l.m.Cells[l.driver[out]].Lo = n.Amt
		return out, true
	case dslir.Extend:
		return l.extend(a, x.Type.Signed, w, pos), true
	case dslir.ZeroExtend:
		return l.extend(a, false, w, pos), true
	case dslir.SignExtend:
		return l.extend(a, true, w, pos), true
	case dslir.Trunc:
		return l.extend(a, false, w, pos), true
	case dslir.AsUInt, dslir.AsSInt:
		return a, true
	}
	l.errorf(pos, n.Describe(), "unknown operator %s", n.Op)
	return 0, false
}

// shiftConst lowers a shift by a constant to bit selects and extensions.
func (l *lowering) shiftConst(a netlist.NetID, k int, right, signed bool, pos dslir.Pos) (netlist.NetID, bool) {
	w := l.netWidth(a)
	if k < 0 {
		l.errorf(pos, l.m.Nets[a].Name, "negative shift amount %d", k)
		return 0, false
	}
	if k == 0 {
		return a, true
	}
	if !right {
		if k >= w {
			return l.constant(bits.New(w), pos), true
		}
		lowBits := l.extend(a, false, w-k, pos)
		return l.cell(netlist.OpConcat, w, pos, lowBits, l.constant(bits.New(k), pos)), true
	}
	if k >= w {
		if !signed {
			return l.constant(bits.New(w), pos), true
		}
		k = w - 1
	}
	hi := l.cell(netlist.OpSlice, w-k, pos, a)
	l.m.Cells[l.driver[hi]].Lo = k
	return l.extend(hi, signed, w, pos), true
}
