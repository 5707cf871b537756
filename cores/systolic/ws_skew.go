package systolic

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
)

// wsSkew is the input skew buffer: it registers a row of A and delays
// lane k (A[m][k]) by k+1 edges, so that the row enters the array as a
// diagonal wavefront, row k of the grid one cycle after row k-1. The batch
// tag travels on one shared chain: lane k's tag is the chain's stage k.
//
// Ports: in UInt(Lanes*Width) and tag Bool (sampled on every edge);
// a_k UInt(Width) and sw_k Bool for each lane k, straight from registers.
type wsSkew struct {
	Top          string
	Lanes, Width int
}

func (s wsSkew) ModuleName() string { return s.Top + "_skew" }

// Build implements dsl.Generator.
func (s wsSkew) Build(m *dsl.Module) {
	in := m.Input("in", dsl.UInt(s.Lanes*s.Width))
	tag := m.Input("tag", dsl.Bool())
	t := tag
	for k := range s.Lanes {
		d := in.Bits((k+1)*s.Width-1, k*s.Width)
		for st := range k + 1 {
			r := m.Reg(fmt.Sprintf("a_%d_%d", k, st), dsl.UInt(s.Width))
			r.Set(d)
			d = r
		}
		tr := m.Reg(fmt.Sprintf("tag_%d", k), dsl.Bool(), dsl.Init(0))
		tr.Set(t)
		t = tr
		m.Output(fmt.Sprintf("a_%d", k), dsl.UInt(s.Width)).Set(d)
		m.Output(fmt.Sprintf("sw_%d", k), dsl.Bool()).Set(t)
	}
}

// wsDeskew is the output deskew buffer: column j of the array delivers
// row m's result j cycles after column 0, so lane j is delayed by
// Lanes-1-j edges and the lanes leave aligned, packed lane j at
// out[j*Width +: Width].
type wsDeskew struct {
	Top          string
	Lanes, Width int
}

func (s wsDeskew) ModuleName() string { return s.Top + "_deskew" }

// Build implements dsl.Generator.
func (s wsDeskew) Build(m *dsl.Module) {
	lanes := make([]dsl.Signal, s.Lanes)
	for j := range s.Lanes {
		d := m.Input(fmt.Sprintf("in_%d", j), dsl.UInt(s.Width))
		for st := range s.Lanes - 1 - j {
			r := m.Reg(fmt.Sprintf("c_%d_%d", j, st), dsl.UInt(s.Width))
			r.Set(d)
			d = r
		}
		lanes[s.Lanes-1-j] = d // Cat puts its first argument on top
	}
	out := m.Output("out", dsl.UInt(s.Lanes*s.Width))
	out.Set(dsl.Cat(lanes...))
}
