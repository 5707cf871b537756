package fp

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// Round normalizes, rounds and packs a result into format Out: the last
// stage of every operation here, and of a conversion from a wider format
// to a narrower one. It is combinational.
//
// Ports:
//
//	sign    input   Bool
//	exp     input   SInt(ExpWidth)   e, biased by Out's bias
//	sig     input   UInt(SigWidth)   an unnormalized significand with two
//	                                 integer bits: the value is
//	                                 sig × 2^(e − bias − (SigWidth − 2))
//	sticky  input   Bool             something nonzero lies below sig's
//	                                 last bit and below the result's
//	                                 guard bit (true of the bits an
//	                                 alignment shifted out)
//	nan     input   Bool             the result is NaN: Out's canonical NaN
//	inf     input   Bool             the result is ±infinity
//	y       output  UInt(Out.Width())
//
// The steps: count sig's leading zeros z; normalize by shifting left by
// s = min(z, e), which puts the leading one on top with exponent e+1−z,
// or, when that exponent would be below Out's smallest (1), leaves the
// number subnormal with exponent field 0; when e < 0 (only with NegExp)
// it shifts right by −e instead, folding the bits shifted out into the
// sticky bit. Then keep Man bits below the leading position, and round to
// nearest, ties to even, from the guard bit (the next one) and the sticky
// bit (the OR of the rest): the increment is added to exponent and
// mantissa together, so a carry out of the mantissa moves into the
// exponent (a subnormal rounding up to the smallest normal, a normal to
// the next binade, the largest finite to infinity). An exponent at or
// above the all-ones field overflows to ±infinity; for a format without
// infinities (E4M3) every overflow and infinity saturates to ±the largest
// finite value. Zero significands give ±0 with the given sign.
type Round struct {
	Out      Format
	SigWidth int // 2..
	ExpWidth int // 2..
	// NegExp says e may be negative: the right shift into the subnormal
	// range is built only then.
	NegExp bool
	Prefix string // prepended to the module name
}

// ModuleName implements dsl.Generator.
func (r Round) ModuleName() string {
	n := fmt.Sprintf("%sfp_round_%s_s%d_e%d", r.Prefix, r.Out.Name, r.SigWidth, r.ExpWidth)
	if r.NegExp {
		n += "_n"
	}
	return n
}

// Build implements dsl.Generator.
func (r Round) Build(m *dsl.Module) {
	f := r.Out
	sign := m.Input("sign", dsl.Bool())
	exp := m.Input("exp", dsl.SInt(r.ExpWidth))
	sig := m.Input("sig", dsl.UInt(r.SigWidth))
	sticky := m.Input("sticky", dsl.Bool())
	nan := m.Input("nan", dsl.Bool())
	inf := m.Input("inf", dsl.Bool())
	y := m.Output("y", dsl.UInt(f.Width()))

	// At least a guard bit and one more below the kept ones: pad with
	// zeros, which keeps the value (the binary point moves with them).
	sw := max(r.SigWidth, f.Man+3)
	if sw > r.SigWidth {
		sig = dsl.Cat(sig, dsl.U(sw-r.SigWidth, 0))
	}
	lw := bits.Len(uint(sw))        // holds 0..sw
	ew := max(r.ExpWidth, lw+1) + 2 // e, z, e+1-s without overflow
	sInt := func(v int) dsl.Signal { return dsl.S(ew, int64(v)) }

	// Normalize.
	_, lz := LeadingZeros(m, sig)
	z := m.Named("lz", lz.ZeroExtend(ew).AsSInt())
	e := exp.Extend(ew)
	s := m.Named("shift", dsl.Mux(z.Lt(e), z, e))
	n := sig.ShlBy(s.AsUInt().Trunc(lw))
	below := dsl.B(false)
	if r.NegExp {
		neg := s.Lt(sInt(0))
		by := sInt(0).Sub(s)
		amt := dsl.Mux(by.Gt(sInt(sw)), dsl.U(lw, uint64(sw)), by.AsUInt().Trunc(lw))
		wide := dsl.Cat(sig, dsl.U(sw, 0)).ShrBy(amt)
		n = dsl.Mux(neg, wide.Bits(2*sw-1, sw), n)
		below = neg.And(wide.Bits(sw-1, 0).OrR())
	}
	n = m.Named("norm", n)
	lead := n.Bit(sw - 1)
	en := m.Named("norm_exp", e.Add(sInt(1)).Sub(s))

	// Round to nearest, ties to even.
	field := dsl.Mux(lead, en.AsUInt().Trunc(f.Exp), dsl.U(f.Exp, 0))
	man := n.Bits(sw-2, sw-1-f.Man)
	guard := n.Bit(sw - 2 - f.Man)
	rest := sticky.Or(below)
	if sw-3-f.Man >= 0 {
		rest = rest.Or(n.Bits(sw-3-f.Man, 0).OrR())
	}
	inc := m.Named("round_up", guard.And(rest.Or(man.Bit(0))))
	packed := m.Named("packed", dsl.Cat(dsl.U(1, 0), field, man).Add(inc))

	// Pack: overflow, infinity, NaN.
	body := f.Exp + f.Man
	var over, big dsl.Signal
	if code, ok := f.Inf(); ok {
		over = lead.And(en.Ge(sInt(1<<f.Exp - 1)))
		big = dsl.U(body, code)
	} else {
		over = lead.And(en.Ge(sInt(1 << f.Exp))).Or(packed.Gt(dsl.U(body+1, f.MaxFinite())))
		big = dsl.U(body, f.MaxFinite())
	}
	over = m.Named("overflow", over)
	mag := dsl.Mux(over.Or(inf), big, packed.Trunc(body))
	y.Set(dsl.Mux(nan, dsl.U(f.Width(), f.NaN()), dsl.Cat(sign, mag)))
}

// LeadingZeros returns whether x is zero and, when it is not, the number
// of zeros above its leading one, as a tree of two-way choices of depth
// log2(width): each node takes the upper half's count when the upper half
// has a one, else the half's width plus the lower half's count.
func LeadingZeros(m *dsl.Module, x dsl.Signal) (zero, count dsl.Signal) {
	dsl.Helper()
	w := x.Width()
	p := 2
	for p < w {
		p *= 2
	}
	if p > w { // zeros below keep the count of a nonzero x
		x = dsl.Cat(x, dsl.U(p-w, 0))
	}
	return lzTree(x)
}

func lzTree(x dsl.Signal) (zero, count dsl.Signal) {
	w := x.Width()
	if w == 2 {
		return x.OrR().Not(), x.Bit(1).Not()
	}
	zh, nh := lzTree(x.Bits(w-1, w/2))
	zl, nl := lzTree(x.Bits(w/2-1, 0))
	return zh.And(zl), dsl.Mux(zh, dsl.Cat(dsl.U(1, 1), nl), dsl.Cat(dsl.U(1, 0), nh))
}
