// Package fp is systole's floating-point datapath: number formats, their
// plain-Go reference arithmetic, and dsl generators that build IEEE 754
// arithmetic from integer signals, one readable step per generator.
//
// # Formats
//
// Five formats, each sign | exponent | mantissa with a bias of
// 2^(exponent bits - 1) - 1, subnormals (exponent field 0) read as values:
//
//	fp8e4m3  1/4/3   OCP OFP8 E4M3: no infinities, S.1111.111 is the only
//	                 NaN, S.1111.000..110 are normal numbers (max 448)
//	fp8e5m2  1/5/2   OCP OFP8 E5M2: IEEE-style infinities and NaNs
//	bf16     1/8/7   the top half of binary32
//	fp16     1/5/10  IEEE 754 binary16
//	fp32     1/8/23  IEEE 754 binary32, the accumulator format
//
// # Arithmetic
//
// Mul and Add (the plain-Go reference, with Dot for the accumulation of
// the tensor cores) define the products and sums the generators compute:
// p = round_fp32(a × b) and s = round_fp32(x + y), rounded to nearest,
// ties to even, with binary32 subnormals, signed zeros and infinities; a
// NaN operand or an invalid operation (∞ − ∞, 0 × ∞) gives the canonical
// quiet NaN 0x7FC00000. The reference is Go float32 arithmetic with each
// result converted explicitly (no fused multiply-add) and NaNs
// canonicalized after every operation. Convert is the reference of the
// conversion of fp32 results to a narrower format: round to nearest even,
// overflow to ±∞ (E4M3: ±max), every NaN to the target's canonical NaN.
//
// # Generators
//
// The hardware is six generators, each a module with its own tests
// against a reference:
//
//	Unpack      a format's bits into sign, effective exponent, significand
//	            (hidden bit included) and the NaN/infinity/zero classes
//	Multiplier  two operands of a format into their fp32 product: unpack
//	            both, multiply significands exactly, add exponents, Round
//	Align       a significand shifted right by an exponent difference,
//	            with guard, round and sticky bits below it
//	Adder       two fp32 values into their fp32 sum: unpack, swap so the
//	            first is the larger, Align the smaller, add or subtract,
//	            Round
//	Round       a sign, an exponent and an unnormalized significand into
//	            any format's bits: normalize (leading-zero count and shift,
//	            or a right shift into the subnormal range), round to nearest
//	            even, pack, with overflow to infinity (or to the largest
//	            finite value for a format without infinities) and NaN and
//	            infinity codes
//	Converter   fp32 bits into another format's: Unpack, rebias the
//	            exponent, Round
//
// Every generator is combinational; a caller registers what it needs.
package fp
