package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// An enum and the nets that hold its values survive the text form.
func TestRoundTripEnum(t *testing.T) {
	st := dsl.NewEnum("st", "Idle", "Busy", "Done")
	d, err := elaborate.Elaborate(dsl.Func("fsm", func(m *dsl.Module) {
		go_ := m.Input("go", dsl.Bool())
		s := m.Reg("s", st.Type(), dsl.Init(st.Value("Idle")))
		m.When(go_, func() { s.Set(st.Value("Busy")) })
		m.Output("state", st.Type()).Set(s)
	}))
	require.NoError(t, err)
	require.Len(t, d.TopModule().Enums, 1)
	require.Len(t, d.TopModule().Enums[0].Nets, 2)
	roundTrip(t, "fsm", d)
}

func TestCheckEnum(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"enum e: 1 (A, B, C) nets (x)", "enum e of 3 values does not fit in 1 bits"},
		{"enum e: 2 (A, A) nets (x)", `invalid or duplicate value name "A"`},
		{"enum e: 3 (A, B) nets (x)", "net x of enum e is 2 bits, the enum 3"},
	} {
		text := "design m\nmodule m {\n  input x: 2\n  " + c.text + "\n}\n"
		_, err := netlist.Parse("e.net", text)
		require.ErrorContains(t, err, c.want, text)
	}
}
