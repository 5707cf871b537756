package lib_test

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/lib"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// A queue of 4 words: push three, then pop them in order.
func ExampleQueue() {
	d, _ := elaborate.Elaborate(lib.Queue{Width: 8, Depth: 4})
	s, _ := rtlsim.Compile(d)
	s.Reset()
	inValid, _ := s.Handle("in_valid")
	inData, _ := s.Handle("in_data")
	outValid, _ := s.Handle("out_valid")
	outData, _ := s.Handle("out_data")
	outReady, _ := s.Handle("out_ready")
	count, _ := s.Handle("count")
	for _, x := range []uint64{10, 20, 30} {
		s.PokeUint64(inValid, 1)
		s.PokeUint64(inData, x)
		s.Step(1)
	}
	s.PokeUint64(inValid, 0)
	s.PokeUint64(outReady, 1)
	for range 4 {
		s.Step(0)
		fmt.Println(s.PeekUint64(count), s.PeekUint64(outValid), s.PeekUint64(outData))
		s.Step(1)
	}
	// Output:
	// 3 1 10
	// 2 1 20
	// 1 1 30
	// 0 0 30
}

// A delay line inside the caller's module: Taps returns every stage.
func ExampleTaps() {
	d, _ := elaborate.Elaborate(dsl.Func("taps", func(m *dsl.Module) {
		in := m.Input("in", dsl.UInt(4))
		taps := lib.Taps(m, "d", in, 3, dsl.Init(0))
		m.Output("out", dsl.UInt(12)).Set(taps.Pack())
	}))
	s, _ := rtlsim.Compile(d)
	s.Reset()
	in, _ := s.Handle("in")
	out, _ := s.Handle("out")
	for _, x := range []uint64{1, 2, 3, 4} {
		s.PokeUint64(in, x)
		s.Step(1)
		fmt.Printf("%03x\n", s.PeekUint64(out)) // stage 0 in the low digit
	}
	// Output:
	// 001
	// 012
	// 123
	// 234
}

// Four requesters that all keep asking are served in turn.
func ExampleArbiter() {
	d, _ := elaborate.Elaborate(lib.Arbiter{N: 4})
	s, _ := rtlsim.Compile(d)
	s.Reset()
	req, _ := s.Handle("req")
	s.PokeUint64(req, 0b1011)
	take, _ := s.Handle("take")
	idx, _ := s.Handle("grant_index")
	s.PokeUint64(take, 1)
	for range 5 {
		s.Step(0)
		fmt.Print(s.PeekUint64(idx), " ")
		s.Step(1)
	}
	fmt.Println()
	// Output: 0 1 3 0 1
}

// A counter of 3 values with its terminal count.
func ExampleWrapCounter() {
	d, _ := elaborate.Elaborate(dsl.Func("count3", func(m *dsl.Module) {
		count, last := lib.WrapCounter(m, "count", 3, m.Input("inc", dsl.Bool()))
		m.Output("value", count.Type()).Set(count)
		m.Output("last", dsl.Bool()).Set(last)
	}))
	s, _ := rtlsim.Compile(d)
	s.Reset()
	inc, _ := s.Handle("inc")
	value, _ := s.Handle("value")
	last, _ := s.Handle("last")
	s.PokeUint64(inc, 1)
	for range 5 {
		s.Step(0)
		fmt.Print(s.PeekUint64(value), ":", s.PeekUint64(last), " ")
		s.Step(1)
	}
	fmt.Println()
	// Output: 0:0 1:0 2:1 0:0 1:0
}

// A skid buffer passes a word per cycle; when out stalls, the word offered
// waits in the skid slot and in_ready drops.
func ExampleSkid() {
	d, _ := elaborate.Elaborate(lib.Skid{Width: 8})
	s, _ := rtlsim.Compile(d)
	s.Reset()
	h := func(name string) rtlsim.Handle { x, _ := s.Handle(name); return x }
	s.PokeUint64(h("in_valid"), 1)
	for i, ready := range []uint64{1, 0, 0, 1, 1} {
		s.PokeUint64(h("in_data"), uint64(10+i))
		s.PokeUint64(h("out_ready"), ready)
		s.Step(0)
		fmt.Println(s.PeekUint64(h("in_ready")), s.PeekUint64(h("out_valid")), s.PeekUint64(h("out_data")))
		s.Step(1)
	}
	// Output:
	// 1 0 0
	// 1 1 10
	// 0 1 10
	// 0 1 10
	// 1 1 11
}

// An up/down counter of 3 values wraps both ways.
func ExampleCounter() {
	d, _ := elaborate.Elaborate(lib.Counter{N: 3, Down: true})
	s, _ := rtlsim.Compile(d)
	s.Reset()
	up, _ := s.Handle("up")
	down, _ := s.Handle("down")
	value, _ := s.Handle("value")
	for _, step := range []struct{ up, down uint64 }{{0, 1}, {0, 1}, {1, 0}, {1, 0}, {1, 0}, {1, 1}} {
		s.PokeUint64(up, step.up)
		s.PokeUint64(down, step.down)
		s.Step(1)
		fmt.Print(s.PeekUint64(value), " ")
	}
	fmt.Println()
	// Output: 2 1 2 0 1 1
}

// A shift register with an enable moves only on enabled edges.
func ExampleShiftRegister() {
	d, _ := elaborate.Elaborate(lib.ShiftRegister{Width: 8, Stages: 2, Enable: true, Reset: true})
	s, _ := rtlsim.Compile(d)
	s.Reset()
	in, _ := s.Handle("in")
	en, _ := s.Handle("en")
	out, _ := s.Handle("out")
	for i, e := range []uint64{1, 1, 0, 1, 1} {
		s.PokeUint64(in, uint64(i+1))
		s.PokeUint64(en, e)
		s.Step(1)
		fmt.Print(s.PeekUint64(out), " ")
	}
	fmt.Println()
	// Output: 0 1 1 2 4
}

// Skew delays lane e of a packed bus by e+1 edges: a wavefront.
func ExampleSkew() {
	d, _ := elaborate.Elaborate(dsl.Func("skew", func(m *dsl.Module) {
		in := m.InputVec("in", 3, dsl.UInt(4))
		out := lib.Skew(m, "lane", in, func(e int) int { return e + 1 })
		m.Output("out", dsl.UInt(12)).Set(out.Pack())
	}))
	s, _ := rtlsim.Compile(d)
	in, _ := s.Handle("in")
	out, _ := s.Handle("out")
	s.PokeUint64(in, 0x777)
	s.Step(1)
	s.PokeUint64(in, 0)
	for range 3 {
		fmt.Printf("%03x ", s.PeekUint64(out))
		s.Step(1)
	}
	fmt.Println()
	// Output: 007 070 700
}

// PackValues and UnpackValues are the reference model of dsl.Vec's packing.
func ExamplePackValues() {
	bus := lib.PackValues([]bits.Value{bits.FromUint64(4, 1), bits.FromUint64(4, 2), bits.FromUint64(4, 3)})
	fmt.Println(bus, lib.UnpackValues(bus, 3))
	// Output: 12'h321 [4'h1 4'h2 4'h3]
}

// A 1r1w memory in a module a chip flow can replace with an SRAM macro:
// write two words, then read them back; rd_data shows the word read on
// the last edge with rd_en and holds while rd_en is 0.
func ExampleMem1R1W() {
	mem := lib.Mem1R1W{Depth: 16, Width: 8, Prefix: "core_"}
	d, _ := elaborate.Elaborate(dsl.Func("core", func(m *dsl.Module) {
		p := mem.Instance(m, "buf")
		p.WrEn.Set(m.Input("we", dsl.Bool()))
		p.WrAddr.Set(m.Input("wa", dsl.UInt(mem.AddrWidth())))
		p.WrData.Set(m.Input("wd", dsl.UInt(8)))
		p.RdEn.Set(m.Input("re", dsl.Bool()))
		p.RdAddr.Set(m.Input("ra", dsl.UInt(mem.AddrWidth())))
		m.Output("rd", dsl.UInt(8)).Set(p.RdData)
	}))
	fmt.Println(mem.ModuleName(), netlist.ExternMacro(mem.ModuleName()), d.Module(mem.ModuleName()).Replaceable)
	s, _ := rtlsim.Compile(d)
	s.Reset()
	set := func(name string, v uint64) { h, _ := s.Handle(name); s.PokeUint64(h, v) }
	rd, _ := s.Handle("rd")
	set("we", 1)
	set("wa", 3)
	set("wd", 42)
	s.Step(1)
	set("wa", 7)
	set("wd", 99)
	set("re", 1)
	set("ra", 3)
	s.Step(1)
	fmt.Println(s.PeekUint64(rd))
	set("we", 0)
	set("ra", 7)
	s.Step(1)
	fmt.Println(s.PeekUint64(rd))
	set("re", 0)
	set("ra", 3)
	s.Step(1)
	fmt.Println(s.PeekUint64(rd), s.Err())
	// Output:
	// core_mem_16x8_1r1w CORE_MEM_16X8_1R1W_EXTERN true
	// 42
	// 99
	// 99 <nil>
}
