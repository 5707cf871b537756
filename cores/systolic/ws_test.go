package systolic

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// wsJob is the traffic of one session: weight tiles and batches of A, the
// beats that carry them and the C rows the reference model expects.
type wsJob struct {
	w        []bits.Value
	a        []bits.Value
	last     []bool
	acc, out []bool // the a_acc and a_out sidebands of each A beat (with an accumulator)
	relu     []bool // a_relu of each A beat (with ReLU)
	shift    []int  // a_shift of each A beat (with an integer conversion)
	bias     []bits.Value
	want     []Row
}

func randOperand(r *rand.Rand, c Config) int64 {
	if f, ok := c.Float(); ok {
		return int64(f.Sample(r))
	}
	lo, hi := c.Range()
	switch r.IntN(8) {
	case 0:
		return lo
	case 1:
		return hi
	}
	return lo + r.Int64N(hi-lo+1)
}

func randMatrix(r *rand.Rand, c Config, n, m int) [][]int64 {
	x := make([][]int64, n)
	for i := range x {
		x[i] = make([]int64, m)
		for j := range x[i] {
			x[i][j] = randOperand(r, c)
		}
	}
	return x
}

// newWSJob makes one tile and one batch per entry of sizes (the rows of
// each batch).
func newWSJob(r *rand.Rand, c Config, sizes []int) wsJob {
	var j wsJob
	var tiles, batches [][][]int64
	for _, m := range sizes {
		b := randMatrix(r, c, c.Rows, c.Cols)
		a := randMatrix(r, c, m, c.Rows)
		tiles, batches = append(tiles, b), append(batches, a)
		for _, row := range b {
			j.w = append(j.w, Pack(row, c.InWidth))
		}
		for i, row := range a {
			j.a = append(j.a, Pack(row, c.InWidth))
			j.last = append(j.last, i == m-1)
		}
	}
	j.want = c.WSExpected(tiles, batches)
	return j
}

// wsBench drives a ws core in rtlsim cycle by cycle.
type wsBench struct {
	t   *testing.T
	c   Config
	sim *rtlsim.Sim
	r   *rand.Rand
	h   map[string]rtlsim.Handle

	pW, pA, pC float64 // probabilities of w_valid, a_valid, c_ready
	pB         float64 // probability of bias_valid (with a bias)

	// Per session.
	job              wsJob
	wi, ai, bi       int  // next beats to offer
	wOn, aOn, bOn    bool // a beat is on offer (valid is 1)
	got              []Row
	prevValid, stall bool // c_valid and !c_ready on the previous cycle
	prev             Row

	cycle      int
	record     bool          // keep stim and trace for another simulator
	stim       vsim.Stimulus // inputs of every cycle (clock excluded)
	trace      vsim.Trace    // rtlsim's outputs of every cycle
	aFires     []int         // cycles on which an A row was accepted
	lastCFire  int
	firstAFire int
}

func newWSBench(t *testing.T, c Config, seed uint64) *wsBench {
	t.Helper()
	d, err := elaborate.Elaborate(wsCore(c))
	require.NoError(t, err)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	b := &wsBench{t: t, c: c, sim: sim, r: rand.New(rand.NewPCG(seed, 0x5eed)), h: map[string]rtlsim.Handle{}, pW: 1, pA: 1, pC: 1, pB: 1}
	for _, p := range append(sim.Inputs(), sim.Outputs()...) {
		b.h[p.Name] = p.Handle
	}
	for _, n := range []string{"rst", "w_valid", "w_ready", "w_data", "a_valid", "a_ready", "a_data", "a_last", "c_valid", "c_ready", "c_data", "c_last"} {
		require.Truef(t, b.h[n].IsValid(), "port %s", n)
	}
	b.reset()
	return b
}

// reset holds rst for one cycle with every valid low and starts a new
// session with no traffic.
func (b *wsBench) reset() {
	b.sim.PokeUint64(b.h["w_valid"], 0)
	b.sim.PokeUint64(b.h["a_valid"], 0)
	b.sim.PokeUint64(b.h["c_ready"], 0)
	if h, ok := b.h["bias_valid"]; ok {
		b.sim.PokeUint64(h, 0)
	}
	b.sim.PokeUint64(b.h["rst"], 1)
	b.clock()
	b.sim.PokeUint64(b.h["rst"], 0)
	b.start(wsJob{})
}

func (b *wsBench) start(j wsJob) {
	b.job, b.wi, b.ai, b.wOn, b.aOn, b.got = j, 0, 0, false, false, nil
	b.bi, b.bOn = 0, false
	b.prevValid, b.stall = false, false
	b.aFires, b.lastCFire, b.firstAFire = nil, -1, -1
}

func (b *wsBench) flip(p float64) bool { return p >= 1 || b.r.Float64() < p }

func (b *wsBench) garbage(width int) bits.Value {
	w := make([]uint64, bits.Words(width))
	for i := range w {
		w[i] = b.r.Uint64()
	}
	return bits.FromWords(width, w)
}

// step runs one cycle: offer beats by the stream rules, check the C
// stream's rules, record transfers, and clock.
func (b *wsBench) step() {
	t, s, c := b.t, b.sim, b.c
	t.Helper()
	if !b.wOn && b.wi < len(b.job.w) {
		b.wOn = b.flip(b.pW)
	}
	if !b.aOn && b.ai < len(b.job.a) {
		b.aOn = b.flip(b.pA)
	}
	s.PokeUint64(b.h["w_valid"], wsBit(b.wOn))
	if b.wOn {
		s.Poke(b.h["w_data"], b.job.w[b.wi])
	} else {
		s.Poke(b.h["w_data"], b.garbage(c.Cols*c.InWidth))
	}
	s.PokeUint64(b.h["a_valid"], wsBit(b.aOn))
	if b.aOn {
		s.Poke(b.h["a_data"], b.job.a[b.ai])
		s.PokeUint64(b.h["a_last"], wsBit(b.job.last[b.ai]))
	} else {
		s.Poke(b.h["a_data"], b.garbage(c.Rows*c.InWidth))
		s.PokeUint64(b.h["a_last"], b.r.Uint64())
	}
	b.pokeSidebands()
	ready := b.flip(b.pC)
	b.checkNoComb(ready)
	s.PokeUint64(b.h["c_ready"], wsBit(ready))

	cValid := s.PeekUint64(b.h["c_valid"]) == 1
	var row Row
	if cValid {
		row = Row{Data: Unpack(s.Peek(b.h["c_data"]), c.Cols, c.OutElemWidth()), Last: s.PeekUint64(b.h["c_last"]) == 1}
	}
	if b.stall {
		require.True(t, cValid, "cycle %d: c_valid dropped before its transfer", b.cycle)
		require.Equal(t, b.prev, row, "cycle %d: c_data/c_last changed before the transfer", b.cycle)
	}
	if cValid && ready {
		require.Less(t, len(b.got), len(b.job.want), "cycle %d: more C rows than expected", b.cycle)
		n := len(b.got)
		require.Equal(t, b.job.want[n], row, "cycle %d: C row %d", b.cycle, n)
		b.got = append(b.got, row)
		b.lastCFire = b.cycle
	}
	b.stall, b.prev = cValid && !ready, row

	if b.wOn && s.PeekUint64(b.h["w_ready"]) == 1 {
		b.wi++
		b.wOn = false
	}
	if b.aOn && s.PeekUint64(b.h["a_ready"]) == 1 {
		if b.firstAFire < 0 {
			b.firstAFire = b.cycle
		}
		b.aFires = append(b.aFires, b.cycle)
		b.ai++
		b.aOn = false
	}
	b.acceptBias()
	b.clock()
	require.NoError(t, s.Err())
}

// clock takes one edge, recording the cycle's inputs and outputs first.
func (b *wsBench) clock() {
	if b.record {
		b.stim, b.trace = recordCycle(b.sim, b.stim, b.trace)
	}
	b.sim.Step(1)
	b.cycle++
}

// checkNoComb checks that no handshake output depends combinationally on
// c_ready, and that the readies do not depend on the valids: flipping those
// inputs within a cycle changes none of them.
func (b *wsBench) checkNoComb(ready bool) {
	b.t.Helper()
	s := b.sim
	outs := []string{"w_ready", "a_ready", "c_valid", "c_last"}
	if _, ok := b.h["bias_ready"]; ok {
		outs = append(outs, "bias_ready")
	}
	snap := func() []uint64 {
		v := make([]uint64, len(outs))
		for i, n := range outs {
			v[i] = s.PeekUint64(b.h[n])
		}
		return v
	}
	s.PokeUint64(b.h["c_ready"], wsBit(ready))
	base := snap()
	for _, in := range []string{"c_ready", "w_valid", "a_valid"} {
		v := s.PeekUint64(b.h[in])
		s.PokeUint64(b.h[in], v^1)
		require.Equal(b.t, base, snap(), "cycle %d: %v depend combinationally on %s", b.cycle, outs, in)
		s.PokeUint64(b.h[in], v)
	}
}

// run runs job to completion and a few cycles more.
func (b *wsBench) run(j wsJob) {
	b.t.Helper()
	b.start(j)
	limit := 200 + 60*(len(j.a)+len(j.w)+len(j.bias)+b.c.Rows+b.c.Cols)
	// Every A row too: rows with a_out = 0 bring no C row.
	for n := 0; len(b.got) < len(j.want) || b.ai < len(j.a) || b.bi < len(j.bias); n++ {
		require.Less(b.t, n, limit, "timeout: %d of %d C rows after %d cycles", len(b.got), len(j.want), n)
		b.step()
	}
	for range 2*b.c.WSLatency() + 4 {
		b.step()
	}
	require.Equal(b.t, len(j.want), len(b.got))
}

// runFor runs job for n cycles (it need not finish) and checks that what
// came out is a prefix of what it expects.
func (b *wsBench) runFor(j wsJob, n int) {
	b.t.Helper()
	b.start(j)
	for range n {
		b.step()
	}
}

func wsBit(v bool) uint64 {
	if v {
		return 1
	}
	return 0
}

func wsConfig(rows, cols, in, acc int, signed bool) Config {
	return Config{Rows: rows, Cols: cols, InWidth: in, AccWidth: acc, Signed: signed, Dataflow: WS}
}

var wsCases = []Config{
	wsConfig(1, 1, 8, 32, true),
	wsConfig(1, 6, 8, 12, false),
	wsConfig(6, 1, 4, 7, true),
	wsConfig(2, 3, 8, 12, true),
	wsConfig(4, 4, 16, 40, false),
	wsConfig(4, 4, 4, 6, false),
	wsConfig(8, 5, 8, 12, true),
	wsConfig(5, 8, 16, 20, true),
	wsConfig(3, 2, 32, 64, true),
	wsConfig(1, 1, 2, 3, false),
	wsConfig(7, 7, 8, 32, true),
}

func randSizes(r *rand.Rand, n, max int) []int {
	s := make([]int, n)
	for i := range s {
		switch r.IntN(4) {
		case 0:
			s[i] = 1
		case 1:
			s[i] = 1 + r.IntN(3)
		default:
			s[i] = 1 + r.IntN(max)
		}
	}
	return s
}

// TestWSRandom runs random matmuls through each configuration under
// different valid/ready patterns, with a reset in the middle of traffic,
// and compares every C beat with the reference model.
func TestWSRandom(t *testing.T) {
	type pattern struct{ pW, pA, pC float64 }
	patterns := []pattern{{1, 1, 1}, {0.5, 0.7, 0.6}, {0.2, 0.9, 1}, {1, 0.3, 0.3}, {0.9, 1, 0.1}}
	for i, c := range wsCases {
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			b := newWSBench(t, c, uint64(i))
			r := rand.New(rand.NewPCG(uint64(i), 1))
			rows := 0
			for round := range 8 {
				for pi, p := range patterns {
					b.pW, b.pA, b.pC = p.pW, p.pA, p.pC
					j := newWSJob(r, c, randSizes(r, 6, 3*(c.Rows+c.Cols)))
					b.run(j)
					rows += len(j.want)
					// A reset in the middle of traffic, then fresh traffic.
					b.runFor(newWSJob(r, c, randSizes(r, 4, 20)), 5+r.IntN(60+10*pi+20*round))
					b.reset()
				}
			}
			t.Logf("%d C rows checked in %d cycles", rows, b.cycle)
			b.pW, b.pA, b.pC = 1, 1, 1
			b.run(newWSJob(r, c, []int{1, 1, 2, 1, 40, 1}))
		})
	}
}

// TestWSThroughput streams T=4 batches of M=64 rows through a 16×16 int8
// core with every input always valid and c_ready always 1: after the first
// tile is loaded the core accepts a row of A on every cycle, across batch
// boundaries, and the whole run takes exactly WSCycles.
func TestWSThroughput(t *testing.T) {
	const T, M = 4, 64
	c := wsConfig(16, 16, 8, 32, true)
	b := newWSBench(t, c, 1)
	r := rand.New(rand.NewPCG(9, 9))
	sizes := make([]int, T)
	for i := range sizes {
		sizes[i] = M
	}
	b.run(newWSJob(r, c, sizes))
	require.Len(t, b.aFires, T*M)
	for i, cy := range b.aFires {
		require.Equal(t, b.firstAFire+i, cy, "A row %d not accepted back to back", i)
	}
	total := b.lastCFire - b.firstAFire + 1
	t.Logf("%d batches of %d rows on %s: %d cycles from the first A row accepted to the last C row (bound %d); first A row on cycle %d",
		T, M, c.TopName(), total, T*M+c.Rows+c.Cols+8, b.firstAFire)
	require.LessOrEqual(t, total, T*M+c.Rows+c.Cols+8)
	require.Equal(t, c.WSCycles(T, M), total)
}

// TestWSZeroBubble checks the documented condition for batch boundaries
// without a bubble, and that it is tight: with batches of wsMinRows rows
// the core accepts a row on every cycle, with one row fewer it cannot.
func TestWSZeroBubble(t *testing.T) {
	for _, c := range []Config{wsConfig(1, 1, 8, 16, true), wsConfig(3, 1, 8, 16, true), wsConfig(1, 4, 8, 16, true),
		wsConfig(4, 4, 8, 16, false), wsConfig(3, 5, 8, 16, true), wsConfig(5, 2, 8, 16, true)} {
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(5, 5))
			for _, m := range []int{c.wsMinRows(), c.wsMinRows() - 1} {
				b := newWSBench(t, c, 3)
				b.run(newWSJob(r, c, []int{m, m, m, m}))
				gaps := b.aFires[len(b.aFires)-1] - b.aFires[0] + 1 - len(b.aFires)
				if m == c.wsMinRows() {
					require.Zero(t, gaps, "batches of %d rows", m)
					require.Equal(t, c.WSCycles(4, m), b.lastCFire-b.firstAFire+1)
				} else if m > 0 {
					require.NotZero(t, gaps, "batches of %d rows", m)
				}
			}
		})
	}
}

// TestWSLatency checks the documented latency on a single row.
func TestWSLatency(t *testing.T) {
	for _, c := range []Config{wsConfig(1, 1, 8, 16, false), wsConfig(3, 5, 8, 16, false), wsConfig(16, 16, 8, 32, true)} {
		b := newWSBench(t, c, 2)
		r := rand.New(rand.NewPCG(3, 3))
		b.run(newWSJob(r, c, []int{1}))
		require.Equal(t, c.WSLatency(), b.lastCFire-b.firstAFire, c.TopName())
	}
}

// TestWSPEOutputsRegistered checks that every output of the PE module comes
// straight from one of its registers.
func TestWSPEOutputsRegistered(t *testing.T) {
	for _, c := range []Config{wsConfig(2, 3, 8, 12, true), wsConfig(4, 4, 16, 40, false)} {
		d, err := elaborate.Elaborate(wsCore(c))
		require.NoError(t, err)
		pe := d.Module(c.TopName() + "_pe")
		require.NotNil(t, pe)
		regQ := map[netlist.NetID]bool{}
		for _, r := range pe.Regs {
			regQ[r.Q] = true
		}
		bufOf := map[netlist.NetID]netlist.NetID{}
		for _, cell := range pe.Cells {
			if cell.Op == netlist.OpBuf {
				bufOf[cell.Out] = cell.In[0]
			}
		}
		outs := 0
		for _, p := range pe.Ports {
			if p.Dir != netlist.Out {
				continue
			}
			outs++
			n := p.Net
			for i := 0; i < 4 && !regQ[n]; i++ {
				if in, ok := bufOf[n]; ok {
					n = in
				}
			}
			require.True(t, regQ[n], "PE output %s is not a register", pe.Net(p.Net).Name)
		}
		require.Equal(t, 6, outs)
	}
}

// TestWSVerilog replays a random session, a reset in mid-traffic and a
// second session on the emitted Verilog under Verilator and Icarus, and
// requires rtlsim's outputs on every cycle.
func TestWSVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	c := wsConfig(3, 4, 8, 12, true)
	b := newWSBench(t, c, 11)
	b.record = true
	b.reset() // recorded: the other simulators start from power-on
	r := rand.New(rand.NewPCG(11, 1))
	b.pW, b.pA, b.pC = 0.7, 0.8, 0.6
	b.run(newWSJob(r, c, []int{1, 9, 3, 20}))
	b.runFor(newWSJob(r, c, []int{5, 5}), 23)
	b.reset()
	b.pW, b.pA, b.pC = 1, 1, 1
	b.run(newWSJob(r, c, []int{12, 1, 12}))

	b.replay()
}

// replay runs the recorded session on the emitted Verilog under
// Verilator and Icarus and requires rtlsim's outputs on every cycle.
func (b *wsBench) replay() {
	t := b.t
	t.Helper()
	spec := replaySpec(t, wsCore(b.c), b.sim)
	ctx := context.Background()
	model, err := (&vsim.Verilator{}).Build(ctx, spec)
	require.NoError(t, err)
	got, err := model.Run(ctx, b.stim)
	require.NoError(t, err)
	// Cycle 0 shows the state before the first reset, which differs.
	require.Empty(t, vsim.Diff(spec.Outputs, got[1:], b.trace[1:], 10), "Verilator vs rtlsim")
	got, err = vsim.RunIcarus(ctx, spec, b.stim)
	require.NoError(t, err)
	require.Empty(t, vsim.Diff(spec.Outputs, got[1:], b.trace[1:], 10), "Icarus vs rtlsim")
}

// TestWSLint runs the emitted Verilog of a few configurations through
// Verilator's linter and Yosys's synthesis check.
func TestWSLint(t *testing.T) {
	cfgs := []Config{wsConfig(1, 1, 8, 32, true), wsConfig(2, 3, 8, 12, true), wsConfig(4, 4, 4, 6, false), wsConfig(3, 2, 16, 64, false)}
	lintCores(t, cfgs, func(int) bool { return true })
}

// TestWSLarge elaborates a 32×32 core quickly.
func TestWSLarge(t *testing.T) {
	c := wsConfig(32, 32, 8, 32, true)
	start := time.Now()
	d, err := elaborate.Elaborate(wsCore(c))
	require.NoError(t, err)
	_, err = emit.Verilog(d)
	require.NoError(t, err)
	el := time.Since(start)
	t.Logf("32x32: elaborated and emitted in %v", el)
	require.Less(t, el, 10*time.Second)
}
