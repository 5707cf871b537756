package fp

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// Align shifts a significand right to line it up with a larger operand's
// exponent, keeping Extra more bits below it, of which the last is sticky:
// the OR of every bit shifted beyond the kept ones. It is combinational.
//
// Ports:
//
//	sig  input   UInt(Width)        the significand
//	by   input   UInt(ByWidth)      the exponent difference, any value
//	out  output  UInt(Width+Extra)  (sig << Extra) >> by, with bit 0 ORed
//	                                with every bit shifted out
//
// A shift of Width+Extra or more leaves only the sticky bit (set when sig
// is not zero). With Extra = 3 (guard, round, sticky) a sum or difference
// of the aligned operands rounds as the exact one would.
type Align struct {
	Width, Extra, ByWidth int
	Prefix                string // prepended to the module name
}

// ModuleName implements dsl.Generator.
func (a Align) ModuleName() string {
	return fmt.Sprintf("%sfp_align_w%d_x%d_b%d", a.Prefix, a.Width, a.Extra, a.ByWidth)
}

// Build implements dsl.Generator.
func (a Align) Build(m *dsl.Module) {
	n := a.Width + a.Extra
	sig := m.Input("sig", dsl.UInt(a.Width))
	by := m.Input("by", dsl.UInt(a.ByWidth))
	out := m.Output("out", dsl.UInt(n))

	// Clamp the amount to n: everything beyond is sticky either way.
	aw := bits.Len(uint(n))
	amt := by
	if 1<<a.ByWidth-1 > n {
		small := by.Bits(min(aw, a.ByWidth)-1, 0).ZeroExtend(aw)
		amt = dsl.Mux(by.Gt(dsl.U(a.ByWidth, uint64(n))), dsl.U(aw, uint64(n)), small)
	}
	wide := m.Named("wide", dsl.Cat(sig, dsl.U(a.Extra+n, 0)).ShrBy(amt))
	sticky := wide.Bits(n-1, 0).OrR()
	out.Set(wide.Bits(2*n-1, n).Or(sticky.ZeroExtend(n)))
}
