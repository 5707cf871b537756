package systolic

import (
	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
)

// osPE is the output-stationary processing element: it holds one element
// C[i][j] of the tile in flight. Every output comes straight from a
// register, so a PE's neighbours see only its flops.
//
// Ports (W = InWidth, A = AccWidth; operands are raw bits, read as signed
// when Signed):
//
//	a_in, b_in    input  UInt(W)   A[i][k] from the left, B[k][j] from above
//	v_in, l_in    input  Bool      the operands are a k-step; it is the tile's last
//	d_in          input  Bool      drain: load this PE's result into the chain
//	c_in, cv_in   input  UInt(A), Bool   the drain chain from the PE below
//	a_out, v_out, l_out, d_out   output   a_in, v_in, l_in, d_in one edge later (to the right)
//	b_out                        output   b_in one edge later (down)
//	c_out, cv_out                output   the drain chain (up)
//
// On an edge with v_in, sum = acc + a_in*b_in (product extended or
// truncated to A bits, wrapping add); acc becomes sum, or 0 when l_in, and
// then res (the shadow register) takes sum: the next tile's first product
// starts a fresh sum on the next edge with no bubble. On an edge with d_in
// the chain register takes res and its valid bit 1; on every other edge it
// shifts in c_in and cv_in.
//
// With a float format FP, the operands are its raw bits, acc, res and the
// chain fp32 bits (0 is +0), and sum is floatMAC's: round_fp32(acc +
// round_fp32(a_in*b_in)).
type osPE struct {
	Top               string
	InWidth, AccWidth int
	Signed            bool
	FP                fp.Format // the zero Format for integers
}

func (p osPE) ModuleName() string { return p.Top + "_pe" }

// Build implements dsl.Generator.
func (p osPE) Build(m *dsl.Module) {
	in, acc := dsl.UInt(p.InWidth), dsl.UInt(p.AccWidth)
	aIn, bIn := m.Input("a_in", in), m.Input("b_in", in)
	vIn, lIn, dIn := m.Input("v_in", dsl.Bool()), m.Input("l_in", dsl.Bool()), m.Input("d_in", dsl.Bool())
	cIn, cvIn := m.Input("c_in", acc), m.Input("cv_in", dsl.Bool())

	// The systolic pipeline: operands and tags move on every edge.
	pipe := func(name string, v dsl.Signal, opts ...dsl.RegOption) {
		dsl.Helper()
		r := m.Reg(name+"_r", v.Type(), opts...)
		r.Set(v)
		m.Output(name+"_out", v.Type()).Set(r)
	}
	pipe("a", aIn)
	pipe("b", bIn)
	pipe("v", vIn, dsl.Init(0))
	pipe("l", lIn, dsl.Init(0))
	pipe("d", dIn, dsl.Init(0))

	accR := m.Reg("acc", acc, dsl.Init(0))
	res := m.Reg("res", acc)
	var sum dsl.Signal
	if isFloat(p.FP) {
		sum = floatMAC(m, p.Top, p.FP, aIn, bIn, accR)
	} else {
		// The multiply-add: the full product meets the accumulator's width.
		a, b := aIn, bIn
		if p.Signed {
			a, b = a.AsSInt(), b.AsSInt()
		}
		prod := a.Mul(b)
		if prod.Width() <= p.AccWidth {
			prod = prod.Extend(p.AccWidth)
		} else {
			prod = prod.Trunc(p.AccWidth)
		}
		product := m.Named("product", prod.AsUInt())
		sum = m.Named("sum", accR.Add(product))
	}
	m.When(vIn, func() {
		accR.Set(dsl.Mux(lIn, dsl.U(p.AccWidth, 0), sum))
		m.When(lIn, func() { res.Set(sum) })
	})

	// The drain chain.
	chain := m.Reg("chain", acc)
	chainV := m.Reg("chain_v", dsl.Bool(), dsl.Init(0))
	chain.Set(dsl.Mux(dIn, res, cIn))
	chainV.Set(dIn.Or(cvIn))
	m.Output("c_out", acc).Set(chain)
	m.Output("cv_out", dsl.Bool()).Set(chainV)
}
