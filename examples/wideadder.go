package examples

import "github.com/systole-hdl/systole/dsl"

// WideAdder is a registered Width-bit adder with carry out. Nothing in
// systole stops at 64 bits: the registry's "adder130" is WideAdder{Width:
// 130}, whose operands, sum and register each span three 64-bit words.
//
// Ports:
//
//	a, b   input  UInt(Width)  the addends
//	sum    output UInt(Width)  (a + b) mod 2^Width, one edge later
//	carry  output Bool         the carry out of that sum
//
// Reset clears sum and carry.
type WideAdder struct {
	Width int
}

// Build implements dsl.Generator.
func (c WideAdder) Build(m *dsl.Module) {
	a := m.Input("a", dsl.UInt(c.Width))
	b := m.Input("b", dsl.UInt(c.Width))
	sum := m.Output("sum", dsl.UInt(c.Width))
	carry := m.Output("carry", dsl.Bool())

	// AddExpand is one bit wider than its operands: the top bit is the carry.
	result := m.Reg("result", dsl.UInt(c.Width+1), dsl.Init(0))
	result.Set(a.AddExpand(b))
	sum.Set(result.Trunc(c.Width))
	carry.Set(result.Bit(c.Width))
}
