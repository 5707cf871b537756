package emit_test

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// builder makes hand-written netlists short. Every element gets the next
// line of a pretend source file, so the golden files show source comments.
type builder struct {
	m    *netlist.Module
	file string
	line int
	tmps int
}

func newModule(name, file string) *builder {
	b := &builder{file: file}
	b.m = &netlist.Module{Name: name, Pos: b.pos(), Clock: netlist.NoNet}
	return b
}

func (b *builder) pos() netlist.Pos {
	b.line++
	return netlist.Pos{File: b.file, Line: b.line}
}

func (b *builder) port(dir netlist.Dir, name string, w int) netlist.NetID {
	id := b.m.AddNet(name, w, false, b.pos())
	b.m.Ports = append(b.m.Ports, netlist.Port{Dir: dir, Net: id})
	return id
}

func (b *builder) in(name string, w int) netlist.NetID  { return b.port(netlist.In, name, w) }
func (b *builder) out(name string, w int) netlist.NetID { return b.port(netlist.Out, name, w) }

// clock adds the clock input port.
func (b *builder) clock(name string) netlist.NetID {
	b.m.Clock = b.in(name, 1)
	return b.m.Clock
}

// wire adds a user-named net.
func (b *builder) wire(name string, w int) netlist.NetID { return b.m.AddNet(name, w, false, b.pos()) }

// tmp adds a generated net with no position, as elaboration makes them.
func (b *builder) tmp(w int) netlist.NetID {
	b.tmps++
	return b.m.AddNet(fmt.Sprintf("tmp%d", b.tmps), w, true, netlist.Pos{})
}

// cell adds out = op(in...).
func (b *builder) cell(op netlist.Op, out netlist.NetID, in ...netlist.NetID) *netlist.Cell {
	b.m.Cells = append(b.m.Cells, netlist.Cell{Op: op, Out: out, In: in, Pos: b.pos()})
	return &b.m.Cells[len(b.m.Cells)-1]
}

// op adds a cell driving a new generated net of width w.
func (b *builder) op(op netlist.Op, w int, in ...netlist.NetID) netlist.NetID {
	out := b.tmp(w)
	b.cell(op, out, in...)
	return out
}

func (b *builder) konst(v bits.Value) netlist.NetID {
	out := b.tmp(v.Width())
	b.cell(netlist.OpConst, out).Value = v
	return out
}

func (b *builder) reg(q, d, en, rst netlist.NetID, init bits.Value) {
	b.m.Regs = append(b.m.Regs, netlist.Reg{Q: q, D: d, En: en, Reset: rst, Init: init, Pos: b.pos()})
}

func design(top string, mods ...*builder) *netlist.Design {
	d := &netlist.Design{Top: top}
	for _, b := range mods {
		d.Modules = append(d.Modules, b.m)
	}
	return d
}

// counterDesign is an 8-bit counter with synchronous reset and enable.
func counterDesign() *netlist.Design {
	b := newModule("counter", "counter.go")
	b.clock("clk")
	rst := b.in("rst", 1)
	en := b.in("en", 1)
	count := b.out("count", 8)
	wrap := b.out("wrap", 1)
	one := b.konst(bits.FromUint64(8, 1))
	next := b.op(netlist.OpAdd, 8, count, one)
	b.reg(count, next, en, rst, bits.New(8))
	b.cell(netlist.OpRedAnd, wrap, count)
	return design("counter", b)
}

// opsWidths are the widths at which opsDesign uses every op: one bit, a
// byte, one past a 64-bit word, and two words and more.
var opsWidths = []int{1, 8, 65, 130}

// shiftWidth is the width of the shift amount used at width w: wide enough
// to shift past the value's width, and for 130 bits wider than the value.
func shiftWidth(w int) int {
	switch {
	case w == 1:
		return 2
	case w == 8:
		return 4
	case w == 65:
		return 7
	}
	return w + 1
}

// opsDesign is a combinational module using every netlist op at each of
// opsWidths, signed and unsigned, each result on an output port. It leaves
// out the 130-bit multiplier, whose Verilog is that of the 65-bit one but
// which takes Yosys a quarter of a minute to synthesize; simulation tests
// add it back with opsDesignWith(true).
func opsDesign() *netlist.Design { return opsDesignWith(false) }

func opsDesignWith(wideMul bool) *netlist.Design {
	b := newModule("ops", "ops.go")
	sel := b.in("s", 1)
	for _, w := range opsWidths {
		a := b.in(fmt.Sprintf("a%d", w), w)
		c := b.in(fmt.Sprintf("b%d", w), w)
		n := b.in(fmt.Sprintf("n%d", w), shiftWidth(w))
		out := func(name string, ow int) netlist.NetID { return b.out(fmt.Sprintf("%s%d", name, w), ow) }
		b.cell(netlist.OpConst, out("const", w)).Value = pattern(w)
		b.cell(netlist.OpBuf, out("buf", w), a)
		b.cell(netlist.OpNot, out("not", w), a)
		b.cell(netlist.OpNeg, out("neg", w), a)
		for _, op := range []netlist.Op{netlist.OpAnd, netlist.OpOr, netlist.OpXor, netlist.OpAdd, netlist.OpSub, netlist.OpMul} {
			if op == netlist.OpMul && w > 65 && !wideMul {
				continue
			}
			b.cell(op, out(op.String(), w), a, c)
		}
		for _, op := range []netlist.Op{netlist.OpShl, netlist.OpShr, netlist.OpSshr} {
			b.cell(op, out(op.String(), w), a, n)
		}
		if w < 130 {
			// An amount wider than 64 bits shifting a narrower value.
			wn := b.in(fmt.Sprintf("wn%d", w), 65)
			for _, op := range []netlist.Op{netlist.OpShl, netlist.OpShr, netlist.OpSshr} {
				b.cell(op, out(op.String()+"_wide", w), a, wn)
			}
		}
		for _, op := range []netlist.Op{netlist.OpEq, netlist.OpNe, netlist.OpLt, netlist.OpLe, netlist.OpGt, netlist.OpGe} {
			b.cell(op, out(op.String(), 1), a, c)
			if op.Info().Signed {
				b.cell(op, out(op.String()+"_s", 1), a, c).Signed = true
			}
		}
		b.cell(netlist.OpMux, out("mux", w), sel, a, c)
		b.cell(netlist.OpConcat, out("concat", 2*w+1), a, sel, c)
		b.cell(netlist.OpSlice, out("slice_all", w), a)
		b.cell(netlist.OpSlice, out("slice_bit", 1), a).Lo = w - 1
		if w > 2 {
			b.cell(netlist.OpSlice, out("slice_mid", w-2), a).Lo = 1
		}
		b.cell(netlist.OpZext, out("zext", w+3), a)
		b.cell(netlist.OpZext, out("zext_same", w), a)
		b.cell(netlist.OpSext, out("sext", w+3), a)
		b.cell(netlist.OpSext, out("sext_same", w), a)
		b.cell(netlist.OpRedAnd, out("redand", 1), a)
		b.cell(netlist.OpRedOr, out("redor", 1), a)
		b.cell(netlist.OpRedXor, out("redxor", 1), a)
	}
	return design("ops", b)
}

// memoryDesign has a memory of five 8-bit words (not a power of two) with
// two write ports and two read ports whose addresses are narrower, exactly
// as wide as, and wider than the 3-bit index.
func memoryDesign() *netlist.Design {
	b := newModule("memory", "memory.go")
	b.clock("clk")
	wa0 := b.in("wa0", 3)
	wd0 := b.in("wd0", 8)
	we0 := b.in("we0", 1)
	wa1 := b.in("wa1", 8)
	wd1 := b.in("wd1", 8)
	we1 := b.in("we1", 1)
	ra0 := b.in("ra0", 3)
	re0 := b.in("re0", 1)
	ra1 := b.in("ra1", 2)
	rd0 := b.out("rd0", 8)
	rd1 := b.out("rd1", 8)
	b.m.Mems = append(b.m.Mems, netlist.Mem{
		Name: "mem", Width: 8, Depth: 5, Pos: b.pos(),
		Writes: []netlist.MemWrite{
			{Addr: wa0, Data: wd0, En: we0, Pos: b.pos()},
			{Addr: wa1, Data: wd1, En: we1, Pos: b.pos()},
		},
		Reads: []netlist.MemRead{
			{Addr: ra0, En: re0, Data: rd0, Pos: b.pos()},
			{Addr: ra1, En: netlist.NoNet, Data: rd1, Pos: b.pos()},
		},
	})
	return design("memory", b)
}

// memKindsDesign has the odd memories: one word, a power-of-two depth with
// no guard, a 130-bit word, one never read and one never written.
func memKindsDesign() *netlist.Design {
	b := newModule("memkinds", "memkinds.go")
	b.clock("clk")
	a1 := b.in("a1", 1)
	d1 := b.in("d1", 4)
	we := b.in("we", 1)
	q1 := b.out("q1", 4)
	a4 := b.in("a4", 2)
	d4 := b.in("d4", 130)
	q4 := b.out("q4", 130)
	q4en := b.in("q4en", 1)
	q0 := b.out("q0", 3)
	mem := func(name string, w, depth int, writes []netlist.MemWrite, reads []netlist.MemRead) {
		b.m.Mems = append(b.m.Mems, netlist.Mem{Name: name, Width: w, Depth: depth, Pos: b.pos(), Writes: writes, Reads: reads})
	}
	mem("one", 4, 1,
		[]netlist.MemWrite{{Addr: a1, Data: d1, En: we}},
		[]netlist.MemRead{{Addr: a1, En: netlist.NoNet, Data: q1}})
	mem("wide", 130, 4,
		[]netlist.MemWrite{{Addr: a4, Data: d4, En: we}},
		[]netlist.MemRead{{Addr: a4, En: q4en, Data: q4}})
	mem("writeonly", 4, 3, []netlist.MemWrite{{Addr: a4, Data: d1, En: we}}, nil)
	mem("rom", 3, 6, nil, []netlist.MemRead{{Addr: a4, En: we, Data: q0}})
	return design("memkinds", b)
}

// hierarchyDesign instantiates one child twice, once with an output left
// unconnected; the child ignores one of its inputs.
func hierarchyDesign() *netlist.Design {
	c := newModule("stage", "stage.go")
	c.clock("clk")
	rst := c.in("rst", 1)
	x := c.in("x", 8)
	mode := c.in("mode", 4)
	y := c.out("y", 8)
	carry := c.out("carry", 1)
	sum := c.op(netlist.OpAdd, 9, c.op(netlist.OpZext, 9, x), c.op(netlist.OpZext, 9, y))
	c.cell(netlist.OpSlice, carry, sum).Lo = 8
	c.reg(y, c.op(netlist.OpSlice, 8, sum), c.op(netlist.OpSlice, 1, mode), rst, bits.FromUint64(8, 0x5a))

	t := newModule("top", "top.go")
	clk := t.clock("clk")
	trst := t.in("rst", 1)
	in := t.in("in", 8)
	out := t.out("out", 8)
	co := t.out("co", 1)
	mid := t.wire("mid", 8)
	m := t.wire("m", 4)
	t.cell(netlist.OpConst, m).Value = bits.FromUint64(4, 3)
	inst := func(name string, x, y, carry netlist.NetID) {
		conns := []netlist.Conn{{Port: "y", Net: y}, {Port: "clk", Net: clk}, {Port: "rst", Net: trst}, {Port: "x", Net: x}, {Port: "mode", Net: m}}
		if carry != netlist.NoNet {
			conns = append(conns, netlist.Conn{Port: "carry", Net: carry})
		}
		t.m.Insts = append(t.m.Insts, netlist.Instance{Name: name, Module: "stage", Conns: conns, Pos: t.pos()})
	}
	inst("s0", in, mid, co)
	inst("s1", mid, out, netlist.NoNet)
	return design("top", c, t)
}

// namesDesign uses keywords, names that look like escaped or generated
// names, and a keyword-named child module with keyword-named ports.
func namesDesign() *netlist.Design {
	c := newModule("class", "class.go")
	cin := c.in("input", 4)
	cout := c.out("wire", 4)
	c.cell(netlist.OpNot, cout, cin)

	b := newModule("names", "names.go")
	reg := b.in("reg", 4)
	mod := b.out("module", 4)
	gport := b.m.AddNet("gen_port", 4, true, b.pos()) // a generated port keeps its name
	b.m.Ports = append(b.m.Ports, netlist.Port{Dir: netlist.Out, Net: gport})
	regU := b.wire("reg_", 4)
	t0 := b.wire("_T_0", 4)
	unused := b.wire("_unused", 4)
	auto := b.wire("auto", 4)
	logic := b.wire("logic", 4)
	b.cell(netlist.OpNot, regU, reg)
	b.cell(netlist.OpXor, t0, regU, reg)
	b.cell(netlist.OpAnd, unused, t0, reg)
	b.cell(netlist.OpBuf, auto, b.op(netlist.OpOr, 4, unused, reg))
	b.cell(netlist.OpAdd, logic, auto, b.op(netlist.OpNeg, 4, reg))
	b.m.Insts = append(b.m.Insts, netlist.Instance{Name: "begin", Module: "class", Pos: b.pos(),
		Conns: []netlist.Conn{{Port: "input", Net: logic}, {Port: "wire", Net: mod}}})
	b.cell(netlist.OpBuf, gport, b.op(netlist.OpSub, 4, logic, t0))
	return design("names", c, b)
}

// edgeDesign has a keyword-named top, a child without ports, unused
// inputs and clocks, a dangling register, a 300-bit net read only in the
// middle, and a name with a '$'.
func edgeDesign() *netlist.Design {
	e := newModule("empty", "empty.go")
	e.konst(bits.FromUint64(3, 5))

	b := newModule("edge", "edge.go")
	b.clock("clk")
	idle := b.in("idle", 3)
	wide := b.in("wide", 300)
	dollar := b.in("a$b", 2)
	mid := b.out("mid", 100)
	dup := b.out("edge", 2) // the module's own name, once escaped
	b.cell(netlist.OpSlice, mid, wide).Lo = 100
	b.cell(netlist.OpBuf, dup, dollar)
	q := b.wire("dangling", 300)
	b.reg(q, wide, netlist.NoNet, netlist.NoNet, bits.Value{})
	b.m.Insts = append(b.m.Insts, netlist.Instance{Name: "e0", Module: "empty", Pos: b.pos()})
	_ = idle

	c := newModule("noclock", "noclock.go")
	c.clock("clk")
	cy := c.out("y", 1)
	c.cell(netlist.OpConst, cy).Value = bits.FromUint64(1, 1)
	b.m.Insts = append(b.m.Insts, netlist.Instance{Name: "n0", Module: "noclock", Pos: b.pos(),
		Conns: []netlist.Conn{{Port: "clk", Net: b.m.Clock}}})
	return design("edge", e, c, b)
}

// quirksDesign holds the forms Verilator 5.006 stops on when written
// plainly, each found by a random design: the xor reduction of a wide net
// its optimizer folds to one bit (^~{0, b}), and shifts by amounts wider
// than 32 bits that fold to a constant of 2^32 or more (~0), or may be one
// at run time (~{0, k}). Their Verilog must build and mean the same
// everywhere.
func quirksDesign() *netlist.Design {
	b := newModule("quirks", "quirks.go")
	bit := b.in("b", 1)
	k := b.in("k", 4)
	x := map[int]netlist.NetID{}
	for _, w := range []int{8, 64, 130} {
		x[w] = b.in(fmt.Sprintf("x%d", w), w)
	}
	for _, w := range []int{65, 128, 130} {
		z := b.op(netlist.OpZext, w, bit)
		n := b.op(netlist.OpNot, w, z)
		for _, op := range []netlist.Op{netlist.OpRedXor, netlist.OpRedAnd, netlist.OpRedOr} {
			b.cell(op, b.out(fmt.Sprintf("%s_inv%d", op, w), 1), n)
		}
	}
	for _, aw := range []int{33, 65} {
		ones := b.op(netlist.OpNot, aw, b.konst(bits.New(aw)))
		inv := b.op(netlist.OpNot, aw, b.op(netlist.OpZext, aw, k))
		for _, w := range []int{8, 64, 130} {
			for _, op := range []netlist.Op{netlist.OpShl, netlist.OpShr, netlist.OpSshr} {
				b.cell(op, b.out(fmt.Sprintf("%s%d_ones%d", op, w, aw), w), x[w], ones)
				b.cell(op, b.out(fmt.Sprintf("%s%d_inv%d", op, w, aw), w), x[w], inv)
			}
		}
	}
	return design("quirks", b)
}

// pattern is a w-bit constant with a mix of ones and zeros in every word.
func pattern(w int) bits.Value {
	n, _ := new(big.Int).SetString(strings.Repeat("a5c3", w/16+1), 16)
	return bits.FromBig(w, n)
}

// replaceableDesign has two replaceable modules (emitted inside
// `ifndef <NAME>_EXTERN guards): a 1r1w memory instantiated twice, and a
// module whose name is a Verilog keyword, so that its guard uses the
// legalized name.
func replaceableDesign() *netlist.Design {
	mb := newModule("mem_4x8_1r1w", "mem.go")
	mb.m.Replaceable = true
	mb.clock("clk")
	we := mb.in("wr_en", 1)
	wa := mb.in("wr_addr", 2)
	wd := mb.in("wr_data", 8)
	re := mb.in("rd_en", 1)
	ra := mb.in("rd_addr", 2)
	rd := mb.out("rd_data", 8)
	mb.m.Mems = append(mb.m.Mems, netlist.Mem{Name: "mem", Width: 8, Depth: 4, Pos: mb.pos(),
		Writes: []netlist.MemWrite{{Addr: wa, Data: wd, En: we, Pos: mb.pos()}},
		Reads:  []netlist.MemRead{{Addr: ra, En: re, Data: rd, Pos: mb.pos()}}})

	kb := newModule("buf", "buf.go")
	kb.m.Replaceable = true
	kin := kb.in("a", 8)
	kout := kb.out("y", 8)
	kb.cell(netlist.OpNot, kout, kin)

	t := newModule("top", "top.go")
	clk := t.clock("clk")
	en := t.in("en", 1)
	addr := t.in("addr", 2)
	data := t.in("data", 8)
	q0 := t.out("q0", 8)
	q1 := t.out("q1", 8)
	nq := t.wire("nq", 8)
	for i, q := range []netlist.NetID{nq, q1} {
		in := data
		if i == 1 {
			in = q0
		}
		t.m.Insts = append(t.m.Insts, netlist.Instance{Name: fmt.Sprintf("m%d", i), Module: "mem_4x8_1r1w", Pos: t.pos(),
			Conns: []netlist.Conn{{Port: "clk", Net: clk}, {Port: "wr_en", Net: en}, {Port: "wr_addr", Net: addr},
				{Port: "wr_data", Net: in}, {Port: "rd_en", Net: en}, {Port: "rd_addr", Net: addr}, {Port: "rd_data", Net: q}}})
	}
	t.m.Insts = append(t.m.Insts, netlist.Instance{Name: "inv", Module: "buf", Pos: t.pos(),
		Conns: []netlist.Conn{{Port: "a", Net: nq}, {Port: "y", Net: q0}}})
	return design("top", mb, kb, t)
}

// designs are the golden designs, by golden file name.
var designs = []struct {
	name string
	make func() *netlist.Design
}{
	{"counter", counterDesign},
	{"ops", opsDesign},
	{"memory", memoryDesign},
	{"memkinds", memKindsDesign},
	{"hierarchy", hierarchyDesign},
	{"names", namesDesign},
	{"edge", edgeDesign},
	{"quirks", quirksDesign},
	{"replaceable", replaceableDesign},
}
