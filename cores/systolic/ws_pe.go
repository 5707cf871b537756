package systolic

import (
	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
)

// wsPE is the weight-stationary processing element: one weight, one
// multiply-add. It is one module definition for the whole grid; its
// position comes only from what its neighbours send it.
//
// Ports (T is SInt when Signed, else UInt):
//
//	a_in, a_out    T(InWidth)     activation, passed right a cycle later
//	sw_in, sw_out  Bool           the activation starts a batch: use the
//	                              shadow weight from now on
//	ps_in, ps_out  T(AccWidth)    partial sum, passed down: ps_in + a_in*w
//	w_in, w_out    T(InWidth)     weight beat travelling down the column
//	wv_in, wv_out  Bool           w_in is a beat still looking for its row
//	hop_in,hop_out UInt(HopWidth) rows the beat has still to go down
//
// On each edge: the beat with wv_in and hop_in = 0 is captured into the
// shadow weight; other beats pass down with hop_in-1. The product uses
// w = sw_in ? shadow : active, and on an edge with sw_in the active weight
// becomes the shadow one. Every output is a register, so no combinational
// path runs from one PE to the next.
//
// With a float format FP, the operands are its raw bits, the sums fp32
// bits, and the multiply-add is floatMAC's: ps = round_fp32(ps_in +
// round_fp32(a_in*w)).
type wsPE struct {
	Top                         string
	InWidth, AccWidth, HopWidth int
	Signed                      bool
	FP                          fp.Format // the zero Format for integers
}

func (p wsPE) ModuleName() string { return p.Top + "_pe" }

// Build implements dsl.Generator.
func (p wsPE) Build(m *dsl.Module) {
	in, acc := dsl.UInt(p.InWidth), dsl.UInt(p.AccWidth)
	if p.Signed {
		in, acc = dsl.SInt(p.InWidth), dsl.SInt(p.AccWidth)
	}
	hop := dsl.UInt(p.HopWidth)
	aIn := m.Input("a_in", in)
	swIn := m.Input("sw_in", dsl.Bool())
	psIn := m.Input("ps_in", acc)
	wIn := m.Input("w_in", in)
	wvIn := m.Input("wv_in", dsl.Bool())
	hopIn := m.Input("hop_in", hop)
	aOut := m.Output("a_out", in)
	swOut := m.Output("sw_out", dsl.Bool())
	psOut := m.Output("ps_out", acc)
	wOut := m.Output("w_out", in)
	wvOut := m.Output("wv_out", dsl.Bool())
	hopOut := m.Output("hop_out", hop)

	// The weights: the shadow one loads while the active one computes.
	shadow := m.Reg("shadow", in)
	active := m.Reg("active", in)
	here := m.Named("capture", wvIn.And(hopIn.Eq(dsl.U(p.HopWidth, 0))))
	m.When(here, func() { shadow.Set(wIn) })
	m.When(swIn, func() { active.Set(shadow) })
	w := m.Named("weight", dsl.Mux(swIn, shadow, active))

	ps := m.Reg("ps", acc)
	if isFloat(p.FP) {
		ps.Set(floatMAC(m, p.Top, p.FP, aIn, w, psIn))
	} else {
		// The multiply-add: the full product meets the accumulator's width.
		prod := aIn.Mul(w)
		if prod.Width() <= p.AccWidth {
			prod = prod.Extend(p.AccWidth)
		} else {
			prod = prod.Trunc(p.AccWidth)
		}
		product := m.Named("product", prod)
		ps.Set(psIn.Add(product))
	}
	psOut.Set(ps)

	// Pass the activation right and the weight beat down.
	a := m.Reg("a", in)
	a.Set(aIn)
	aOut.Set(a)
	sw := m.Reg("sw", dsl.Bool(), dsl.Init(0))
	sw.Set(swIn)
	swOut.Set(sw)
	wq := m.Reg("w", in)
	wq.Set(wIn)
	wOut.Set(wq)
	wv := m.Reg("wv", dsl.Bool(), dsl.Init(0))
	wv.Set(wvIn.And(here.Not()))
	wvOut.Set(wv)
	hq := m.Reg("hop", hop)
	hq.Set(hopIn.Sub(dsl.U(p.HopWidth, 1)))
	hopOut.Set(hq)
}
