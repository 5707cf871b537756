package tiling

import (
	"context"
	"fmt"
	"hash/fnv"
	"math/rand/v2"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// This file is the tiling driver: it runs one GEMM larger than the array
// on the core as tiles streamed back to back, and verifies every element.
//
// ws: the batches of schedule.go, each a weight tile and rows of A's
// K-slice, streamed back to back; the core accumulates the K-tiles in
// its accumulator when it has one, else the driver adds their partial
// sums in Go (modulo 2^AccWidth, as the hardware would).
//
// os: C is cut into output tiles of Rows×Cols (M-tile, N-tile); each
// streams its K k-steps (a column of A and a row of B a beat) back to back
// with the next, and the core accumulates the whole depth K itself while
// the previous tile drains.

// Sim is what one GEMM measured.
type Sim struct {
	Cycles   int   // first input row or k-step accepted to last C beat transferred, both included
	Elements int64 // output elements verified
	// Activity is what the RTL did, when counted (see Activity).
	Activity Activity
}

// stream drives one valid/ready input stream from a generator of beats,
// made on demand so that a large GEMM needs no queue of all its beats.
type stream struct {
	valid, ready testbench.Port
	fields       []testbench.Port
	next         func() ([]bits.Value, bool)
	cur          []bits.Value
	first        int64 // cycle of the first transfer, or -1
}

func newStream(b *testbench.Bench, prefix string, next func() ([]bits.Value, bool), fields ...string) *stream {
	s := &stream{valid: b.Port(prefix + "_valid"), ready: b.Port(prefix + "_ready"), next: next, first: -1}
	for _, f := range fields {
		s.fields = append(s.fields, b.Port(prefix+"_"+f))
	}
	s.cur, _ = next()
	b.Add(s)
	return s
}

func (s *stream) Drive(b *testbench.Bench) {
	be := b.Backend()
	if s.cur == nil {
		be.PokeUint64(s.valid, 0)
		return
	}
	for i, f := range s.fields {
		be.Poke(f, s.cur[i])
	}
	be.PokeUint64(s.valid, 1)
}

func (s *stream) Sample(b *testbench.Bench) {
	if s.cur != nil && b.Backend().PeekUint64(s.ready) == 1 {
		if s.first < 0 {
			s.first = int64(b.Cycle())
		}
		s.cur, _ = s.next()
	}
}

func (s *stream) Waiting() bool   { return s.cur != nil }
func (s *stream) Pending() string { return "input stream not drained" }

// collector holds c_ready at 1 and hands every C beat to take.
type collector struct {
	valid, ready, data, last testbench.Port
	n, want                  int
	lastCycle                int64
	take                     func(i int, data bits.Value, last bool)
}

func (k *collector) Drive(b *testbench.Bench) { b.Backend().PokeUint64(k.ready, 1) }

func (k *collector) Sample(b *testbench.Bench) {
	be := b.Backend()
	if be.PeekUint64(k.valid) == 1 {
		k.take(k.n, be.Peek(k.data), be.PeekUint64(k.last) == 1)
		k.n++
		k.lastCycle = int64(b.Cycle())
	}
}

func (k *collector) Waiting() bool { return k.n < k.want }
func (k *collector) Pending() string {
	return fmt.Sprintf("%d of %d C beats received", k.n, k.want)
}

// pack packs lanes of width bits, lane e at [e*width +: width].
func pack(lanes []int64, width int) bits.Value {
	words := make([]uint64, bits.Words(len(lanes)*width))
	mask := ^uint64(0) >> (64 - width)
	for e, v := range lanes {
		u, pos := uint64(v)&mask, e*width
		words[pos/64] |= u << (pos % 64)
		if pos%64+width > 64 {
			words[pos/64+1] |= u >> (64 - pos%64)
		}
	}
	return bits.FromWords(len(lanes)*width, words)
}

// lane returns lane e of width bits of v.
func lane(v bits.Value, e, width int) uint64 {
	pos := e * width
	u := v.Word(pos/64) >> (pos % 64)
	if pos%64+width > 64 {
		u |= v.Word(pos/64+1) << (64 - pos%64)
	}
	return u & (^uint64(0) >> (64 - width))
}

// Operands returns g's random A (M×K) and B (K×N) in c's operand range,
// from a stream that depends only on seed, c's operand type and g. For a
// float format they are finite values of either sign with exponents near
// the bias (magnitudes 1/8 to 16), so that long sums stay finite and
// measure the datapath rather than its NaNs.
func Operands(c systolic.Config, g workload.GEMM, seed uint64) (a, b [][]int64) {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d %v %s %d %d %d", c.InWidth, c.Signed, g.Name, g.M, g.K, g.N)
	if _, ok := c.Float(); ok {
		fmt.Fprintf(h, " %s", c.Format) // int streams stay as they were
	}
	r := rand.New(rand.NewPCG(seed, h.Sum64()))
	lo, hi := c.Range()
	operand := func() int64 { return lo + r.Int64N(hi-lo+1) }
	if f, ok := c.Float(); ok {
		operand = func() int64 {
			e := uint64(f.Bias()) - 3 + r.Uint64N(7)
			return int64(r.Uint64N(2)<<(f.Width()-1) | e<<f.Man | r.Uint64N(1<<f.Man))
		}
	}
	mat := func(rows, cols int) [][]int64 {
		m := make([][]int64, rows)
		for i := range m {
			m[i] = make([]int64, cols)
			for j := range m[i] {
				m[i][j] = operand()
			}
		}
		return m
	}
	return mat(g.M, g.K), mat(g.K, g.N)
}

// RunGEMM resets the core behind b (elaborated from c), streams g's
// tiles through it with A and B (and, with an output stage, its settings,
// see post) from seed, and checks every element of C against the
// reference: c.MatMul in the core's order of accumulation, with the bias,
// ReLU and conversion the core applies (expected). It stops early, with
// ctx's error, when ctx ends; a GEMM the driver cannot run on c is an
// error (Check).
func RunGEMM(ctx context.Context, b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64) (Sim, error) {
	return runGEMM(ctx, b, c, g, seed, nil)
}

// runGEMM is RunGEMM, counting the RTL's activity by plan when it is not
// nil.
func runGEMM(ctx context.Context, b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64, plan *activityPlan) (Sim, error) {
	var act counter
	if plan != nil {
		act = &benchCounter{plan: plan}
	}
	return runCounted(ctx, b, c, g, seed, act)
}

// runCounted is RunGEMM, counting the RTL's activity with act when it is
// not nil.
func runCounted(ctx context.Context, b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64, act counter) (Sim, error) {
	r := newRun(b, c, g, seed)
	var in *stream
	if c.Dataflow == systolic.OS {
		in = r.os()
	} else {
		s := newWSSchedule(c, g, c.AccRows)
		if err := checkPost(c, g, s); err != nil {
			return Sim{}, err
		}
		in = r.ws(s)
	}
	b.Add(r.k)
	if act != nil {
		act.begin(b)
	}

	formula, _ := FormulaCycles(c, g)
	ticks := 0
	stopped := func() bool {
		if ticks++; ticks%4096 == 0 && ctx.Err() != nil {
			return true
		}
		return !r.k.Waiting() && !in.Waiting()
	}
	// The bound covers the cycles after reset before the core takes a row
	// (the accumulator's clear sweep, acc_rows cycles) too.
	if err := b.RunUntil(stopped, 2*formula+10*(c.Rows+c.Cols)+1000+c.Timing().ResetCycles); err != nil {
		return Sim{}, err
	}
	if err := ctx.Err(); err != nil {
		return Sim{}, err
	}
	if r.lastErr != nil {
		return Sim{}, r.lastErr
	}
	want := expected(c, g, r.a, r.b, r.p)
	var bad []string
	for i := range want {
		for j := range want[i] {
			if r.got[i][j] != want[i][j] && len(bad) < 3 {
				bad = append(bad, fmt.Sprintf("C[%d][%d] = %#x, want %#x", i, j, r.got[i][j], want[i][j]))
			}
		}
	}
	if bad != nil {
		return Sim{}, fmt.Errorf("tiling: %s: mismatch: %v", g, bad)
	}
	sim := Sim{Cycles: int(r.k.lastCycle-in.first) + 1, Elements: int64(g.M) * int64(g.N)}
	if act != nil {
		sim.Activity = act.end()
	}
	return sim, nil
}

// run is one GEMM on a bench: its operands and output-stage settings,
// the C it collects, and the streams that drive it.
type run struct {
	bench   *testbench.Bench
	c       systolic.Config
	g       workload.GEMM
	a, b    [][]int64 // A (M×K) and B (K×N)
	p       post
	got     [][]uint64 // C as received
	k       *collector
	lastErr error // the first c_last out of place
	// postFields and postSide are the output stage's sidebands (relu,
	// shift) of the input stream's beats, the same on every beat.
	postFields []string
	postSide   []bits.Value
	vec        []int64 // biasVector's
}

// newRun resets the core behind b and makes g's operands from seed.
func newRun(b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64) *run {
	r := &run{bench: b, c: c, g: g, p: postSettings(c, g, seed), got: make([][]uint64, g.M), vec: make([]int64, c.Cols)}
	r.a, r.b = Operands(c, g, seed)
	for i := range r.got {
		r.got[i] = make([]uint64, g.N)
	}
	if c.ReLU {
		r.postFields, r.postSide = append(r.postFields, "relu"), append(r.postSide, flag(r.p.relu))
	}
	if w := c.ShiftWidth(); w > 0 {
		r.postFields, r.postSide = append(r.postFields, "shift"), append(r.postSide, bits.FromUint64(w, uint64(r.p.shift)))
	}
	b.Reset()
	r.k = &collector{valid: b.Port("c_valid"), ready: b.Port("c_ready"), data: b.Port("c_data"), last: b.Port("c_last")}
	return r
}

// at is m[i][j], or 0 (+0) outside m: the padding of an edge tile.
func at(m [][]int64, i, j int) int64 {
	if i < len(m) && j < len(m[i]) {
		return m[i][j]
	}
	return 0
}

// flag is a 1-bit value.
func flag(x bool) bits.Value {
	if x {
		return bits.FromUint64(1, 1)
	}
	return bits.New(1)
}

// badLast records that C beat i's c_last is wrong.
func (r *run) badLast(i int) {
	if r.lastErr == nil {
		r.lastErr = fmt.Errorf("tiling: %s: C beat %d: c_last wrong", r.g, i)
	}
}

// biasVector is the bias of N-tile n's columns (+0 beyond N), or +0
// throughout unless take.
func (r *run) biasVector(n int, take bool) bits.Value {
	for j := range r.vec {
		r.vec[j] = 0
		if col := n*r.c.Cols + j; take && col < r.g.N {
			r.vec[j] = int64(r.p.bias[col])
		}
	}
	return pack(r.vec, r.c.AccWidth)
}

// os drives the os core: the output tiles (M-tile, N-tile) one after the
// other, each K k-steps (a column of A and a row of B a beat), a bias
// vector per tile; it returns the k-step stream.
func (r *run) os() *stream {
	c, g, R, C := r.c, r.g, r.c.Rows, r.c.Cols
	nt := ceilDiv(g.N, C)
	tiles := ceilDiv(g.M, R) * nt
	if c.Bias {
		bt := 0 // tile: its N-tile's columns of the bias
		newStream(r.bench, "bias", func() ([]bits.Value, bool) {
			if bt == tiles {
				return nil, false
			}
			bt++
			return []bits.Value{r.biasVector((bt-1)%nt, true)}, true
		}, "data")
	}
	t, s := 0, 0
	colA, rowB := make([]int64, R), make([]int64, C)
	in := newStream(r.bench, "in", func() ([]bits.Value, bool) {
		if t == tiles {
			return nil, false
		}
		mi, nj := t/nt, t%nt
		for i := range colA {
			colA[i] = at(r.a, mi*R+i, s)
		}
		for j := range rowB {
			rowB[j] = at(r.b, s, nj*C+j)
		}
		beat := append([]bits.Value{pack(colA, c.InWidth), pack(rowB, c.InWidth), flag(s == g.K-1)}, r.postSide...)
		if s++; s == g.K {
			s, t = 0, t+1
		}
		return beat, true
	}, append([]string{"a", "b", "last"}, r.postFields...)...)
	r.k.want = tiles * R
	r.k.take = func(n int, data bits.Value, last bool) {
		t, i := n/R, n%R
		mi, nj := t/nt, t%nt
		if last != (i == R-1) {
			r.badLast(n)
		}
		if m := mi*R + i; m < g.M {
			for j := 0; j < C && nj*C+j < g.N; j++ {
				r.got[m][nj*C+j] = lane(data, j, c.OutElemWidth())
			}
		}
	}
	return in
}

// ws drives the ws core with the batches of s (schedule.go): a weight
// tile and rows of A with their sidebands a batch, a bias vector per
// batch with a_acc=0; it returns the A stream. Without accumulation the
// K-tiles' partial sums are added here, in Go.
func (r *run) ws(s wsSchedule) *stream {
	c, g, R, C := r.c, r.g, r.c.Rows, r.c.Cols
	batches := s.batches()
	wt, wk := 0, 0 // weight tile (batch), beat
	row := make([]int64, C)
	newStream(r.bench, "w", func() ([]bits.Value, bool) {
		if wt == batches {
			return nil, false
		}
		bt := s.batch(wt)
		for j := range row {
			row[j] = at(r.b, bt.k*R+wk, bt.n*C+j)
		}
		beat := []bits.Value{pack(row, c.InWidth)}
		if wk++; wk == R {
			wk, wt = 0, wt+1
		}
		return beat, true
	}, "data")
	if c.Bias {
		// A vector for every batch with a_acc=0, in order: the bias for
		// the first K-tile's, +0 for the others' (without an
		// accumulator, whose partial sums the driver adds).
		bb := 0 // batch
		newStream(r.bench, "bias", func() ([]bits.Value, bool) {
			for bb < batches && s.batch(bb).acc {
				bb++
			}
			if bb == batches {
				return nil, false
			}
			bt := s.batch(bb)
			bb++
			return []bits.Value{r.biasVector(bt.n, bt.k == 0)}, true
		}, "data")
	}
	fields := []string{"data", "last"}
	if c.AccRows > 0 {
		fields = append(fields, "acc", "out")
	}
	batch, am := 0, 0 // batch, row within it
	arow := make([]int64, R)
	in := newStream(r.bench, "a", func() ([]bits.Value, bool) {
		if batch == batches {
			return nil, false
		}
		bt := s.batch(batch)
		for k := range arow {
			arow[k] = at(r.a, bt.m0+am, bt.k*R+k)
		}
		beat := []bits.Value{pack(arow, c.InWidth), flag(am == bt.rows-1)}
		if c.AccRows > 0 {
			beat = append(beat, flag(bt.acc), flag(bt.out))
		}
		beat = append(beat, r.postSide...)
		if am++; am == bt.rows {
			am, batch = 0, batch+1
		}
		return beat, true
	}, append(fields, r.postFields...)...)
	combine := func(sum, part uint64) uint64 { return c.Mask(sum + part) }
	if _, ok := c.Float(); ok {
		combine = func(sum, part uint64) uint64 { return uint64(fp.Add(uint32(sum), uint32(part))) }
	}
	r.k.want = s.beats()
	r.k.take = func(i int, data bits.Value, last bool) {
		n, m, k, isLast, partial := s.beat(i)
		if last != isLast {
			r.badLast(i)
		}
		for j := 0; j < C && n*C+j < g.N; j++ {
			v := lane(data, j, c.OutElemWidth())
			if partial && k > 0 {
				v = combine(r.got[m][n*C+j], v) // the K-tiles' partial sums, added in Go
			}
			r.got[m][n*C+j] = v
		}
	}
	return in
}
