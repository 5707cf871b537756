package fp_test

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// The reference arithmetic: products and sums of fp32 bits, NaNs
// canonical, in the order the tensor cores accumulate.
func ExampleDot() {
	// bf16 2^24, 1, -2^24 times 1, 1, 1: ((+0 + 2^24) + 1) + -2^24, where
	// 2^24 + 1 rounds to 2^24 (a tie, to even).
	a := []uint64{0x4B80, 0x3F80, 0xCB80}
	b := []uint64{0x3F80, 0x3F80, 0x3F80}
	fmt.Printf("%#08x\n", fp.Dot(fp.BF16, a, b))
	fmt.Printf("%#08x\n", fp.Mul(fp.FP8E4M3, 0x7E, 0x7E))      // 448 × 448
	fmt.Printf("%#08x\n", fp.Mul(fp.FP16, 0x7C00, 0x0000))     // ∞ × 0
	fmt.Printf("%#08x\n", fp.Add(0x80000000, 0x80000000))      // -0 + -0
	fmt.Println(fp.FP8E5M2.Decode(0x7B), fp.FP8E4M3.Decode(1)) // max, smallest subnormal
	// Output:
	// 0x00000000
	// 0x48440000
	// 0x7fc00000
	// 0x80000000
	// 57344 0.001953125
}

// The multiplier generator, simulated: every fp8 pair gives the
// reference's product.
func ExampleMultiplier() {
	d, err := elaborate.Elaborate(fp.Multiplier{F: fp.FP8E5M2})
	if err != nil {
		panic(err)
	}
	sim, err := rtlsim.Compile(d)
	if err != nil {
		panic(err)
	}
	bad := 0
	for a := range uint64(256) {
		for b := range uint64(256) {
			if err := sim.PokeName("a", bits.FromUint64(8, a)); err != nil {
				panic(err)
			}
			if err := sim.PokeName("b", bits.FromUint64(8, b)); err != nil {
				panic(err)
			}
			p, _ := sim.PeekName("p")
			if uint32(p.Uint64()) != fp.Mul(fp.FP8E5M2, a, b) {
				bad++
			}
		}
	}
	fmt.Println(d.Top, "mismatches:", bad)
	// Output:
	// fp_mul_fp8e5m2 mismatches: 0
}

// The reference conversion of fp32 results to narrower formats: round to
// nearest even, overflow to ∞ (E4M3 saturates to 448), NaN to the
// target's canonical NaN.
func ExampleConvert() {
	fmt.Printf("%#04x\n", fp.Convert(fp.BF16, 0x3F808000))    // 1 + 2^-8: a tie, to even (1)
	fmt.Printf("%#04x\n", fp.Convert(fp.FP16, 0x477FF000))    // 65520: past fp16's max, ∞
	fmt.Printf("%#02x\n", fp.Convert(fp.FP8E4M3, 0x7F800000)) // +∞: 448
	fmt.Printf("%#02x\n", fp.Convert(fp.FP8E5M2, 0xFFC00001)) // a NaN
	// Output:
	// 0x3f80
	// 0x7c00
	// 0x7e
	// 0x7e
}
