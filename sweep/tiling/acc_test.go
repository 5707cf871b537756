package tiling

import (
	"context"
	"fmt"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// accConfigs are small ws cores with an accumulator, integer and float,
// with and without bias, ReLU and an output conversion.
func accConfigs() []systolic.Config {
	bf16 := systolic.Config{Rows: 2, Cols: 2, Dataflow: systolic.WS, AccRows: 4}.WithFormat("bf16")
	bf16.Bias, bf16.ReLU, bf16.OutFormat = true, true, "bf16"
	fp8 := systolic.Config{Rows: 3, Cols: 2, Dataflow: systolic.WS, AccRows: 2}.WithFormat("fp8e4m3")
	fp8.OutFormat = "fp8e4m3"
	return []systolic.Config{
		{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: systolic.WS, AccRows: 8},
		{Rows: 2, Cols: 3, InWidth: 5, AccWidth: 16, Dataflow: systolic.WS, AccRows: 3},
		{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS, AccRows: 5, Bias: true, ReLU: true, OutWidth: 6},
		{Rows: 3, Cols: 2, InWidth: 4, AccWidth: 14, Dataflow: systolic.WS, AccRows: 4, Bias: true, OutWidth: 5},
		systolic.Config{Rows: 2, Cols: 2, Dataflow: systolic.WS, AccRows: 4}.WithFormat("bf16"),
		systolic.Config{Rows: 3, Cols: 2, Dataflow: systolic.WS, AccRows: 2}.WithFormat("fp8e4m3"),
		bf16, fp8,
	}
}

// accGEMMs are GEMMs for accConfigs: K = 4·rows and N = 3·cols (12
// batches when M fits the accumulator), M over the accumulator (chunks),
// K within one tile, and odd sizes.
func accGEMMs(c systolic.Config) []workload.GEMM {
	return []workload.GEMM{
		{Name: "k4r_n3c", M: min(c.AccRows, 5), K: 4 * c.Rows, N: 3 * c.Cols},
		{Name: "chunks", M: 2*c.AccRows + 1, K: 2*c.Rows + 1, N: c.Cols + 1},
		{Name: "one_k", M: c.AccRows + 3, K: c.Rows, N: 2},
		{Name: "odd", M: 7, K: 5, N: 5},
	}
}

// TestScheduleMatchesModel: the batches the driver streams, run through
// the core's own reference model (systolic.WSModel, which keeps the
// accumulator rows and checks the acc_rows rule), emit the C that the
// driver expects (expected), element for element: the schedule's
// sidebands are right and no sum is added outside the core.
func TestScheduleMatchesModel(t *testing.T) {
	for _, c := range accConfigs() {
		for _, g := range accGEMMs(c) {
			t.Run(c.TopName()+"/"+g.Name, func(t *testing.T) {
				a, bm := Operands(c, g, 7)
				p := postSettings(c, g, 7)
				s := newWSSchedule(c, g, c.AccRows)
				model := systolic.NewWSModel(c)
				got := make([][]uint64, g.M)
				for i := range got {
					got[i] = make([]uint64, g.N)
				}
				beat := 0
				for i := range s.batches() {
					bt := s.batch(i)
					batch := systolic.WSBatch{Acc: bt.acc, Out: bt.out, A: make([][]int64, bt.rows), B: make([][]int64, c.Rows),
						ReLU: p.relu, Shift: p.shift}
					if c.Bias && !bt.acc {
						batch.Bias = make([]uint64, c.Cols)
						for j := range batch.Bias {
							if n := bt.n*c.Cols + j; bt.k == 0 && n < g.N {
								batch.Bias[j] = p.bias[n]
							}
						}
					}
					for m := range batch.A {
						batch.A[m] = make([]int64, c.Rows)
						for k := range batch.A[m] {
							batch.A[m][k] = at(a, bt.m0+m, bt.k*c.Rows+k)
						}
					}
					for k := range batch.B {
						batch.B[k] = make([]int64, c.Cols)
						for j := range batch.B[k] {
							batch.B[k][j] = at(bm, bt.k*c.Rows+k, bt.n*c.Cols+j)
						}
					}
					rows, err := model.Batch(batch)
					if err != nil {
						t.Fatalf("batch %d: %v", i, err)
					}
					for _, r := range rows {
						n, m, _, last, partial := s.beat(beat)
						if partial || last != r.Last {
							t.Fatalf("beat %d: partial %v, last %v; the model's last %v", beat, partial, last, r.Last)
						}
						for j := 0; j < c.Cols && n*c.Cols+j < g.N; j++ {
							got[m][n*c.Cols+j] = r.Data[j]
						}
						beat++
					}
				}
				if beat != s.beats() {
					t.Fatalf("%d rows emitted, the schedule says %d", beat, s.beats())
				}
				want := expected(c, g, a, bm, p)
				for m := range want {
					for n := range want[m] {
						if got[m][n] != want[m][n] {
							t.Fatalf("C[%d][%d]: the model %#x, expected %#x", m, n, got[m][n], want[m][n])
						}
					}
				}
			})
		}
	}
}

// TestRunGEMMAcc runs the GEMMs through the cores with an accumulator on
// rtlsim (and on Verilator with SYSTOLE_LONG=1): every element of C
// checked, the cycles equal to the formula, no partial sum added in Go.
func TestRunGEMMAcc(t *testing.T) {
	backends := testBackends(t)
	for _, c := range accConfigs() {
		d := elab(t, c)
		for _, name := range backends {
			t.Run(fmt.Sprintf("%s/%s", c.TopName(), name), func(t *testing.T) {
				be := newBackend(t, d, name)
				for _, g := range accGEMMs(c) {
					sim, err := RunGEMM(context.Background(), testbench.New(be, 1), c, g, 5)
					if err != nil {
						t.Fatalf("%s: %v", g, err)
					}
					want, tol := FormulaCycles(c, g)
					if sim.Elements != int64(g.M*g.N) || sim.Cycles < want-tol || sim.Cycles > want+tol {
						t.Errorf("%s: %d elements, %d cycles; formula %d ± %d", g, sim.Elements, sim.Cycles, want, tol)
					}
				}
			})
		}
	}
}

// TestTrafficAcc: with an accumulator C leaves once and no partial sum
// goes to the C buffer; the weights stream once per chunk of A's rows.
func TestTrafficAcc(t *testing.T) {
	c := systolic.Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS}
	g := workload.GEMM{Name: "g", M: 100, K: 16, N: 8}
	none := GEMMTraffic(c, g, 1<<30)
	c.AccRows = 32
	acc := GEMMTraffic(c, g, 1<<30)
	if none.CSRAMWrite != 100*8*4*4 || none.CSRAMRead != 100*8*3*4 {
		t.Errorf("without an accumulator: C writes %d, reads %d", none.CSRAMWrite, none.CSRAMRead)
	}
	if acc.CSRAMWrite != 100*8*4 || acc.CSRAMRead != 0 || acc.BSRAMRead != 16*8*4 || acc.ASRAMRead != none.ASRAMRead {
		t.Errorf("with acc_rows 32: %+v", acc)
	}
	if p0, p1 := PeakSRAMBytesPerCycle(systolic.Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Dataflow: systolic.WS}), PeakSRAMBytesPerCycle(c); p0-p1 != 4*32/8 {
		t.Errorf("peak SRAM: %g without an accumulator, %g with: want the partial sums' row (16 bytes) apart", p0, p1)
	}
}

// testBackends are rtlsim, and Verilator too with SYSTOLE_LONG=1.
func testBackends(t *testing.T) []string {
	if !tooltest.Long() {
		return []string{"rtlsim"}
	}
	tooltest.Require(t, "verilator")
	return []string{"rtlsim", "verilator"}
}

// newBackend compiles d for the backend named, closed when the test ends.
func newBackend(t *testing.T, d *netlist.Design, name string) testbench.Backend {
	t.Helper()
	var be testbench.Backend
	var err error
	if name == "rtlsim" {
		be, err = testbench.NewRTLSim(d)
	} else {
		be, err = testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { be.Close() })
	return be
}

// TestRunGEMMLongClearSweep: a GEMM much shorter than the accumulator's
// clear sweep after reset (a_ready is 0 for acc_rows cycles) still runs:
// the driver's cycle limit counts the sweep.
func TestRunGEMMLongClearSweep(t *testing.T) {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS, AccRows: 8192}
	g := workload.GEMM{Name: "g", M: 4, K: 4, N: 2}
	be := newBackend(t, elab(t, c), "rtlsim")
	sim, err := RunGEMM(context.Background(), testbench.New(be, 1), c, g, 3)
	if err != nil {
		t.Fatal(err)
	}
	if sim.Elements != int64(g.M*g.N) {
		t.Errorf("%d elements checked, want %d", sim.Elements, g.M*g.N)
	}
}
