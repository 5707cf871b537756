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
// tiles through it with A and B from seed, and checks every element of C
// against c.MatMul. It stops early, with ctx's error, when ctx ends.
func RunGEMM(ctx context.Context, b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64) (Sim, error) {
	return runGEMM(ctx, b, c, g, seed, nil)
}

// runGEMM is RunGEMM, counting the RTL's activity by plan when it is not
// nil.
func runGEMM(ctx context.Context, b *testbench.Bench, c systolic.Config, g workload.GEMM, seed uint64, plan *activityPlan) (Sim, error) {
	a, bm := Operands(c, g, seed)
	p := postSettings(c, g, seed)
	got := make([][]uint64, g.M)
	for i := range got {
		got[i] = make([]uint64, g.N)
	}
	at := func(m [][]int64, i, j int) int64 {
		if i < len(m) && j < len(m[i]) {
			return m[i][j]
		}
		return 0 // padding of an edge tile
	}
	flag := func(x bool) bits.Value {
		if x {
			return bits.FromUint64(1, 1)
		}
		return bits.New(1)
	}
	combine := func(sum, part uint64) uint64 { return c.Mask(sum + part) }
	if _, ok := c.Float(); ok {
		combine = func(sum, part uint64) uint64 { return uint64(fp.Add(uint32(sum), uint32(part))) }
	}
	b.Reset()
	R, C := c.Rows, c.Cols
	var lastErr error
	badLast := func(i int) {
		if lastErr == nil {
			lastErr = fmt.Errorf("sweep: %s: C beat %d: c_last wrong", g, i)
		}
	}
	// biasVector is the bias of N-tile n's columns (+0 beyond N), or +0
	// throughout unless take.
	vec := make([]int64, C)
	biasVector := func(n int, take bool) bits.Value {
		for j := range vec {
			vec[j] = 0
			if col := n*C + j; take && col < g.N {
				vec[j] = int64(p.bias[col])
			}
		}
		return pack(vec, c.AccWidth)
	}
	// The output stage's sidebands (relu, shift) of the input stream's
	// beats, the same on every beat.
	var postFields []string
	var postSide []bits.Value
	if c.ReLU {
		postFields, postSide = append(postFields, "relu"), append(postSide, flag(p.relu))
	}
	if w := c.ShiftWidth(); w > 0 {
		postFields, postSide = append(postFields, "shift"), append(postSide, bits.FromUint64(w, uint64(p.shift)))
	}
	k := &collector{valid: b.Port("c_valid"), ready: b.Port("c_ready"), data: b.Port("c_data"), last: b.Port("c_last")}
	var in *stream
	if c.Dataflow == systolic.OS {
		nt := ceilDiv(g.N, C)
		tiles := ceilDiv(g.M, R) * nt
		if c.Bias {
			bt := 0 // tile: its N-tile's columns of the bias
			newStream(b, "bias", func() ([]bits.Value, bool) {
				if bt == tiles {
					return nil, false
				}
				bt++
				return []bits.Value{biasVector((bt-1)%nt, true)}, true
			}, "data")
		}
		fields := []string{"a", "b", "last"}
		fields = append(fields, postFields...)
		t, s := 0, 0
		colA, rowB := make([]int64, R), make([]int64, C)
		in = newStream(b, "in", func() ([]bits.Value, bool) {
			if t == tiles {
				return nil, false
			}
			mi, nj := t/nt, t%nt
			for i := range colA {
				colA[i] = at(a, mi*R+i, s)
			}
			for j := range rowB {
				rowB[j] = at(bm, s, nj*C+j)
			}
			beat := []bits.Value{pack(colA, c.InWidth), pack(rowB, c.InWidth), flag(s == g.K-1)}
			beat = append(beat, postSide...)
			if s++; s == g.K {
				s, t = 0, t+1
			}
			return beat, true
		}, fields...)
		k.want = tiles * R
		k.take = func(n int, data bits.Value, last bool) {
			t, i := n/R, n%R
			mi, nj := t/nt, t%nt
			if last != (i == R-1) {
				badLast(n)
			}
			if m := mi*R + i; m < g.M {
				for j := 0; j < C && nj*C+j < g.N; j++ {
					got[m][nj*C+j] = lane(data, j, c.OutElemWidth())
				}
			}
		}
	} else {
		s := newWSSchedule(c, g, c.AccRows)
		if err := checkPost(c, g, s); err != nil {
			return Sim{}, err
		}
		batches := s.batches()
		wt, wk := 0, 0 // weight tile (batch), beat
		row := make([]int64, C)
		newStream(b, "w", func() ([]bits.Value, bool) {
			if wt == batches {
				return nil, false
			}
			bt := s.batch(wt)
			for jj := range row {
				row[jj] = at(bm, bt.k*R+wk, bt.n*C+jj)
			}
			beat := []bits.Value{pack(row, c.InWidth)}
			if wk++; wk == R {
				wk, wt = 0, wt+1
			}
			return beat, true
		}, "data")
		if c.Bias {
			// A vector for every batch with a_acc=0, in order: the bias
			// for the first K-tile's, +0 for the others' (without an
			// accumulator, whose partial sums the driver adds).
			bb := 0 // batch
			newStream(b, "bias", func() ([]bits.Value, bool) {
				for bb < batches && s.batch(bb).acc {
					bb++
				}
				if bb == batches {
					return nil, false
				}
				bt := s.batch(bb)
				bb++
				return []bits.Value{biasVector(bt.n, bt.k == 0)}, true
			}, "data")
		}
		fields := []string{"data", "last"}
		if c.AccRows > 0 {
			fields = append(fields, "acc", "out")
		}
		fields = append(fields, postFields...)
		batch, am := 0, 0 // batch, row within it
		arow := make([]int64, R)
		in = newStream(b, "a", func() ([]bits.Value, bool) {
			if batch == batches {
				return nil, false
			}
			bt := s.batch(batch)
			for kk := range arow {
				arow[kk] = at(a, bt.m0+am, bt.k*R+kk)
			}
			beat := []bits.Value{pack(arow, c.InWidth), flag(am == bt.rows-1)}
			if c.AccRows > 0 {
				beat = append(beat, flag(bt.acc), flag(bt.out))
			}
			beat = append(beat, postSide...)
			if am++; am == bt.rows {
				am, batch = 0, batch+1
			}
			return beat, true
		}, fields...)
		k.want = s.beats()
		k.take = func(i int, data bits.Value, last bool) {
			n, m, kk, isLast, partial := s.beat(i)
			if last != isLast {
				badLast(i)
			}
			for jj := 0; jj < C && n*C+jj < g.N; jj++ {
				v := lane(data, jj, c.OutElemWidth())
				if partial && kk > 0 {
					v = combine(got[m][n*C+jj], v) // the K-tiles' partial sums, added in Go
				}
				got[m][n*C+jj] = v
			}
		}
	}
	b.Add(k)
	var act *activityCounter
	if plan != nil {
		act = newActivityCounter(b, plan)
	}

	formula, _ := FormulaCycles(c, g)
	ticks := 0
	stopped := func() bool {
		if ticks++; ticks%4096 == 0 && ctx.Err() != nil {
			return true
		}
		return !k.Waiting() && !in.Waiting()
	}
	if err := b.RunUntil(stopped, 2*formula+10*(R+C)+1000); err != nil {
		return Sim{}, err
	}
	if err := ctx.Err(); err != nil {
		return Sim{}, err
	}
	if lastErr != nil {
		return Sim{}, lastErr
	}
	want := expected(c, g, a, bm, p)
	var bad []string
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				if len(bad) < 3 {
					bad = append(bad, fmt.Sprintf("C[%d][%d] = %#x, want %#x", i, j, got[i][j], want[i][j]))
				}
			}
		}
	}
	if bad != nil {
		return Sim{}, fmt.Errorf("sweep: %s: mismatch: %v", g, bad)
	}
	sim := Sim{Cycles: int(k.lastCycle-in.first) + 1, Elements: int64(g.M) * int64(g.N)}
	if act != nil {
		sim.Activity = act.a
	}
	return sim, nil
}
