package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// childMod adds module "child" with inputs a (8 bits) and b (1 bit) and
// output y = a.
func childMod(d *db) *mb {
	m := d.mod("child")
	a := m.in("a", 8)
	m.in("b", 1)
	m.drive(m.out("y", 8), netlist.OpBuf, a)
	return m
}

// seqMod adds module name with a clock, input x and output y = x registered,
// all 1 bit wide.
func seqMod(d *db, name string) *mb {
	m := d.mod(name)
	m.clk()
	m.reg(m.out("y", 1), m.in("x", 1))
	return m
}

// topWith adds module "top" with inputs a (8 bits) and b (1 bit), and output
// y (8 bits), for an instance to connect.
func topWith(d *db) (m *mb, a, b, y netlist.NetID) {
	m = d.mod("top")
	return m, m.in("a", 8), m.in("b", 1), m.out("y", 8)
}

func TestCheckInstances(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"valid", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, b, y := topWith(d)
			m.inst("u", "child", "a", a, "b", b, "y", y)
			return d.design("top"), nil
		}},
		{"unconnected output is fine", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, b, y := topWith(d)
			m.inst("u", "child", "a", a, "b", b)
			m.drive(y, netlist.OpBuf, a)
			return d.design("top"), nil
		}},
		{"unknown module", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, a, _, y := topWith(d)
			u := m.inst("u", "nope", "a", a, "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "u", `instance of unknown module "nope"`))
		}},
		{"instance before definition", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, a, b, y := topWith(d)
			u := m.inst("u", "child", "a", a, "b", b, "y", y)
			childMod(d)
			return d.design("top"), errs(m.e(m.instPos(u), "u", "module child is instantiated before it is defined, or recursively"))
		}},
		{"recursion", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, a, b, y := topWith(d)
			u := m.inst("u", "top", "a", a, "b", b, "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "u", "module top is instantiated before it is defined, or recursively"))
		}},
		{"unknown port", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, b, y := topWith(d)
			u := m.inst("u", "child", "a", a, "b", b, "y", y, "zz", b)
			return d.design("top"), errs(m.e(m.instPos(u), "u", `module child has no port "zz"`))
		}},
		{"port connected twice", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, b, y := topWith(d)
			u := m.inst("u", "child", "a", a, "b", b, "a", a, "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "u.a", "port connected twice"))
		}},
		{"port width", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, _, b, y := topWith(d)
			x := m.in("x", 4)
			u := m.inst("u", "child", "a", x, "b", b, "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "u.a", "width mismatch: 8-bit port connected to 4-bit x"))
		}},
		{"connection to a missing net", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, _, y := topWith(d)
			u := m.inst("u", "child", "a", a, "b", netlist.NetID(42), "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "", "connection of u.b refers to net 42, which does not exist"))
		}},
		{"unconnected input", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, _, y := topWith(d)
			u := m.inst("u", "child", "a", a, "y", y)
			return d.design("top"), errs(m.e(m.instPos(u), "u.b", "unconnected instance input"))
		}},
		{"clocked child", func(d *db) (*netlist.Design, []*netlist.Error) {
			seqMod(d, "sub")
			m := d.mod("top")
			clk := m.clk()
			m.inst("u", "sub", "clk", clk, "x", m.in("x", 1), "y", m.out("y", 1))
			return d.design("top"), nil
		}},
		{"child clock from another net", func(d *db) (*netlist.Design, []*netlist.Error) {
			seqMod(d, "sub")
			m := d.mod("top")
			m.clk()
			u := m.inst("u", "sub", "clk", m.in("c2", 1), "x", m.in("x", 1), "y", m.out("y", 1))
			return d.design("top"), errs(m.e(m.instPos(u), "u.clk",
				"clock port of sub must be connected to this module's clock (one clock domain)"))
		}},
		{"child clock in a module without one", func(d *db) (*netlist.Design, []*netlist.Error) {
			seqMod(d, "sub")
			m := d.mod("top")
			u := m.inst("u", "sub", "clk", m.in("c2", 1), "x", m.in("x", 1), "y", m.out("y", 1))
			return d.design("top"), errs(m.e(m.instPos(u), "u.clk",
				"clock port of sub must be connected to this module's clock (one clock domain)"))
		}},
	})
}

func TestCheckDrivers(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"two cells", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			a := m.in("a", 8)
			y := m.out("y", 8)
			c1 := m.drive(y, netlist.OpBuf, a)
			c2 := m.konst(y, v("8'h0"))
			return d.design("top"), errs(m.e(m.netPos(y), "y", "two drivers",
				"driven by buf at "+m.cellPos(c1).String(),
				"driven by const at "+m.cellPos(c2).String()))
		}},
		{"input, cell and register", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.clk()
			a := m.in("a", 8)
			c := m.drive(a, netlist.OpNot, m.in("b", 8))
			r := m.reg(a, a)
			return d.design("top"), errs(m.e(m.netPos(a), "a", "two drivers",
				"driven by input port",
				"driven by not at "+m.cellPos(c).String(),
				"driven by register at "+m.regPos(r).String()))
		}},
		{"memory read port and instance", func(d *db) (*netlist.Design, []*netlist.Error) {
			seqMod(d, "sub")
			m := d.mod("top")
			clk := m.clk()
			y := m.out("y", 1)
			ram := m.mem("ram", 1, 2)
			m.read(ram, m.in("addr", 1), netlist.NoNet, y)
			u := m.inst("u", "sub", "clk", clk, "x", m.in("x", 1), "y", y)
			return d.design("top"), errs(m.e(m.netPos(y), "y", "two drivers",
				"driven by read port of memory ram",
				"driven by output y of instance u at "+m.instPos(u).String()))
		}},
		{"undriven wire", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			a := m.in("a", 8)
			w := m.wire("w", 8)
			m.drive(m.out("y", 8), netlist.OpAdd, a, w)
			return d.design("top"), errs(m.e(m.netPos(w), "w", "undriven wire"))
		}},
		{"undriven output", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.in("a", 8)
			y := m.out("y", 8)
			return d.design("top"), errs(m.e(m.netPos(y), "y", "undriven output"))
		}},
		{"unconnected child output leaves a wire undriven", func(d *db) (*netlist.Design, []*netlist.Error) {
			childMod(d)
			m, a, b, y := topWith(d)
			w := m.wire("w", 8)
			m.inst("u", "child", "a", a, "b", b)
			m.drive(y, netlist.OpBuf, w)
			return d.design("top"), errs(m.e(m.netPos(w), "w", "undriven wire"))
		}},
	})
}

func TestCheckLoops(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"inside a module", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			i := m.in("i", 8)
			y := m.out("y", 8)
			a := m.wire("a", 8)
			b := m.wire("b", 8)
			tmp := m.temp("t", 8)
			m.drive(a, netlist.OpBuf, tmp)
			m.drive(tmp, netlist.OpNot, b)
			m.drive(b, netlist.OpAdd, a, i)
			m.drive(y, netlist.OpBuf, a)
			// Signal flow: b -> t -> a -> b; t is generated, so not named.
			return d.design("top"), errs(m.e(m.netPos(b), "b", "combinational loop: b -> a -> b",
				"b at "+m.netPos(b).String(), "a at "+m.netPos(a).String()))
		}},
		{"self loop", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			y := m.out("y", 1)
			m.drive(y, netlist.OpNot, y)
			return d.design("top"), errs(m.e(m.netPos(y), "y", "combinational loop: y -> y", "y at "+m.netPos(y).String()))
		}},
		{"only temporaries", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			t1 := m.temp("t1", 1)
			t2 := m.temp("t2", 1)
			m.drive(t1, netlist.OpNot, t2)
			m.drive(t2, netlist.OpNot, t1)
			return d.design("top"), errs(m.e(m.netPos(t1), "t1", "combinational loop: t2 -> t1 -> t2"))
		}},
		{"broken by a register", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.clk()
			y := m.out("y", 8)
			n := m.op("n", 8, netlist.OpAdd, y, m.in("i", 8))
			m.reg(y, n)
			return d.design("top"), nil
		}},
		{"through an instance", func(d *db) (*netlist.Design, []*netlist.Error) {
			inv := d.mod("inv")
			inv.drive(inv.out("y", 1), netlist.OpNot, inv.in("x", 1))
			m := d.mod("top")
			o := m.out("o", 1)
			a := m.wire("a", 1)
			b := m.wire("b", 1)
			m.drive(a, netlist.OpBuf, b)
			m.inst("u", "inv", "x", a, "y", b)
			m.drive(o, netlist.OpBuf, b)
			// The search starts at o and meets the loop at b, then a.
			return d.design("top"), errs(m.e(m.netPos(a), "a", "combinational loop: a -> b -> a",
				"a at "+m.netPos(a).String(), "b at "+m.netPos(b).String()))
		}},
		{"through two levels of instances", func(d *db) (*netlist.Design, []*netlist.Error) {
			inv := d.mod("inv")
			inv.drive(inv.out("y", 1), netlist.OpNot, inv.in("x", 1))
			mid := d.mod("mid")
			mid.inst("v", "inv", "x", mid.in("x", 1), "y", mid.out("y", 1))
			m := d.mod("top")
			a := m.wire("a", 1)
			m.inst("u", "mid", "x", a, "y", a)
			return d.design("top"), errs(m.e(m.netPos(a), "a", "combinational loop: a -> a", "a at "+m.netPos(a).String()))
		}},
		{"instance path registered", func(d *db) (*netlist.Design, []*netlist.Error) {
			dly := d.mod("dly")
			dly.clk()
			dly.reg(dly.out("y", 1), dly.op("n", 1, netlist.OpNot, dly.in("x", 1)))
			m := d.mod("top")
			clk := m.clk()
			o := m.out("o", 1)
			a := m.wire("a", 1)
			b := m.wire("b", 1)
			m.drive(a, netlist.OpBuf, b)
			m.inst("u", "dly", "clk", clk, "x", a, "y", b)
			m.drive(o, netlist.OpBuf, b)
			return d.design("top"), nil
		}},
		{"instance output independent of the looped input", func(d *db) (*netlist.Design, []*netlist.Error) {
			// y1 = x1 and y2 = x2: feeding y1 back into x2 is no loop.
			two := d.mod("two")
			two.drive(two.out("y1", 1), netlist.OpBuf, two.in("x1", 1))
			two.drive(two.out("y2", 1), netlist.OpNot, two.in("x2", 1))
			m := d.mod("top")
			a := m.wire("a", 1)
			m.inst("u", "two", "x1", m.in("i", 1), "y1", a, "x2", a, "y2", m.out("o", 1))
			return d.design("top"), nil
		}},
	})
}

func TestCheckBadReferences(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"nil module", func(d *db) (*netlist.Design, []*netlist.Error) {
			bufMod(d, "top")
			design := d.design("top")
			design.Modules = append([]*netlist.Module{nil}, design.Modules...)
			return design, errs(&netlist.Error{Msg: "nil module in design"})
		}},
		{"port of a missing net before the clock", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := seqMod(d, "top")
			m.m.Ports = append([]netlist.Port{{Dir: netlist.In, Net: 7}}, m.m.Ports...)
			return d.design("top"), errs(m.e(m.m.Pos, "", "port refers to net 7, which does not exist"))
		}},
		{"child with a port of a missing net", func(d *db) (*netlist.Design, []*netlist.Error) {
			c := childMod(d)
			c.m.Ports = append([]netlist.Port{{Dir: netlist.In, Net: 7}}, c.m.Ports...)
			m, a, b, y := topWith(d)
			m.inst("u", "child", "a", a, "b", b, "y", y)
			return d.design("top"), errs(c.e(c.m.Pos, "", "port refers to net 7, which does not exist"))
		}},
		{"missing clock net", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := seqMod(d, "top")
			m.m.Clock = 9
			return d.design("top"), errs(m.e(m.m.Pos, "", "clock refers to net 9, which does not exist"))
		}},
	})
	require.EqualError(t, netlist.Check(nil), "-: nil design")
}

// TestCheckAllErrorsSorted checks that one Check reports every error of a
// design, across modules, sorted by position rather than by discovery.
func TestCheckAllErrorsSorted(t *testing.T) {
	d := &db{}
	m := d.mod("top")                 // d.go:1
	a := m.in("a", 8)                 // d.go:2
	y := m.out("y", 8)                // d.go:3
	c := m.drive(y, netlist.OpAdd, a) // d.go:4
	w := m.wire("w", 0)               // d.go:5, found before the cell
	n := d.mod("next")                // d.go:6
	u := n.out("u", 1)                // d.go:7
	design := d.design("nope")
	err := netlist.Check(design)
	requireErrors(t, err,
		&netlist.Error{Msg: `top module "nope" is not in the design`},
		m.e(m.cellPos(c), "y", "width mismatch: add takes 2 inputs, has 1"),
		m.e(m.netPos(w), "w", "width 0: widths must be at least 1"),
		n.e(n.netPos(u), "u", "undriven output"),
	)
	require.EqualError(t, err, `4 errors:
-: top module "nope" is not in the design
d.go:4: module top: y: width mismatch: add takes 2 inputs, has 1
d.go:5: module top: w: width 0: widths must be at least 1
d.go:7: module next: u: undriven output`)
}

// TestCheckValidDesign checks a design that uses every kind of element.
func TestCheckValidDesign(t *testing.T) {
	d := &db{}
	sub := d.mod("sub")
	sub.clk()
	x := sub.in("x", 8)
	acc := sub.out("acc", 8)
	sum := sub.op("sum", 8, netlist.OpAdd, acc, x)
	r := sub.reg(acc, sum)
	sub.m.Regs[r].Reset = sub.in("rst", 1)
	sub.m.Regs[r].Init = v("8'h0")
	ram := sub.mem("ram", 8, 16)
	addr := sub.op("addr", 4, netlist.OpSlice, x)
	sub.read(ram, addr, netlist.NoNet, sub.out("rd", 8))
	sub.write(ram, addr, acc, sub.op("we", 1, netlist.OpRedOr, x))

	m := d.mod("top")
	clk := m.clk()
	in := m.in("in", 8)
	sel := m.in("sel", 1)
	one := m.wire("one", 1)
	m.konst(one, v("1'b1"))
	accOut := m.wire("acc", 8)
	rd := m.wire("rd", 8)
	m.inst("u", "sub", "clk", clk, "x", in, "rst", sel, "acc", accOut, "rd", rd)
	mux := m.op("mux", 8, netlist.OpMux, sel, accOut, rd)
	cat := m.op("cat", 16, netlist.OpConcat, mux, in)
	lt := m.op("lt", 1, netlist.OpLt, accOut, rd)
	m.m.Cells[len(m.m.Cells)-1].Signed = true
	m.drive(m.out("out", 17), netlist.OpConcat, lt, cat)
	m.drive(m.out("sx", 32), netlist.OpSext, m.op("sh", 8, netlist.OpSshr, in, one))
	require.NoError(t, netlist.Check(d.design("top")))
}
