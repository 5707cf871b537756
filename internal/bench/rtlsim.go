package bench

import (
	"fmt"
	"time"

	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Runner replays traffic on a compiled rtlsim design with the protocol of
// the bench harness in one of its shapes (see Shape): per cycle poke the
// inputs, fold the settled outputs read before the edge into the hash,
// take one edge, fold the outputs read after it.
type Runner struct {
	Sim   *rtlsim.Sim
	ins   []rtlsim.Handle
	outs  []rtlsim.Handle
	after []bool // by output: read after the edge
	buf   []uint64
	Hash  uint64
}

// NewRunner compiles d and looks up the ports of spec; the runner reads
// the outputs in the given shape.
func NewRunner(d *netlist.Design, spec vsim.Spec, shape Shape) (*Runner, error) {
	sim, err := rtlsim.Compile(d)
	if err != nil {
		return nil, err
	}
	r := &Runner{Sim: sim, Hash: vsim.HashSeed, after: shape.After(spec.Outputs)}
	for _, group := range []struct {
		ports []vsim.Port
		hs    *[]rtlsim.Handle
	}{{spec.Inputs, &r.ins}, {spec.Outputs, &r.outs}} {
		for _, p := range group.ports {
			h, err := sim.Handle(p.Name)
			if err != nil {
				return nil, err
			}
			*group.hs = append(*group.hs, h)
		}
	}
	return r, nil
}

// Run replays cycles [from, to) of t.
func (r *Runner) Run(t *Traffic, from, to int) {
	s, h := r.Sim, r.Hash
	for c := from; c < to; c++ {
		row := t.Words[c]
		for i, hd := range r.ins {
			if t.Off[i+1]-t.Off[i] == 1 {
				s.PokeUint64(hd, row[t.Off[i]])
			} else {
				s.PokeWords(hd, row[t.Off[i]:t.Off[i+1]])
			}
		}
		for o, hd := range r.outs {
			if !r.after[o] {
				h = r.hash(h, hd)
			}
		}
		s.Step(1)
		for o, hd := range r.outs {
			if r.after[o] {
				h = r.hash(h, hd)
			}
		}
	}
	r.Hash = h
}

// hash folds output hd's settled value into h.
func (r *Runner) hash(h uint64, hd rtlsim.Handle) uint64 {
	r.buf = r.Sim.PeekWords(hd, r.buf[:0])
	for _, w := range r.buf {
		h = vsim.HashWord(h, w)
	}
	return h
}

// Err returns the first misuse the simulator recorded.
func (r *Runner) Err() error {
	if err := r.Sim.Err(); err != nil {
		return fmt.Errorf("bench: rtlsim: %w", err)
	}
	return nil
}

// since returns the seconds since t0.
func since(t0 time.Time) float64 { return time.Since(t0).Seconds() }

// BatchRunner replays one traffic per lane on an rtlsim.Batch with the
// protocol of Runner, keeping one output hash per lane. It drives the lanes
// as a testbench driving a Batch would: each input of every lane poked in
// one Batch.PokeLanes from a LaneTraffic, each output of every lane read
// in one Batch.PeekWordsLanes and folded into each lane's hash, word by
// word as Runner folds it.
type BatchRunner struct {
	Batch  *rtlsim.Batch
	ins    []rtlsim.Handle
	outs   []rtlsim.Handle
	after  []bool
	buf    []uint64
	err    error
	Hashes []uint64 // by lane
}

// NewBatchRunner compiles d into a Batch of lanes lanes and looks up the
// ports of spec; the runner reads the outputs in the given shape.
func NewBatchRunner(d *netlist.Design, spec vsim.Spec, lanes int, shape Shape) (*BatchRunner, error) {
	b, err := rtlsim.CompileBatch(d, lanes)
	if err != nil {
		return nil, err
	}
	r := &BatchRunner{Batch: b, Hashes: make([]uint64, lanes), after: shape.After(spec.Outputs)}
	for l := range r.Hashes {
		r.Hashes[l] = vsim.HashSeed
	}
	for _, group := range []struct {
		ports []vsim.Port
		hs    *[]rtlsim.Handle
	}{{spec.Inputs, &r.ins}, {spec.Outputs, &r.outs}} {
		for _, p := range group.ports {
			h, err := b.Handle(p.Name)
			if err != nil {
				return nil, err
			}
			*group.hs = append(*group.hs, h)
		}
	}
	return r, nil
}

// Run replays cycles [from, to) of t, lane l's traffic in lane l; t has
// the batch's lanes and the inputs of the runner's spec, in order (else
// Run does nothing and Err says so).
func (r *BatchRunner) Run(t *LaneTraffic, from, to int) {
	b := r.Batch
	if t.Lanes != b.Lanes() || len(t.Inputs) != len(r.ins) {
		if r.err == nil {
			r.err = fmt.Errorf("bench: rtlsim batch of %d lanes, %d inputs: traffic of %d lanes, %d inputs", b.Lanes(), len(r.ins), t.Lanes, len(t.Inputs))
		}
		return
	}
	for c := from; c < to; c++ {
		for i, hd := range r.ins {
			b.PokeLanes(hd, t.Input(c, i))
		}
		r.hash(false)
		b.Step(1)
		r.hash(true)
	}
}

// hash folds the outputs read after the edge (after) or before it into
// the lanes' hashes: each output's words of every lane, word k of lane l
// into Hashes[l] after word k-1, as Runner.hash folds one lane's.
func (r *BatchRunner) hash(after bool) {
	hs := r.Hashes
	for o, hd := range r.outs {
		if r.after[o] != after {
			continue
		}
		r.buf = r.Batch.PeekWordsLanes(hd, r.buf)
		for k := 0; k+len(hs) <= len(r.buf); k += len(hs) {
			for l, w := range r.buf[k : k+len(hs)] {
				hs[l] = vsim.HashWord(hs[l], w)
			}
		}
	}
}

// Err returns the first misuse the batch recorded, or a traffic Run could
// not replay.
func (r *BatchRunner) Err() error {
	if r.err != nil {
		return r.err
	}
	if err := r.Batch.Err(); err != nil {
		return fmt.Errorf("bench: rtlsim batch: %w", err)
	}
	return nil
}
