package lib

import (
	"math/big"

	"github.com/systole-hdl/systole/bits"
)

// The reference models below are plain Go, cycle by cycle: Outputs gives
// what the block shows in the current cycle for the inputs applied, Edge
// moves it past a rising clock edge. Tests run them beside the blocks.

// StreamIn is what a stream's producer and consumer apply in one cycle.
type StreamIn struct {
	InValid  bool
	InData   uint64
	OutReady bool
}

// StreamOut is what a stream block shows in one cycle.
type StreamOut struct {
	InReady  bool
	OutValid bool
	OutData  uint64 // meaningful while OutValid
}

// QueueModel is the reference model of Queue.
type QueueModel struct {
	q      Queue
	stored []uint64 // words in the storage, oldest first (mem: not the read port's)
	valid  bool     // mem: the read port holds a word
	data   uint64   // mem: the read port's word
}

// NewQueueModel returns the model of q, empty (as after reset).
func NewQueueModel(q Queue) *QueueModel { return &QueueModel{q: q} }

// Count is the number of words held (the count output).
func (m *QueueModel) Count() int {
	if m.valid {
		return len(m.stored) + 1
	}
	return len(m.stored)
}

func (m *QueueModel) bypass(in StreamIn) bool { return m.q.Flow && m.Count() == 0 && in.InValid }

// Outputs returns the queue's outputs for in.
func (m *QueueModel) Outputs(in StreamIn) StreamOut {
	o := StreamOut{InReady: m.Count() < m.q.Depth}
	switch {
	case m.bypass(in):
		o.OutValid, o.OutData = true, in.InData
	case m.q.Regs:
		o.OutValid = len(m.stored) > 0
		if o.OutValid {
			o.OutData = m.stored[0]
		}
	default:
		o.OutValid, o.OutData = m.valid, m.data
	}
	return o
}

// Edge applies in for a clock edge.
func (m *QueueModel) Edge(in StreamIn) {
	o := m.Outputs(in)
	push, pop := in.InValid && o.InReady, o.OutValid && in.OutReady
	if m.bypass(in) {
		push = push && !in.OutReady
		pop = false
	}
	if m.q.Regs {
		if pop {
			m.stored = m.stored[1:]
		}
	} else {
		load := len(m.stored) > 0 && (!m.valid || in.OutReady)
		switch {
		case load:
			m.data, m.valid = m.stored[0], true
			m.stored = m.stored[1:]
		case pop:
			m.valid = false
		}
	}
	if push {
		m.stored = append(m.stored, in.InData)
	}
}

// SkidModel is the reference model of Skid.
type SkidModel struct {
	valid, full bool
	data, skid  uint64
}

// Outputs returns the skid buffer's outputs (they depend on no input).
func (m *SkidModel) Outputs() StreamOut {
	return StreamOut{InReady: !m.full, OutValid: m.valid, OutData: m.data}
}

// Edge applies in for a clock edge.
func (m *SkidModel) Edge(in StreamIn) {
	switch {
	case in.OutReady || !m.valid:
		if m.full {
			m.data, m.valid, m.full = m.skid, true, false
		} else {
			m.data, m.valid = in.InData, in.InValid
		}
	case in.InValid && !m.full:
		m.skid, m.full = in.InData, true
	}
}

// DelayModel is the reference model of ShiftRegister and Delay: stage i
// holds the input of i+1 enabled edges ago.
type DelayModel struct{ stages []uint64 }

// NewDelayModel returns a delay of n stages, all 0.
func NewDelayModel(n int) *DelayModel { return &DelayModel{stages: make([]uint64, n)} }

// Out returns the last stage.
func (m *DelayModel) Out() uint64 { return m.stages[len(m.stages)-1] }

// Edge shifts in on an edge where en is true.
func (m *DelayModel) Edge(in uint64, en bool) {
	if en {
		copy(m.stages[1:], m.stages)
		m.stages[0] = in
	}
}

// CounterModel is the reference model of Counter and WrapCounter.
type CounterModel struct{ N, Value int }

// Edge counts up or down (both or neither: hold), wrapping.
func (m *CounterModel) Edge(up, down bool) {
	switch {
	case up && !down:
		m.Value = (m.Value + 1) % m.N
	case down && !up:
		m.Value = (m.Value + m.N - 1) % m.N
	}
}

// ArbiterModel is the reference model of Arbiter.
type ArbiterModel struct {
	N    int
	last int
}

// NewArbiterModel returns the model after reset.
func NewArbiterModel(n int) *ArbiterModel { return &ArbiterModel{N: n, last: n - 1} }

// Grant returns the requester granted for the requests req (bit i for
// requester i), and false when nobody asks.
func (m *ArbiterModel) Grant(req uint64) (int, bool) {
	for k := 1; k <= m.N; k++ {
		if i := (m.last + k) % m.N; req>>uint(i)&1 == 1 {
			return i, true
		}
	}
	return 0, false
}

// Edge applies a clock edge: the grant, if any, is taken when take is true.
func (m *ArbiterModel) Edge(req uint64, take bool) {
	if i, ok := m.Grant(req); ok && take {
		m.last = i
	}
}

// PackValues is the reference model of dsl.Vec.Pack: the elements, all of
// one width w, as one value of len(elems)*w bits, element e at bits
// [e*w +: w].
func PackValues(elems []bits.Value) bits.Value {
	if len(elems) == 0 {
		return bits.Value{}
	}
	w := elems[0].Width()
	acc := new(big.Int)
	for e := len(elems) - 1; e >= 0; e-- {
		acc.Lsh(acc, uint(w))
		acc.Or(acc, elems[e].Big())
	}
	return bits.FromBig(len(elems)*w, acc)
}

// UnpackValues is the reference model of dsl.Unpack: n elements of
// bus.Width()/n bits, element e from bits [e*w +: w].
func UnpackValues(bus bits.Value, n int) []bits.Value {
	w := bus.Width() / n
	out := make([]bits.Value, n)
	for e := range out {
		out[e] = bus.Slice(e*w, w)
	}
	return out
}
