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
	alwaysAcc  int64
	a          Activity
}

type naiveEn struct {
	p     testbench.Port
	bits  int64
	words int64 // 1 in the accumulator stage
}

func newNaiveCounter(b *testbench.Bench, d *netlist.Design) *naiveCounter {
	k := &naiveCounter{}
	var walk func(m *netlist.Module, path string, acc int64)
	walk = func(m *netlist.Module, path string, acc int64) {
		for _, r := range m.Regs {
			if r.En == netlist.NoNet {
				k.always += int64(m.Nets[r.Q].Width)
			} else {
				k.regs = append(k.regs, naiveEn{b.Port(path + m.Nets[r.En].Name), int64(m.Nets[r.Q].Width), 0})
			}
		}
		for _, mem := range m.Mems {
			for _, rd := range mem.Reads {
				if rd.En == netlist.NoNet {
					k.alwaysRead += int64(mem.Width)
					k.alwaysAcc += acc
				} else {
					k.reads = append(k.reads, naiveEn{b.Port(path + m.Nets[rd.En].Name), int64(mem.Width), acc})
				}
			}
			for _, wr := range mem.Writes {
				k.writes = append(k.writes, naiveEn{b.Port(path + m.Nets[wr.En].Name), int64(mem.Width), acc})
			}
		}
		for _, inst := range m.Insts {
			a := acc
			if inst.Module == d.Top+"_acc" {
				a = 1
			}
			walk(d.Module(inst.Module), path+inst.Name+".", a)
		}
	}
	walk(d.TopModule(), "", 0)
	b.Add(k)
	return k
}

func (k *naiveCounter) Drive(*testbench.Bench) {}

func (k *naiveCounter) Sample(b *testbench.Bench) {
	be := b.Backend()
	k.a.Edges++
	k.a.RegBits += k.always
	k.a.MemReads += k.alwaysRead
	k.a.AccReads += k.alwaysAcc
	for _, e := range k.regs {
		if be.PeekUint64(e.p) == 1 {
			k.a.RegBits += e.bits
		}
	}
	for _, e := range k.reads {
		if be.PeekUint64(e.p) == 1 {
			k.a.MemReads += e.bits
			k.a.AccReads += e.words
		}
	}
	for _, e := range k.writes {
		if be.PeekUint64(e.p) == 1 {
			k.a.MemWrites += e.bits
			k.a.AccWrites += e.words
		}
	}
}

// TestActivity: the counter's plan (canonical enable nets, each peeked
// once) counts what the plain per-register count does, and the MACs are
// what the cores' PEs do: ws multiplies on every edge, os on every k-step
// of every padded tile; the accumulator writes each row that reaches it
// (and every row once in its clear sweep after reset) and reads each row
// with a_acc=1.
func TestActivity(t *testing.T) {
	for _, tc := range []struct {
		rows, cols, accRows int
		df                  systolic.Dataflow
		g                   workload.GEMM
	}{
		{2, 2, 0, systolic.WS, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}},
		{3, 2, 0, systolic.WS, workload.GEMM{Name: "b", M: 2, K: 7, N: 3}}, // batches shorter than a weight load
		{2, 2, 0, systolic.OS, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}},
		{3, 2, 0, systolic.OS, workload.GEMM{Name: "b", M: 4, K: 1, N: 5}},
		{2, 2, 4, systolic.WS, workload.GEMM{Name: "a", M: 6, K: 5, N: 7}}, // chunks of 4 and 2 rows
		{3, 2, 8, systolic.WS, workload.GEMM{Name: "b", M: 2, K: 7, N: 3}},
		{2, 3, 3, systolic.WS, workload.GEMM{Name: "one_k", M: 5, K: 2, N: 4}}, // a_acc=0, a_out=1 batches longer than acc_rows
	} {
		c := systolic.Config{Rows: tc.rows, Cols: tc.cols, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: tc.df, AccRows: tc.accRows}
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
		if c.AccRows > 0 {
			s := newWSSchedule(c, tc.g, c.AccRows)
			reads, writes := int64(0), int64(c.AccRows) // the clear sweep
			for i := range s.batches() {
				bt := s.batch(i)
				writes += int64(min(bt.rows, c.AccRows)) // rows past acc_rows write nothing
				if bt.acc {
					reads += int64(bt.rows)
				}
			}
			if got.AccReads != reads || got.AccWrites != writes || got.MemWrites < writes*int64(c.Cols*c.AccWidth) {
				t.Errorf("%s %v: accumulator %d reads, %d writes; want %d, %d", c.TopName(), tc.g, got.AccReads, got.AccWrites, reads, writes)
			}
		} else if got.AccReads != 0 || got.AccWrites != 0 {
			t.Errorf("%s %v: accumulator activity without one: %+v", c.TopName(), tc.g, got)
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
