package examples

import "github.com/systole-hdl/systole/dsl"

// Counter is a Width-bit up counter.
//
// Ports:
//
//	en     input  Bool          count on this edge
//	count  output UInt(Width)   the current count
//
// On every rising edge with en high the count goes up by one, wrapping from
// 2^Width-1 to 0; reset sets it to 0.
type Counter struct {
	Width int
}

// Build implements dsl.Generator.
func (c Counter) Build(m *dsl.Module) {
	en := m.Input("en", dsl.Bool())
	count := m.Output("count", dsl.UInt(c.Width))

	value := m.Reg("value", dsl.UInt(c.Width), dsl.Init(0))
	m.When(en, func() {
		value.Set(value.Add(dsl.U(c.Width, 1))) // Add wraps modulo 2^Width
	})
	count.Set(value)
}
