// Package regress runs random matrix-multiply traffic through a systolic
// core on any testbench backend and checks every result beat against the
// plain-Go reference model, measuring cycles, MACs per cycle and
// utilization on the way. The regression tests, systole sim and the sweeps
// use it. RunSeeds runs one configuration on many seeds at once, as the
// lanes of one rtlsim batch.
package regress

import (
	"fmt"
	"math/rand/v2"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/limits"
	"github.com/systole-hdl/systole/testbench"
)

// Options shapes the traffic.
type Options struct {
	// Jobs is the number of ws batches (each with its own weight tile) or
	// os tiles.
	Jobs int
	// MinRows and MaxRows bound the rows of a ws batch, or the depth K of
	// an os tile, drawn uniformly.
	MinRows, MaxRows int
	// Gap is the probability of an idle cycle on each input stream;
	// Backpressure the probability of c_ready low. Zero for full rate.
	Gap, Backpressure float64
	// MaxCycles bounds the run; 0 picks a generous bound from the traffic.
	MaxCycles int
}

// Result is what one run measured.
type Result struct {
	Beats int // result rows checked
	// Cycles counts from the cycle the first input was accepted to the
	// cycle the last result was transferred, both included.
	Cycles       int
	MACs         int64   // multiply-accumulates of the traffic
	MACsPerCycle float64 // MACs / Cycles
	Utilization  float64 // MACsPerCycle / (Rows*Cols)
}

func (r Result) String() string {
	return fmt.Sprintf("%d rows checked, %d cycles, %.1f MACs/cycle, utilization %.1f%%",
		r.Beats, r.Cycles, r.MACsPerCycle, 100*r.Utilization)
}

// fires records the cycle of the first transfer on a stream.
type fires struct {
	valid, ready testbench.Port
	first        int64
}

func (f *fires) Drive(*testbench.Bench) {}
func (f *fires) Sample(b *testbench.Bench) {
	be := b.Backend()
	if f.first < 0 && be.PeekUint64(f.valid) == 1 && be.PeekUint64(f.ready) == 1 {
		f.first = int64(b.Cycle())
	}
}

// Run resets the core behind b (elaborated from c), drives random traffic
// shaped by o with randomness from b's seed, and checks every result row
// against the reference model.
func Run(b *testbench.Bench, c systolic.Config, o Options) (Result, error) {
	if err := o.check(); err != nil {
		return Result{}, err
	}
	r := b.Rand("traffic")
	lo, hi := c.Range()
	operand := func() int64 { return lo + r.Int64N(hi-lo+1) }
	if f, ok := c.Float(); ok {
		operand = func() int64 { return int64(f.Sample(r)) }
	}
	matrix := func(rows, cols int) [][]int64 {
		m := make([][]int64, rows)
		for i := range m {
			m[i] = make([]int64, cols)
			for j := range m[i] {
				m[i][j] = operand()
			}
		}
		return m
	}
	depth := func() int { return o.MinRows + r.IntN(o.MaxRows-o.MinRows+1) }
	flag := func(x bool) bits.Value {
		if x {
			return bits.FromUint64(1, 1)
		}
		return bits.New(1)
	}

	b.Reset()
	var want []systolic.Row
	var macs int64
	var first *fires
	inputs := 0
	switch c.Dataflow {
	case systolic.OS:
		fields := []string{"a", "b", "last"}
		if c.ReLU {
			fields = append(fields, "relu")
		}
		if c.ShiftWidth() > 0 {
			fields = append(fields, "shift")
		}
		in := testbench.NewSource(b, testbench.NewStream("in", fields...), o.Gap)
		var bias *testbench.Source
		if c.Bias {
			bias = testbench.NewSource(b, testbench.NewStream("bias", "data"), o.Gap)
		}
		first = &fires{valid: b.Port("in_valid"), ready: b.Port("in_ready"), first: -1}
		var tiles []systolic.OSTile
		for range o.Jobs {
			k := depth()
			t := systolic.OSTile{A: matrix(c.Rows, k), B: matrix(k, c.Cols)}
			var side []bits.Value
			t.Bias, t.ReLU, t.Shift, side = stageSettings(c, r)
			if c.Bias {
				pushBias(c, bias, t.Bias)
			}
			tiles = append(tiles, t)
			for s := range k {
				col := make([]int64, c.Rows)
				for i := range col {
					col[i] = t.A[i][s]
				}
				beat := testbench.Beat{systolic.Pack(col, c.InWidth), systolic.Pack(t.B[s], c.InWidth), flag(s == k-1)}
				in.Push(append(beat, side...))
			}
			macs += int64(k * c.Rows * c.Cols)
			inputs += k
		}
		want = c.OSExpected(tiles)
	default:
		w := testbench.NewSource(b, testbench.NewStream("w", "data"), o.Gap)
		fields := []string{"data", "last"}
		if c.AccRows > 0 {
			fields = append(fields, "acc", "out")
		}
		if c.ReLU {
			fields = append(fields, "relu")
		}
		if c.ShiftWidth() > 0 {
			fields = append(fields, "shift")
		}
		a := testbench.NewSource(b, testbench.NewStream("a", fields...), o.Gap)
		var bias *testbench.Source
		if c.Bias {
			bias = testbench.NewSource(b, testbench.NewStream("bias", "data"), o.Gap)
		}
		first = &fires{valid: b.Port("a_valid"), ready: b.Port("a_ready"), first: -1}
		var tiles, batches [][][]int64
		var jobs []systolic.WSBatch
		for range o.Jobs {
			tile, batch := matrix(c.Rows, c.Cols), matrix(depth(), c.Rows)
			tiles, batches = append(tiles, tile), append(batches, batch)
			job := systolic.WSBatch{A: batch, B: tile, Out: true}
			if c.AccRows > 0 && len(batch) <= c.AccRows {
				// Random sidebands: accumulate half the time, keep the
				// rows inside a third of the time.
				job.Acc, job.Out = r.IntN(2) == 0, r.IntN(3) > 0
			}
			var side []bits.Value
			job.Bias, job.ReLU, job.Shift, side = stageSettings(c, r)
			if job.Acc {
				job.Bias = nil // only a batch with a_acc = 0 takes a vector
			}
			if job.Bias != nil {
				pushBias(c, bias, job.Bias)
			}
			jobs = append(jobs, job)
			for _, row := range tile {
				w.Push(testbench.Beat{systolic.Pack(row, c.InWidth)})
			}
			for m, row := range batch {
				beat := testbench.Beat{systolic.Pack(row, c.InWidth), flag(m == len(batch)-1)}
				if c.AccRows > 0 {
					beat = append(beat, flag(job.Acc), flag(job.Out))
				}
				a.Push(append(beat, side...))
			}
			macs += int64(len(batch) * c.Rows * c.Cols)
			inputs += len(batch) + c.Rows
		}
		if c.AccRows > 0 || c.Bias || c.ReLU || c.ShiftWidth() > 0 || c.OutElemWidth() != c.AccWidth {
			var err error
			if want, err = c.WSAccExpected(jobs); err != nil {
				return Result{}, err
			}
		} else {
			want = c.WSExpected(tiles, batches)
		}
	}
	b.Add(first)
	cs := testbench.NewStream("c", "data", "last")
	cs.Formats = map[string]testbench.Format{"c_data": {Elem: c.OutElemWidth(), Signed: c.Signed}}
	sink := testbench.NewSink(b, cs, o.Backpressure)
	testbench.NewMonitor(b, cs)
	sb := testbench.NewScoreboard(b, sink)
	for _, row := range want {
		lanes := make([]int64, len(row.Data))
		for j, v := range row.Data {
			lanes[j] = int64(v)
		}
		sb.Expect(testbench.Beat{systolic.Pack(lanes, c.OutElemWidth()), flag(row.Last)})
	}
	limit := o.MaxCycles
	if limit == 0 {
		limit = cycleBound(c, o, inputs, len(want))
	}
	if err := b.Run(limit); err != nil {
		return Result{}, err
	}
	if err := sb.Check(); err != nil {
		return Result{}, err
	}
	got := sink.Received()
	res := Result{Beats: len(got), MACs: macs}
	if len(got) > 0 && first.first >= 0 {
		res.Cycles = int(int64(got[len(got)-1].Cycle)-first.first) + 1
		res.MACsPerCycle = float64(macs) / float64(res.Cycles)
		res.Utilization = res.MACsPerCycle / float64(c.Rows*c.Cols)
	}
	return res, nil
}

// stageSettings draws the output-stage settings of one os tile or ws
// batch, as c has them (Config.SampleOutStage): a bias vector, relu and
// shift, and the sideband values (relu, then shift) its input beats carry.
func stageSettings(c systolic.Config, r *rand.Rand) (bias []uint64, relu bool, shift int, side []bits.Value) {
	bias, relu, shift = c.SampleOutStage(r)
	if c.ReLU {
		side = append(side, bits.FromUint64(1, map[bool]uint64{false: 0, true: 1}[relu]))
	}
	if sw := c.ShiftWidth(); sw > 0 {
		side = append(side, bits.FromUint64(sw, uint64(shift)))
	}
	return bias, relu, shift, side
}

// pushBias offers a bias vector on the bias stream.
func pushBias(c systolic.Config, src *testbench.Source, bias []uint64) {
	lanes := make([]int64, len(bias))
	for j, x := range bias {
		lanes[j] = int64(x)
	}
	src.Push(testbench.Beat{systolic.Pack(lanes, c.AccWidth)})
}

// check rejects options that cannot shape traffic: a NaN or out-of-range
// probability would make every stream wait forever.
func (o Options) check() error {
	if o.Jobs < 1 || o.MinRows < 1 || o.MaxRows < o.MinRows {
		return fmt.Errorf("regress: want jobs >= 1 and 1 <= min rows <= max rows, have %d, %d, %d", o.Jobs, o.MinRows, o.MaxRows)
	}
	if err := limits.Jobs.Check("regress", int64(o.Jobs)); err != nil {
		return err
	}
	if !(o.Gap >= 0 && o.Gap < 1) || !(o.Backpressure >= 0 && o.Backpressure < 1) {
		return fmt.Errorf("regress: gap %v, backpressure %v: want probabilities in [0, 1)", o.Gap, o.Backpressure)
	}
	if o.MaxCycles < 0 {
		return fmt.Errorf("regress: max cycles %d: want 0 (a bound from the traffic) or more", o.MaxCycles)
	}
	return nil
}

// cycleBound is a generous bound on the cycles a run of inputs input beats
// and outputs result rows takes: twice the full-rate estimate, slowed by
// the rate at which a beat both is offered and finds the output ready,
// however small (a gap of 0.999 with backpressure 0.99 is 100,000 times
// slower than full rate). It saturates instead of overflowing.
func cycleBound(c systolic.Config, o Options, inputs, outputs int) int {
	base := float64(2*(inputs+outputs) + 4*(c.Rows+c.Cols) + 64)
	bound := base * 2 / ((1 - o.Gap) * (1 - o.Backpressure))
	if bound >= 1<<50 {
		return 1 << 50
	}
	return int(bound)
}
