package dsl_test

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/rtlsim"
)

// Light is a traffic light: a state machine over an Enum, written with
// Switch, with Go integers as operands (timer.Eq(0), timer.Sub(1)).
type Light struct{ Green, Yellow int }

var lightState = dsl.NewEnum("light", "Red", "Green", "Yellow")

func (l Light) Build(m *dsl.Module) {
	state := m.Reg("state", lightState.Type(), dsl.Init(lightState.Value("Red")))
	timer := m.Reg("timer", dsl.UInt(8), dsl.Init(0))
	red, green, yellow := lightState.Value("Red"), lightState.Value("Green"), lightState.Value("Yellow")
	next := func(s dsl.Signal, wait int) {
		dsl.Helper()
		state.Set(s)
		timer.Set(wait)
	}
	timer.Set(timer.Sub(1))
	m.When(timer.Eq(0), func() {
		m.Switch(state).
			Is(red, func() { next(green, l.Green-1) }).
			Is(green, func() { next(yellow, l.Yellow-1) }).
			Default(func() { next(red, 0) })
	})
	m.Output("go", dsl.Bool()).Set(state.Eq(green))
	m.Output("state_out", lightState.Type()).Set(state)
}

func ExampleModule_Switch() {
	d, err := elaborate.Elaborate(Light{Green: 3, Yellow: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	sim, _ := rtlsim.Compile(d)
	sim.Reset()
	st, _ := sim.Handle("state_out")
	names := lightState.Names()
	var trace []string
	for range 8 {
		trace = append(trace, names[sim.PeekUint64(st)])
		sim.Step(1)
	}
	fmt.Println(strings.Join(trace, " "))
	v, err := emit.Verilog(d)
	if err != nil {
		fmt.Println(err)
	}
	for _, line := range strings.Split(string(v), "\n") {
		if strings.Contains(line, "localparam") {
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// Red Green Green Green Yellow Yellow Red Green
	// localparam [1:0] light_Red = 2'h0;
	// localparam [1:0] light_Green = 2'h1;
	// localparam [1:0] light_Yellow = 2'h2;
}

// Go integers take the type of the signal they meet.
func ExampleOperand() {
	d, _ := elaborate.Elaborate(dsl.Func("wrap", func(m *dsl.Module) {
		count := m.Reg("count", dsl.UInt(4), dsl.Init(0))
		count.Set(dsl.Mux(count.Eq(9), 0, count.Add(1))) // 0..9, then 0
		m.Output("out", dsl.UInt(4)).Set(count)
	}))
	sim, _ := rtlsim.Compile(d)
	sim.Reset()
	out, _ := sim.Handle("out")
	for range 12 {
		fmt.Print(sim.PeekUint64(out), " ")
		sim.Step(1)
	}
	fmt.Println()
	// Output: 0 1 2 3 4 5 6 7 8 9 0 1
}
