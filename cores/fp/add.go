package fp

import (
	"github.com/systole-hdl/systole/dsl"
)

// Adder computes the fp32 sum s = round_fp32(x + y) (see the package
// documentation). It is combinational.
//
// Ports:
//
//	x, y  input   UInt(32)   fp32 bits
//	s     output  UInt(32)
//
// The steps: swap the operands so that big has the larger magnitude
// (comparing the bits below the sign, which orders finite magnitudes);
// Unpack both; Align small's significand to big's exponent by shifting it
// right by the exponent difference, keeping three more bits — guard, round
// and a sticky bit that ORs everything shifted further — which is enough
// for a correctly rounded sum or difference; add, or subtract when the
// signs differ (never negative, big being larger); Round the 28-bit result
// (two integer bits for the carry) with big's exponent. An exact zero sum
// is +0 unless both operands are −0. NaN when an operand is NaN or the sum
// is ∞ − ∞; else ±∞ with the infinite operand's sign.
type Adder struct {
	// Prefix is prepended to the module names of the adder and of the
	// generators it instantiates (see Multiplier).
	Prefix string
}

// ModuleName implements dsl.Generator.
func (g Adder) ModuleName() string { return g.Prefix + "fp_add_fp32" }

const (
	addExtra = 3                 // guard, round, sticky
	addSig   = 23 + 1 + addExtra // big's aligned significand: fp32's 24 bits and three more
)

// Build implements dsl.Generator.
func (g Adder) Build(m *dsl.Module) {
	f := FP32
	x := m.Input("x", dsl.UInt(32))
	y := m.Input("y", dsl.UInt(32))
	s := m.Output("s", dsl.UInt(32))

	swap := m.Named("swap", x.Bits(30, 0).Lt(y.Bits(30, 0)))
	ub := m.Instance("unpack_big", Unpack{f, g.Prefix})
	ub.Port("x").Set(dsl.Mux(swap, y, x))
	us := m.Instance("unpack_small", Unpack{f, g.Prefix})
	us.Port("x").Set(dsl.Mux(swap, x, y))

	// Align.
	al := m.Instance("align", Align{Width: f.Man + 1, Extra: addExtra, ByWidth: f.Exp, Prefix: g.Prefix})
	al.Port("sig").Set(us.Port("sig"))
	al.Port("by").Set(m.Named("exp_diff", ub.Port("exp").Sub(us.Port("exp"))))
	small := m.Named("aligned", al.Port("out"))
	big := dsl.Cat(ub.Port("sig"), dsl.U(addExtra, 0))

	// Add or subtract.
	sb, ss := ub.Port("sign"), us.Port("sign")
	sub := sb.Xor(ss)
	sum := m.Named("sum", dsl.Mux(sub, big.Sub(small).ZeroExtend(addSig+1), big.AddExpand(small)))
	exactZero := sum.Eq(dsl.U(addSig+1, 0))

	r := m.Instance("round", Round{Out: f, SigWidth: addSig + 1, ExpWidth: f.Exp + 2, Prefix: g.Prefix})
	r.Port("sign").Set(dsl.Mux(exactZero, sb.And(ss), sb))
	r.Port("exp").Set(ub.Port("exp").ZeroExtend(f.Exp + 2).AsSInt())
	r.Port("sig").Set(sum)
	r.Port("sticky").Set(dsl.B(false))
	ib, is := ub.Port("inf"), us.Port("inf")
	r.Port("nan").Set(ub.Port("nan").Or(us.Port("nan")).Or(ib.And(is).And(sub)))
	r.Port("inf").Set(ib.Or(is))
	s.Set(r.Port("y"))
}
