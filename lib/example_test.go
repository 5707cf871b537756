package lib_test

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/lib"
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
