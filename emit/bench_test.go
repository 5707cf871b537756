package emit_test

import (
	"testing"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
)

// chainDesign is a long chain of adds and registers, the size of a large
// generated array.
func chainDesign(n int) *netlist.Design {
	b := newModule("chain", "chain.go")
	b.clock("clk")
	x := b.in("x", 32)
	y := b.out("y", 32)
	for range n {
		s := b.op(netlist.OpAdd, 32, x, b.konst(bits.FromUint64(32, 3)))
		q := b.tmp(32)
		b.reg(q, s, netlist.NoNet, netlist.NoNet, bits.Value{})
		x = q
	}
	b.cell(netlist.OpBuf, y, x)
	return design("chain", b)
}

func BenchmarkVerilog(b *testing.B) {
	d := chainDesign(20000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := emit.Verilog(d); err != nil {
			b.Fatal(err)
		}
	}
}
