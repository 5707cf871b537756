package dsl_test

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// Accumulator adds its input to a register each cycle it is enabled, and
// clears it on clear: When, ElseWhen and last-connect semantics.
type Accumulator struct{ Width int }

func (a Accumulator) Build(m *dsl.Module) {
	in := m.Input("in", dsl.UInt(a.Width))
	en, clear := m.Input("en", dsl.Bool()), m.Input("clear", dsl.Bool())
	acc := m.Reg("acc", dsl.UInt(a.Width), dsl.Init(0))
	m.When(clear, func() {
		acc.Set(dsl.U(a.Width, 0))
	}).ElseWhen(en, func() {
		acc.Set(acc.Add(in))
	})
	m.Output("sum", dsl.UInt(a.Width)).Set(acc)
}

func ExampleModule_When() {
	d, err := elaborate.Elaborate(Accumulator{Width: 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	sim.Reset()
	in, _ := sim.Handle("in")
	en, _ := sim.Handle("en")
	sum, _ := sim.Handle("sum")
	sim.PokeUint64(en, 1)
	for _, x := range []uint64{100, 100, 100} {
		sim.PokeUint64(in, x)
		sim.Step(1)
		fmt.Println(sim.PeekUint64(sum)) // wraps modulo 2^8
	}
	// Output:
	// 100
	// 200
	// 44
}

// Wide values have no 64-bit ceiling.
func ExampleSignal_AddExpand() {
	d, _ := elaborate.Elaborate(dsl.Func("add130", func(m *dsl.Module) {
		a, b := m.Input("a", dsl.UInt(130)), m.Input("b", dsl.UInt(130))
		m.Output("sum", dsl.UInt(131)).Set(a.AddExpand(b))
	}))
	sim, _ := rtlsim.Compile(d)
	_ = sim.PokeName("a", bits.Ones(130))
	_ = sim.PokeName("b", bits.FromUint64(130, 1))
	sum, _ := sim.PeekName("sum")
	fmt.Println(sum)
	// Output: 131'h400000000000000000000000000000000
}

// A producer and a consumer joined by a Stream bundle, connected whole.
func ExampleConnect() {
	producer := dsl.Func("producer", func(m *dsl.Module) {
		s := dsl.NewStream(dsl.UInt(8))
		m.OutputBundle("out", s) // out_valid, out_data outputs; out_ready input
		s.Valid.Set(dsl.B(true))
		s.Data.Set(dsl.U(8, 42))
	})
	consumer := dsl.Func("consumer", func(m *dsl.Module) {
		s := dsl.NewStream(dsl.UInt(8))
		m.InputBundle("in", s) // in_valid, in_data inputs; in_ready output
		s.Ready.Set(dsl.B(true))
		m.Output("got", dsl.UInt(8)).Set(dsl.Mux(s.Fire(), s.Data, dsl.U(8, 0)))
	})
	d, err := elaborate.Elaborate(dsl.Func("pipe", func(m *dsl.Module) {
		p, c := m.Instance("p", producer), m.Instance("c", consumer)
		out, in := dsl.NewStream(dsl.UInt(8)), dsl.NewStream(dsl.UInt(8))
		p.Bundle("out", out)
		c.Bundle("in", in)
		dsl.Connect(in, out) // valid and data flow to c, ready back to p
		m.Output("got", dsl.UInt(8)).Set(c.Port("got"))
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	got, _ := sim.PeekName("got")
	fmt.Println(got)
	// Output: 8'h2a
}

// Errors name the signal, the module and the user's line, all at once.
func ExampleModule_Errorf() {
	_, err := elaborate.Elaborate(dsl.Func("bad", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(16))
		m.Output("y", dsl.UInt(8)).Set(a)
		m.Errorf("depth %d must be a power of two", 3)
	}))
	fmt.Println(err)
	// Output:
	// 2 errors:
	// dsl/example_test.go:101: module bad: y: width mismatch: cannot assign 16-bit a to 8-bit y; use ZeroExtend, SignExtend or Trunc
	// dsl/example_test.go:102: module bad: depth 3 must be a power of two
}
