package fp

import (
	"fmt"
	"math"
)

// Format is a binary floating-point format: a sign bit, Exp exponent bits
// with bias 2^(Exp-1)-1 and Man mantissa bits, most significant first.
type Format struct {
	Name     string
	Exp, Man int
	// FiniteOnly marks OFP8 E4M3's encoding: no infinities, the all-ones
	// exponent holds normal numbers, and only the all-ones exponent and
	// mantissa is NaN. Otherwise the all-ones exponent is IEEE's: infinity
	// with a zero mantissa, NaN with any other.
	FiniteOnly bool
}

// The formats.
var (
	FP8E4M3 = Format{Name: "fp8e4m3", Exp: 4, Man: 3, FiniteOnly: true}
	FP8E5M2 = Format{Name: "fp8e5m2", Exp: 5, Man: 2}
	BF16    = Format{Name: "bf16", Exp: 8, Man: 7}
	FP16    = Format{Name: "fp16", Exp: 5, Man: 10}
	FP32    = Format{Name: "fp32", Exp: 8, Man: 23}
)

// Formats lists the operand formats of the tensor cores, narrowest first.
var Formats = []Format{FP8E4M3, FP8E5M2, BF16, FP16}

// ByName returns the format called name (fp8e4m3, fp8e5m2, bf16, fp16,
// fp32).
func ByName(name string) (Format, error) {
	for _, f := range append(Formats, FP32) {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, fmt.Errorf("fp: unknown format %q: want fp8e4m3, fp8e5m2, bf16, fp16 or fp32", name)
}

func (f Format) String() string { return f.Name }

// Width is the format's width in bits.
func (f Format) Width() int { return 1 + f.Exp + f.Man }

// Bias is the exponent bias, 2^(Exp-1)-1.
func (f Format) Bias() int { return 1<<(f.Exp-1) - 1 }

// expOnes is the all-ones exponent field.
func (f Format) expOnes() uint64 { return 1<<f.Exp - 1 }

// fields splits x into sign, exponent field and mantissa field.
func (f Format) fields(x uint64) (sign, exp, man uint64) {
	return x >> (f.Exp + f.Man) & 1, x >> f.Man & f.expOnes(), x & (1<<f.Man - 1)
}

// IsNaN reports whether x encodes a NaN.
func (f Format) IsNaN(x uint64) bool {
	_, e, m := f.fields(x)
	if f.FiniteOnly {
		return e == f.expOnes() && m == 1<<f.Man-1
	}
	return e == f.expOnes() && m != 0
}

// IsInf reports whether x encodes an infinity.
func (f Format) IsInf(x uint64) bool {
	_, e, m := f.fields(x)
	return !f.FiniteOnly && e == f.expOnes() && m == 0
}

// NaN is the format's canonical quiet NaN: sign 0, all-ones exponent, top
// mantissa bit set (0x7FC00000 for fp32); for E4M3 its only NaN code with
// sign 0, 0x7F.
func (f Format) NaN() uint64 {
	if f.FiniteOnly {
		return 1<<(f.Exp+f.Man) - 1
	}
	return f.expOnes()<<f.Man | 1<<(f.Man-1)
}

// Inf is the format's +infinity code; a format without infinities has
// none (ok false).
func (f Format) Inf() (code uint64, ok bool) {
	if f.FiniteOnly {
		return 0, false
	}
	return f.expOnes() << f.Man, true
}

// MaxFinite is the code of the largest finite positive value.
func (f Format) MaxFinite() uint64 {
	if f.FiniteOnly {
		return 1<<(f.Exp+f.Man) - 2
	}
	return (f.expOnes()-1)<<f.Man | (1<<f.Man - 1)
}

// Decode returns the value of x's low Width() bits as a float32; every
// value of every format is a float32 exactly. NaNs decode to a quiet NaN.
func (f Format) Decode(x uint64) float32 {
	s, e, m := f.fields(x)
	var v float64
	switch {
	case f.IsNaN(x):
		return math.Float32frombits(uint32(FP32.NaN()))
	case f.IsInf(x):
		v = math.Inf(1)
	case e == 0:
		v = math.Ldexp(float64(m), 1-f.Bias()-f.Man)
	default:
		v = math.Ldexp(float64(1<<f.Man|m), int(e)-f.Bias()-f.Man)
	}
	if s == 1 {
		v = -v
	}
	return float32(v)
}

// CanonicalNaN is fp32's canonical quiet NaN, the only NaN the arithmetic
// produces.
const CanonicalNaN uint32 = 0x7FC00000

// Canon returns v's bits, with every NaN replaced by CanonicalNaN.
func Canon(v float32) uint32 {
	if v != v {
		return CanonicalNaN
	}
	return math.Float32bits(v)
}

// Class names the class of fp32 bits: "nan", "inf", "zero",
// "subnormal" or "normal".
func Class(x uint32) string {
	e, m := x>>23&0xFF, x&(1<<23-1)
	switch {
	case e == 0xFF && m != 0:
		return "nan"
	case e == 0xFF:
		return "inf"
	case e == 0 && m == 0:
		return "zero"
	case e == 0:
		return "subnormal"
	}
	return "normal"
}

// Mul is the reference product: the fp32 bits of round_fp32(a × b) for
// operands a and b of format f.
func Mul(f Format, a, b uint64) uint32 {
	x, y := f.Decode(a), f.Decode(b)
	return Canon(float32(x * y)) // the conversion keeps the product from fusing
}

// Add is the reference sum: the fp32 bits of round_fp32(x + y).
func Add(x, y uint32) uint32 {
	return Canon(float32(math.Float32frombits(x) + math.Float32frombits(y)))
}

// Dot is the reference accumulation of the tensor cores: starting from
// +0, acc = Add(acc, Mul(f, a[k], b[k])) for k = 0, 1, … in order.
func Dot(f Format, a, b []uint64) uint32 {
	var acc uint32 // +0
	for k := range a {
		acc = Add(acc, Mul(f, a[k], b[k]))
	}
	return acc
}
