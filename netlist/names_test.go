package netlist_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// legalize parses text and legalizes it.
func legalize(t *testing.T, text string) (*netlist.Design, *netlist.Names) {
	t.Helper()
	d, err := netlist.Parse("t.net", text)
	require.NoError(t, err)
	return d, netlist.Legalize(d)
}

// netNames maps each net's netlist name to its legal name.
func netNames(m *netlist.Module, mn *netlist.ModuleNames) map[string]string {
	out := map[string]string{}
	for i, n := range m.Nets {
		out[n.Name] = mn.Nets[i]
	}
	return out
}

func TestLegalizeKeywords(t *testing.T) {
	d, n := legalize(t, `design module
module always {
  input reg: 8
  output wire: 8
  cell wire = not(reg)
}
module module {
  input logic: 8
  input auto: 8
  output y: 8
  output module: 8
  wire reg_: 8
  wire _unused: 8
  inst int: always(reg = logic, wire = reg_)
  cell _unused = add(reg_, auto)
  cell y = not(_unused)
  cell module = not(y)
}
`)
	require.Equal(t, "module_", n.Top())
	top := n.Module("module")
	require.Equal(t, "module_", top.Name)
	require.Equal(t, "always_", n.Module("always").Name)
	require.Equal(t, map[string]string{"logic": "logic_", "auto": "auto_", "y": "y", "module": "module_1",
		"reg_": "reg_", "_unused": "_unused_"}, netNames(d.TopModule(), top))
	require.Equal(t, []string{"int_"}, top.Insts)
	require.Equal(t, map[string]string{"reg": "reg_", "wire": "wire_"}, netNames(d.Module("always"), n.Module("always")))
	var got []string
	for _, r := range n.Renamed() {
		got = append(got, r.String())
	}
	require.Contains(t, got, "module module is module_: a reserved word of Verilog, SystemVerilog or C++")
	require.Contains(t, got, "port module of module is module_1: a reserved word of Verilog, SystemVerilog or C++")
	require.Contains(t, got, "net _unused of module is _unused_: reserved for the sink of unused nets")
	require.Contains(t, got, "instance int of module is int_: a reserved word of Verilog, SystemVerilog or C++")
	require.Len(t, got, 9)
}

func TestLegalizeTemporaries(t *testing.T) {
	d, n := legalize(t, `design top
module sub {
  input a: 1
  output x: 1
  output z: 1
  cell x = not(a)
  cell z = not(a)
}
module top {
  input a: 4
  output y: 4
  wire _t3: 4 generated
  wire tmp: 4 generated
  wire _t0: 4
  wire b: 1
  cell _t0 = not(a)
  cell _t3 = not(_t0)
  cell tmp = not(_t3)
  cell y = not(tmp)
  cell b = slice(a) lo 2
  inst u: sub(a = b)
}
`)
	top := n.Module("top")
	require.Equal(t, map[string]string{"a": "a", "y": "y", "_t3": "_t3", "tmp": "_t1", "_t0": "_t0", "b": "b"},
		netNames(d.TopModule(), top), "a generated net keeps a free _t name; others get the lowest free number")
	require.Equal(t, [][]string{{"", "_t2", "_t4"}}, top.Unconnected)
	require.Equal(t, "_t5", top.Scratch)
	for _, r := range n.Renamed() {
		require.NotEqual(t, "tmp", r.From, "temporaries are not user names: %v", r)
	}
}

func TestLegalName(t *testing.T) {
	require.Equal(t, "module_", netlist.LegalName("module"))
	require.Equal(t, "fir4", netlist.LegalName("fir4"))
	for _, w := range []string{"always", "logic", "delete", "sc_in", "NULL"} {
		require.True(t, netlist.Reserved(w), w)
	}
	require.False(t, netlist.Reserved("clk"))
	require.False(t, strings.HasPrefix(netlist.SinkName, netlist.TempPrefix))
}

// An instance may not take a name its module declares (a net, a port, a
// memory): Verilator's VARHIDDEN says the declaration hides the instance.
func TestLegalizeInstanceHidden(t *testing.T) {
	d, n := legalize(t, `design top
module leaf {
  input q: 4
  output y: 4
  wire r: 4
  wire r_: 4
  cell r = not(q)
  cell r_ = neg(r)
  cell y = not(r_)
}
module top {
  input a: 4
  output y: 4
  output z: 4
  inst r: leaf(q = a, y = y)
  inst q: leaf(q = a, y = z)
  inst u: leaf(q = a)
}
`)
	require.Equal(t, []string{"r_1", "q_", "u"}, n.Module("top").Insts)
	require.Equal(t, map[string]string{"q": "q", "y": "y", "r": "r", "r_": "r_"}, netNames(d.Module("leaf"), n.Module("leaf")))
	var got []string
	for _, r := range n.Renamed() {
		got = append(got, r.String())
	}
	require.Equal(t, []string{
		"instance r of top is r_1: the name collides with another, or with a name declared in the module it instantiates (which would hide it)",
		"instance q of top is q_: the name collides with another, or with a name declared in the module it instantiates (which would hide it)",
	}, got)
	// Deterministic.
	require.Equal(t, n, netlist.Legalize(d))
}
