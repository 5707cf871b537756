package lib

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// Queue is a show-ahead first-in, first-out queue of Depth words of Width
// bits with valid/ready streams on both sides (see the package doc for its
// ports and timing).
//
// Storage is a memory with a synchronous read port used as the output
// register (the default: one block RAM, out_data straight from a
// register), or registers when Regs is set (out_data is a mux over them;
// a word pushed into an empty queue is valid one edge later instead of
// two). With Flow set, a word offered to an empty queue is offered on
// out in the same cycle, and leaves without being stored when out_ready
// is 1 (out_valid and out_data then depend combinationally on in_valid
// and in_data; in_ready never depends on out_ready).
//
// With SRAM, the memory is an instance "mem" of Mem1R1W (module
// MemPrefix + "mem_<Depth>x<Width>_1r1w"), which a chip flow can replace
// with an SRAM macro; the queue behaves exactly as without it.
type Queue struct {
	Width, Depth int
	Regs         bool   // registers instead of a memory
	Flow         bool   // flow-through when empty
	SRAM         bool   // the memory in a replaceable Mem1R1W module (not with Regs)
	MemPrefix    string // with SRAM: the Mem1R1W's Prefix
	Name         string // the module name; "" for Queue_<Width>x<Depth>[_regs][_flow][_sram]
}

// ModuleName implements the naming of dsl.Generator.
func (q Queue) ModuleName() string {
	if q.Name != "" {
		return q.Name
	}
	n := fmt.Sprintf("Queue_%dx%d", q.Width, q.Depth)
	if q.Regs {
		n += "_regs"
	}
	if q.Flow {
		n += "_flow"
	}
	if q.SRAM {
		n += "_sram"
	}
	return n
}

// Build implements dsl.Generator.
func (q Queue) Build(m *dsl.Module) {
	if q.Depth < 1 || q.Width < 1 {
		m.Errorf("Queue of depth %d and width %d: both must be at least 1", q.Depth, q.Width)
		return
	}
	if q.SRAM && q.Regs {
		m.Errorf("Queue with SRAM and Regs: the words are in a memory module or in registers, not both")
		return
	}
	in := dsl.NewStream(dsl.UInt(q.Width))
	out := dsl.NewStream(dsl.UInt(q.Width))
	m.InputBundle("in", in)
	m.OutputBundle("out", out)
	cw := bits.Len(uint(q.Depth)) // holds 0..Depth
	n := m.Reg("n", dsl.UInt(cw), dsl.Init(0))
	m.Output("count", dsl.UInt(cw)).Set(n)
	in.Ready.Set(n.Lt(q.Depth))

	// The storage sees push and pop; with Flow, a word that passes an
	// empty queue is neither.
	push, pop := in.Fire(), out.Fire()
	var empty, bypass dsl.Signal
	if q.Flow {
		empty = m.Named("empty", n.Eq(0))
		bypass = m.Named("bypass", empty.And(in.Valid))
		push = in.Fire().And(bypass.And(out.Ready).Not())
		pop = out.Fire().And(empty.Not())
	}
	push, pop = m.Named("push", push), m.Named("pop", pop)
	var valid, data dsl.Signal
	if q.Regs {
		valid, data = q.regStorage(m, push, in.Data, pop, n)
	} else {
		valid, data = q.memStorage(m, push, in.Data, pop, n, out.Ready)
	}
	m.When(push.And(pop.Not()), func() {
		n.Set(n.Add(1))
	}).ElseWhen(pop.And(push.Not()), func() {
		n.Set(n.Sub(1))
	})
	if q.Flow {
		out.Valid.Set(valid.Or(bypass))
		out.Data.Set(dsl.Mux(empty, in.Data, data))
	} else {
		out.Valid.Set(valid)
		out.Data.Set(data)
	}

	// The queue's invariants, checked by every simulator and proved by
	// "systole prove": it never overflows or underflows, its output is
	// valid only when it holds a word, and (unless it flows through, when
	// out follows in) its output keeps the stream rule.
	m.When(push, func() { m.Assert(n.Lt(q.Depth), "queue: push only when not full") })
	m.When(pop, func() { m.Assert(n.Ne(0), "queue: pop only when not empty") })
	if uint64(q.Depth) < 1<<cw-1 {
		m.Assert(n.Le(q.Depth), "queue: at most Depth words")
	}
	m.Assert(valid.Not().Or(n.Ne(0)), "queue: the output is valid only when a word is held")
	if !q.Flow {
		StreamHolds(m, "out", out)
	}
}

// memStorage keeps the words in a memory whose read port is the output
// register: it reads the oldest stored word ahead of time whenever the
// register is empty or being emptied. A read and a write on one edge never
// meet at one address: the pointers are equal only when the memory is
// empty (no read) or the queue is full (no write).
func (q Queue) memStorage(m *dsl.Module, push, wdata, pop, n, ready dsl.Signal) (valid, data dsl.Signal) {
	// The storage: a memory of this module, or with SRAM a Mem1R1W
	// instance; write stores wdata at addr on a push, read reads addr
	// where en is 1.
	var write func(addr dsl.Signal)
	var read func(addr, en dsl.Signal) dsl.Signal
	if q.SRAM {
		mem := Mem1R1W{Depth: q.Depth, Width: q.Width, Prefix: q.MemPrefix}.Instance(m, "mem")
		write = func(addr dsl.Signal) {
			mem.WrEn.Set(push)
			mem.WrAddr.Set(addr)
			mem.WrData.Set(wdata)
		}
		read = func(addr, en dsl.Signal) dsl.Signal {
			mem.RdEn.Set(en)
			mem.RdAddr.Set(addr)
			return mem.RdData
		}
	} else {
		mem := m.Mem("mem", dsl.UInt(q.Width), q.Depth)
		write = func(addr dsl.Signal) { m.When(push, func() { mem.Write(addr, wdata) }) }
		read = mem.ReadEnable
	}
	wptr, _ := WrapCounter(m, "wptr", q.Depth, push)
	write(wptr)
	valid = m.Reg("valid", dsl.Bool(), dsl.Init(0)) // the read port holds a word
	stored := n.Ne(valid.ZeroExtend(n.Width()))     // the memory holds a word
	load := m.Named("load", stored.And(valid.Not().Or(ready)))
	rptr, _ := WrapCounter(m, "rptr", q.Depth, load)
	data = read(rptr, load)
	m.When(load, func() {
		valid.Set(true)
	}).ElseWhen(pop, func() {
		valid.Set(false)
	})
	return valid, data
}

// regStorage keeps the words in registers; out_data is the oldest, read
// through a mux.
func (q Queue) regStorage(m *dsl.Module, push, wdata, pop, n dsl.Signal) (valid, data dsl.Signal) {
	words := m.RegVec("word", q.Depth, dsl.UInt(q.Width))
	wptr, _ := WrapCounter(m, "wptr", q.Depth, push)
	rptr, _ := WrapCounter(m, "rptr", q.Depth, pop)
	m.When(push, func() { words.SetIndex(wptr, wdata) })
	return n.Ne(0), words.Index(rptr)
}
