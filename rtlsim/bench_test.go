package rtlsim

import (
	"fmt"
	"io"
	"testing"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// benchDesign is a rows x cols systolic array of multiply-accumulate PEs:
// each PE registers its a (from the left) and b (from above) operands and
// accumulates their 32-bit product unless clr is high; the top sums every
// accumulator into "total". A PE has 6 cells and 3 registers, the top one
// adder per PE.
func benchDesign(rows, cols int) *netlist.Design {
	pe := newMod("pe")
	pe.clk()
	clr := pe.in("clr", 1)
	ain, bin := pe.in("a_in", 16), pe.in("b_in", 16)
	aout, bout, acc := pe.out("a_out", 16), pe.out("b_out", 16), pe.out("acc", 32)
	zero := pe.out("zero", 1)
	pe.reg(aout, ain, netlist.NoNet, netlist.NoNet, bits.Value{})
	pe.reg(bout, bin, netlist.NoNet, netlist.NoNet, bits.Value{})
	prod := pe.op("prod", 32, netlist.OpMul, pe.op("az", 32, netlist.OpZext, ain), pe.op("bz", 32, netlist.OpZext, bin))
	sum := pe.op("sum", 32, netlist.OpAdd, acc, prod)
	pe.reg(acc, pe.op("nxt", 32, netlist.OpMux, clr, prod, sum), netlist.NoNet, netlist.NoNet, bits.Value{})
	pe.drive(zero, netlist.OpEq, prod, pe.konst("zero32", bits.New(32)))

	top := newMod("array")
	tclk := top.clk()
	tclr := top.in("clr", 1)
	a := make([]netlist.NetID, rows)
	for i := range a {
		a[i] = top.in(fmt.Sprintf("a%d", i), 16)
	}
	b := make([]netlist.NetID, cols)
	for j := range b {
		b[j] = top.in(fmt.Sprintf("b%d", j), 16)
	}
	total := top.konst("total0", bits.New(32))
	for i := range rows {
		for j := range cols {
			name := fmt.Sprintf("pe_%d_%d", i, j)
			an, bn := top.net(name+"_a", 16), top.net(name+"_b", 16)
			acc := top.net(name+"_acc", 32)
			top.inst(name, "pe", "clk", tclk, "clr", tclr, "a_in", a[i], "b_in", b[j],
				"a_out", an, "b_out", bn, "acc", acc)
			a[i], b[j] = an, bn
			total = top.op(name+"_total", 32, netlist.OpAdd, total, acc)
		}
	}
	top.drive(top.out("total", 32), netlist.OpBuf, total)
	return design(pe, top)
}

// wideBenchDesign is a chain of n stages of 200-bit arithmetic on a register
// file of 200-bit accumulators.
func wideBenchDesign(n int) *netlist.Design {
	b := newMod("wide")
	b.clk()
	x := b.in("x", 200)
	amt := b.in("amt", 8)
	acc := x
	for i := range n {
		q := b.net(fmt.Sprintf("r%d", i), 200)
		m := b.op(fmt.Sprintf("m%d", i), 200, netlist.OpMul, acc, q)
		s := b.op(fmt.Sprintf("s%d", i), 200, netlist.OpShr, m, amt)
		acc = b.op(fmt.Sprintf("a%d", i), 200, netlist.OpAdd, s, x)
		b.reg(q, acc, netlist.NoNet, netlist.NoNet, bits.Value{})
	}
	b.drive(b.out("y", 200), netlist.OpBuf, acc)
	return design(b)
}

func benchSim(b *testing.B, d *netlist.Design, trace bool) {
	s, err := Compile(d)
	if err != nil {
		b.Fatal(err)
	}
	if trace {
		if err := s.TraceVCD(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	in := s.Inputs()[1:] // all but the clock
	b.ReportAllocs()
	var cycles int
	for b.Loop() {
		for i, p := range in {
			s.PokeUint64(p.Handle, uint64(cycles*(i+3)))
		}
		s.Step(1)
		cycles++
	}
	b.ReportMetric(float64(cycles)/b.Elapsed().Seconds(), "cycles/s")
	b.ReportMetric(float64(len(s.prog)), "instrs")
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSystolic simulates a 24x24 array: about 4000 cells, 1700 registers.
func BenchmarkSystolic(b *testing.B) { benchSim(b, benchDesign(24, 24), false) }

// BenchmarkSystolicTraced is BenchmarkSystolic with a VCD written to nowhere.
func BenchmarkSystolicTraced(b *testing.B) { benchSim(b, benchDesign(24, 24), true) }

// BenchmarkWide simulates 200-bit multiply, shift and add stages.
func BenchmarkWide(b *testing.B) { benchSim(b, wideBenchDesign(100), false) }

// BenchmarkCompile compiles the 24x24 array.
func BenchmarkCompile(b *testing.B) {
	d := benchDesign(24, 24)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compile(d); err != nil {
			b.Fatal(err)
		}
	}
}
