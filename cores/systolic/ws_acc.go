package systolic

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// The per-row sidebands that travel beside the array to the accumulator
// stage (wsCtrl's side port), bit by bit: with an accumulator, a_acc at
// sideAcc and a_out at sideOut.
const (
	sideAcc = 0
	sideOut = 1
)

// wsSideWidth is the number of sideband bits c's rows carry.
func (c Config) wsSideWidth() int {
	if c.AccRows > 0 {
		return 2
	}
	return 0
}

// wsStage reports whether c's ws core has a stage between the column sums
// and the output buffer (an accumulator); without one, the core is
// today's, module for module.
func (c Config) wsStage() bool { return c.AccRows > 0 }

// wsAcc is the ws core's accumulator stage, between the deskew buffer and
// the output buffer: module <top>_acc. Rows arrive from the array in
// acceptance order, one per cycle at most, each announced a cycle ahead
// (the read stage, pre_*) by wsCtrl's valid pipeline.
//
// Ports:
//
//	pre_valid, pre_last, pre_acc  input   the row reaching the stage next
//	                                      cycle: read its accumulator row
//	q_valid, q_last, q_acc, q_out input   the row on the stage now
//	colsum                        input   its column sums (Cols*AccWidth)
//	push, push_last, push_data    output  the row's result, to the output
//	                                      buffer (push only when a_out)
//	clearing                      output  the clear sweep after reset runs
//
// Row m of a batch (counted at the read stage, saturating at AccRows) is
// accumulator row m. On the read stage a row with a_acc = 1 reads its
// accumulator row from the memory (a 1r1w SRAM with a registered read,
// lib.Mem1R1W); on the next cycle the stage adds the column sums to it (a_acc =
// 1) or takes the column sums (a_acc = 0), writes the result back to row
// m (rows past AccRows, which only an a_acc = 0, a_out = 1 batch has,
// write nothing) and pushes it to the output buffer when a_out = 1.
//
// The read-after-write hazard: a read on the read stage misses only the
// write on the same edge, the write of the row just before it, and that
// row has the same index only when it was a whole batch of one row. It
// never is: the control starts a batch only on a fully loaded tile, and a
// tile's last beat comes at least one cycle after the previous batch's
// first row, so batch starts are at least two cycles apart (Rows +
// max(Cols-1, 1) with weights always valid). The stage therefore needs
// neither a stall nor a forwarding register; an assertion checks that the
// memory never sees a read and a write of one row on one edge (lib.Mem1R1W's
// instance asserts it).
//
// The memory has no reset. After reset the stage writes zeros to every
// row, one per cycle (clearing is 1 for AccRows cycles), and the control
// holds a_ready at 0 meanwhile, so rows never written since reset read as
// zero.
type wsAcc struct {
	Top        string
	Cols       int
	AccWidth   int
	AccRows    int
	FP         fp.Format // the zero Format for integers
	AddrWidth  int
	IndexWidth int
}

func (c Config) wsAccStage() wsAcc {
	return wsAcc{Top: c.TopName(), Cols: c.Cols, AccWidth: c.AccWidth, AccRows: c.AccRows, FP: c.fp(),
		AddrWidth: max(1, bits.Len(uint(c.AccRows-1))), IndexWidth: bits.Len(uint(c.AccRows))}
}

func (a wsAcc) ModuleName() string { return a.Top + "_acc" }

// Build implements dsl.Generator.
func (a wsAcc) Build(m *dsl.Module) {
	W := a.Cols * a.AccWidth
	preValid := m.Input("pre_valid", dsl.Bool())
	preLast := m.Input("pre_last", dsl.Bool())
	preAcc := m.Input("pre_acc", dsl.Bool())
	qValid := m.Input("q_valid", dsl.Bool())
	qLast := m.Input("q_last", dsl.Bool())
	qAcc := m.Input("q_acc", dsl.Bool())
	qOut := m.Input("q_out", dsl.Bool())
	colsum := m.Input("colsum", dsl.UInt(W))

	// The row index at the read stage, saturating at AccRows (beyond).
	iw, aw := a.IndexWidth, a.AddrWidth
	idx := m.Reg("row", dsl.UInt(iw), dsl.Init(0))
	beyond := m.Named("row_beyond", idx.Eq(dsl.U(iw, uint64(a.AccRows))))
	m.When(preValid, func() {
		idx.Set(dsl.Mux(preLast, dsl.U(iw, 0), dsl.Mux(beyond, idx, idx.Add(dsl.U(iw, 1)))))
	})
	addr := idx
	if iw > aw {
		addr = idx.Trunc(aw)
	}
	addr = m.Named("rd_row", addr)
	addrQ := m.Reg("wr_row", dsl.UInt(aw))
	addrQ.Set(addr)
	keepQ := m.Reg("keep", dsl.Bool(), dsl.Init(0)) // the row on the stage has an accumulator row
	keepQ.Set(preValid.And(beyond.Not()))

	// The clear sweep.
	clearing := m.Reg("clear", dsl.Bool(), dsl.Init(1))
	m.Output("clearing", dsl.Bool()).Set(clearing)
	sweep, done := lib.WrapCounter(m, "clear_row", a.AccRows, clearing)
	m.When(clearing.And(done), func() { clearing.Set(false) })

	// The read of the row reaching the stage next cycle and the write-back
	// of the row on the stage.
	wrEn := m.Named("acc_wr", qValid.And(keepQ))
	rdEn := m.Named("acc_rd", preValid.And(preAcc).And(beyond.Not()))
	mem := lib.Mem1R1W{Depth: a.AccRows, Width: W, Prefix: a.Top + "_"}.Instance(m, "mem")
	mem.RdEn.Set(rdEn)
	mem.RdAddr.Set(addr)
	result := m.Named("result", a.add(m, qAcc, mem.RdData, colsum))
	mem.WrEn.Set(clearing.Or(wrEn))
	mem.WrAddr.Set(dsl.Mux(clearing, sweep, addrQ))
	mem.WrData.Set(dsl.Mux(clearing, dsl.U(W, 0), result))
	m.Assert(clearing.And(qValid.Or(preValid)).Not(), "accumulator: no row arrives during the clear sweep")

	m.Output("push", dsl.Bool()).Set(qValid.And(qOut))
	m.Output("push_last", dsl.Bool()).Set(qLast)
	m.Output("push_data", dsl.UInt(W)).Set(result)
}

// add returns the stage's result: colsum + old where acc is 1, else
// colsum, lane by lane (wrapping for integers; for floats
// round_fp32(old + colsum) by fp.Adder).
func (a wsAcc) add(m *dsl.Module, acc, old, colsum dsl.Signal) dsl.Signal {
	dsl.Helper()
	t := dsl.UInt(a.AccWidth)
	olds, sums := dsl.Unpack(old, a.Cols, t), dsl.Unpack(colsum, a.Cols, t)
	out := make([]dsl.Signal, a.Cols)
	for j := range a.Cols {
		if !isFloat(a.FP) {
			x := dsl.Mux(acc, olds.At(j), dsl.U(a.AccWidth, 0))
			out[j] = x.Add(sums.At(j))
			continue
		}
		add := m.Instance(fmt.Sprintf("add_%d", j), fp.Adder{Prefix: a.Top + "_"})
		add.Port("x").Set(olds.At(j))
		add.Port("y").Set(sums.At(j))
		out[j] = dsl.Mux(acc, add.Port("s"), sums.At(j))
	}
	return dsl.VecOf(out...).Pack()
}
