package dsl_test

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// RegFile is a small register file: a Vec of registers written through a
// decoded write (SetIndex under When) and read by a dynamic index.
type RegFile struct{ Words, Width int }

func (r RegFile) Build(m *dsl.Module) {
	we := m.Input("we", dsl.Bool())
	waddr, raddr := m.Input("waddr", dsl.UInt(2)), m.Input("raddr", dsl.UInt(2))
	wdata := m.Input("wdata", dsl.UInt(r.Width))
	regs := m.RegVec("r", r.Words, dsl.UInt(r.Width), dsl.Init(0))
	m.When(we, func() { regs.SetIndex(waddr, wdata) })
	m.Output("rdata", dsl.UInt(r.Width)).Set(regs.Index(raddr))
	m.Output("all", dsl.UInt(r.Words*r.Width)).Set(regs.Pack()) // element 0 in the low bits
}

func ExampleVec() {
	d, err := elaborate.Elaborate(RegFile{Words: 3, Width: 8})
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	sim.Reset()
	we, _ := sim.Handle("we")
	waddr, _ := sim.Handle("waddr")
	wdata, _ := sim.Handle("wdata")
	raddr, _ := sim.Handle("raddr")
	rdata, _ := sim.Handle("rdata")
	all, _ := sim.Handle("all")
	sim.PokeUint64(we, 1)
	for i, x := range []uint64{0x11, 0x22, 0x33, 0x44} { // address 3 is out of range: no write
		sim.PokeUint64(waddr, uint64(i))
		sim.PokeUint64(wdata, x)
		sim.Step(1)
	}
	sim.PokeUint64(we, 0)
	for i := range 4 { // address 3 reads zero
		sim.PokeUint64(raddr, uint64(i))
		sim.Step(0)
		fmt.Printf("r[%d] = %#x\n", i, sim.PeekUint64(rdata))
	}
	fmt.Printf("all = %#x\n", sim.PeekUint64(all))
	// Output:
	// r[0] = 0x11
	// r[1] = 0x22
	// r[2] = 0x33
	// r[3] = 0x0
	// all = 0x332211
}

// Lanes is a bundle with a Vec field: one packed port, lanes inside.
type Lanes struct {
	Valid dsl.Signal
	Data  dsl.Vec
}

// ExampleUnpack reverses the lanes of a packed bus.
func ExampleUnpack() {
	d, _ := elaborate.Elaborate(dsl.Func("reverse", func(m *dsl.Module) {
		in := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(4, dsl.UInt(4))}
		out := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(4, dsl.UInt(4))}
		m.InputBundle("in", in)
		m.OutputBundle("out", out)
		out.Valid.Set(in.Valid)
		for e := range 4 {
			out.Data.At(e).Set(in.Data.At(3 - e))
		}
	}))
	sim, _ := rtlsim.Compile(d)
	for i, p := range d.TopModule().Ports {
		if i > 0 {
			fmt.Print(" ")
		}
		fmt.Print(d.TopModule().Nets[p.Net].Name, ":", d.TopModule().Nets[p.Net].Width)
	}
	fmt.Println()
	_ = sim.PokeName("in_data", bits.FromUint64(16, 0x4321))
	sim.Step(0)
	v, _ := sim.PeekName("out_data")
	fmt.Println(v)
	// Output:
	// in_valid:1 in_data:16 out_valid:1 out_data:16
	// 16'h1234
}

// A Vec bundle field reaches a child through Inst.Bundle and Connect: the
// parent's lanes drive the child's packed input, and the child's packed
// output comes back as lanes.
func ExampleConnect_vec() {
	child := dsl.Func("negate", func(m *dsl.Module) {
		in := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(3, dsl.UInt(4))}
		out := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(3, dsl.UInt(4))}
		m.InputBundle("in", in)
		m.OutputBundle("out", out)
		out.Valid.Set(in.Valid)
		for e := range 3 {
			out.Data.At(e).Set(in.Data.At(e).Neg())
		}
	})
	d, err := elaborate.Elaborate(dsl.Func("parent", func(m *dsl.Module) {
		in := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(3, dsl.UInt(4))}
		out := &Lanes{Valid: dsl.Proto(dsl.Bool()), Data: dsl.ProtoVec(3, dsl.UInt(4))}
		m.InputBundle("in", in)
		m.OutputBundle("out", out)
		u := m.Instance("u", child)
		cin, cout := &Lanes{Data: dsl.ProtoVec(3, dsl.UInt(4))}, &Lanes{Data: dsl.ProtoVec(3, dsl.UInt(4))}
		u.Bundle("in", cin)
		u.Bundle("out", cout)
		dsl.Connect(cin, in)
		dsl.Connect(out, cout)
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	_ = sim.PokeName("in_data", bits.FromUint64(12, 0x321))
	_ = sim.PokeName("in_valid", bits.FromUint64(1, 1))
	sim.Step(0)
	v, _ := sim.PeekName("out_data")
	ok, _ := sim.PeekName("out_valid")
	fmt.Println(v, ok)
	// Output: 12'hdef 1'h1
}
