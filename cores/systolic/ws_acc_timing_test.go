package systolic

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// The ws accumulator's and bias's timing: cycle counts, the clear sweep
// and the read-after-write hazard.

// TestWSAccThroughput runs a K-accumulating GEMM as 12 back-to-back
// batches of wsMinRows rows and more: the core accepts a row on every
// cycle, a_acc/a_out and the accumulator cost none, and the run takes
// WSCycles.
func TestWSAccThroughput(t *testing.T) {
	for _, c := range []Config{accConfig(4, 4, 8, 32, true, 16), accConfig(1, 1, 8, 16, false, 2),
		Config{Rows: 2, Cols: 3, Dataflow: WS, AccRows: 4}.WithFormat("fp16"),
		withStage(accConfig(3, 2, 8, 24, true, 8), true, true, "", 8),
		withStage(Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 3}.WithFormat("bf16"), true, true, "fp8e5m2", 0)} {
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 7))
			for _, m := range []int{c.wsMinRows(), c.AccRows} {
				b := newWSBench(t, c, 3)
				b.run(gemmJob(t, r, c, m))
				require.Len(t, b.aFires, 12*m)
				require.Equal(t, 12*m, b.aFires[len(b.aFires)-1]-b.aFires[0]+1, "A rows not back to back (batches of %d)", m)
				require.Equal(t, c.WSCycles(12, m), b.lastCFire-b.firstAFire+1)
			}
		})
	}
}

// TestWSBiasThroughput checks that the bias costs no cycle: with
// bias_valid held at 1, every batch starts max(wsMinRows, the previous
// batch's rows) cycles after the previous one, as without a bias, for
// batches of one row, of wsMinRows rows (back to back, WSCycles) and of
// random lengths, on cores where every batch takes a vector (no
// accumulator) and where a_acc=0 batches do.
func TestWSBiasThroughput(t *testing.T) {
	var cfgs []Config
	for _, rc := range [][2]int{{1, 1}, {1, 4}, {4, 1}, {2, 2}, {3, 4}} {
		for _, accRows := range []int{0, 3} {
			cfgs = append(cfgs, withStage(accConfig(rc[0], rc[1], 8, 20, true, accRows), true, false, "", 0))
		}
	}
	cfgs = append(cfgs, withStage(Config{Rows: 1, Cols: 1, Dataflow: WS}.WithFormat("fp16"), true, true, "", 0))
	for _, c := range cfgs {
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(6, 6))
			runs := [][]WSBatch{randAccBatchesOf(r, c, 10, 1), randAccBatchesOf(r, c, 10, c.wsMinRows())}
			for range 3 {
				runs = append(runs, randAccBatches(r, c, 16))
			}
			for n, bs := range runs {
				b := newWSBench(t, c, 3)
				b.run(newWSJobFrom(t, c, bs))
				i := 0
				for k := 1; k < len(bs); k++ {
					m := len(bs[k-1].A)
					i += m
					require.Equal(t, max(c.wsMinRows(), m), b.aFires[i]-b.aFires[i-m], "run %d: batch %d's start", n, k)
				}
				if n == 1 {
					require.Equal(t, c.WSCycles(10, c.wsMinRows()), b.lastCFire-b.firstAFire+1)
				}
			}
		})
	}
}

// randAccBatchesOf draws n batches of m rows each (randAccBatches's
// sidebands and bias vectors).
func randAccBatchesOf(r *rand.Rand, c Config, n, m int) []WSBatch {
	bs := randAccBatches(r, c, n)
	for i := range bs {
		b := &bs[i]
		b.A = randMatrix(r, c, m, c.Rows)
		if (b.Acc || !b.Out) && m > c.AccRows {
			b.Acc, b.Out = false, true
			if c.Bias && b.Bias == nil {
				b.Bias = randAccRow(r, c)
			}
		}
	}
	// The last batch emits, so that the run ends with a C row.
	if last := &bs[n-1]; !last.Out {
		last.Out = true
	}
	return bs
}

// TestWSAccClearSweep checks the cost of the clear sweep: after reset,
// a_ready stays 0 for exactly acc_rows cycles (or until the first tile is
// loaded, if later).
func TestWSAccClearSweep(t *testing.T) {
	for _, c := range []Config{accConfig(2, 2, 8, 20, true, 1), accConfig(2, 2, 8, 20, true, 2), accConfig(2, 2, 8, 20, true, 37)} {
		b := newWSBench(t, c, 1)
		r := rand.New(rand.NewPCG(1, 1))
		b.start(newWSJobFrom(t, c, []WSBatch{{A: randMatrix(r, c, 1, c.Rows), B: randMatrix(r, c, c.Rows, c.Cols), Out: true}}))
		n := 0
		for ; b.ai == 0; n++ {
			require.Less(t, n, 100, "no A row accepted")
			b.offer()
			b.clock()
		}
		require.Equal(t, c.AccRows, c.Timing().ResetCycles)
		require.Equal(t, max(c.Timing().ResetCycles, c.Rows)+1, n, "%s: cycles from reset to the first A row accepted, that one included", c.TopName())
	}
}

// TestWSAccHazard runs batches of one and two rows that accumulate into
// the same accumulator rows as fast as the core takes them: consecutive
// batch starts are then exactly wsMinRows cycles apart, the closest a read
// of a row comes to the write before it, and every result is right.
func TestWSAccHazard(t *testing.T) {
	for _, c := range []Config{accConfig(1, 1, 8, 16, true, 2), accConfig(2, 2, 8, 20, true, 2),
		Config{Rows: 1, Cols: 2, Dataflow: WS, AccRows: 2}.WithFormat("bf16")} {
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(8, 8))
			for _, m := range []int{1, 2} {
				var bs []WSBatch
				for i := range 12 {
					bs = append(bs, WSBatch{A: randMatrix(r, c, m, c.Rows), B: randMatrix(r, c, c.Rows, c.Cols),
						Acc: i > 0, Out: i%3 == 2 || i == 11})
				}
				b := newWSBench(t, c, 5)
				b.run(newWSJobFrom(t, c, bs))
				for i := m; i < len(b.aFires); i += m {
					require.Equal(t, max(c.wsMinRows(), m), b.aFires[i]-b.aFires[i-m], "batch start %d", i/m)
				}
			}
		})
	}
}

// TestWSAccHazardAssertion drives the accumulator stage alone with what
// the control never sends, two one-row batches that accumulate into row 0
// on consecutive cycles, and expects the memory's assertion that a row is
// never read on the edge that writes it.
func TestWSAccHazardAssertion(t *testing.T) {
	c := accConfig(2, 2, 8, 20, true, 2)
	d, err := elaborate.Elaborate(c.wsAccStage())
	require.NoError(t, err)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	poke := func(name string, v uint64) {
		h, err := sim.Handle(name)
		require.NoError(t, err)
		sim.PokeUint64(h, v)
	}
	sim.Reset()
	sim.Step(c.AccRows) // the clear sweep
	require.NoError(t, sim.Err())
	for _, p := range []string{"pre_valid", "pre_last", "pre_acc"} {
		poke(p, 1)
	}
	sim.Step(1) // the first row's read
	require.NoError(t, sim.Err())
	for _, p := range []string{"q_valid", "q_last", "q_acc", "q_out"} {
		poke(p, 1)
	}
	sim.Step(1) // its write-back and the second row's read of row 0
	require.ErrorContains(t, sim.Err(), "a read and a write of one address")
}
