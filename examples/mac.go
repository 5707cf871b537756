package examples

import (
	"math/big"

	"github.com/systole-hdl/systole/dsl"
)

// MAC is a multiply-accumulate unit: the processing element of a systolic
// array in miniature.
//
// Ports (T is SInt when Signed, else UInt):
//
//	clear  input  Bool           start a new sum on this edge
//	en     input  Bool           add a*b on this edge
//	a, b   input  T(InWidth)     the operands
//	acc    output T(AccWidth)    the accumulated sum
//
// On each rising edge the accumulator becomes
//
//	clear  en
//	  0    0    acc             (hold)
//	  0    1    acc + a*b
//	  1    0    0
//	  1    1    a*b             (clear and load: no bubble between sums)
//
// The full product a*b (2*InWidth bits) is sign- or zero-extended to
// AccWidth bits, or truncated when AccWidth is narrower, and the sum wraps
// modulo 2^AccWidth. Reset clears the accumulator.
type MAC struct {
	InWidth, AccWidth int
	Signed            bool
}

// Build implements dsl.Generator.
func (c MAC) Build(m *dsl.Module) {
	in, accT := dsl.UInt(c.InWidth), dsl.UInt(c.AccWidth)
	if c.Signed {
		in, accT = dsl.SInt(c.InWidth), dsl.SInt(c.AccWidth)
	}
	clr := m.Input("clear", dsl.Bool())
	en := m.Input("en", dsl.Bool())
	a := m.Input("a", in)
	b := m.Input("b", in)
	acc := m.Output("acc", accT)

	// Say how the full product meets the accumulator's width.
	p := a.Mul(b)
	if p.Width() <= c.AccWidth {
		p = p.Extend(c.AccWidth) // sign extension for SInt, zero for UInt
	} else {
		p = p.Trunc(c.AccWidth) // the low bits: the sum wraps anyway
	}
	product := m.Named("product", p)

	zero := dsl.Lit(accT, big.NewInt(0))
	sum := m.Reg("sum", accT, dsl.Init(0))
	m.When(en, func() {
		sum.Set(dsl.Mux(clr, zero, sum).Add(product))
	}).ElseWhen(clr, func() {
		sum.Set(zero)
	})
	acc.Set(sum)
}
