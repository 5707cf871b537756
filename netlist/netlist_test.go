package netlist_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// driverDesign returns a design whose top has a net of every driver kind:
// input a, cell c, register q, memory read data rd, instance output o and
// the undriven wire w.
func driverDesign() (*netlist.Design, *mb) {
	d := &db{}
	inv := d.mod("inv")
	inv.drive(inv.out("y", 1), netlist.OpNot, inv.in("x", 1))
	m := d.mod("top")
	m.clk()                             // net 0
	a := m.in("a", 1)                   // net 1
	c := m.op("c", 1, netlist.OpNot, a) // net 2, cell 0
	m.reg(m.out("q", 1), c)             // net 3, reg 0
	ram := m.mem("ram", 1, 2)
	m.read(ram, a, netlist.NoNet, m.wire("rd", 1))  // net 4, mems[0].reads[0]
	m.inst("u", "inv", "x", c, "y", m.wire("o", 1)) // net 5, insts[0].conns[1]
	m.wire("w", 1)                                  // net 6
	return d.design("top"), m
}

func TestDriversAndDescribe(t *testing.T) {
	design, m := driverDesign()
	drv, extra := m.m.Drivers(design)
	require.Nil(t, extra)
	require.Equal(t, []netlist.Driver{
		{Kind: netlist.DrvInput},
		{Kind: netlist.DrvInput},
		{Kind: netlist.DrvCell, Index: 0},
		{Kind: netlist.DrvReg, Index: 0},
		{Kind: netlist.DrvMemRead, Index: 0, Sub: 0},
		{Kind: netlist.DrvInst, Index: 0, Sub: 1},
		{Kind: netlist.DrvNone},
	}, drv)
	var got []string
	for _, dr := range drv {
		got = append(got, m.m.Describe(dr))
	}
	require.Equal(t, []string{
		"input port",
		"input port",
		"not at " + m.cellPos(0).String(),
		"register at " + m.regPos(0).String(),
		"read port of memory ram",
		"output y of instance u at " + m.instPos(0).String(),
		"nothing",
	}, got)
	requireErrors(t, netlist.Check(design), m.e(m.netPos(6), "w", "undriven wire"))
}

func TestDriversWithoutDesign(t *testing.T) {
	design, m := driverDesign()
	drv, _ := m.m.Drivers(nil)
	require.Equal(t, netlist.DrvNone, drv[m.m.NetByName("o")].Kind, "children cannot be looked up")
	m.m.Insts[0].Module = "nope"
	drv, _ = m.m.Drivers(design)
	require.Equal(t, netlist.DrvNone, drv[m.m.NetByName("o")].Kind)
}

func TestDriversExtraAndOutOfRange(t *testing.T) {
	d := &db{}
	m := d.mod("top")
	a := m.in("a", 1)
	y := m.wire("y", 1)
	m.drive(y, netlist.OpNot, a) // cell 0
	m.drive(a, netlist.OpBuf, y) // cell 1: a second driver of a
	m.drive(y, netlist.OpBuf, a) // cell 2: a second driver of y
	m.drive(y, netlist.OpNot, a) // cell 3: a third driver of y
	m.drive(99, netlist.OpBuf, a)
	m.drive(netlist.NoNet, netlist.OpBuf, a)
	drv, extra := m.m.Drivers(nil)
	require.Equal(t, []netlist.Driver{{Kind: netlist.DrvInput}, {Kind: netlist.DrvCell}}, drv)
	require.Equal(t, map[netlist.NetID][]netlist.Driver{
		a: {{Kind: netlist.DrvCell, Index: 1}},
		y: {{Kind: netlist.DrvCell, Index: 2}, {Kind: netlist.DrvCell, Index: 3}},
	}, extra)
}

func TestDesignLookups(t *testing.T) {
	design, m := driverDesign()
	require.Same(t, m.m, design.Module("top"))
	require.Same(t, design.Modules[0], design.Module("inv"))
	require.Nil(t, design.Module("nope"))
	require.Same(t, m.m, design.TopModule())
	design.Top = "nope"
	require.Nil(t, design.TopModule())
	design.Modules = append(design.Modules, nil)
	require.Nil(t, design.Module("nope"), "nil modules are skipped")
	require.Nil(t, (&netlist.Design{}).TopModule())
}

func TestModuleLookups(t *testing.T) {
	_, m := driverDesign()
	mod := m.m
	p, ok := mod.Port("q")
	require.True(t, ok)
	require.Equal(t, netlist.Port{Dir: netlist.Out, Net: 3}, p)
	require.Equal(t, "q", mod.PortName(p))
	p, ok = mod.Port("a")
	require.True(t, ok)
	require.Equal(t, netlist.Port{Dir: netlist.In, Net: 1}, p)
	_, ok = mod.Port("c")
	require.False(t, ok, "c is a net but not a port")
	_, ok = mod.Port("nope")
	require.False(t, ok)

	require.Equal(t, netlist.NetID(2), mod.NetByName("c"))
	require.Equal(t, netlist.NetID(6), mod.NetByName("w"))
	require.Equal(t, netlist.NoNet, mod.NetByName("nope"))

	id := mod.AddNet("t1", 7, true, netlist.Pos{File: "x.go", Line: 3})
	require.Equal(t, netlist.NetID(7), id)
	require.Equal(t, netlist.Net{Name: "t1", Width: 7, Generated: true, Pos: netlist.Pos{File: "x.go", Line: 3}}, *mod.Net(id))
	mod.Net(id).Width = 9
	require.Equal(t, 9, mod.Nets[id].Width, "Net returns a pointer into the table")

	// A port whose net does not exist has no name.
	mod.Ports = append([]netlist.Port{{Dir: netlist.In, Net: 100}}, mod.Ports...)
	_, ok = mod.Port("a")
	require.True(t, ok)
}

func TestPosAndDir(t *testing.T) {
	for _, tc := range []struct {
		pos   netlist.Pos
		valid bool
		str   string
	}{
		{netlist.Pos{}, false, "-"},
		{netlist.Pos{File: "a.go"}, false, "-"},
		{netlist.Pos{File: "a.go", Line: 12}, true, "a.go:12"},
		{netlist.Pos{File: "a.net", Line: 3, Col: 7}, true, "a.net:3:7"},
	} {
		require.Equal(t, tc.valid, tc.pos.IsValid(), "%#v", tc.pos)
		require.Equal(t, tc.str, tc.pos.String())
	}
	require.Equal(t, "input", netlist.In.String())
	require.Equal(t, "output", netlist.Out.String())
}

func TestErrorFormat(t *testing.T) {
	e := &netlist.Error{Pos: netlist.Pos{File: "a.go", Line: 4}, Module: "top", Signal: "y", Msg: "two drivers",
		Notes: []string{"driven by input port", "driven by not at a.go:5"}}
	require.Equal(t, "a.go:4: module top: y: two drivers\n\tnote: driven by input port\n\tnote: driven by not at a.go:5", e.Error())
	require.Equal(t, "-: nil design", (&netlist.Error{Msg: "nil design"}).Error())

	var l netlist.ErrorList
	require.NoError(t, l.Err())
	require.Equal(t, "no errors", l.Error())
	l.Add(netlist.Pos{File: "b.go", Line: 1}, "m", "", "b%d", 1)
	l.Add(netlist.Pos{File: "a.go", Line: 9, Col: 2}, "", "", "second")
	l.Add(netlist.Pos{File: "a.go", Line: 9, Col: 1}, "", "", "z")
	l.Add(netlist.Pos{File: "a.go", Line: 9, Col: 1}, "", "", "a")
	l.Add(netlist.Pos{File: "a.go", Line: 2}, "", "", "first")
	err := l.Err()
	require.EqualError(t, err, `5 errors:
a.go:2: first
a.go:9:1: a
a.go:9:1: z
a.go:9:2: second
b.go:1: module m: b1`)
	require.Equal(t, "a.go:2: first", netlist.ErrorList{l[0]}.Error())
}

func ExampleCheck() {
	m := &netlist.Module{Name: "top", Clock: netlist.NoNet}
	a := m.AddNet("a", 8, false, netlist.Pos{File: "top.go", Line: 3})
	y := m.AddNet("y", 4, false, netlist.Pos{File: "top.go", Line: 4})
	m.Ports = []netlist.Port{{Dir: netlist.In, Net: a}, {Dir: netlist.Out, Net: y}}
	m.Cells = []netlist.Cell{{Op: netlist.OpAdd, Out: y, In: []netlist.NetID{a, a}, Pos: netlist.Pos{File: "top.go", Line: 5}}}
	fmt.Println(netlist.Check(&netlist.Design{Top: "top", Modules: []*netlist.Module{m}}))
	// Output:
	// top.go:5: module top: y: width mismatch: add input 0 is 8 bits, output is 4 bits
}
