package fp

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/tooltest"
)

// convertInputs are fp32 patterns for the conversion to f: every pattern
// of the top 16 bits (sign, exponent, 7 mantissa bits: every binade,
// subnormals, ±0, ±∞, NaNs) with zero and random low bits, and with the
// bits below f's kept mantissa set to exactly half an ulp (a tie), one
// below and one above it; then random patterns. Every 4th top pattern by
// default, every one with SYSTOLE_LONG=1, every 64th with -short.
func convertInputs(f Format, r *rand.Rand) []uint32 {
	step := uint32(4)
	if tooltest.Long() {
		step = 1
	} else if testing.Short() {
		step = 64
	}
	var out []uint32
	drop := 23 - f.Man // fp32 mantissa bits below f's
	for top := uint32(0); top < 1<<16; top += step {
		x := top << 16
		out = append(out, x, x|r.Uint32()&0xFFFF)
		if drop == 0 {
			continue
		}
		keep := x&^(1<<drop-1) | r.Uint32()&^(1<<drop-1)&0xFFFF // random kept bits in the low half
		half := uint32(1) << (drop - 1)
		out = append(out, keep|half, keep|(half-1), keep|(half+1))
	}
	for range 20000 {
		out = append(out, r.Uint32())
	}
	return out
}

// TestConvertReference checks Convert against roundRef, which rounds the
// exact value by searching the sorted values of all of f's codes.
func TestConvertReference(t *testing.T) {
	for _, f := range []Format{BF16, FP16, FP8E5M2, FP8E4M3, FP32} {
		t.Run(f.Name, func(t *testing.T) {
			var ref *roundRef
			if f != FP32 {
				ref = newRoundRef(f)
			}
			r := rand.New(rand.NewPCG(13, uint64(f.Width())))
			for _, x := range convertInputs(f, r) {
				v := math.Float32frombits(x)
				neg := x>>31 == 1
				var want uint64
				switch {
				case v != v:
					want = f.NaN()
				case math.IsInf(float64(v), 0):
					want = hiCodePast(f)
					if neg {
						want |= 1 << (f.Width() - 1)
					}
				case ref == nil:
					want = uint64(x)
				default:
					want = ref.round(neg, new(big.Float).SetFloat64(math.Abs(float64(v))))
				}
				require.Equal(t, want, Convert(f, x), "%s(%#08x = %g)", f, x, v)
			}
		})
	}
}

// TestConvertCases pins the documented corners.
func TestConvertCases(t *testing.T) {
	for _, c := range []struct {
		f    Format
		x    uint32
		want uint64
	}{
		{BF16, 0x3F808000, 0x3F80},  // 1 + 2^-8: a tie, to even (down)
		{BF16, 0x3F818000, 0x3F82},  // a tie, to even (up)
		{BF16, 0x7F7FFFFF, 0x7F80},  // fp32 max rounds past bf16 max: ∞
		{BF16, 0xFFC00001, 0x7FC0},  // any NaN: the canonical one
		{BF16, 0x80000001, 0x8000},  // the smallest fp32 subnormal: -0
		{FP16, 0x477FE000, 0x7BFF},  // 65504: max
		{FP16, 0x477FEFFF, 0x7BFF},  // just below the tie past max
		{FP16, 0x477FF000, 0x7C00},  // 65520, the tie past max: to even, ∞
		{FP16, 0x33800000, 0x0001},  // 2^-24: the smallest subnormal
		{FP16, 0x33000000, 0x0000},  // 2^-25: a tie, to even (0)
		{FP16, 0x33000001, 0x0001},  // just above it
		{FP16, 0x7FA00000, 0x7E00},  // a signalling NaN
		{FP8E5M2, 0x47600000, 0x7B}, // 57344: max
		{FP8E5M2, 0x47700000, 0x7C}, // 61440, the tie past max: ∞
		{FP8E5M2, 0xFF800000, 0xFC}, // -∞
		{FP8E5M2, 0x7FC00000, 0x7E},
		{FP8E4M3, 0x43E00000, 0x7E}, // 448
		{FP8E4M3, 0x43E80000, 0x7E}, // 464, the tie past max: to even, 448
		{FP8E4M3, 0x4F000000, 0x7E}, // 2^31: saturates
		{FP8E4M3, 0xFF800000, 0xFE}, // -∞: -448
		{FP8E4M3, 0x7F800001, 0x7F}, // NaN
		{FP8E4M3, 0x3B000000, 0x01}, // 2^-9: the smallest subnormal
		{FP8E4M3, 0x3A800000, 0x00}, // 2^-10: a tie, to even (0)
		{FP8E4M3, 0x3B400000, 0x02}, // 1.5 × 2^-9, a tie: to even (2)
		{FP8E4M3, 0x3C700000, 0x08}, // 7.5 × 2^-9, a tie: to even, the smallest normal
	} {
		require.Equal(t, c.want, Convert(c.f, c.x), "%s(%#08x)", c.f, c.x)
	}
}

// TestConverter checks the generator against Convert.
func TestConverter(t *testing.T) {
	for _, f := range []Format{BF16, FP16, FP8E5M2, FP8E4M3} {
		t.Run(f.Name, func(t *testing.T) {
			c := newComb(t, Converter{Out: f})
			r := rand.New(rand.NewPCG(14, uint64(f.Width())))
			for _, x := range convertInputs(f, r) {
				c.poke("x", uint64(x))
				require.Equal(t, Convert(f, x), c.peek("y"), "%s(%#08x = %g)", f, x, math.Float32frombits(x))
			}
		})
	}
}
