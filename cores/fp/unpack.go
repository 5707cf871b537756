package fp

import (
	"github.com/systole-hdl/systole/dsl"
)

// Unpack splits an operand of format F into the fields the arithmetic
// needs. It is combinational.
//
// Ports:
//
//	x     input   UInt(F.Width())  the operand's bits
//	sign  output  Bool
//	exp   output  UInt(F.Exp)      the effective biased exponent: the
//	                               field, or 1 for a subnormal (field 0)
//	sig   output  UInt(F.Man+1)    the significand, hidden bit on top
//	                               (1 for normal numbers, 0 for subnormals)
//	nan, inf, zero  output Bool    the classes (±0 is zero)
//
// For a finite x the value is (-1)^sign × sig × 2^(exp − bias − Man).
type Unpack struct {
	F      Format
	Prefix string // prepended to the module name (a core's top name and "_", so cores share a design)
}

// ModuleName implements dsl.Generator.
func (u Unpack) ModuleName() string { return u.Prefix + "fp_unpack_" + u.F.Name }

// Build implements dsl.Generator.
func (u Unpack) Build(m *dsl.Module) {
	f := u.F
	x := m.Input("x", dsl.UInt(f.Width()))
	e := m.Named("exp_field", x.Bits(f.Exp+f.Man-1, f.Man))
	man := m.Named("man", x.Bits(f.Man-1, 0))
	eZero := e.Eq(dsl.U(f.Exp, 0))
	eOnes := e.Eq(dsl.U(f.Exp, f.expOnes()))
	manZero := man.Eq(dsl.U(f.Man, 0))

	m.Output("sign", dsl.Bool()).Set(x.Bit(f.Width() - 1))
	m.Output("exp", dsl.UInt(f.Exp)).Set(dsl.Mux(eZero, dsl.U(f.Exp, 1), e))
	m.Output("sig", dsl.UInt(f.Man+1)).Set(dsl.Cat(eZero.Not(), man))
	m.Output("zero", dsl.Bool()).Set(eZero.And(manZero))
	if f.FiniteOnly {
		m.Output("nan", dsl.Bool()).Set(eOnes.And(man.Eq(dsl.U(f.Man, 1<<f.Man-1))))
		m.Output("inf", dsl.Bool()).Set(dsl.B(false))
	} else {
		m.Output("nan", dsl.Bool()).Set(eOnes.And(manZero.Not()))
		m.Output("inf", dsl.Bool()).Set(eOnes.And(manZero))
	}
}
