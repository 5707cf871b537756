package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// checkCase builds a design and returns the errors Check must report, in
// order; none for a valid design.
type checkCase struct {
	name  string
	build func(d *db) (*netlist.Design, []*netlist.Error)
}

func runCheckCases(t *testing.T, cases []checkCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			design, want := tc.build(&db{})
			err := netlist.Check(design)
			if len(want) == 0 {
				require.NoError(t, err)
				return
			}
			requireErrors(t, err, want...)
		})
	}
}

// errs is shorthand for the expected error list.
func errs(e ...*netlist.Error) []*netlist.Error { return e }

// bufMod adds a valid module name(a) -> y = a, 8 bits wide.
func bufMod(d *db, name string) *mb {
	m := d.mod(name)
	a := m.in("a", 8)
	m.drive(m.out("y", 8), netlist.OpBuf, a)
	return m
}

func TestCheckNames(t *testing.T) {
	runCheckCases(t, []checkCase{
		{"valid", func(d *db) (*netlist.Design, []*netlist.Error) {
			bufMod(d, "top")
			return d.design("top"), nil
		}},
		{"invalid module name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "1bad")
			return d.design("1bad"), errs(m.e(m.m.Pos, "", `invalid module name "1bad"`))
		}},
		{"empty module name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "")
			return d.design(""), errs(m.e(m.m.Pos, "", `invalid module name ""`))
		}},
		{"duplicate module name", func(d *db) (*netlist.Design, []*netlist.Error) {
			bufMod(d, "top")
			m := bufMod(d, "top")
			return d.design("top"), errs(m.e(m.m.Pos, "", "duplicate module name"))
		}},
		{"missing top", func(d *db) (*netlist.Design, []*netlist.Error) {
			bufMod(d, "top")
			return d.design("nope"), errs(&netlist.Error{Msg: `top module "nope" is not in the design`})
		}},
		{"duplicate net name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			a := m.m.NetByName("a")
			a2 := m.wire("a", 8)
			m.konst(a2, v("8'h0"))
			return d.design("top"), errs(m.e(m.netPos(a2), "a", "name collision: net declared twice",
				"first declared at "+m.netPos(a).String()))
		}},
		{"invalid net name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			w := m.wire("2x", 8)
			m.konst(w, v("8'h0"))
			return d.design("top"), errs(m.e(m.netPos(w), "2x", "invalid net name"))
		}},
		{"empty net name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			w := m.wire("", 8)
			m.konst(w, v("8'h0"))
			return d.design("top"), errs(m.e(m.netPos(w), "", "invalid net name"))
		}},
		{"generated name with dollar", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			m.konst(m.temp("t$1", 8), v("8'h0"))
			return d.design("top"), nil
		}},
		{"width 0", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			w := m.wire("w", 0)
			return d.design("top"), errs(m.e(m.netPos(w), "w", "width 0: widths must be at least 1"))
		}},
		{"net is two ports", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := bufMod(d, "top")
			a := m.m.NetByName("a")
			m.m.Ports = append(m.m.Ports, netlist.Port{Dir: netlist.In, Net: a})
			return d.design("top"), errs(m.e(m.netPos(a), "a", "net is more than one port"))
		}},
		{"instance names", func(d *db) (*netlist.Design, []*netlist.Error) {
			bufMod(d, "child")
			m := d.mod("top")
			a := m.in("a", 8)
			i1 := m.inst("a", "child", "a", a)
			m.inst("u", "child", "a", a)
			i3 := m.inst("u", "child", "a", a)
			i4 := m.inst("9u", "child", "a", a)
			return d.design("top"), errs(
				m.e(m.instPos(i1), "a", "name collision: instance has the name of a net"),
				m.e(m.instPos(i3), "u", "name collision: two instances of this name"),
				m.e(m.instPos(i4), "9u", "invalid instance name"),
			)
		}},
	})
}

func TestCheckCellShapes(t *testing.T) {
	type shape struct {
		name string
		op   netlist.Op
		ins  []int
		out  int
		lo   int
		msg  string
	}
	var cases []checkCase
	for _, s := range []shape{
		{"same", netlist.OpAdd, []int{8, 4}, 8, 0, "add input 1 is 4 bits, output is 8 bits"},
		{"arity", netlist.OpNot, []int{8, 8}, 8, 0, "not takes 1 inputs, has 2"},
		{"shift", netlist.OpShl, []int{4, 3}, 8, 0, "shl input 0 is 4 bits, output is 8 bits"},
		{"compare inputs", netlist.OpEq, []int{8, 4}, 1, 0, "eq inputs are 8 and 4 bits"},
		{"compare output", netlist.OpLt, []int{8, 8}, 2, 0, "lt output is 2 bits, must be 1"},
		{"mux select", netlist.OpMux, []int{2, 8, 8}, 8, 0, "mux select is 2 bits, must be 1"},
		{"mux inputs", netlist.OpMux, []int{1, 8, 4}, 8, 0, "mux inputs are 8 and 4 bits, output is 8 bits"},
		{"concat sum", netlist.OpConcat, []int{4, 4}, 16, 0, "concat inputs sum to 8 bits, output is 16 bits"},
		{"concat empty", netlist.OpConcat, nil, 16, 0, "concat takes at least one input"},
		{"slice", netlist.OpSlice, []int{16}, 8, 9, "slice [9 +: 8] out of range of 16-bit input"},
		{"extend", netlist.OpSext, []int{8}, 4, 0, "sext from 8 bits to narrower 4 bits"},
		{"reduce", netlist.OpRedAnd, []int{8}, 2, 0, "redand output is 2 bits, must be 1"},
		{"unknown op", netlist.OpInvalid, []int{8}, 8, 0, "unknown op 0"},
	} {
		cases = append(cases, checkCase{s.name, func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			var in []netlist.NetID
			for i, w := range s.ins {
				in = append(in, m.in(string(rune('a'+i)), w))
			}
			c := m.drive(m.out("y", s.out), s.op, in...)
			m.m.Cells[c].Lo = s.lo
			return d.design("top"), errs(m.e(m.cellPos(c), "y", "width mismatch: "+s.msg))
		}})
	}
	cases = append(cases,
		checkCase{"output width 0", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			a := m.in("a", 8)
			y := m.out("y", 0)
			c := m.drive(y, netlist.OpBuf, a)
			return d.design("top"), errs(
				m.e(m.netPos(y), "y", "width 0: widths must be at least 1"),
				m.e(m.cellPos(c), "y", "width mismatch: buf output width 0 < 1"))
		}},
		checkCase{"const width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			c := m.konst(m.out("y", 8), v("4'h3"))
			return d.design("top"), errs(m.e(m.cellPos(c), "y", "width mismatch: 4-bit constant drives 8-bit net"))
		}},
		checkCase{"input refers to a missing net", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			c := m.drive(m.out("y", 8), netlist.OpNot, 9)
			return d.design("top"), errs(m.e(m.cellPos(c), "", "not input refers to net 9, which does not exist"))
		}},
		checkCase{"output refers to a missing net", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			c := m.drive(netlist.NoNet, netlist.OpNot, m.in("a", 8))
			return d.design("top"), errs(m.e(m.cellPos(c), "", "not output refers to net -1, which does not exist"))
		}},
	)
	runCheckCases(t, cases)
}

func TestCheckRegsAndMems(t *testing.T) {
	// regMod adds a clocked module with 8-bit d and q ports and a register
	// between them.
	regMod := func(d *db) (*mb, int) {
		m := d.mod("top")
		m.clk()
		r := m.reg(m.out("q", 8), m.in("d", 8))
		return m, r
	}
	// memMod adds a clocked module with a memory ram of 4 words of 8 bits and
	// a 2-bit address input.
	memMod := func(d *db) (*mb, int, netlist.NetID) {
		m := d.mod("top")
		m.clk()
		return m, m.mem("ram", 8, 4), m.in("addr", 2)
	}
	runCheckCases(t, []checkCase{
		{"valid register", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, r := regMod(d)
			m.m.Regs[r].En = m.in("en", 1)
			m.m.Regs[r].Reset = m.in("rst", 1)
			m.m.Regs[r].Init = v("8'h5a")
			return d.design("top"), nil
		}},
		{"reset value unchecked without reset", func(d *db) (*netlist.Design, []*netlist.Error) {
			regMod(d)
			return d.design("top"), nil
		}},
		{"register D/Q width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.clk()
			r := m.reg(m.out("q", 8), m.in("d", 4))
			return d.design("top"), errs(m.e(m.regPos(r), "q", "width mismatch: 8-bit register assigned 4-bit d"))
		}},
		{"register enable width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, r := regMod(d)
			m.m.Regs[r].En = m.in("en", 2)
			return d.design("top"), errs(m.e(m.regPos(r), "en", "register enable must be 1 bit, is 2 bits"))
		}},
		{"register reset width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, r := regMod(d)
			m.m.Regs[r].Reset = m.in("rst", 3)
			m.m.Regs[r].Init = v("8'h0")
			return d.design("top"), errs(m.e(m.regPos(r), "rst", "register reset must be 1 bit, is 3 bits"))
		}},
		{"reset value width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, r := regMod(d)
			m.m.Regs[r].Reset = m.in("rst", 1)
			m.m.Regs[r].Init = v("4'h0")
			return d.design("top"), errs(m.e(m.regPos(r), "q", "width mismatch: 4-bit reset value for 8-bit register"))
		}},
		{"register output missing", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, r := regMod(d)
			m.m.Regs[r].Q = netlist.NoNet
			return d.design("top"), errs(m.e(m.regPos(r), "", "register output refers to net -1, which does not exist"))
		}},
		{"registers without clock", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, _ := regMod(d)
			m.m.Clock = netlist.NoNet
			return d.design("top"), errs(m.e(m.m.Pos, "", "module has registers or memories but no clock"))
		}},
		{"memory without clock", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.mem("ram", 8, 4)
			return d.design("top"), errs(m.e(m.m.Pos, "", "module has registers or memories but no clock"))
		}},
		{"clock is an output", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, _ := regMod(d)
			m.m.Clock = m.m.NetByName("q")
			return d.design("top"), errs(
				m.e(m.m.Pos, "q", "clock must be 1 bit, is 8 bits"),
				m.e(m.m.Pos, "q", "clock must be an input port"))
		}},
		{"clock read as data", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			c := m.drive(m.out("y", 1), netlist.OpNot, m.clk())
			return d.design("top"), errs(m.e(m.cellPos(c), "clk",
				"the clock is read as data by a not cell; clocks only clock registers and memories"))
		}},
		{"valid memory", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.read(ram, addr, netlist.NoNet, m.out("rd", 8))
			m.read(ram, addr, m.in("ren", 1), m.out("rd2", 8))
			m.write(ram, addr, m.in("wd", 8), m.in("we", 1))
			return d.design("top"), nil
		}},
		{"memory read data width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.read(ram, addr, netlist.NoNet, m.out("rd", 4))
			return d.design("top"), errs(m.e(m.m.Mems[ram].Reads[0].Pos, "rd", "width mismatch: 4-bit read data of 8-bit memory ram"))
		}},
		{"memory read enable width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.read(ram, addr, m.in("ren", 2), m.out("rd", 8))
			return d.design("top"), errs(m.e(m.m.Mems[ram].Reads[0].Pos, "ren", "memory read enable must be 1 bit, is 2 bits"))
		}},
		{"memory write data width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.write(ram, addr, m.in("wd", 4), m.in("we", 1))
			return d.design("top"), errs(m.e(m.m.Mems[ram].Writes[0].Pos, "wd", "width mismatch: 4-bit write data of 8-bit memory ram"))
		}},
		{"memory write enable width", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.write(ram, addr, m.in("wd", 8), m.in("we", 2))
			return d.design("top"), errs(m.e(m.m.Mems[ram].Writes[0].Pos, "we", "memory write enable must be 1 bit, is 2 bits"))
		}},
		{"memory write without enable", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.write(ram, addr, m.in("wd", 8), netlist.NoNet)
			return d.design("top"), errs(m.e(m.m.Mems[ram].Writes[0].Pos, "ram",
				"memory write port has no enable: use a constant 1 for a write on every edge"))
		}},
		{"memory of no words", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			m.clk()
			ram := m.mem("ram", 8, 0)
			return d.design("top"), errs(m.e(m.m.Mems[ram].Pos, "ram", "memory of 0 words of 8 bits: both must be at least 1"))
		}},
		{"clock read as data by a register", func(d *db) (*netlist.Design, []*netlist.Error) {
			m := d.mod("top")
			clk := m.clk()
			r := m.reg(m.out("q", 1), clk)
			return d.design("top"), errs(m.e(m.regPos(r), "clk",
				"the clock is read as data by a register; clocks only clock registers and memories"))
		}},
		{"clock read as data by a memory", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, addr := memMod(d)
			m.write(ram, addr, m.in("wd", 8), m.m.Clock)
			return d.design("top"), errs(m.e(m.m.Mems[ram].Writes[0].Pos, "clk",
				"the clock is read as data by memory ram; clocks only clock registers and memories"))
		}},
		{"two memories of one name", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, _ := memMod(d)
			ram2 := m.mem("ram", 8, 4)
			_ = ram
			return d.design("top"), errs(m.e(m.m.Mems[ram2].Pos, "ram", "name collision: memory has the name of a memory"))
		}},
		{"memory named like a net", func(d *db) (*netlist.Design, []*netlist.Error) {
			m, ram, _ := memMod(d)
			m.m.Mems[ram].Name = "addr"
			return d.design("top"), errs(m.e(m.m.Mems[ram].Pos, "addr", "name collision: memory has the name of a net"))
		}},
	})
}
