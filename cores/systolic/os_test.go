package systolic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// osBench drives an os core in rtlsim one cycle at a time.
type osBench struct {
	t   *testing.T
	c   Config
	sim *rtlsim.Sim

	inValid, inReady, inA, inB, inLast             rtlsim.Handle
	inRelu, inShift                                *rtlsim.Handle // with the options only
	cValid, cReady, cData, cLast                   rtlsim.Handle
	prevValid, prevReady                           bool
	prevData                                       bits.Value
	prevLast                                       bool
	cycle                                          int
	firstIn, lastIn, firstOut, lastOut, inAccepted int
	got                                            []Row
	probe                                          bool // check that no output depends on this cycle's inputs

	// With Bias, run offers bias[biasNext:] on the bias stream.
	biasValid, biasReady, biasData rtlsim.Handle
	bias                           []bits.Value
	biasNext                       int

	// With rec set, every cycle's inputs and outputs are recorded, to
	// replay the run under Verilator.
	rec   bool
	rst   rtlsim.Handle
	stim  vsim.Stimulus
	trace vsim.Trace
}

// step records the cycle when recording and takes one clock edge.
func (b *osBench) step() {
	if b.rec {
		b.stim, b.trace = recordCycle(b.sim, b.stim, b.trace)
	}
	b.sim.Step(1)
	b.cycle++
}

// checkNoComb flips in_valid and c_ready and checks that in_ready, c_valid,
// c_data and c_last do not follow, then restores them.
func (b *osBench) checkNoComb(valid, ready, inReady, cValid bool, data bits.Value, last bool) {
	b.t.Helper()
	b.sim.PokeUint64(b.inValid, osB2u(!valid))
	b.sim.PokeUint64(b.cReady, osB2u(!ready))
	require.Equal(b.t, inReady, b.sim.PeekUint64(b.inReady) == 1, "cycle %d: in_ready depends on an input", b.cycle)
	require.Equal(b.t, cValid, b.sim.PeekUint64(b.cValid) == 1, "cycle %d: c_valid depends on an input", b.cycle)
	require.True(b.t, data.Equal(b.sim.Peek(b.cData)) && last == (b.sim.PeekUint64(b.cLast) == 1), "cycle %d: c_data/c_last depend on an input", b.cycle)
	b.sim.PokeUint64(b.inValid, osB2u(valid))
	b.sim.PokeUint64(b.cReady, osB2u(ready))
}

func newOSBench(t *testing.T, c Config) *osBench {
	t.Helper()
	require.NoError(t, c.Validate())
	d, err := elaborate.Elaborate(osCore(c))
	require.NoError(t, err)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	b := &osBench{t: t, c: c, sim: sim}
	h := func(name string) rtlsim.Handle {
		hd, err := sim.Handle(name)
		require.NoError(t, err, name)
		return hd
	}
	b.inValid, b.inReady, b.inA, b.inB, b.inLast = h("in_valid"), h("in_ready"), h("in_a"), h("in_b"), h("in_last")
	if c.ReLU {
		hd := h("in_relu")
		b.inRelu = &hd
	}
	if c.ShiftWidth() > 0 {
		hd := h("in_shift")
		b.inShift = &hd
	}
	if c.Bias {
		b.biasValid, b.biasReady, b.biasData = h("bias_valid"), h("bias_ready"), h("bias_data")
	}
	b.cValid, b.cReady, b.cData, b.cLast = h("c_valid"), h("c_ready"), h("c_data"), h("c_last")
	b.rst = h("rst")
	b.reset()
	return b
}

// reset holds rst for one edge with both streams idle and forgets the
// output seen so far.
func (b *osBench) reset() {
	b.sim.PokeUint64(b.inValid, 0)
	b.sim.PokeUint64(b.cReady, 0)
	if b.c.Bias {
		b.sim.PokeUint64(b.biasValid, 0)
	}
	b.sim.PokeUint64(b.rst, 1)
	b.step()
	b.sim.PokeUint64(b.rst, 0)
	b.prevValid, b.got = false, nil
	b.firstIn, b.firstOut, b.lastOut, b.inAccepted = -1, -1, -1, 0
}

// beat is one k-step of the input stream.
type beat struct {
	a, b  bits.Value
	last  bool
	relu  bool   // in_relu, with ReLU
	shift uint64 // in_shift, with an integer conversion
}

func (c Config) osBeats(tiles []OSTile) []beat {
	var out []beat
	for _, t := range tiles {
		k := len(t.B)
		for kk := range k {
			col := make([]int64, c.Rows)
			for i := range col {
				col[i] = t.A[i][kk]
			}
			out = append(out, beat{Pack(col, c.InWidth), Pack(t.B[kk], c.InWidth), kk == k-1, t.ReLU, uint64(t.Shift)})
		}
	}
	return out
}

func (c Config) osRandTile(r *rand.Rand, k int) OSTile {
	lo, hi := c.Range()
	v := func() int64 { return lo + r.Int64N(hi-lo+1) }
	if _, ok := c.Float(); ok {
		v = func() int64 { return randOperand(r, c) }
	}
	t := OSTile{A: make([][]int64, c.Rows), B: make([][]int64, k)}
	for i := range t.A {
		t.A[i] = make([]int64, k)
		for kk := range t.A[i] {
			t.A[i][kk] = v()
		}
	}
	for kk := range t.B {
		t.B[kk] = make([]int64, c.Cols)
		for j := range t.B[kk] {
			t.B[kk][j] = v()
		}
	}
	t.Bias, t.ReLU, t.Shift = c.SampleOutStage(r)
	return t
}

// runTiles runs ts (and their bias vectors, with Bias) through run.
func (b *osBench) runTiles(r *rand.Rand, ts []OSTile, pIn, pOut float64, want, cycles int) {
	b.t.Helper()
	b.bias, b.biasNext = nil, 0
	for _, t := range ts {
		if !b.c.Bias {
			break
		}
		lanes := make([]int64, len(t.Bias))
		for j, x := range t.Bias {
			lanes[j] = int64(x)
		}
		b.bias = append(b.bias, Pack(lanes, b.c.AccWidth))
	}
	b.run(r, b.c.osBeats(ts), pIn, pOut, want, cycles)
}

// run drives the beats with in_valid 1 with probability pIn on each cycle a
// beat is not being held, and c_ready 1 with probability pOut, for at most
// cycles cycles or until want output rows have arrived. It checks the
// stream rules on c and returns the next beat to send.
func (b *osBench) run(r *rand.Rand, beats []beat, pIn, pOut float64, want, cycles int) int {
	b.t.Helper()
	next := 0
	holding, biasHolding := false, false
	for range cycles {
		if len(b.got) >= want {
			break
		}
		valid := holding || next < len(beats) && r.Float64() < pIn
		ready := r.Float64() < pOut
		b.sim.PokeUint64(b.inValid, osB2u(valid))
		if valid {
			b.sim.Poke(b.inA, beats[next].a)
			b.sim.Poke(b.inB, beats[next].b)
			b.sim.PokeUint64(b.inLast, osB2u(beats[next].last))
			if b.inRelu != nil {
				b.sim.PokeUint64(*b.inRelu, osB2u(beats[next].relu))
			}
			if b.inShift != nil {
				b.sim.PokeUint64(*b.inShift, beats[next].shift)
			}
		} else {
			// Garbage while invalid.
			b.sim.Poke(b.inA, osRandBits(r, b.c.Rows*b.c.InWidth))
			b.sim.Poke(b.inB, osRandBits(r, b.c.Cols*b.c.InWidth))
			b.sim.PokeUint64(b.inLast, r.Uint64N(2))
			if b.inRelu != nil {
				b.sim.PokeUint64(*b.inRelu, r.Uint64N(2))
			}
			if b.inShift != nil {
				b.sim.Poke(*b.inShift, osRandBits(r, b.c.ShiftWidth()))
			}
		}
		if b.c.Bias {
			biasValid := biasHolding || b.biasNext < len(b.bias) && r.Float64() < pIn
			b.sim.PokeUint64(b.biasValid, osB2u(biasValid))
			if biasValid {
				b.sim.Poke(b.biasData, b.bias[b.biasNext])
			} else {
				b.sim.Poke(b.biasData, osRandBits(r, b.c.Cols*b.c.AccWidth))
			}
			biasHolding = biasValid && b.sim.PeekUint64(b.biasReady) == 0
			if biasValid && !biasHolding {
				b.biasNext++
			}
		}
		b.sim.PokeUint64(b.cReady, osB2u(ready))
		inReady := b.sim.PeekUint64(b.inReady) == 1
		cValid := b.sim.PeekUint64(b.cValid) == 1
		data, last := b.sim.Peek(b.cData), b.sim.PeekUint64(b.cLast) == 1
		if b.probe {
			b.checkNoComb(valid, ready, inReady, cValid, data, last)
		}
		if b.prevValid && !b.prevReady {
			require.True(b.t, cValid, "cycle %d: c_valid fell before a transfer", b.cycle)
			require.True(b.t, data.Equal(b.prevData) && last == b.prevLast, "cycle %d: c_data/c_last changed while stalled", b.cycle)
		}
		b.prevValid, b.prevReady, b.prevData, b.prevLast = cValid, ready, data, last
		if valid && inReady {
			if b.firstIn < 0 {
				b.firstIn = b.cycle
			}
			b.inAccepted++
			b.lastIn = b.cycle
			next++
			holding = false
		} else {
			holding = valid
		}
		if cValid && b.firstOut < 0 {
			b.firstOut = b.cycle
		}
		if cValid && ready {
			b.got = append(b.got, Row{Data: Unpack(data, b.c.Cols, b.c.OutElemWidth()), Last: last})
			b.lastOut = b.cycle
		}
		b.step()
	}
	return next
}

func osB2u(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}

func osRandBits(r *rand.Rand, w int) bits.Value {
	words := make([]uint64, bits.Words(w))
	for i := range words {
		words[i] = r.Uint64()
	}
	if w%64 != 0 {
		words[len(words)-1] &= 1<<(w%64) - 1
	}
	return bits.FromWords(w, words)
}

// check compares the rows received with the first rows of want.
func (b *osBench) check(want []Row, what string) {
	b.t.Helper()
	require.LessOrEqual(b.t, len(b.got), len(want), "%s: more output rows than expected", what)
	for n, g := range b.got {
		require.Equal(b.t, want[n], g, "%s: output row %d (tile %d, row %d)", what, n, n/b.c.Rows, n%b.c.Rows)
	}
}

var osConfigs = []Config{
	{Rows: 1, Cols: 1, InWidth: 8, Signed: true, AccWidth: 12},
	{Rows: 1, Cols: 5, InWidth: 4, Signed: false, AccWidth: 9},
	{Rows: 6, Cols: 1, InWidth: 16, Signed: true, AccWidth: 20},
	{Rows: 2, Cols: 3, InWidth: 8, Signed: false, AccWidth: 17},
	{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 18},
	{Rows: 4, Cols: 4, InWidth: 16, Signed: false, AccWidth: 64},
	{Rows: 5, Cols: 8, InWidth: 4, Signed: true, AccWidth: 7},
	{Rows: 3, Cols: 2, InWidth: 32, Signed: true, AccWidth: 64},
	{Rows: 8, Cols: 5, InWidth: 8, Signed: true, AccWidth: 10},
	{Rows: 3, Cols: 3, InWidth: 2, Signed: false, AccWidth: 3},
}

// Random tiles of depth 1 to beyond Rows, random input gaps and c_ready
// backpressure, a reset in the middle of traffic, then fresh traffic: every
// output beat matches the reference model.
func TestOSRandom(t *testing.T) {
	for n, c := range osConfigs {
		c.Dataflow = OS
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(n), 0x05))
			b := newOSBench(t, c)
			b.probe = true
			b.randomPhases(r, 12, 16, []float64{0.1, 0.5, 0.9, 1}, 2)
		})
	}
}

// randomPhases runs phases rounds of tiles random tiles (depth 1 to beyond
// Rows, random output-stage settings) with in_valid (and bias_valid) and
// c_ready each drawn from probs per phase; every stopEvery-th phase stops
// in the middle of traffic, checks the prefix and resets. Every output
// beat must match OSExpected.
func (b *osBench) randomPhases(r *rand.Rand, phases, tiles int, probs []float64, stopEvery int) {
	b.t.Helper()
	c := b.c
	for phase := range phases {
		ts := make([]OSTile, tiles)
		for i := range ts {
			ts[i] = c.osRandTile(r, 1+r.IntN(2*c.Rows+3))
		}
		want := c.OSExpected(ts)
		beats := len(c.osBeats(ts))
		pIn, pOut := probs[r.IntN(len(probs))], probs[r.IntN(len(probs))]
		what := fmt.Sprintf("phase %d (in %.1f, c_ready %.1f)", phase, pIn, pOut)
		if phase%stopEvery == stopEvery-1 {
			b.runTiles(r, ts, pIn, pOut, len(want)/2, 40*beats+500)
			b.check(want, what+" before reset")
			b.reset()
			continue
		}
		b.runTiles(r, ts, pIn, pOut, len(want), 40*beats+500)
		require.Equal(b.t, len(want), len(b.got), "%s: output rows", what)
		b.check(want, what)
		b.got = nil
	}
}

// The latency and the total cycles of back-to-back tiles match OSLatency and
// OSCycles, and with K >= Rows a k-step is accepted on every cycle, with
// and without an output stage (whose register stages the formulas count;
// the bias stream is always valid).
func TestOSThroughput(t *testing.T) {
	cases := []struct {
		c        Config
		tiles, k int
	}{
		{Config{Rows: 16, Cols: 16, InWidth: 8, Signed: true, AccWidth: 32}, 6, 16},
		{Config{Rows: 16, Cols: 16, InWidth: 8, Signed: true, AccWidth: 32}, 4, 37},
		{Config{Rows: 3, Cols: 7, InWidth: 8, Signed: false, AccWidth: 20}, 9, 3},
		{Config{Rows: 7, Cols: 3, InWidth: 8, Signed: false, AccWidth: 20}, 5, 9},
		{Config{Rows: 5, Cols: 2, InWidth: 8, Signed: true, AccWidth: 20}, 6, 2},
		{Config{Rows: 1, Cols: 1, InWidth: 8, Signed: true, AccWidth: 20}, 5, 1},
		{Config{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32, Bias: true, ReLU: true, OutWidth: 8}, 6, 4},
		{Config{Rows: 3, Cols: 5, InWidth: 8, AccWidth: 20, Bias: true}, 5, 7},
		{Config{Rows: 5, Cols: 2, InWidth: 8, Signed: true, AccWidth: 20, ReLU: true}, 6, 2},
		{Config{Rows: 1, Cols: 1, InWidth: 8, Signed: true, AccWidth: 20, Bias: true, OutWidth: 4}, 5, 1},
		{Config{Rows: 2, Cols: 3, Bias: true, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16"), 5, 2},
		{Config{Rows: 2, Cols: 2, OutFormat: "fp16"}.WithFormat("fp8e4m3"), 4, 3},
	}
	for _, tc := range cases {
		c := tc.c
		c.Dataflow = OS
		t.Run(fmt.Sprintf("%s_T%d_K%d", c.TopName(), tc.tiles, tc.k), func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			b := newOSBench(t, c)
			// Latency of one tile into an idle core.
			one := []OSTile{c.osRandTile(r, tc.k)}
			b.runTiles(r, one, 1, 1, c.Rows, 10*c.OSCycles(1, tc.k))
			b.check(c.OSExpected(one), "latency")
			require.Equal(t, c.OSLatency(tc.k), b.firstOut-b.firstIn, "latency")
			require.Equal(t, c.OSCycles(1, tc.k), b.lastOut-b.firstIn+1, "cycles of one tile")

			b.reset()
			ts := make([]OSTile, tc.tiles)
			for i := range ts {
				ts[i] = c.osRandTile(r, tc.k)
			}
			want := c.OSExpected(ts)
			beats := c.osBeats(ts)
			start := b.cycle
			b.runTiles(r, ts, 1, 1, len(want), 10*c.OSCycles(tc.tiles, tc.k))
			b.check(want, "back to back")
			require.Equal(t, len(want), len(b.got), "output rows")
			if tc.k >= c.Rows {
				require.Equal(t, start, b.firstIn, "first k-step accepted at once")
				require.Equal(t, len(beats), b.inAccepted)
				// Every beat was accepted on consecutive cycles.
				require.Equal(t, len(beats), b.lastIn-b.firstIn+1, "k-steps on consecutive cycles")
			}
			got := b.lastOut - b.firstIn + 1
			t.Logf("%d tiles of K=%d: %d cycles (formula %d), %.2f MACs/cycle of %d",
				tc.tiles, tc.k, got, c.OSCycles(tc.tiles, tc.k),
				float64(tc.tiles*tc.k*c.Rows*c.Cols)/float64(got), c.Rows*c.Cols)
			require.Equal(t, c.OSCycles(tc.tiles, tc.k), got, "total cycles")
		})
	}
}

// Every configuration's Verilog is clean under Verilator -Wall and Yosys
// synth; check -assert.
func TestOSLint(t *testing.T) {
	configs := []Config{
		{Rows: 1, Cols: 1, InWidth: 8, Signed: true, AccWidth: 12},
		{Rows: 2, Cols: 3, InWidth: 4, Signed: false, AccWidth: 9},
		{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32},
		{Rows: 3, Cols: 2, InWidth: 16, Signed: true, AccWidth: 20},
	}
	for _, tool := range lint.Tools {
		if tool.Name == "iverilog" {
			continue
		}
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			for _, c := range configs {
				c.Dataflow = OS
				t.Run(c.TopName(), func(t *testing.T) {
					t.Parallel()
					d, err := elaborate.Elaborate(osCore(c))
					require.NoError(t, err)
					v, err := emit.Verilog(d)
					require.NoError(t, err)
					dir := t.TempDir()
					file := d.Top + ".v"
					require.NoError(t, os.WriteFile(filepath.Join(dir, file), v, 0o644))
					require.NoError(t, tool.Run(context.Background(), dir, d.Top, file))
				})
			}
		})
	}
}

// The emitted Verilog shows the hierarchy: PE, skew buffers, tags, grid,
// control, drain and the FIFOs are modules of their own.
func TestOSHierarchy(t *testing.T) {
	c := Config{Rows: 2, Cols: 3, InWidth: 8, Signed: true, AccWidth: 20, Dataflow: OS}
	d, err := elaborate.Elaborate(osCore(c))
	require.NoError(t, err)
	require.Equal(t, c.TopName(), d.Top)
	var names []string
	for _, m := range d.Modules {
		names = append(names, m.Name)
	}
	for _, want := range []string{"pe", "skew_2", "skew_3", "tags", "grid", "ctrl", "deskew", "out_fifo", "in_buf"} {
		require.True(t, slices.Contains(names, c.TopName()+"_"+want), "module %s missing from %v", want, names)
	}
}

// No combinational path crosses the array: every output of the PE comes
// straight from a register, and the grid around the PEs is wiring only, so
// any path entering a PE ends at its registers.
func TestOSSystolic(t *testing.T) {
	c := Config{Rows: 3, Cols: 4, InWidth: 8, Signed: true, AccWidth: 24, Dataflow: OS}
	d, err := elaborate.Elaborate(osCore(c))
	require.NoError(t, err)
	pe := d.Module(c.TopName() + "_pe")
	require.NotNil(t, pe)
	isQ := map[netlist.NetID]bool{}
	for _, r := range pe.Regs {
		isQ[r.Q] = true
	}
	driver := map[netlist.NetID]netlist.Cell{}
	for _, cell := range pe.Cells {
		driver[cell.Out] = cell
	}
	outs := 0
	for _, p := range pe.Ports {
		if p.Dir != netlist.Out {
			continue
		}
		outs++
		n := p.Net
		for !isQ[n] {
			cell, ok := driver[n]
			require.True(t, ok && cell.Op == netlist.OpBuf, "PE output %s is not a register", pe.Nets[p.Net].Name)
			n = cell.In[0]
		}
	}
	require.Equal(t, 7, outs)
	grid := d.Module(c.TopName() + "_grid")
	require.NotNil(t, grid)
	require.Len(t, grid.Insts, c.Rows*c.Cols)
	require.Empty(t, grid.Regs)
	for _, cell := range grid.Cells {
		require.Contains(t, []netlist.Op{netlist.OpBuf, netlist.OpSlice, netlist.OpConcat, netlist.OpConst}, cell.Op,
			"grid logic outside the PEs: %v", cell.Op)
	}
}

// The emitted Verilog under Verilator gives the same outputs as rtlsim on
// every cycle of a random run with backpressure and a reset in the middle.
func TestOSVerilator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	for n, c := range []Config{
		{Rows: 3, Cols: 4, InWidth: 8, Signed: true, AccWidth: 12},
		{Rows: 2, Cols: 1, InWidth: 16, Signed: false, AccWidth: 40},
	} {
		c.Dataflow = OS
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(n), 0x7e))
			b := newOSBench(t, c)
			b.rec = true
			b.reset() // recorded: the replay starts from reset too
			for phase := range 3 {
				ts := make([]OSTile, 10)
				for i := range ts {
					ts[i] = c.osRandTile(r, 1+r.IntN(2*c.Rows+2))
				}
				want := c.OSExpected(ts)
				b.run(r, c.osBeats(ts), 0.7, 0.6, len(want)/(1+phase%2), 5000)
				b.check(want, fmt.Sprintf("phase %d", phase))
				b.reset()
			}
			spec := replaySpec(t, osCore(c), b.sim)
			ctx := context.Background()
			model, err := (&vsim.Verilator{}).Build(ctx, spec)
			require.NoError(t, err)
			got, err := model.Run(ctx, b.stim)
			require.NoError(t, err)
			require.Empty(t, vsim.Diff(spec.Outputs, got, b.trace, 10), "Verilator vs rtlsim over %d cycles", len(b.stim))
		})
	}
}
