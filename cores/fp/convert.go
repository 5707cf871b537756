package fp

import (
	"math"

	"github.com/systole-hdl/systole/dsl"
)

// Convert is the reference conversion of fp32 bits x to format f's bits:
// round to nearest, ties to even; a magnitude that rounds past f's
// largest finite value overflows to ±∞, or, for a format without
// infinities (E4M3), saturates to ±its largest finite value, as ±∞ do;
// every NaN becomes f's canonical NaN (f.NaN()). Signed zeros keep their
// sign; results below f's smallest normal are f's subnormals or ±0.
//
// The rounding is float64 arithmetic: x's magnitude, scaled by a power of
// two so that one unit is f's spacing at x (the ulp of x's binade, or of
// the subnormals below f's smallest normal), is rounded to an integer with
// math.RoundToEven, which is exact because fp32 values have 24 bits.
func Convert(f Format, x uint32) uint64 {
	v := float64(math.Float32frombits(x))
	sign := uint64(x>>31) << (f.Width() - 1)
	big := func() uint64 {
		if code, ok := f.Inf(); ok {
			return sign | code
		}
		return sign | f.MaxFinite()
	}
	switch {
	case v != v:
		return f.NaN()
	case math.IsInf(v, 0):
		return big()
	}
	a := math.Abs(v)
	emin := 1 - f.Bias()  // the exponent of f's smallest normal
	_, e := math.Frexp(a) // a = frac × 2^e with frac in [1/2, 1): a's binade is 2^(e-1)
	q := max(e-1, emin) - f.Man
	r := math.Ldexp(math.RoundToEven(math.Ldexp(a, -q)), q)
	if r > float64(f.Decode(f.MaxFinite())) {
		return big()
	}
	if r < math.Ldexp(1, emin) { // subnormal or zero: field 0
		return sign | uint64(math.Ldexp(r, f.Man-emin))
	}
	_, e = math.Frexp(r)
	field := uint64(e - 1 + f.Bias())
	man := uint64(math.Ldexp(r, f.Man-(e-1))) - 1<<f.Man
	return sign | field<<f.Man | man
}

// Converter converts fp32 bits to format Out's bits exactly as Convert
// does. It is combinational.
//
// Ports:
//
//	x  input   UInt(32)           fp32 bits
//	y  output  UInt(Out.Width())
//
// The steps: Unpack x; rebias its exponent to Out's (e − 127 + Out's
// bias, negative for values below Out's normal range); Round the
// significand, with a zero integer bit above the hidden one, into Out:
// Round normalizes, shifts right into Out's subnormals (folding what falls
// off into the sticky bit), rounds to nearest even and packs, with
// overflow, infinities and NaN as Convert says.
type Converter struct {
	Out Format
	// Prefix is prepended to the module names of the converter and of the
	// generators it instantiates (see Multiplier).
	Prefix string
}

// ModuleName implements dsl.Generator.
func (g Converter) ModuleName() string { return g.Prefix + "fp_cvt_fp32_" + g.Out.Name }

// Build implements dsl.Generator.
func (g Converter) Build(m *dsl.Module) {
	f, o := FP32, g.Out
	x := m.Input("x", dsl.UInt(f.Width()))
	y := m.Output("y", dsl.UInt(o.Width()))

	u := m.Instance("unpack", Unpack{f, g.Prefix})
	u.Port("x").Set(x)
	// The effective exponent 1..255, rebiased to Out's.
	lo := 1 - f.Bias() + o.Bias()
	hi := int(f.expOnes()) - f.Bias() + o.Bias()
	ew := max(signedWidth(lo, hi), f.Exp+1)
	e := u.Port("exp").ZeroExtend(ew).AsSInt().Add(dsl.S(ew, int64(o.Bias()-f.Bias())))

	r := m.Instance("round", Round{Out: o, SigWidth: f.Man + 2, ExpWidth: ew, NegExp: lo < 0, Prefix: g.Prefix})
	r.Port("sign").Set(u.Port("sign"))
	r.Port("exp").Set(m.Named("exp", e))
	r.Port("sig").Set(dsl.Cat(dsl.U(1, 0), u.Port("sig")))
	r.Port("sticky").Set(dsl.B(false))
	r.Port("nan").Set(u.Port("nan"))
	r.Port("inf").Set(u.Port("inf"))
	y.Set(r.Port("y"))
}
