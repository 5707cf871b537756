package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// chain is a module whose output is its input through n adders (n levels).
func chain(n int) dsl.Generator {
	return dsl.Func("chain", func(m *dsl.Module) {
		x := m.Input("x", dsl.UInt(8))
		for range n {
			x = x.Add(dsl.U(8, 1))
		}
		m.Output("y", dsl.UInt(8)).Set(x)
	})
}

func TestLongestPath(t *testing.T) {
	cases := []struct {
		name string
		gen  dsl.Generator
		want int
	}{
		{"register to register", dsl.Func("r2r", func(m *dsl.Module) {
			a := m.Reg("a", dsl.UInt(8))
			b := m.Reg("b", dsl.UInt(8))
			a.Set(m.Input("i", dsl.UInt(8)))
			b.Set(a.Add(a).Xor(a)) // 2 levels
			m.Output("o", dsl.UInt(8)).Set(b)
		}), 2},
		{"wiring is free", dsl.Func("wires", func(m *dsl.Module) {
			a := m.Input("a", dsl.UInt(8))
			m.Output("o", dsl.UInt(16)).Set(dsl.Cat(a.Bits(3, 0), a.Bits(7, 4)).ZeroExtend(16))
		}), 0},
		{"input to output", chain(3), 3},
		{"through a child", dsl.Func("parent", func(m *dsl.Module) {
			r := m.Reg("r", dsl.UInt(8))
			r.Set(m.Input("i", dsl.UInt(8)))
			u := m.Instance("u", chain(3))
			u.Port("x").Set(r.Not()) // 1 level, then 3 in the child
			s := m.Reg("s", dsl.UInt(8))
			s.Set(u.Port("y").Add(r)) // 1 more: 5
			m.Output("o", dsl.UInt(8)).Set(s)
		}), 5},
		{"two children in series", dsl.Func("series", func(m *dsl.Module) {
			u, v := m.Instance("u", chain(2)), m.Instance("v", chain(2))
			u.Port("x").Set(m.Input("i", dsl.UInt(8)))
			v.Port("x").Set(u.Port("y"))
			m.Output("o", dsl.UInt(8)).Set(v.Port("y"))
		}), 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := elaborate.Elaborate(tc.gen)
			require.NoError(t, err)
			r, err := netlist.LongestPath(d)
			require.NoError(t, err)
			require.Equal(t, tc.want, r.Levels, "%v", r)
		})
	}
}

func TestUnregisteredOutputs(t *testing.T) {
	d, err := elaborate.Elaborate(dsl.Func("pe", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(8))
		r := m.Reg("r", dsl.UInt(8))
		r.Set(a)
		m.Output("registered", dsl.UInt(8)).Set(r)
		m.Output("through", dsl.UInt(8)).Set(a)
		m.Output("computed", dsl.UInt(8)).Set(r.Add(a))
	}))
	require.NoError(t, err)
	require.Equal(t, []string{"through", "computed"}, netlist.UnregisteredOutputs(d, d.TopModule()))
}
