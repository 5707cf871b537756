package fp

import (
	"math"
	"math/big"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// comb is a combinational generator in rtlsim: poke inputs by name, peek
// an output.
type comb struct {
	t   testing.TB
	sim *rtlsim.Sim
	h   map[string]rtlsim.Handle
}

func newComb(t testing.TB, g dsl.Generator) *comb {
	t.Helper()
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	s, err := rtlsim.Compile(d)
	require.NoError(t, err)
	c := &comb{t: t, sim: s, h: map[string]rtlsim.Handle{}}
	for _, p := range append(s.Inputs(), s.Outputs()...) {
		h, err := s.Handle(p.Name)
		require.NoError(t, err)
		c.h[p.Name] = h
	}
	return c
}

func (c *comb) poke(name string, v uint64) { c.sim.PokeUint64(c.h[name], v) }
func (c *comb) peek(name string) uint64    { return c.sim.PeekUint64(c.h[name]) }

func TestUnpackExhaustive(t *testing.T) {
	for _, f := range Formats {
		t.Run(f.Name, func(t *testing.T) {
			c := newComb(t, Unpack{F: f})
			for x := uint64(0); x < 1<<f.Width(); x++ {
				c.poke("x", x)
				require.Equal(t, f.IsNaN(x), c.peek("nan") == 1, "%#x nan", x)
				require.Equal(t, f.IsInf(x), c.peek("inf") == 1, "%#x inf", x)
				v := f.Decode(x)
				require.Equal(t, v == 0, c.peek("zero") == 1, "%#x zero", x)
				require.Equal(t, x>>(f.Width()-1), c.peek("sign"), "%#x sign", x)
				if f.IsNaN(x) || f.IsInf(x) {
					continue
				}
				// The fields give the value back.
				mag := math.Ldexp(float64(c.peek("sig")), int(c.peek("exp"))-f.Bias()-f.Man)
				require.Equal(t, math.Abs(float64(v)), mag, "%#x value", x)
			}
		})
	}
}

// TestMultiplierFP8Exhaustive checks every pair of fp8 operands.
func TestMultiplierFP8Exhaustive(t *testing.T) {
	for _, f := range []Format{FP8E4M3, FP8E5M2} {
		t.Run(f.Name, func(t *testing.T) {
			c := newComb(t, Multiplier{F: f})
			for a := uint64(0); a < 256; a++ {
				c.poke("a", a)
				for b := uint64(0); b < 256; b++ {
					c.poke("b", b)
					require.Equal(t, Mul(f, a, b), uint32(c.peek("p")), "%s %#02x × %#02x", f, a, b)
				}
			}
		})
	}
}

// operand16 draws a 16-bit operand that often lands where products round:
// near the ends of the exponent range, subnormals, specials.
func operand16(r *rand.Rand, f Format) uint64 {
	sign := r.Uint64N(2) << 15
	ones := f.expOnes()
	var e uint64
	switch r.IntN(8) {
	case 0:
		e = 0 // zero or subnormal
	case 1:
		e = ones // ∞ or NaN
	case 2:
		e = 1 + r.Uint64N(4) // smallest normals
	case 3:
		e = ones - 1 - r.Uint64N(4) // largest
	case 4:
		e = uint64(f.Bias()) - 8 + r.Uint64N(16) // around 1
	default:
		e = r.Uint64N(ones + 1)
	}
	m := r.Uint64N(1 << f.Man)
	if r.IntN(8) == 0 {
		m = []uint64{0, 1, 1<<f.Man - 1}[r.IntN(3)]
	}
	return sign | e<<f.Man | m
}

func TestMultiplier16Random(t *testing.T) {
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for _, f := range []Format{BF16, FP16} {
		t.Run(f.Name, func(t *testing.T) {
			c := newComb(t, Multiplier{F: f})
			r := rand.New(rand.NewPCG(1, uint64(f.Man)))
			classes := map[string]int{}
			for range n {
				a, b := operand16(r, f), operand16(r, f)
				want := Mul(f, a, b)
				c.poke("a", a)
				c.poke("b", b)
				require.Equal(t, want, uint32(c.peek("p")), "%s %#04x × %#04x", f, a, b)
				classes[Class(want)]++
			}
			t.Logf("%s products: %v", f, classes)
			if f == BF16 { // the sample reaches the ranges where bf16 products round
				for _, k := range []string{"inf", "subnormal", "zero", "nan"} {
					require.Greater(t, classes[k], n/200, "%s products that are %s", f, k)
				}
			}
		})
	}
}

// operand32 draws fp32 bits: specials, subnormals, extremes, and pairs
// that cancel or lie far apart are made by the caller.
func operand32(r *rand.Rand) uint32 {
	sign := uint32(r.IntN(2)) << 31
	switch r.IntN(10) {
	case 0:
		return sign | []uint32{0, 0x7F800000, 0x7FC00000, 0x7F7FFFFF, 0x00800000, 0x007FFFFF, 1, 0x3F800000}[r.IntN(8)]
	case 1:
		return sign | r.Uint32N(1<<23) // subnormal
	case 2:
		return sign | (1+r.Uint32N(3))<<23 | r.Uint32N(1<<23) // smallest normals
	case 3:
		return sign | (0xFB+r.Uint32N(4))<<23 | r.Uint32N(1<<23) // largest
	}
	return r.Uint32()
}

func TestAdderRandom(t *testing.T) {
	n := 300000
	if testing.Short() {
		n = 30000
	}
	c := newComb(t, Adder{})
	r := rand.New(rand.NewPCG(2, 3))
	check := func(x, y uint32) {
		t.Helper()
		c.poke("x", uint64(x))
		c.poke("y", uint64(y))
		require.Equal(t, Add(x, y), uint32(c.peek("s")), "%#08x + %#08x", x, y)
	}
	for range n {
		x, y := operand32(r), operand32(r)
		switch r.IntN(6) {
		case 0: // cancellation: the same magnitude, or nearly, of the other sign
			y = (x ^ 0x80000000) + uint32(r.IntN(5)) - 2
		case 1: // exponents close together
			y = y&0x807FFFFF | (x>>23&0xFF+uint32(r.IntN(5))-2)&0xFF<<23
		case 2: // a large gap: small vanishes, or only sticks
			y = y&0x807FFFFF | (x>>23&0xFF-uint32(20+r.IntN(10)))&0xFF<<23
		}
		check(x, y)
	}
	// All pairs of a list of special values.
	specials := []uint32{0, 0x80000000, 1, 0x80000001, 0x007FFFFF, 0x00800000, 0x00800001,
		0x3F800000, 0xBF800000, 0x3F800001, 0x33800000, 0x33800001, 0x34000000,
		0x7F7FFFFF, 0xFF7FFFFF, 0x73000000, 0x73000001, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00001, 0x7F800001}
	for _, x := range specials {
		for _, y := range specials {
			check(x, y)
		}
	}
}

// roundRef rounds the exact value v (with its sign) to format f, to
// nearest, ties to even, by searching the sorted values of all of f's
// finite codes: independent of the generator's shifting and of Go's
// float32 rounding. Overflow is ±∞, or ±max for a format without
// infinities.
type roundRef struct {
	f     Format
	codes []uint64     // non-negative finite codes, by value
	vals  []*big.Float // their values
}

func newRoundRef(f Format) *roundRef {
	r := &roundRef{f: f}
	for x := uint64(0); x < 1<<(f.Width()-1); x++ {
		if !f.IsNaN(x) && !f.IsInf(x) {
			r.codes = append(r.codes, x)
		}
	}
	sort.Slice(r.codes, func(i, j int) bool { return f.Decode(r.codes[i]) < f.Decode(r.codes[j]) })
	for _, x := range r.codes {
		r.vals = append(r.vals, new(big.Float).SetFloat64(float64(f.Decode(x))))
	}
	return r
}

func (r *roundRef) round(neg bool, v *big.Float) uint64 {
	f := r.f
	n := len(r.vals)
	// The value one step past max, where an IEEE format's ∞ sits for
	// rounding: max + one ulp of the top binade.
	ulp := new(big.Float).SetMantExp(big.NewFloat(1), int(f.expOnes())-1-f.Bias()-f.Man)
	if f.FiniteOnly {
		ulp.SetMantExp(big.NewFloat(1), int(f.expOnes())-f.Bias()-f.Man)
	}
	past := new(big.Float).Add(r.vals[n-1], ulp)
	i := sort.Search(n, func(i int) bool { return r.vals[i].Cmp(v) >= 0 })
	var code uint64
	switch {
	case i < n && r.vals[i].Cmp(v) == 0:
		code = r.codes[i]
	default:
		lo, loCode := r.vals[i-1], r.codes[i-1]
		hi, hiCode := past, uint64(0)
		if i < n {
			hi, hiCode = r.vals[i], r.codes[i]
		} else {
			hiCode = loCode + 1 // ∞'s code, even; or beyond max for E4M3
		}
		dl := new(big.Float).Sub(v, lo)
		dh := new(big.Float).Sub(hi, v)
		switch c := dl.Cmp(dh); {
		case c < 0:
			code = loCode
		case c > 0:
			code = hiCode
		case loCode%2 == 0:
			code = loCode
		default:
			code = hiCode
		}
		if i == n && code == hiCode && f.FiniteOnly {
			code = loCode
		}
	}
	if v.Cmp(past) >= 0 {
		code = hiCodePast(f)
	}
	if neg {
		code |= 1 << (f.Width() - 1)
	}
	return code
}

func hiCodePast(f Format) uint64 {
	if code, ok := f.Inf(); ok {
		return code
	}
	return f.MaxFinite()
}

func TestRoundRandom(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 3000
	}
	for _, f := range []Format{FP32, BF16, FP16, FP8E5M2, FP8E4M3} {
		t.Run(f.Name, func(t *testing.T) {
			const sw, ew = 30, 10
			g := Round{Out: f, SigWidth: sw, ExpWidth: ew, NegExp: true}
			c := newComb(t, g)
			var ref *roundRef
			if f != FP32 {
				ref = newRoundRef(f)
			}
			r := rand.New(rand.NewPCG(4, uint64(f.Width())))
			for range n {
				sign := r.Uint64N(2)
				// Exponents around f's range, from far below to past the top.
				e := int64(r.IntN(int(f.expOnes())+2*f.Man+40)) - int64(f.Man) - 30
				sig := r.Uint64N(1 << sw)
				if r.IntN(3) == 0 {
					sig >>= r.IntN(sw) // leading zeros
				}
				sticky := r.Uint64N(2) == 1 && sig != 0
				c.poke("sign", sign)
				c.poke("exp", uint64(e)&(1<<ew-1))
				c.poke("sig", sig)
				c.poke("sticky", map[bool]uint64{false: 0, true: 1}[sticky])
				c.poke("nan", 0)
				c.poke("inf", 0)
				// The exact value; sticky adds an amount far below the
				// guard bit, as the port promises.
				v := new(big.Float).SetPrec(400).SetUint64(sig)
				if sticky {
					v.Add(v, new(big.Float).SetMantExp(big.NewFloat(1), -100))
				}
				v.SetMantExp(v, int(e)-f.Bias()-(sw-2))
				var want uint64
				if ref == nil {
					w, _ := v.Float32()
					want = uint64(math.Float32bits(w)) | sign<<31
				} else {
					want = ref.round(sign == 1, v)
				}
				require.Equal(t, want, c.peek("y"), "%s sign %d exp %d sig %#x sticky %v", f, sign, e, sig, sticky)
			}
			c.poke("nan", 1)
			require.Equal(t, f.NaN(), c.peek("y"))
			c.poke("nan", 0)
			c.poke("inf", 1)
			c.poke("sign", 1)
			require.Equal(t, hiCodePast(f)|1<<(f.Width()-1), c.peek("y"))
		})
	}
}

// FuzzAdder compares the adder with Go float32 on any pair of fp32 bit
// patterns (go test -fuzz FuzzAdder ./cores/fp; the seeds run always).
func FuzzAdder(f *testing.F) {
	for _, s := range [][2]uint32{{0, 0x80000000}, {0x7F7FFFFF, 0x73000000}, {1, 0x80000002}, {0x3F800000, 0xB3800001}, {0x7F800000, 0xFF800000}} {
		f.Add(s[0], s[1])
	}
	c := newComb(f, Adder{})
	f.Fuzz(func(t *testing.T, x, y uint32) {
		c.poke("x", uint64(x))
		c.poke("y", uint64(y))
		if got, want := uint32(c.peek("s")), Add(x, y); got != want {
			t.Fatalf("%#08x + %#08x = %#08x, want %#08x", x, y, got, want)
		}
	})
}

// FuzzMultiplierBF16 compares the bf16 multiplier with the reference on
// any pair of operands.
func FuzzMultiplierBF16(f *testing.F) {
	for _, s := range [][2]uint16{{0x0080, 0x3440}, {0x7F00, 0x7F00}, {0x0001, 0x8001}, {0x7FC1, 0x3F80}} {
		f.Add(s[0], s[1])
	}
	c := newComb(f, Multiplier{F: BF16})
	f.Fuzz(func(t *testing.T, a, b uint16) {
		c.poke("a", uint64(a))
		c.poke("b", uint64(b))
		if got, want := uint32(c.peek("p")), Mul(BF16, uint64(a), uint64(b)); got != want {
			t.Fatalf("%#04x × %#04x = %#08x, want %#08x", a, b, got, want)
		}
	})
}
