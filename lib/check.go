package lib

import "github.com/systole-hdl/systole/dsl"

// StreamHolds asserts the AXI-Stream rule on a stream that m drives: after
// an edge at which valid was 1 and ready 0, valid is still 1 and data has
// not changed. It adds two registers (name_chk_stall, name_chk_data) that
// only the assertions read, so synthesis removes them.
func StreamHolds(m *dsl.Module, name string, s *dsl.Stream) {
	dsl.Helper()
	stalled := m.Reg(name+"_chk_stall", dsl.Bool(), dsl.Init(0))
	stalled.Set(s.Valid.And(s.Ready.Not()))
	held := m.Reg(name+"_chk_data", s.Data.Type())
	held.Set(s.Data)
	m.When(stalled, func() {
		m.Assert(s.Valid, name+": valid holds until the transfer")
		m.Assert(s.Data.Eq(held), name+": data holds while valid and not ready")
	})
}
