package elaborate_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// blackBoxMisuse are black box declarations and models that elaboration
// rejects, each error at the user's line (checked by TestMisuse).
var blackBoxMisuse = []dsl.Generator{
	dsl.Func("bbReset", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbResetBox", func(b *dsl.Module) {
			b.BlackBox("box").Clock("clk")
			r := b.Reg("r", dsl.Bool())
			r.Set(b.Reset()) // ERROR "black box bbResetBox uses the implicit reset"
			b.Output("o", dsl.Bool()).Set(r)
		}))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbNoClock", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbNoClockBox", func(b *dsl.Module) {
			b.BlackBox("box") // ERROR "has registers, memories or clocked children in its model but declares no clock"
			r := b.Reg("r", dsl.Bool())
			r.Set(r.Not())
			b.Output("o", dsl.Bool()).Set(r)
		}))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbCombNotPort", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbCombNotPortBox", func(b *dsl.Module) {
			bb := b.BlackBox("box")
			o := b.Output("o", dsl.Bool())
			i := b.Input("i", dsl.Bool())
			bb.Comb(o, i.Not()) // ERROR "a combinational path ends at inputs; each must be a port of the black box"
		}))
		u.Port("i").Set(m.Input("i", dsl.Bool()))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbUndeclaredPath", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbUndeclaredPathBox", func(b *dsl.Module) {
			b.BlackBox("box")
			i := b.Input("i", dsl.Bool())
			b.Output("o", dsl.Bool()).Set(i.Not()) // ERROR "output o depends combinationally on input i, which the black box does not declare"
		}))
		u.Port("i").Set(m.Input("i", dsl.Bool()))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbLoop", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbLoopBox", func(b *dsl.Module) {
			i := b.Input("i", dsl.Bool())
			o := b.Output("o", dsl.Bool())
			b.BlackBox("box").Comb(o, i)
		}))
		u.Port("i").Set(u.Port("o").Not()) // ERROR "combinational loop"
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbBadNames", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbBadNamesBox", func(b *dsl.Module) {
			b.BlackBox("module").ParamString("INIT", `a"b`).Param("INIT", 1) // ERROR "invalid Verilog module name \"module\"" // ERROR "a string parameter must be printable ASCII without quotes" // ERROR "parameter INIT given twice"
			b.Output("o", dsl.Bool())
		}))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbModelPorts", func(m *dsl.Module) {
		model := dsl.Func("bbModelPortsModel", func(b *dsl.Module) {
			b.Input("i", dsl.Bool())
			b.Input("extra", dsl.Bool())
			b.Output("q", dsl.Bool()).Set(dsl.B(false))
		})
		u := m.Instance("u", dsl.Func("bbModelPortsBox", func(b *dsl.Module) {
			b.Input("i", dsl.Bool())
			b.Output("o", dsl.Bool())
			b.BlackBox("box").Model(model) // ERROR "unconnected instance input: extra" // ERROR "has no port \"o\""
		}))
		u.Port("i").Set(m.Input("i", dsl.Bool()))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("bbTwice", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("bbTwiceBox", func(b *dsl.Module) {
			b.BlackBox("box")
			b.BlackBox("box2") // ERROR "module is already a black box \(of Verilog module box\)"
			b.Output("o", dsl.Bool())
		}))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}),
}

// A black box with a declared clock, parameters and a combinational path
// lowers to a netlist Extern; the parent connects its clock by the black
// box's own name for it.
func TestBlackBoxLowering(t *testing.T) {
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("box", func(b *dsl.Module) {
			i := b.Input("i", dsl.UInt(4))
			o := b.Output("o", dsl.UInt(4))
			b.Output("q", dsl.UInt(4))
			b.BlackBox("vendor_ip").Param("W", 4).ParamString("MODE", "fast").File("/abs/ip.v").Clock("CLK").Comb(o, i)
		}))
		u.Port("i").Set(m.Input("i", dsl.UInt(4)))
		m.Output("o", dsl.UInt(4)).Set(u.Port("o").Add(u.Port("q")))
	}))
	require.NoError(t, err)
	box := d.Module("box")
	require.NotNil(t, box.Extern)
	x := box.Extern
	require.Equal(t, "vendor_ip", x.Verilog)
	require.Equal(t, []netlist.Param{{Name: "W", Int: 4}, {Name: "MODE", IsString: true, Str: "fast"}}, x.Params)
	require.Equal(t, []string{"/abs/ip.v"}, x.Files)
	require.Equal(t, "CLK", box.Nets[box.Clock].Name)
	require.Len(t, x.Comb, 1)
	require.Equal(t, "o", box.Nets[x.Comb[0].Out].Name)
	require.Equal(t, "blackbox_test.go", x.Pos.File[len(x.Pos.File)-len("blackbox_test.go"):])
	require.False(t, box.HasBody())
	top := d.TopModule()
	require.Equal(t, "CLK", top.Insts[0].Conns[0].Port)
	require.Equal(t, top.Clock, top.Insts[0].Conns[0].Net)
	// The text form reads back the same design.
	again, err := netlist.Parse("t.net", netlist.Format(d))
	require.NoError(t, err)
	require.Equal(t, netlist.Format(d), netlist.Format(again))
}

// A black box declaration kept and used after its generator returned
// changes nothing and is reported by Module.Err.
func TestBlackBoxLate(t *testing.T) {
	var kept *dsl.BlackBox
	var mod *dsl.Module
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("box", func(b *dsl.Module) {
			kept, mod = b.BlackBox("ip"), b
			b.Output("o", dsl.Bool())
		}))
		m.Output("o", dsl.Bool()).Set(u.Port("o"))
	}))
	require.NoError(t, err)
	kept.Param("N", 1).File("/x.v")
	require.ErrorContains(t, mod.Err(), "BlackBox.Param on module box after its generator returned")
	require.ErrorContains(t, mod.Err(), "BlackBox.File on module box")
	require.Empty(t, d.Module("box").Extern.Params)
}

// A black box's DSL model may be a generator of its own (BlackBox.Model):
// rtlsim simulates it, emit still writes only the instance.
func TestBlackBoxModelGenerator(t *testing.T) {
	// The model: a registered incrementer, y = x + 1 one edge later.
	model := dsl.Func("inc_model", func(m *dsl.Module) {
		x := m.Input("x", dsl.UInt(4))
		r := m.Reg("r", dsl.UInt(4))
		r.Set(x.Add(dsl.U(4, 1)))
		m.Output("y", dsl.UInt(4)).Set(r)
	})
	box := dsl.Func("inc_box", func(m *dsl.Module) {
		bb := m.BlackBox("vendor_inc").Clock("clk")
		m.Input("x", dsl.UInt(4))
		m.Output("y", dsl.UInt(4))
		bb.Model(model)
	})
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		u := m.Instance("u", box)
		u.Port("x").Set(m.Input("a", dsl.UInt(4)))
		m.Output("b", dsl.UInt(4)).Set(u.Port("y"))
	}))
	require.NoError(t, err)
	require.True(t, d.Module("inc_box").HasBody())
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	a, err := sim.Handle("a")
	require.NoError(t, err)
	b, err := sim.Handle("b")
	require.NoError(t, err)
	for _, v := range []uint64{3, 9, 15} {
		sim.PokeUint64(a, v)
		sim.Step(1)
		require.Equal(t, (v+1)%16, sim.PeekUint64(b))
	}
	out, err := emit.Emit(d)
	require.NoError(t, err)
	require.Len(t, out.Files, 1, "neither the black box nor its model is defined")
}
