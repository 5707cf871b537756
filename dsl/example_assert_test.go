package dsl_test

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// A counter that must stay below 3 while enabled, and a ROM: every
// simulator checks the assertion at each clock edge outside reset; rtlsim
// stops at the edge where it fails.
func ExampleModule_Assert() {
	d, err := elaborate.Elaborate(dsl.Func("bounded", func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		n := m.Reg("n", dsl.UInt(2), dsl.Init(0))
		m.When(en, func() {
			n.Set(n.Add(dsl.U(2, 1)))
			m.Assert(n.Lt(dsl.U(2, 3)), "n stays below 3")
		})
		m.Cover(n.Eq(dsl.U(2, 2)), "two")
		rom := m.Mem("rom", dsl.UInt(8), 4)
		rom.Init(10, 20, 30, 40)
		m.Output("q", dsl.UInt(8)).Set(rom.Read(n))
	}))
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	en, _ := sim.Handle("en")
	q, _ := sim.Handle("q")
	sim.Reset()
	sim.PokeUint64(en, 1)
	sim.Step(2)
	fmt.Println("q:", sim.PeekUint64(q))
	sim.Step(10)
	fmt.Println("stopped in cycle", sim.Cycle())
	fmt.Println(sim.Failure().Msg)
	fmt.Println("two hit", sim.Covers()[0].Count, "time(s)")
	// Output:
	// q: 20
	// stopped in cycle 4
	// n stays below 3
	// two hit 1 time(s)
}
