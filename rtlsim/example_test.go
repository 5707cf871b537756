package rtlsim_test

import (
	"fmt"
	"log"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/rtlsim"
)

// A testbench driving the lanes of a Batch holds each input's values of
// every lane side by side, as PokeLanes takes them and PeekWordsLanes
// returns them: word k of lane l at [k*Lanes()+l]. Here four lanes of a
// registered 130-bit adder (three words a value) add 2^128-1 and l in
// lane l, one call a port a cycle.
func ExampleBatch_PokeLanes() {
	design := elaborate.MustElaborate(examples.WideAdder{Width: 130})
	b, err := rtlsim.CompileBatch(design, 4)
	if err != nil {
		log.Fatal(err)
	}
	a, _ := b.Handle("a")
	x, _ := b.Handle("b")
	sum, _ := b.Handle("sum")
	carry, _ := b.Handle("carry")
	const lanes = 4
	ones := []uint64{ // 2^128-1 in every lane: words 0 and 1 all ones
		^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0),
		^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0),
		0, 0, 0, 0,
	}
	b.PokeLanes(a, ones)
	b.PokeLanes(x, []uint64{0, 1, 2, 3}) // one row: words 1 and 2 are 0
	b.Step(1)
	words := b.PeekWordsLanes(sum, nil)
	for l := range lanes {
		fmt.Printf("lane %d: sum words %#x %#x %#x\n", l, words[l], words[lanes+l], words[2*lanes+l])
	}
	fmt.Println("carry:", b.PeekLanes(carry, nil))
	if err := b.Err(); err != nil {
		log.Fatal(err)
	}
	// Output:
	// lane 0: sum words 0xffffffffffffffff 0xffffffffffffffff 0x0
	// lane 1: sum words 0x0 0x0 0x1
	// lane 2: sum words 0x1 0x0 0x1
	// lane 3: sum words 0x2 0x0 0x1
	// carry: [0 0 0 0]
}
