package lanekern_test

import (
	"fmt"

	"github.com/systole-hdl/systole/internal/lanekern"
)

// Two 8-bit nets a and b and their sum s, in 16 lanes of a class-32 plane
// (a at offset 0, b at 16, s at 32), then a register q (at 48) that loads
// s when its enable (at 64) is set.
func Example() {
	const lanes = 16
	plane := make([]uint32, 5*lanes)
	for l := range lanes {
		plane[l] = uint32(250 + l)       // a
		plane[lanes+l] = 10              // b
		plane[4*lanes+l] = uint32(l % 2) // en: odd lanes
	}
	lanekern.Block32(lanekern.Add, plane, []lanekern.Op{{Dst: 2 * lanes, A: 0, B: lanes, M: 0xff}}, lanes)
	nx := make([]uint32, lanes)
	lanekern.Next32(lanekern.En, plane, nx, []lanekern.Reg{{Q: 3 * lanes, D: 2 * lanes, En: 4 * lanes}}, lanes)
	copy(plane[3*lanes:], nx) // commit
	fmt.Println("s:", plane[2*lanes:2*lanes+8])
	fmt.Println("q:", plane[3*lanes:3*lanes+8])
	// Output:
	// s: [4 5 6 7 8 9 10 11]
	// q: [0 5 0 7 0 9 0 11]
}

// A multiply-add whose operands a and b are signed 8-bit nets on a
// class-8 plane and whose accumulator c and result s are 32-bit nets on a
// class-32 plane, in 16 lanes, computed at 32 bits: Sh and Sh2 are 32
// minus the operands' widths, so that they are sign-extended.
func ExampleBlockMix() {
	const lanes = 16
	p := &lanekern.Planes{P8: make([]uint8, 2*lanes), P32: make([]uint32, 2*lanes)}
	for l := range lanes {
		p.P8[l] = uint8(l)   // a at 0 (class 8)
		p.P8[lanes+l] = 0xff // b at 16 (class 8): -1
		p.P32[l] = 1000      // c at 0 (class 32)
	}
	mac := lanekern.Mix{At: 32, Dst: 32, A: 8, B: 8, C: 32}
	lanekern.BlockMix(lanekern.Mac, mac, p, []lanekern.Op{{Dst: lanes, A: 0, B: lanes, C: 0, Sh: 24, Sh2: 24, M: 0xffffffff}}, lanes)
	fmt.Println("s:", p.P32[lanes:lanes+6])
	// Output:
	// s: [1000 999 998 997 996 995]
}
