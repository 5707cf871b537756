package emit_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

func init() {
	designs = append(designs, struct {
		name string
		make func() *netlist.Design
	}{"props", propsDesign})
}

// propsDesign has an assertion under an enable, an assumption, a cover
// point, a message Verilog must escape, and a child with only a cover
// (no simulation check at all).
func propsDesign() *netlist.Design {
	c := newModule("seen", "seen.go")
	c.clock("clk")
	crst := c.in("rst", 1)
	hit := c.in("hit", 1)
	c.m.Props = append(c.m.Props, netlist.Property{Kind: netlist.Cover, Cond: hit, En: netlist.NoNet, Reset: crst, Msg: "hit_once", Pos: c.pos()})

	b := newModule("props", "props.go")
	clk := b.clock("clk")
	rst := b.in("rst", 1)
	en := b.in("en", 1)
	x := b.in("x", 4)
	count := b.out("count", 4)
	one := b.konst(bits.FromUint64(4, 1))
	b.reg(count, b.op(netlist.OpAdd, 4, count, one), en, rst, bits.New(4))
	small := b.op(netlist.OpLt, 1, count, b.konst(bits.FromUint64(4, 9)))
	nine := b.op(netlist.OpNe, 1, x, b.konst(bits.FromUint64(4, 9)))
	top := b.op(netlist.OpEq, 1, count, b.konst(bits.FromUint64(4, 8)))
	b.m.Props = append(b.m.Props,
		netlist.Property{Kind: netlist.Assert, Cond: small, En: en, Reset: rst, Msg: `count < 9, 100% "sure" \ é`, Pos: b.pos()},
		netlist.Property{Kind: netlist.Assume, Cond: nine, En: netlist.NoNet, Reset: netlist.NoNet, Msg: "x is never 9", Pos: b.pos()},
		netlist.Property{Kind: netlist.Cover, Cond: top, En: en, Reset: rst, Msg: "at8", Pos: b.pos()})
	b.m.Insts = append(b.m.Insts, netlist.Instance{Name: "u", Module: "seen", Pos: b.pos(),
		Conns: []netlist.Conn{{Port: "clk", Net: clk}, {Port: "rst", Net: rst}, {Port: "hit", Net: top}}})
	d := design("props", b)
	d.Modules = append([]*netlist.Module{c.m}, d.Modules...)
	return d
}

// Yosys reads the formal form of the properties (read_verilog -formal)
// into $assert, $assume and $cover cells.
func TestPropsFormal(t *testing.T) {
	yosys := tooltest.Require(t, "yosys")
	dir := t.TempDir()
	text, err := emit.Verilog(propsDesign())
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "props.v"), text, 0o644))
	run(t, dir, yosys, "-q", "-p", "read_verilog -formal props.v; prep -top props; flatten; select -assert-count 1 t:$assert; select -assert-count 1 t:$assume; select -assert-count 2 t:$cover")
}

func init() {
	designs = append(designs, struct {
		name string
		make func() *netlist.Design
	}{"meminit", memInitDesign})
}

// memInitDesign has a ROM whose contents fill part of it and a RAM whose
// contents fill all of it.
func memInitDesign() *netlist.Design {
	b := newModule("meminit", "meminit.go")
	b.clock("clk")
	addr := b.in("addr", 2)
	we := b.in("we", 1)
	wdata := b.in("wdata", 8)
	romOut := b.out("rom_out", 8)
	ramOut := b.out("ram_out", 8)
	b.m.Mems = append(b.m.Mems,
		netlist.Mem{Name: "rom", Width: 8, Depth: 4, Init: []bits.Value{bits.FromUint64(8, 0xa5), bits.FromUint64(8, 0x5a)},
			Reads: []netlist.MemRead{{Addr: addr, En: netlist.NoNet, Data: romOut, Pos: b.pos()}}, Pos: b.pos()},
		netlist.Mem{Name: "ram", Width: 8, Depth: 4,
			Init:   []bits.Value{bits.FromUint64(8, 1), bits.FromUint64(8, 2), bits.FromUint64(8, 3), bits.FromUint64(8, 4)},
			Reads:  []netlist.MemRead{{Addr: addr, En: netlist.NoNet, Data: ramOut, Pos: b.pos()}},
			Writes: []netlist.MemWrite{{Addr: addr, Data: wdata, En: we, Pos: b.pos()}}, Pos: b.pos()})
	return design("meminit", b)
}
