package elaborate_test

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

type adder struct {
	Width  int
	Signed bool
}

func (a adder) Build(m *dsl.Module) {
	t := dsl.UInt(a.Width)
	if a.Signed {
		t = dsl.SInt(a.Width)
	}
	x, y := m.Input("x", t), m.Input("y", t)
	m.Output("sum", t).Set(x.Add(y))
}

type named struct{ W int }

func (named) ModuleName() string { return "custom" }
func (n named) Build(m *dsl.Module) {
	m.Output("o", dsl.UInt(n.W)).Set(dsl.U(n.W, 0))
}

type hier struct{}

func (hier) Build(m *dsl.Module) {
	a := m.Input("a", dsl.UInt(8))
	s := m.Input("s", dsl.SInt(8))
	var outs []dsl.Signal
	for i, g := range []adder{{8, false}, {8, false}, {8, true}, {16, false}} {
		u := m.Instance("u"+string(rune('0'+i)), g)
		if g.Signed {
			u.Port("x").Set(s)
			u.Port("y").Set(s)
			outs = append(outs, u.Port("sum").AsUInt())
		} else {
			u.Port("x").Set(a.ZeroExtend(g.Width))
			u.Port("y").Set(a.ZeroExtend(g.Width))
			outs = append(outs, u.Port("sum"))
		}
	}
	m.Instance("n0", named{W: 3})
	m.Instance("n1", named{W: 5})
	m.Output("y", dsl.UInt(40)).Set(dsl.Cat(outs...))
}

func TestHierarchyDedupAndNames(t *testing.T) {
	d, err := elaborate.Elaborate(hier{})
	require.NoError(t, err)
	var names []string
	for _, m := range d.Modules {
		names = append(names, m.Name)
	}
	// Identical parameterizations share a module; distinct ones get
	// deterministic names from their parameters, children before parents.
	require.Equal(t, []string{"adder_8_0", "adder_8_1", "adder_16_0", "custom", "custom_1", "hier"}, names)
	top := d.TopModule()
	require.Len(t, top.Insts, 6)
	require.Equal(t, "adder_8_0", top.Insts[1].Module)
	// The instance connection nets are named inst_port.
	require.NotEqual(t, netlist.NoNet, top.NetByName("u0_sum"))
	require.NotEqual(t, netlist.NoNet, top.NetByName("u2_x"))
}

func TestSameInputSameNetlist(t *testing.T) {
	a, err := elaborate.Elaborate(hier{})
	require.NoError(t, err)
	b, err := elaborate.Elaborate(hier{})
	require.NoError(t, err)
	require.Equal(t, a, b)
}

// Positions name the user's line, and Helper moves blame to the caller.
func helperWire(m *dsl.Module) dsl.Signal {
	dsl.Helper()
	return m.Wire("hw", dsl.UInt(3))
}

func thisLine() int {
	_, _, line, _ := runtime.Caller(1)
	return line
}

func TestPositionsAndHelper(t *testing.T) {
	var line int
	d, err := elaborate.Elaborate(dsl.Func("pos", func(m *dsl.Module) {
		w := helperWire(m) // the line helperWire's net must carry
		line = thisLine() - 1
		w.Set(dsl.U(3, 1))
		m.Output("o", dsl.UInt(3)).Set(w)
	}))
	require.NoError(t, err)
	m := d.TopModule()
	net := m.Nets[m.NetByName("hw")]
	require.Equal(t, "elaborate/hierarchy_test.go", net.Pos.File)
	require.Equal(t, line, net.Pos.Line)
}

func TestBundlesConnectWhole(t *testing.T) {
	producer := dsl.Func("producer", func(m *dsl.Module) {
		s := dsl.NewStream(dsl.UInt(8))
		m.OutputBundle("out", s)
		s.Valid.Set(dsl.B(true))
		s.Data.Set(dsl.U(8, 42))
	})
	consumer := dsl.Func("consumer", func(m *dsl.Module) {
		s := dsl.NewStream(dsl.UInt(8))
		m.InputBundle("in", s)
		s.Ready.Set(s.Valid)
		m.Output("got", dsl.UInt(8)).Set(s.Data)
	})
	d, err := elaborate.Elaborate(dsl.Func("pipe", func(m *dsl.Module) {
		p, c := m.Instance("p", producer), m.Instance("c", consumer)
		ps, cs := dsl.NewStream(dsl.UInt(8)), dsl.NewStream(dsl.UInt(8))
		p.Bundle("out", ps)
		c.Bundle("in", cs)
		dsl.Connect(cs, ps)
		m.Output("got", dsl.UInt(8)).Set(c.Port("got"))
	}))
	require.NoError(t, err)
	prod := d.Module("producer")
	var ports []string
	for _, p := range prod.Ports {
		ports = append(ports, p.Dir.String()+" "+prod.PortName(p))
	}
	require.Equal(t, []string{"output out_valid", "input out_ready", "output out_data"}, ports)
	cons := d.Module("consumer")
	ports = nil
	for _, p := range cons.Ports {
		ports = append(ports, p.Dir.String()+" "+cons.PortName(p))
	}
	require.Equal(t, []string{"input in_valid", "output in_ready", "input in_data", "output got"}, ports)
}

// Naming a value inside a When names it everywhere: it is not a
// conditional assignment.
func TestNamedInsideWhen(t *testing.T) {
	_, err := elaborate.Elaborate(dsl.Func("named", func(m *dsl.Module) {
		c, a := m.Input("c", dsl.Bool()), m.Input("a", dsl.UInt(4))
		y := m.Output("y", dsl.UInt(4))
		y.Set(a)
		m.When(c, func() { y.Set(m.Named("t", a.Add(dsl.Const(dsl.UInt(4), 1)))) })
	}))
	require.NoError(t, err)
}
