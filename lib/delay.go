package lib

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
)

// Taps adds a shift register of n stages to m, registers name_0 ..
// name_{n-1} of v's type, each loading the one before it (stage 0 loads
// v) on every edge, or only on edges where the options' dsl.Enable is 1.
// It returns the stages: stage i is v delayed i+1 edges. With dsl.Init the
// stages reset to that value; without, they have no reset.
func Taps(m *dsl.Module, name string, v dsl.Signal, n int, opts ...dsl.RegOption) dsl.Vec {
	dsl.Helper()
	taps := make([]dsl.Signal, 0, max(n, 0))
	for s := range n {
		r := m.Reg(fmt.Sprintf("%s_%d", name, s), v.Type(), opts...)
		r.Set(v)
		v = r
		taps = append(taps, r)
	}
	if n == 0 {
		return dsl.Vec{}
	}
	return dsl.VecOf(taps...)
}

// Delay returns v delayed n edges through Taps (n = 0 returns v itself).
func Delay(m *dsl.Module, name string, v dsl.Signal, n int, opts ...dsl.RegOption) dsl.Signal {
	dsl.Helper()
	if n <= 0 {
		if n < 0 {
			m.Errorf("Delay %s of %d edges: the delay must be at least 0", name, n)
		}
		return v
	}
	return Taps(m, name, v, n, opts...).At(n - 1)
}

// Skew delays each lane of lanes by its own number of edges: lane e by
// delay(e), through registers name<e>_0... It returns the delayed lanes.
// A triangular skew buffer (lane e by e+1) and its inverse, a deskew
// buffer (lane e by n-1-e), are the usual uses.
func Skew(m *dsl.Module, name string, lanes dsl.Vec, delay func(e int) int, opts ...dsl.RegOption) dsl.Vec {
	dsl.Helper()
	out := make([]dsl.Signal, lanes.Len())
	for e := range out {
		out[e] = Delay(m, fmt.Sprintf("%s%d", name, e), lanes.At(e), delay(e), opts...)
	}
	return dsl.VecOf(out...)
}

// ShiftRegister is a delay line module: out is in delayed Stages edges,
// moving on every edge, or only where en is 1 when Enable is set (see the
// package doc for its ports).
type ShiftRegister struct {
	Width, Stages int
	Enable        bool   // an en input gates every stage
	Reset         bool   // the stages reset to 0 (otherwise they have no reset)
	Name          string // the module name; "" for ShiftRegister_<Width>x<Stages>[_en][_rst]
}

// ModuleName implements the naming of dsl.Generator.
func (s ShiftRegister) ModuleName() string {
	if s.Name != "" {
		return s.Name
	}
	n := fmt.Sprintf("ShiftRegister_%dx%d", s.Width, s.Stages)
	if s.Enable {
		n += "_en"
	}
	if s.Reset {
		n += "_rst"
	}
	return n
}

// Build implements dsl.Generator.
func (s ShiftRegister) Build(m *dsl.Module) {
	if s.Width < 1 || s.Stages < 1 {
		m.Errorf("ShiftRegister of width %d and %d stages: both must be at least 1", s.Width, s.Stages)
		return
	}
	in := m.Input("in", dsl.UInt(s.Width))
	var opts []dsl.RegOption
	if s.Enable {
		opts = append(opts, dsl.Enable(m.Input("en", dsl.Bool())))
	}
	if s.Reset {
		opts = append(opts, dsl.Init(0))
	}
	m.Output("out", dsl.UInt(s.Width)).Set(Delay(m, "stage", in, s.Stages, opts...))
}
