package systolic

import (
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/rtlsim"
)

// pokeSidebands drives the sideband inputs and the bias stream the core
// has: the beat's own values on a beat on offer, random bits otherwise.
func (b *wsBench) pokeSidebands() {
	s := b.sim
	for _, sb := range []struct {
		port string
		vals func() uint64
	}{
		{"a_acc", func() uint64 { return wsBit(b.job.acc[b.ai]) }},
		{"a_out", func() uint64 { return wsBit(b.job.out[b.ai]) }},
		{"a_relu", func() uint64 { return wsBit(b.job.relu[b.ai]) }},
		{"a_shift", func() uint64 { return uint64(b.job.shift[b.ai]) }},
	} {
		h, ok := b.h[sb.port]
		if !ok {
			continue
		}
		if b.aOn {
			s.PokeUint64(h, sb.vals())
		} else {
			s.PokeUint64(h, b.r.Uint64())
		}
	}
	h, ok := b.h["bias_valid"]
	if !ok {
		return
	}
	if !b.bOn && b.bi < len(b.job.bias) {
		b.bOn = b.flip(b.pB)
	}
	s.PokeUint64(h, wsBit(b.bOn))
	if b.bOn {
		s.Poke(b.h["bias_data"], b.job.bias[b.bi])
	} else {
		s.Poke(b.h["bias_data"], b.garbage(b.c.Cols*b.c.AccWidth))
	}
}

// acceptBias records a transfer on the bias stream.
func (b *wsBench) acceptBias() {
	if h, ok := b.h["bias_ready"]; ok && b.bOn && b.sim.PeekUint64(h) == 1 {
		b.bi++
		b.bOn = false
	}
}

// newWSJobFrom is the traffic of batches: their tiles and rows with their
// sidebands, and the rows the reference model expects.
func newWSJobFrom(t *testing.T, c Config, batches []WSBatch) wsJob {
	t.Helper()
	var j wsJob
	for _, bt := range batches {
		for _, row := range bt.B {
			j.w = append(j.w, Pack(row, c.InWidth))
		}
		for i, row := range bt.A {
			j.a = append(j.a, Pack(row, c.InWidth))
			j.last = append(j.last, i == len(bt.A)-1)
			j.acc = append(j.acc, bt.Acc)
			j.out = append(j.out, bt.Out)
			j.relu = append(j.relu, bt.ReLU)
			j.shift = append(j.shift, bt.Shift)
		}
		if bt.Bias != nil {
			lanes := make([]int64, len(bt.Bias))
			for k, v := range bt.Bias {
				lanes[k] = int64(v)
			}
			j.bias = append(j.bias, Pack(lanes, c.AccWidth))
		}
	}
	var err error
	j.want, err = c.WSAccExpected(batches)
	require.NoError(t, err)
	return j
}

// gemmBatches splits C = A×B (A m×(kt·Rows), B (kt·Rows)×(nt·Cols)) into
// nt·kt batches: for each column tile, the K-tiles in order, a_acc = 0 on
// the first and a_out = 1 on the last.
func gemmBatches(c Config, a, b [][]int64, kt, nt int) []WSBatch {
	var bs []WSBatch
	for n := range nt {
		for k := range kt {
			bt := WSBatch{Acc: k > 0, Out: k == kt-1}
			for _, row := range a {
				bt.A = append(bt.A, row[k*c.Rows:(k+1)*c.Rows])
			}
			for _, row := range b[k*c.Rows : (k+1)*c.Rows] {
				bt.B = append(bt.B, row[n*c.Cols:(n+1)*c.Cols])
			}
			bs = append(bs, bt)
		}
	}
	return bs
}

// gemmResult reassembles the C stream of gemmBatches into the m×(nt·Cols)
// matrix.
func gemmResult(c Config, rows []Row, m, nt int) [][]uint64 {
	out := make([][]uint64, m)
	for i := range out {
		out[i] = make([]uint64, nt*c.Cols)
	}
	for i, r := range rows {
		n, row := i/m, i%m
		copy(out[row][n*c.Cols:], r.Data)
	}
	return out
}

func accConfig(rows, cols, in, acc int, signed bool, accRows int) Config {
	c := wsConfig(rows, cols, in, acc, signed)
	c.AccRows = accRows
	return c
}

// TestWSAccGEMMReference checks the reference model against plain matrix
// products: an integer GEMM accumulated over K-tiles is the whole product
// (modulo 2^AccWidth), and a float one is the K-tiles' fp32 sums added in
// order.
func TestWSAccGEMMReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 13))
	for _, c := range []Config{accConfig(2, 3, 8, 20, true, 8), accConfig(3, 2, 4, 6, false, 5),
		Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 5}.WithFormat("bf16")} {
		const m, kt, nt = 5, 4, 3
		a, b := randMatrix(r, c, m, kt*c.Rows), randMatrix(r, c, kt*c.Rows, nt*c.Cols)
		rows, err := c.WSAccExpected(gemmBatches(c, a, b, kt, nt))
		require.NoError(t, err)
		require.Len(t, rows, nt*m)
		for i, row := range rows {
			require.Equal(t, i%m == m-1, row.Last, "row %d", i)
		}
		got := gemmResult(c, rows, m, nt)
		if _, ok := c.Float(); !ok {
			require.Equal(t, c.MatMul(a, b), got, c.TopName())
			continue
		}
		for i := range m {
			for j := range nt * c.Cols {
				var acc uint64
				for k := range kt {
					tile := c.MatMul([][]int64{a[i][k*c.Rows : (k+1)*c.Rows]}, colsOf(b[k*c.Rows:(k+1)*c.Rows], j))
					if k == 0 {
						acc = tile[0][0]
					} else {
						acc = c.accAdd(acc, tile[0][0])
					}
				}
				require.Equal(t, acc, got[i][j], "C[%d][%d]", i, j)
			}
		}
	}
}

func colsOf(b [][]int64, j int) [][]int64 {
	out := make([][]int64, len(b))
	for k := range b {
		out[k] = []int64{b[k][j]}
	}
	return out
}

// TestWSAccModelErrors checks that the reference model refuses the traffic
// the core does not accept, naming the rule.
func TestWSAccModelErrors(t *testing.T) {
	c := accConfig(2, 2, 8, 20, true, 3)
	r := rand.New(rand.NewPCG(2, 2))
	batch := func(m int, acc, out bool) WSBatch {
		return WSBatch{A: randMatrix(r, c, m, 2), B: randMatrix(r, c, 2, 2), Acc: acc, Out: out}
	}
	for _, tc := range []struct {
		c    Config
		b    WSBatch
		want string
	}{
		{c, batch(4, true, true), "at most acc_rows = 3"},
		{c, batch(4, false, false), "at most acc_rows = 3"},
		{c, batch(0, false, true), "at least one row"},
		{wsConfig(2, 2, 8, 20, true), batch(1, true, true), "without an accumulator"},
		{wsConfig(2, 2, 8, 20, true), batch(1, false, false), "without an accumulator"},
	} {
		_, err := NewWSModel(tc.c).Batch(tc.b)
		require.ErrorContains(t, err, tc.want)
	}
	for _, ok := range []WSBatch{batch(9, false, true), batch(3, true, false), batch(3, false, false)} {
		_, err := NewWSModel(c).Batch(ok)
		require.NoError(t, err)
	}
}

var accCases = []Config{
	accConfig(1, 1, 8, 32, true, 1),
	accConfig(2, 2, 8, 20, true, 4),
	accConfig(2, 3, 4, 6, false, 3),
	accConfig(4, 4, 8, 32, true, 16),
	accConfig(3, 1, 16, 40, true, 2),
	Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 5}.WithFormat("bf16"),
	Config{Rows: 2, Cols: 3, Dataflow: WS, AccRows: 3}.WithFormat("fp8e4m3"),
}

// stageCases are cores with an output stage: bias, ReLU and conversions,
// with and without an accumulator.
var stageCases = []Config{
	withStage(accConfig(2, 2, 8, 20, true, 4), true, true, "", 8),
	withStage(accConfig(2, 3, 4, 7, false, 3), true, false, "", 5),
	withStage(accConfig(3, 2, 8, 24, true, 0), true, true, "", 0),
	withStage(accConfig(2, 2, 8, 24, true, 0), false, true, "", 6),
	withStage(accConfig(1, 2, 8, 16, true, 2), false, false, "", 4),
	withStage(Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 4}.WithFormat("bf16"), true, true, "fp8e4m3", 0),
	withStage(Config{Rows: 2, Cols: 3, Dataflow: WS, AccRows: 3}.WithFormat("fp16"), true, false, "bf16", 0),
	withStage(Config{Rows: 2, Cols: 2, Dataflow: WS}.WithFormat("fp8e5m2"), true, true, "", 0),
	withStage(Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 2}.WithFormat("fp8e5m2"), false, true, "fp16", 0),
}

func withStage(c Config, bias, relu bool, outFormat string, outWidth int) Config {
	c.Bias, c.ReLU, c.OutFormat, c.OutWidth = bias, relu, outFormat, outWidth
	return c
}

// randAccBatches draws n batches with random sidebands, bias vectors and
// lengths, short ones (1, 2 rows) often, within the acc_rows rule.
func randAccBatches(r *rand.Rand, c Config, n int) []WSBatch {
	bs := make([]WSBatch, n)
	for i := range bs {
		b := WSBatch{Out: true, B: randMatrix(r, c, c.Rows, c.Cols)}
		if c.AccRows > 0 {
			b.Acc, b.Out = r.IntN(2) == 0, r.IntN(3) > 0
		}
		limit := 3 * (c.Rows + c.Cols)
		if b.Acc || !b.Out {
			limit = c.AccRows
		}
		m := 1 + r.IntN(limit)
		if r.IntN(3) == 0 {
			m = 1 + r.IntN(min(2, limit))
		}
		b.A = randMatrix(r, c, m, c.Rows)
		if c.Bias && !b.Acc {
			b.Bias = randAccRow(r, c)
		}
		b.ReLU = c.ReLU && r.IntN(2) == 0
		if sw := c.ShiftWidth(); sw > 0 {
			b.Shift = r.IntN(1 << sw)
			if r.IntN(2) == 0 {
				b.Shift = r.IntN(min(4, c.AccWidth))
			}
		}
		bs[i] = b
	}
	return bs
}

// randAccRow is a random row of Cols accumulator-format values (fp32
// with its special values for floats).
func randAccRow(r *rand.Rand, c Config) []uint64 {
	v := make([]uint64, c.Cols)
	for j := range v {
		if _, ok := c.Float(); ok {
			v[j] = fp.FP32.Sample(r)
		} else {
			v[j] = c.Mask(r.Uint64())
		}
	}
	return v
}

// TestWSAccRandom runs random sideband mixes and batch lengths (short
// ones often) through cores with an accumulator under random valid/ready
// patterns, with resets in the middle of traffic, against the reference
// model.
func TestWSAccRandom(t *testing.T) {
	type pattern struct{ pW, pA, pC float64 }
	patterns := []pattern{{1, 1, 1}, {0.5, 0.7, 0.6}, {1, 0.3, 0.3}, {0.9, 1, 0.1}}
	for i, c := range append(accCases, stageCases...) {
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			require.NoError(t, c.Validate())
			b := newWSBench(t, c, uint64(i))
			r := rand.New(rand.NewPCG(uint64(i), 0xacc))
			rows := 0
			for round := range 3 {
				for _, p := range patterns {
					b.pW, b.pA, b.pC, b.pB = p.pW, p.pA, p.pC, p.pA
					j := newWSJobFrom(t, c, randAccBatches(r, c, 10))
					b.run(j)
					rows += len(j.want)
					// A reset in the middle of traffic (the model of the
					// traffic starts from reset too), then fresh traffic.
					b.reset()
					b.runFor(newWSJobFrom(t, c, randAccBatches(r, c, 4)), 5+r.IntN(40+20*round))
					b.reset()
				}
			}
			t.Logf("%d C rows checked in %d cycles", rows, b.cycle)
		})
	}
}

// gemmJob is a GEMM with K = 4·rows and N = 3·cols as 12 batches, with
// a bias vector on each column tile's first K-tile and random output-stage
// settings, where c has them. It checks the reference model's C against
// an independent computation for integers: the whole product plus the
// bias, through the post block.
func gemmJob(t *testing.T, r *rand.Rand, c Config, m int) wsJob {
	t.Helper()
	const kt, nt = 4, 3
	a, w := randMatrix(r, c, m, kt*c.Rows), randMatrix(r, c, kt*c.Rows, nt*c.Cols)
	bs := gemmBatches(c, a, w, kt, nt)
	require.Len(t, bs, 12)
	for i := range bs {
		b := &bs[i]
		if c.Bias && !b.Acc {
			b.Bias = randAccRow(r, c)
		}
		b.ReLU = c.ReLU && r.IntN(3) > 0
		if sw := c.ShiftWidth(); sw > 0 {
			b.Shift = r.IntN(min(1<<sw, 6))
		}
	}
	j := newWSJobFrom(t, c, bs)
	if _, ok := c.Float(); !ok {
		full := c.MatMul(a, w)
		for i := range m {
			for n := range nt {
				first, last := bs[n*kt], bs[n*kt+kt-1]
				row := make([]uint64, c.Cols)
				for jj := range row {
					row[jj] = full[i][n*c.Cols+jj]
					if c.Bias {
						row[jj] = c.Mask(row[jj] + first.Bias[jj])
					}
				}
				if c.hasPost() {
					row = c.Post(row, last.ReLU, last.Shift)
				}
				require.Equal(t, row, j.want[n*m+i].Data, "C[%d][%d:%d]", i, n*c.Cols, (n+1)*c.Cols)
			}
		}
	}
	return j
}

// TestWSAccGEMM runs a GEMM with K = 4·rows and N = 3·cols through cores
// with an accumulator as 12 batches, under random valid/ready patterns,
// and checks every element of C.
func TestWSAccGEMM(t *testing.T) {
	for i, c := range append(accCases, stageCases...) {
		if c.AccRows == 0 {
			continue
		}
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(i), 0x6e))
			b := newWSBench(t, c, uint64(i))
			b.pW, b.pA, b.pC, b.pB = 0.8, 0.9, 0.7, 0.5
			b.run(gemmJob(t, r, c, c.AccRows))
			b.pW, b.pA, b.pC, b.pB = 1, 1, 1, 1
			b.run(gemmJob(t, r, c, max(1, c.AccRows/2)))
		})
	}
}

// TestWSAccGEMMVerilog runs the GEMM of TestWSAccGEMM, a reset in the
// middle of traffic and a second GEMM on the emitted Verilog under
// Verilator and Icarus, and requires rtlsim's outputs on every cycle: an
// integer and a float core with the whole output stage by default, and
// the two without it too with SYSTOLE_LONG=1.
func TestWSAccGEMMVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	cfgs := []Config{
		withStage(accConfig(2, 2, 8, 20, true, 5), true, true, "", 8),
		withStage(Config{Rows: 2, Cols: 2, Dataflow: WS, AccRows: 4}.WithFormat("bf16"), true, true, "fp8e4m3", 0),
	}
	if os.Getenv("SYSTOLE_LONG") != "" {
		cfgs = append(cfgs, accConfig(2, 3, 8, 24, true, 4), Config{Rows: 3, Cols: 2, Dataflow: WS, AccRows: 3}.WithFormat("fp16"))
	}
	for i, c := range cfgs {
		t.Run(c.TopName(), func(t *testing.T) {
			b := newWSBench(t, c, uint64(i))
			b.record = true
			b.reset() // recorded: the other simulators start from power-on
			r := rand.New(rand.NewPCG(uint64(i), 0x7e))
			b.pW, b.pA, b.pC, b.pB = 0.8, 0.9, 0.7, 0.6
			b.run(gemmJob(t, r, c, c.AccRows))
			b.runFor(gemmJob(t, r, c, c.AccRows), 37)
			b.reset()
			b.pW, b.pA, b.pC, b.pB = 1, 1, 1, 1
			b.run(gemmJob(t, r, c, c.AccRows))

			b.replay()
			t.Logf("%d cycles replayed", len(b.stim))
		})
	}
}

// TestWSAccAssumptions checks that traffic breaking the sideband rules
// stops rtlsim with the rule's message.
func TestWSAccAssumptions(t *testing.T) {
	c := accConfig(2, 2, 8, 20, true, 2)
	r := rand.New(rand.NewPCG(4, 4))
	for _, tc := range []struct {
		name string
		mod  func(j *wsJob)
		want string
	}{
		{"long accumulate", func(j *wsJob) { j.acc = []bool{true, true, true} }, "at most acc_rows rows"},
		{"long silent", func(j *wsJob) { j.out = []bool{false, false, false} }, "at most acc_rows rows"},
		{"sideband changes", func(j *wsJob) { j.acc[1] = true }, "constant within a batch"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newWSBench(t, c, 4)
			j := newWSJobFrom(t, c, []WSBatch{{A: randMatrix(r, c, 3, 2), B: randMatrix(r, c, 2, 2), Out: true}})
			tc.mod(&j)
			j.want = nil
			b.start(j)
			var err error
			for range 40 {
				b.sim.PokeUint64(b.h["c_ready"], 1)
				b.offer()
				b.sim.Step(1)
				if err = b.sim.Err(); err != nil {
					break
				}
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

// offer drives the W and A streams for one cycle without checking C.
func (b *wsBench) offer() {
	s := b.sim
	b.wOn = b.wi < len(b.job.w)
	b.aOn = b.ai < len(b.job.a)
	s.PokeUint64(b.h["w_valid"], wsBit(b.wOn))
	if b.wOn {
		s.Poke(b.h["w_data"], b.job.w[b.wi])
	}
	s.PokeUint64(b.h["a_valid"], wsBit(b.aOn))
	if b.aOn {
		s.Poke(b.h["a_data"], b.job.a[b.ai])
		s.PokeUint64(b.h["a_last"], wsBit(b.job.last[b.ai]))
	}
	b.pokeSidebands()
	if b.wOn && s.PeekUint64(b.h["w_ready"]) == 1 {
		b.wi++
	}
	if b.aOn && s.PeekUint64(b.h["a_ready"]) == 1 {
		b.ai++
	}
	b.acceptBias()
}

// TestWSAccDefaultUnchanged checks that a core without an accumulator has
// no sideband ports and no accumulator module.
func TestWSAccDefaultUnchanged(t *testing.T) {
	for _, accRows := range []int{0, 3} {
		c := accConfig(2, 2, 8, 20, true, accRows)
		d, err := elaborate.Elaborate(wsCore(c))
		require.NoError(t, err)
		sim, err := rtlsim.Compile(d)
		require.NoError(t, err)
		var names []string
		for _, p := range sim.Inputs() {
			names = append(names, p.Name)
		}
		hasAcc := false
		for _, m := range d.Modules {
			hasAcc = hasAcc || strings.HasSuffix(m.Name, "_acc")
		}
		require.Equal(t, accRows > 0, hasAcc, "accumulator module")
		require.Equal(t, accRows > 0, strings.Contains(strings.Join(names, ","), "a_acc"), "a_acc port")
	}
}

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

// TestWSAccConfig checks the accumulator's validation, name, manifest and
// C header.
func TestWSAccConfig(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want string
	}{
		{accConfig(2, 2, 8, 20, true, -1), "acc_rows -1: want 0 (no accumulator) or 1..65536"},
		{accConfig(2, 2, 8, 20, true, 65537), "acc_rows 65537"},
		{Config{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 20, Dataflow: OS, AccRows: 4}, "the accumulator memory is the ws core's"},
	} {
		require.ErrorContains(t, tc.c.Validate(), tc.want)
		_, err := New(tc.c)
		require.Error(t, err)
	}
	require.NoError(t, accConfig(1, 1, 8, 20, true, MaxAccRows).Validate())

	c := withStage(accConfig(2, 3, 8, 20, true, 6), true, true, "", 8)
	require.Equal(t, "systolic_ws_2x3_i8_a20_acc6_bias_relu_oi8", c.TopName())
	g, err := New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	m := c.Manifest(d)
	require.Equal(t, 6, m.Params.AccRows)
	require.Equal(t, 6, m.Timing.ResetCycles)
	require.Equal(t, c.WSLatency(), m.Timing.LatencyCycles)
	ports := map[string]Port{}
	var names []string
	for _, p := range m.Ports {
		ports[p.Name] = p
		names = append(names, p.Name)
	}
	require.Equal(t, []string{"clk", "rst", "w_valid", "w_ready", "w_data", "a_valid", "a_ready", "a_data", "a_last",
		"a_acc", "a_out", "a_relu", "a_shift", "bias_valid", "bias_ready", "bias_data", "c_valid", "c_ready", "c_data", "c_last"}, names)
	require.Equal(t, Port{"a_shift", "input", 5}, ports["a_shift"])
	require.Equal(t, Port{"bias_data", "input", 3 * 20}, ports["bias_data"])
	require.Equal(t, Port{"c_data", "output", 3 * 8}, ports["c_data"])
	require.Contains(t, string(m.JSON()), `"acc_rows": 6`)
	require.Contains(t, string(m.CHeader()), "#define SYSTOLIC_WS_2X3_I8_A20_ACC6_BIAS_RELU_OI8_ACC_ROWS 6")

	// Without the option, no trace of it.
	plain := wsConfig(2, 3, 8, 20, true)
	d, err = elaborate.Elaborate(wsCore(plain))
	require.NoError(t, err)
	m = plain.Manifest(d)
	require.NotContains(t, string(m.JSON()), "acc_rows")
	require.NotContains(t, string(m.JSON()), "reset_cycles")
	require.NotContains(t, string(m.CHeader()), "ACC_ROWS")
}
