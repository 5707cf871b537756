package fp

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
)

// bigDecode is an independent decode: the value of a finite code as an
// exact rational, (-1)^s × significand × 2^(exponent), built with math/big
// from the bit fields alone.
func bigDecode(f Format, x uint64) *big.Float {
	w := f.Width()
	s := x >> (w - 1) & 1
	e := int(x >> f.Man & (1<<f.Exp - 1))
	m := int64(x & (1<<f.Man - 1))
	bias := 1<<(f.Exp-1) - 1
	sig := big.NewInt(m)
	exp := e - bias - f.Man
	if e == 0 {
		exp = 1 - bias - f.Man
	} else {
		sig.SetBit(sig, f.Man, 1)
	}
	v := new(big.Float).SetInt(sig)
	v.SetMantExp(v, exp)
	if s == 1 {
		v.Neg(v)
	}
	return v
}

func TestDecodeExhaustive(t *testing.T) {
	for _, f := range append(Formats, FP32) {
		if f == FP32 {
			continue // 2^32 codes: decoding is the identity, checked by sampling below
		}
		t.Run(f.Name, func(t *testing.T) {
			nan, inf := 0, 0
			for x := uint64(0); x < 1<<f.Width(); x++ {
				got := f.Decode(x)
				switch {
				case f.IsNaN(x):
					nan++
					require.True(t, got != got, "%s %#x", f, x)
				case f.IsInf(x):
					inf++
					require.True(t, math.IsInf(float64(got), int(1-2*(x>>(f.Width()-1)))), "%s %#x", f, x)
				default:
					want := bigDecode(f, x)
					g := new(big.Float).SetFloat64(float64(got))
					require.Zero(t, want.Cmp(g), "%s %#x: got %v, want %v", f, x, got, want)
					require.Equal(t, want.Signbit(), math.Signbit(float64(got)), "%s %#x: sign", f, x)
				}
			}
			// Independent counts of the special codes.
			switch f {
			case FP8E4M3:
				require.Equal(t, [2]int{2, 0}, [2]int{nan, inf})
			default:
				require.Equal(t, [2]int{2 * (1<<f.Man - 1), 2}, [2]int{nan, inf})
			}
		})
	}
}

func TestFormatConstants(t *testing.T) {
	require.Equal(t, float32(448), FP8E4M3.Decode(FP8E4M3.MaxFinite()))
	require.Equal(t, float32(57344), FP8E5M2.Decode(FP8E5M2.MaxFinite()))
	require.Equal(t, float32(65504), FP16.Decode(FP16.MaxFinite()))
	require.Equal(t, float32(math.MaxFloat32), FP32.Decode(FP32.MaxFinite()))
	require.Equal(t, float32(0x1p-9), FP8E4M3.Decode(1))
	require.Equal(t, float32(0x1p-16), FP8E5M2.Decode(1))
	require.Equal(t, float32(0x1p-24), FP16.Decode(1))
	require.Equal(t, float32(0x1p-133), BF16.Decode(1))
	require.Equal(t, uint64(0x7F), FP8E4M3.NaN())
	require.Equal(t, uint64(0x7E), FP8E5M2.NaN())
	require.Equal(t, uint64(0x7FC0), BF16.NaN())
	require.Equal(t, uint64(0x7E00), FP16.NaN())
	require.Equal(t, uint64(CanonicalNaN), FP32.NaN())
	for _, f := range append(Formats, FP32) {
		g, err := ByName(f.Name)
		require.NoError(t, err)
		require.Equal(t, f, g)
		require.Equal(t, 1<<(f.Exp-1)-1, f.Bias())
	}
	_, err := ByName("fp4")
	require.ErrorContains(t, err, `unknown format "fp4"`)
	// bf16 is binary32's top half.
	for _, x := range []uint64{0, 1, 0x7F7F, 0x8001, 0x3F80, 0x0080, 0x007F} {
		require.Equal(t, math.Float32frombits(uint32(x<<16)), BF16.Decode(x))
	}
}

func TestReferenceArithmetic(t *testing.T) {
	f32 := math.Float32bits
	cases := []struct {
		x, y, sum uint32
	}{
		{0, 0x80000000, 0},                   // +0 + -0 = +0
		{0x80000000, 0x80000000, 0x80000000}, // -0 + -0 = -0
		{f32(1), f32(-1), 0},                 // exact cancellation is +0
		{0x7F800000, 0xFF800000, CanonicalNaN},
		{0x7F800000, f32(1), 0x7F800000},
		{0x7F7FFFFF, 0x73000000, 0x7F800000}, // max + half an ulp: ties to even, up to ∞
		{0x7F7FFFFF, 0x72800000, 0x7F7FFFFF}, // max + a quarter ulp stays
		{1, 1, 2},                            // subnormals add exactly
		{0x7FC00001, f32(1), CanonicalNaN},   // a payload is not kept
		{0xFFC00000, f32(1), CanonicalNaN},   // nor a sign
	}
	for _, c := range cases {
		require.Equal(t, c.sum, Add(c.x, c.y), "%#x + %#x", c.x, c.y)
	}
	// Products: 0 × ∞ is NaN; bf16 overflows and underflows.
	require.Equal(t, CanonicalNaN, Mul(FP16, 0x0000, 0x7C00))
	require.Equal(t, uint32(0x7F800000), Mul(BF16, 0x7F00, 0x7F00))
	require.Equal(t, uint32(0x80000000), Mul(BF16, 0x0001, 0x8001))       // 2^-266: -0
	require.Equal(t, uint32(0x00000001), Mul(BF16, 0x0080, 0x3400))       // 2^-126 × 2^-23 = 2^-149
	require.Equal(t, uint32(0x00000000), Mul(BF16, 0x0080, 0x3380))       // 2^-150: a tie, to even 0
	require.Equal(t, uint32(0x00000002), Mul(BF16, 0x0080, 0x3440))       // 1.5 × 2^-149: a tie, to even 2
	require.Equal(t, CanonicalNaN, Mul(FP8E4M3, 0x7F, 0x38))              // NaN × 1
	require.Equal(t, math.Float32bits(448*448), Mul(FP8E4M3, 0x7E, 0x7E)) // max × max
	// The order of accumulation is part of the contract: big + 1 - big is
	// 0 in this order, 1 in another.
	a := []uint64{0x4B80, 0x3F80, 0xCB80} // bf16 2^24, 1, -2^24
	b := []uint64{0x3F80, 0x3F80, 0x3F80}
	require.Equal(t, uint32(0), Dot(BF16, a, b))
}
