package examples

import (
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// FIFO is a synchronous first-in, first-out queue of Depth words of Width
// bits, with valid/ready streams on both sides.
//
// Ports (see dsl.Stream; N is bits.Len(Depth)):
//
//	in_valid, in_data    input  Bool, UInt(Width)   words to store
//	in_ready             output Bool                there is room: count < Depth
//	out_valid, out_data  output Bool, UInt(Width)   the oldest word
//	out_ready            input  Bool                the consumer takes it
//	count                output UInt(N)             words held, 0..Depth
//
// A word moves on a rising edge where valid and ready are both 1. in_ready
// and out_valid depend only on the FIFO's state, never combinationally on
// the other side, so the FIFO cuts every path between its two streams;
// out_data holds from the edge out_valid rises until the transfer. A full
// FIFO refuses input even on an edge that removes a word, and a word pushed
// into an empty FIFO reaches out_valid two edges later; from Depth 3 on the
// FIFO sustains one transfer per cycle. Reset empties the FIFO.
//
// The words live in a memory with a synchronous read port, whose data
// changes one edge after the read is enabled. The design uses that port as
// its output register: it reads the oldest stored word ahead of time
// ("show-ahead") whenever the output register is empty or being emptied,
// so out_data comes straight from a register and is ready whenever
// out_valid is.
type FIFO struct {
	Width, Depth int
}

// Build implements dsl.Generator.
func (c FIFO) Build(m *dsl.Module) {
	in := dsl.NewStream(dsl.UInt(c.Width))
	out := dsl.NewStream(dsl.UInt(c.Width))
	m.InputBundle("in", in)
	m.OutputBundle("out", out)
	cw := bits.Len(uint(c.Depth))           // holds 0..Depth
	aw := max(1, bits.Len(uint(c.Depth-1))) // holds 0..Depth-1
	count := m.Output("count", dsl.UInt(cw))

	mem := m.Mem("mem", dsl.UInt(c.Width), c.Depth)
	wptr := m.Reg("wptr", dsl.UInt(aw), dsl.Init(0))
	rptr := m.Reg("rptr", dsl.UInt(aw), dsl.Init(0))
	n := m.Reg("n", dsl.UInt(cw), dsl.Init(0))       // words held in total
	valid := m.Reg("valid", dsl.Bool(), dsl.Init(0)) // the read port holds a word
	advance := func(ptr dsl.Signal) {
		dsl.Helper()
		last := ptr.Eq(dsl.U(aw, uint64(c.Depth-1)))
		ptr.Set(dsl.Mux(last, dsl.U(aw, 0), ptr.Add(dsl.U(aw, 1))))
	}

	// Input side: store a word at wptr.
	in.Ready.Set(n.Lt(dsl.U(cw, uint64(c.Depth))))
	push := m.Named("push", in.Fire())
	m.When(push, func() {
		mem.Write(wptr, in.Data)
		advance(wptr)
	})

	// Output side: the memory holds n - valid words. When it holds any,
	// read the oldest into the read port if that is empty or being emptied.
	// A read and a write on one edge never meet at one address: the
	// pointers are equal only when the memory is empty (no read) or holds
	// Depth words (then n = Depth: no write).
	pop := m.Named("pop", out.Fire())
	stored := n.Ne(valid.ZeroExtend(cw)) // the memory holds a word
	load := m.Named("load", stored.And(valid.Not().Or(out.Ready)))
	out.Data.Set(mem.ReadEnable(rptr, load))
	out.Valid.Set(valid)
	m.When(load, func() {
		advance(rptr)
		valid.Set(dsl.B(true))
	}).ElseWhen(pop, func() {
		valid.Set(dsl.B(false))
	})

	m.When(push.And(pop.Not()), func() {
		n.Set(n.Add(dsl.U(cw, 1)))
	}).ElseWhen(pop.And(push.Not()), func() {
		n.Set(n.Sub(dsl.U(cw, 1)))
	})
	count.Set(n)

	// The queue's invariants, checked by every simulator and proved by
	// "systole prove --example fifo": it never overflows or underflows,
	// its read register is valid only when it holds a word, and its
	// output keeps the stream rule (data holds while valid and not ready,
	// compared with a register of the last cycle's values that only the
	// assertion reads).
	m.When(push, func() { m.Assert(n.Lt(dsl.U(cw, uint64(c.Depth))), "push only when not full") })
	m.When(pop, func() { m.Assert(n.Ne(dsl.U(cw, 0)), "pop only when not empty") })
	if uint64(c.Depth) < 1<<cw-1 {
		m.Assert(n.Le(dsl.U(cw, uint64(c.Depth))), "at most Depth words")
	}
	m.Assert(valid.Not().Or(n.Ne(dsl.U(cw, 0))), "the read register is valid only when a word is held")
	stalled := m.Reg("chk_stalled", dsl.Bool(), dsl.Init(0))
	stalled.Set(out.Valid.And(out.Ready.Not()))
	held := m.Reg("chk_data", dsl.UInt(c.Width))
	held.Set(out.Data)
	m.When(stalled, func() {
		m.Assert(out.Valid, "out_valid holds until the transfer")
		m.Assert(out.Data.Eq(held), "out_data holds while out_valid and not out_ready")
	})
	m.Cover(n.Eq(dsl.U(cw, uint64(c.Depth))), "full")
}
