package systolic

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
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
	in := m.InputVec("in", s.Lanes, dsl.UInt(s.Width))
	tag := m.Input("tag", dsl.Bool())
	a := lib.Skew(m, "a", in, func(k int) int { return k + 1 })
	tags := lib.Taps(m, "tag", tag, s.Lanes, dsl.Init(0))
	for k := range s.Lanes {
		m.Output(fmt.Sprintf("a_%d", k), dsl.UInt(s.Width)).Set(a.At(k))
		m.Output(fmt.Sprintf("sw_%d", k), dsl.Bool()).Set(tags.At(k))
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
	for j := range lanes {
		lanes[j] = m.Input(fmt.Sprintf("in_%d", j), dsl.UInt(s.Width))
	}
	out := lib.Skew(m, "c", dsl.VecOf(lanes...), func(j int) int { return s.Lanes - 1 - j })
	m.Output("out", dsl.UInt(s.Lanes*s.Width)).Set(out.Pack())
}
