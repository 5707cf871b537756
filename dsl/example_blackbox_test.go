package dsl_test

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/rtlsim"
)

// accModel is a Go model of the vendor's accumulator: sum is registered.
type accModel struct {
	in, sum int // port indices
	acc     uint64
}

func (a *accModel) Eval(p *rtlsim.Pins) { p.SetUint64(a.sum, a.acc) }
func (a *accModel) Edge(p *rtlsim.Pins) { a.acc = (a.acc + p.Uint64(a.in)) & 0xff }

// A black box: a vendor's accumulator the design instantiates by its
// Verilog name, with a parameter, and simulates in rtlsim with a Go model.
func ExampleModule_BlackBox() {
	ip := dsl.Func("vendor_acc_8", func(m *dsl.Module) {
		m.BlackBox("vendor_acc").Param("WIDTH", 8).File("/ip/vendor_acc.v").Clock("clk")
		m.Input("in", dsl.UInt(8))
		m.Output("sum", dsl.UInt(8)) // registered: no Comb path
	})
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		u := m.Instance("u", ip)
		u.Port("in").Set(m.Input("x", dsl.UInt(8)))
		m.Output("y", dsl.UInt(8)).Set(u.Port("sum"))
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := emit.Emit(d)
	for _, line := range strings.Split(string(out.Verilog()), "\n") {
		if strings.Contains(line, "vendor_acc") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	fmt.Println("files:", out.Extern)

	sim, err := rtlsim.CompileWith(d, rtlsim.Options{Models: rtlsim.Models{
		"vendor_acc": func(b rtlsim.BlackBox) (rtlsim.Model, error) {
			return &accModel{in: b.Port("in"), sum: b.Port("sum")}, nil
		},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _ := sim.Handle("x")
	y, _ := sim.Handle("y")
	sim.PokeUint64(x, 5)
	sim.Step(3)
	fmt.Println("y:", sim.PeekUint64(y))
	// Output:
	// vendor_acc #(.WIDTH(8)) u ( // dsl/example_blackbox_test.go:31
	// files: [/ip/vendor_acc.v]
	// y: 15
}
