package fp

import (
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// Multiplier computes the fp32 product of two operands of format F,
// p = round_fp32(a × b) (see the package documentation). It is
// combinational.
//
// Ports:
//
//	a, b  input   UInt(F.Width())
//	p     output  UInt(32)         the product's fp32 bits
//
// The steps: Unpack both operands; multiply the significands exactly
// (F.Man+1 bits each, so the product has two integer bits, as Round
// wants); add the biased exponents and rebias to fp32's; Round to fp32.
// The sign is the XOR of the signs, zeros included. NaN when an operand is
// NaN or the product is 0 × ∞; else ±∞ when an operand is infinite. fp8
// and fp16 products are exact in fp32, so Round only packs them; bf16
// products can overflow to ±∞ or fall into fp32's subnormals or to ±0.
type Multiplier struct {
	F Format
	// Prefix is prepended to the module names of the multiplier and of
	// the generators it instantiates: a core's top name and "_", so that
	// cores with different tops share a design.
	Prefix string
}

// ModuleName implements dsl.Generator.
func (g Multiplier) ModuleName() string { return g.Prefix + "fp_mul_" + g.F.Name }

// Build implements dsl.Generator.
func (g Multiplier) Build(m *dsl.Module) {
	f := g.F
	a := m.Input("a", dsl.UInt(f.Width()))
	b := m.Input("b", dsl.UInt(f.Width()))
	p := m.Output("p", dsl.UInt(FP32.Width()))

	ua := m.Instance("unpack_a", Unpack{f, g.Prefix})
	ua.Port("x").Set(a)
	ub := m.Instance("unpack_b", Unpack{f, g.Prefix})
	ub.Port("x").Set(b)
	port := func(name string) (dsl.Signal, dsl.Signal) {
		dsl.Helper()
		return ua.Port(name), ub.Port(name)
	}
	sa, sb := port("sign")
	ea, eb := port("exp")
	ma, mb := port("sig")
	na, nb := port("nan")
	ia, ib := port("inf")
	za, zb := port("zero")

	// The exponent of the product, biased as fp32's: ea + eb − 2·bias +
	// 127, in a width that holds its whole range.
	lo := 2 - 2*f.Bias() + FP32.Bias()
	hi := 2*int(f.expOnes()) - 2*f.Bias() + FP32.Bias()
	ew := signedWidth(lo, hi)
	rebias := dsl.S(ew, int64(FP32.Bias()-2*f.Bias()))
	e := ea.ZeroExtend(ew).AsSInt().Add(eb.ZeroExtend(ew).AsSInt()).Add(rebias)

	r := m.Instance("round", Round{Out: FP32, SigWidth: 2 * (f.Man + 1), ExpWidth: ew, NegExp: lo < 0, Prefix: g.Prefix})
	r.Port("sign").Set(sa.Xor(sb))
	r.Port("exp").Set(m.Named("exp", e))
	r.Port("sig").Set(m.Named("sig", ma.Mul(mb)))
	r.Port("sticky").Set(dsl.B(false))
	r.Port("nan").Set(na.Or(nb).Or(ia.And(zb)).Or(za.And(ib)))
	r.Port("inf").Set(ia.Or(ib))
	p.Set(r.Port("y"))
}

// signedWidth is the width of a two's-complement number holding lo..hi.
func signedWidth(lo, hi int) int {
	w := bits.Len(uint(max(hi, -lo-1, 0))) + 1
	return max(w, 2)
}
