package tiling

import (
	"context"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// naiveCounter counts register and memory activity the plain way: every
// register and memory port by its own hierarchical enable name, no
// sharing, on every edge.
type naiveCounter struct {
	regs       []naiveEn
	reads      []naiveEn
	writes     []naiveEn
	always     int64 // register bits without an enable
	alwaysRead int64
	a          Activity
}

type naiveEn struct {
	p    testbench.Port
	bits int64
}

func newNaiveCounter(b *testbench.Bench, d *netlist.Design) *naiveCounter {
	k := &naiveCounter{}
	var walk func(m *netlist.Module, path string)
	walk = func(m *netlist.Module, path string) {
		for _, r := range m.Regs {
			if r.En == netlist.NoNet {
				k.always += int64(m.Nets[r.Q].Width)
			} else {
				k.regs = append(k.regs, naiveEn{b.Port(path + m.Nets[r.En].Name), int64(m.Nets[r.Q].Width)})
			}
		}
		for _, mem := range m.Mems {
			for _, rd := range mem.Reads {
				if rd.En == netlist.NoNet {
					k.alwaysRead += int64(mem.Width)
				} else {
					k.reads = append(k.reads, naiveEn{b.Port(path + m.Nets[rd.En].Name), int64(mem.Width)})
				}
			}
			for _, wr := range mem.Writes {
				k.writes = append(k.writes, naiveEn{b.Port(path + m.Nets[wr.En].Name), int64(mem.Width)})
			}
		}
		for _, inst := range m.Insts {
			walk(d.Module(inst.Module), path+inst.Name+".")
		}
	}
	walk(d.TopModule(), "")
	b.Add(k)
	return k
}

func (k *naiveCounter) Drive(*testbench.Bench) {}

func (k *naiveCounter) Sample(b *testbench.Bench) {
	be := b.Backend()
	k.a.Edges++
	k.a.RegBits += k.always
	k.a.MemReads += k.alwaysRead
	for _, e := range k.regs {
		if be.PeekUint64(e.p) == 1 {
			k.a.RegBits += e.bits
		}
	}
	for _, e := range k.reads {
		if be.PeekUint64(e.p) == 1 {
			k.a.MemReads += e.bits
		}
	}
	for _, e := range k.writes {
		if be.PeekUint64(e.p) == 1 {
			k.a.MemWrites += e.bits
		}
	}
}

// TestActivity: the counter's plan (canonical enable nets, each peeked
// once) counts what the plain per-register count does, and the MACs are
// what the cores' PEs do: ws multiplies on every edge, os on every k-step
// of every padded tile.
func TestActivity(t *testing.T) {
	for _, tc := range []struct {
		rows, cols int
		df         systolic.Dataflow
		g          workload.GEMM
	}{
		{2, 2, systolic.WS, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}},
		{3, 2, systolic.WS, workload.GEMM{Name: "b", M: 2, K: 7, N: 3}}, // batches shorter than a weight load
		{2, 2, systolic.OS, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}},
		{3, 2, systolic.OS, workload.GEMM{Name: "b", M: 4, K: 1, N: 5}},
	} {
		c := systolic.Config{Rows: tc.rows, Cols: tc.cols, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: tc.df}
		d := elab(t, c)
		plan, err := planActivity(d)
		if err != nil {
			t.Fatal(err)
		}
		be, err := testbench.NewRTLSim(d)
		if err != nil {
			t.Fatal(err)
		}
		b := testbench.New(be, 1)
		b.Reset()
		naive := newNaiveCounter(b, d)
		sim, err := runGEMM(context.Background(), b, c, tc.g, 1, plan)
		if err != nil {
			t.Fatal(err)
		}
		got, want := sim.Activity, naive.a
		want.MACs = got.Edges * int64(c.Rows*c.Cols)
		if tc.df == systolic.OS {
			want.MACs = int64(Tiles(c, tc.g)*tc.g.K) * int64(c.Rows*c.Cols)
		}
		if got != want {
			t.Errorf("%s %v: counted %+v, want %+v", c.TopName(), tc.g, got, want)
		}
		if got.RegBits <= got.Edges || got.Edges < int64(sim.Cycles) {
			t.Errorf("%s %v: %+v over %d cycles", c.TopName(), tc.g, got, sim.Cycles)
		}
	}
}

// BenchmarkActivity times one GEMM on an 8×8 core with and without the
// activity counter, to show what counting costs (compare the two in one
// run: go test ./sweep/tiling -run '^$' -bench Activity).
func BenchmarkActivity(b *testing.B) {
	for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
		c := systolic.Config{Rows: 8, Cols: 8, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: df}
		d := elab(b, c)
		plan, err := planActivity(d)
		if err != nil {
			b.Fatal(err)
		}
		be, err := testbench.NewRTLSim(d)
		if err != nil {
			b.Fatal(err)
		}
		g := workload.GEMM{Name: "g", M: 128, K: 32, N: 32}
		for _, counted := range []bool{false, true} {
			name := string(df) + "/plain"
			p := (*activityPlan)(nil)
			if counted {
				name, p = string(df)+"/counted", plan
			}
			b.Run(name, func(b *testing.B) {
				var cycles int
				for b.Loop() {
					sim, err := runGEMM(context.Background(), testbench.New(be, 1), c, g, 1, p)
					if err != nil {
						b.Fatal(err)
					}
					cycles += sim.Cycles
				}
				b.ReportMetric(float64(cycles)/b.Elapsed().Seconds(), "cycles/s")
			})
		}
	}
}
