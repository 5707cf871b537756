package examples_test

import (
	"fmt"
	"log"
	"math/big"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/rtlsim"
)

// A counter counts the edges where en is high and wraps.
func ExampleCounter() {
	design := elaborate.MustElaborate(examples.Counter{Width: 2})
	sim, err := rtlsim.Compile(design)
	if err != nil {
		log.Fatal(err)
	}
	en, _ := sim.Handle("en")
	count, _ := sim.Handle("count")

	sim.Reset()
	var seen []uint64
	for _, e := range []uint64{1, 1, 0, 1, 1, 1} {
		sim.PokeUint64(en, e)
		sim.Step(1)
		seen = append(seen, sim.PeekUint64(count))
	}
	fmt.Println(design.Top, seen)
	// Output: Counter_2 [1 2 2 3 0 1]
}

// The ALU is combinational: a Peek after a Poke sees the new result without
// a clock edge.
func ExampleALU() {
	sim, err := rtlsim.Compile(elaborate.MustElaborate(examples.ALU{Width: 8}))
	if err != nil {
		log.Fatal(err)
	}
	op, _ := sim.Handle("op")
	a, _ := sim.Handle("a")
	b, _ := sim.Handle("b")
	y, _ := sim.Handle("y")

	sim.PokeUint64(a, 0xc8) // 200, or -56 as a signed byte
	sim.PokeUint64(b, 3)
	for _, code := range []examples.ALUOp{examples.ALUAdd, examples.ALUSub,
		examples.ALUShl, examples.ALUShr, examples.ALUSra, examples.ALUSlt} {
		sim.PokeUint64(op, uint64(code))
		fmt.Printf("%s %#02x\n", code, sim.PeekUint64(y))
	}
	// Output:
	// add 0xcb
	// sub 0xc5
	// shl 0x40
	// shr 0x19
	// sra 0xf9
	// slt 0x01
}

// A signed MAC computes a dot product; clear and en together start the next
// one without a bubble.
func ExampleMAC() {
	sim, err := rtlsim.Compile(elaborate.MustElaborate(examples.MAC{InWidth: 8, AccWidth: 32, Signed: true}))
	if err != nil {
		log.Fatal(err)
	}
	poke := func(name string, v int64, width int) {
		if err := sim.PokeName(name, bits.FromInt64(width, v)); err != nil {
			log.Fatal(err)
		}
	}
	acc, _ := sim.Handle("acc")

	sim.Reset()
	poke("en", 1, 1)
	x, w := []int64{1, -2, 3}, []int64{4, 5, -6}
	for i := range x {
		clear := int64(0)
		if i == 0 {
			clear = 1 // start a new sum with the first product
		}
		poke("clear", clear, 1)
		poke("a", x[i], 8)
		poke("b", w[i], 8)
		sim.Step(1)
	}
	fmt.Println("x·w =", sim.Peek(acc).Int64())
	// Output: x·w = -24
}

// A 130-bit addition, carry out included.
func ExampleWideAdder() {
	sim, err := rtlsim.Compile(elaborate.MustElaborate(examples.WideAdder{Width: 130}))
	if err != nil {
		log.Fatal(err)
	}
	big2 := func(e uint) bits.Value { // 2^e + 1
		v := new(big.Int).Lsh(big.NewInt(1), e)
		return bits.FromBig(130, v.Add(v, big.NewInt(1)))
	}
	sim.Reset()
	_ = sim.PokeName("a", big2(129))
	_ = sim.PokeName("b", big2(129))
	sim.Step(1) // the sum is registered
	sum, _ := sim.PeekName("sum")
	carry, _ := sim.PeekName("carry")
	fmt.Println(sum, carry)
	// Output: 130'h000000000000000000000000000000002 1'h1
}

// Words leave a FIFO in the order they came, two edges after they enter.
func ExampleFIFO() {
	sim, err := rtlsim.Compile(elaborate.MustElaborate(examples.FIFO{Width: 8, Depth: 4}))
	if err != nil {
		log.Fatal(err)
	}
	h := func(name string) rtlsim.Handle {
		hd, err := sim.Handle(name)
		if err != nil {
			log.Fatal(err)
		}
		return hd
	}
	inValid, inData, outValid, outReady, outData, count :=
		h("in_valid"), h("in_data"), h("out_valid"), h("out_ready"), h("out_data"), h("count")

	sim.Reset()
	sim.PokeUint64(outReady, 1)
	for cycle := range 6 {
		if cycle < 3 { // offer 10, 20, 30 (in_ready is 1: the FIFO has room)
			sim.PokeUint64(inValid, 1)
			sim.PokeUint64(inData, uint64(10*(cycle+1)))
		} else {
			sim.PokeUint64(inValid, 0)
		}
		fmt.Printf("cycle %d: count %d", cycle, sim.PeekUint64(count))
		if sim.PeekUint64(outValid) == 1 {
			fmt.Printf(", out %d", sim.PeekUint64(outData))
		}
		fmt.Println()
		sim.Step(1)
	}
	// Output:
	// cycle 0: count 0
	// cycle 1: count 1
	// cycle 2: count 2, out 10
	// cycle 3: count 2, out 20
	// cycle 4: count 1, out 30
	// cycle 5: count 0
}

// The registry lists the examples for tools such as the systole command.
func ExampleAll() {
	for _, e := range examples.All() {
		d, err := elaborate.Elaborate(e.Gen)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-9s %s\n", e.Name, d.Top)
	}
	// Output:
	// counter   Counter_8
	// alu       ALU_32
	// mac       MAC_8_32_1
	// adder130  WideAdder_130
	// fifo      FIFO_8_8
	// rom       SineROM_64_8
	// sram      Scratchpad_16_8
}

func ExampleByName() {
	e, ok := examples.ByName("adder130")
	fmt.Println(ok, e.Doc)
	_, ok = examples.ByName("nope")
	fmt.Println(ok)
	// Output:
	// true 130-bit registered adder with carry out
	// false
}
