package lib

import (
	"fmt"

	"github.com/systole-hdl/systole/dsl"
)

// Skid is a skid buffer: a two-entry register stage between two streams
// that cuts every combinational path between them, in_ready included,
// and still passes one word per cycle (see the package doc).
type Skid struct {
	Width int
	Name  string // the module name; "" for Skid_<Width>
}

// ModuleName implements the naming of dsl.Generator.
func (s Skid) ModuleName() string {
	if s.Name != "" {
		return s.Name
	}
	return fmt.Sprintf("Skid_%d", s.Width)
}

// Build implements dsl.Generator.
func (s Skid) Build(m *dsl.Module) {
	if s.Width < 1 {
		m.Errorf("Skid of width %d: the width must be at least 1", s.Width)
		return
	}
	in, out := dsl.NewStream(dsl.UInt(s.Width)), dsl.NewStream(dsl.UInt(s.Width))
	m.InputBundle("in", in)
	m.OutputBundle("out", out)
	data := m.Reg("data", dsl.UInt(s.Width))
	valid := m.Reg("valid", dsl.Bool(), dsl.Init(0))
	skid := m.Reg("skid", dsl.UInt(s.Width))
	full := m.Reg("skid_valid", dsl.Bool(), dsl.Init(0))
	in.Ready.Set(full.Not())
	out.Valid.Set(valid)
	out.Data.Set(data)
	m.When(out.Ready.Or(valid.Not()), func() {
		// The output register is free: fill it from the skid slot first.
		m.When(full, func() {
			data.Set(skid)
			valid.Set(true)
			full.Set(false)
		}).Otherwise(func() {
			data.Set(in.Data)
			valid.Set(in.Valid)
		})
	}).ElseWhen(in.Valid.And(full.Not()), func() {
		// The output is stalled: park the word offered in the skid slot.
		skid.Set(in.Data)
		full.Set(true)
	})
}
