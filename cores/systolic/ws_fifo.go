package systolic

import (
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// wsFIFO is the output buffer: a show-ahead FIFO of Depth words in a
// memory with a synchronous read port used as the output register (the
// design of examples.FIFO). It has no in_ready: the core's credits
// guarantee room for every word pushed. out_valid and out_data come
// straight from registers; a word pushed into an empty FIFO is valid two
// edges later, and from Depth 3 on it moves one word per cycle.
type wsFIFO struct {
	Top          string
	Width, Depth int
}

func (f wsFIFO) ModuleName() string { return f.Top + "_fifo" }

// Build implements dsl.Generator.
func (f wsFIFO) Build(m *dsl.Module) {
	inValid := m.Input("in_valid", dsl.Bool())
	inData := m.Input("in_data", dsl.UInt(f.Width))
	out := dsl.NewStream(dsl.UInt(f.Width))
	m.OutputBundle("out", out)
	cw := bits.Len(uint(f.Depth))
	aw := max(1, bits.Len(uint(f.Depth-1)))

	mem := m.Mem("mem", dsl.UInt(f.Width), f.Depth)
	wptr := m.Reg("wptr", dsl.UInt(aw), dsl.Init(0))
	rptr := m.Reg("rptr", dsl.UInt(aw), dsl.Init(0))
	n := m.Reg("n", dsl.UInt(cw), dsl.Init(0))       // words held in total
	valid := m.Reg("valid", dsl.Bool(), dsl.Init(0)) // the read port holds a word
	advance := func(ptr dsl.Signal) {
		dsl.Helper()
		last := ptr.Eq(dsl.U(aw, uint64(f.Depth-1)))
		ptr.Set(dsl.Mux(last, dsl.U(aw, 0), ptr.Add(dsl.U(aw, 1))))
	}

	push := m.Named("push", inValid)
	m.When(push, func() {
		mem.Write(wptr, inData)
		advance(wptr)
	})
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
	fifoInvariants(m, f.Depth, n, push, pop, valid)
	streamHolds(m, "out", out.Valid, out.Ready, out.Data)
}
