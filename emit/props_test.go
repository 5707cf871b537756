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
