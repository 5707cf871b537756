package elaborate_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// A property inside When is enabled by the When's condition, and reads the
// module's reset, which it makes a port.
func TestPropertyLowering(t *testing.T) {
	child := dsl.Func("limit", func(m *dsl.Module) {
		x := m.Input("x", dsl.UInt(4))
		on := m.Input("on", dsl.Bool())
		m.When(on, func() {
			m.Assert(x.Lt(dsl.U(4, 10)), "x below 10")
		}).Otherwise(func() {
			m.Cover(x.Eq(dsl.U(4, 15)), "x_max")
		})
		m.Assume(x.Ne(dsl.U(4, 11)), "never 11")
	})
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		u := m.Instance("u", child)
		u.Port("x").Set(m.Input("x", dsl.UInt(4)))
		u.Port("on").Set(m.Input("on", dsl.Bool()))
	}))
	require.NoError(t, err)
	lim := d.Module("limit")
	require.NotNil(t, lim)
	require.NotEqual(t, netlist.NoNet, lim.Clock)
	_, hasRst := lim.Port("rst")
	require.True(t, hasRst)
	require.Len(t, lim.Props, 3)
	kinds := []netlist.PropKind{netlist.Assert, netlist.Cover, netlist.Assume}
	msgs := []string{"x below 10", "x_max", "never 11"}
	for i, p := range lim.Props {
		require.Equal(t, kinds[i], p.Kind)
		require.Equal(t, msgs[i], p.Msg)
		require.Equal(t, "rst", lim.Nets[p.Reset].Name)
		require.Equal(t, "elaborate/property_test.go", p.Pos.File)
	}
	require.Equal(t, "on", lim.Nets[lim.Props[0].En].Name)
	require.NotEqual(t, netlist.NoNet, lim.Props[1].En) // not on
	require.Equal(t, netlist.NoNet, lim.Props[2].En)
	// The top passes its clock and reset down.
	top := d.TopModule()
	_, ok := top.Port("clk")
	require.True(t, ok)
	_, ok = top.Port("rst")
	require.True(t, ok)

	text := netlist.Format(d)
	require.Contains(t, text, `  assert `)
	require.Contains(t, text, ` en on reset rst "x below 10" @ "elaborate/property_test.go":`)
	back, err := netlist.Parse("p.net", text)
	require.NoError(t, err)
	if diff := cmp.Diff(d, back); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
}
