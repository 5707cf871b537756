package fp

import "math/rand/v2"

// Sample draws an operand of format f for tests and traffic, with the
// values that exercise the arithmetic mixed in: ±0 and subnormals (1/8),
// ±max (1/32), ±∞ (1/32; ±max for E4M3), NaN (1/32, rarely, or every sum
// would be NaN), any exponent but the top (7/32: large exponent gaps, and
// bf16 products that overflow or underflow), and the rest near 1
// (exponents bias-3..bias+3, so sums cancel and round).
func (f Format) Sample(r *rand.Rand) uint64 {
	sign := r.Uint64N(2) << (f.Width() - 1)
	man := r.Uint64N(1 << f.Man)
	switch r.IntN(32) {
	case 0, 1:
		return sign // ±0
	case 2, 3:
		return sign | man | 1 // subnormal
	case 4:
		return sign | f.MaxFinite()
	case 5:
		if code, ok := f.Inf(); ok {
			return sign | code
		}
		return sign | f.MaxFinite()
	case 6:
		return sign | f.NaN()
	case 7, 8, 9, 10, 11, 12, 13:
		return sign | r.Uint64N(f.expOnes())<<f.Man | man
	}
	e := uint64(f.Bias()) - 3 + r.Uint64N(7)
	return sign | e<<f.Man | man
}
