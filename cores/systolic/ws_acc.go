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
// sideAcc and a_out at sideOut; then a_relu (with ReLU) and a_shift (with
// an integer conversion), as wsSide gives their positions.
const (
	sideAcc = 0
	sideOut = 1
)

// wsSideLayout is where each sideband sits in the side bus; -1 for one
// that c does not have.
type wsSideLayout struct {
	acc, out, relu, shift, shiftWidth, width int
}

// wsSide is c's sideband layout.
func (c Config) wsSide() wsSideLayout {
	l := wsSideLayout{acc: -1, out: -1, relu: -1, shift: -1}
	if c.AccRows > 0 {
		l.acc, l.out, l.width = sideAcc, sideOut, 2
	}
	if c.ReLU {
		l.relu = l.width
		l.width++
	}
	if sw := c.ShiftWidth(); sw > 0 {
		l.shift, l.shiftWidth = l.width, sw
		l.width += sw
	}
	return l
}

// wsStage reports whether c's ws core has a stage between the column sums
// and the output buffer (an accumulator, a bias, ReLU or a conversion);
// without one, the core is today's, module for module.
func (c Config) wsStage() bool { return c.AccRows > 0 || c.Bias || c.hasPost() }

// wsBiasDepth is the depth of the ws core's bias buffer, 3 vectors,
// enough that the bias never costs a cycle when bias_valid is held at 1.
// A batch holds its vector from its first row's acceptance to the cycle
// its last row reaches the accumulator stage, rows+cols cycles after that
// row's acceptance. Batch starts are at least S = rows + max(cols-1, 1) >=
// rows+cols-1 cycles apart (a tile loads between them), so when batch n
// starts, batch n-3's last row left the stage at least S+2 cycles before,
// batch n-2's leaves at the latest on that cycle, and the buffer holds
// batch n-2's, n-1's and n's vectors: n's place was free S+1 cycles
// before, and a vector accepted on a cycle can be claimed on the next.
func (c Config) wsBiasDepth() int { return 3 }

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
	BiasDepth  int // 0: no bias
}

func (c Config) wsAccStage() wsAcc {
	a := wsAcc{Top: c.TopName(), Cols: c.Cols, AccWidth: c.AccWidth, AccRows: c.AccRows, FP: c.fp(),
		AddrWidth: max(1, bits.Len(uint(max(c.AccRows, 1)-1))), IndexWidth: bits.Len(uint(c.AccRows))}
	if c.Bias {
		a.BiasDepth = c.wsBiasDepth()
	}
	return a
}

func (a wsAcc) ModuleName() string { return a.Top + "_acc" }

// Build implements dsl.Generator.
func (a wsAcc) Build(m *dsl.Module) {
	W := a.Cols * a.AccWidth
	qValid := m.Input("q_valid", dsl.Bool())
	qLast := m.Input("q_last", dsl.Bool())
	colsum := m.Input("colsum", dsl.UInt(W))
	qAcc, qOut := dsl.B(false), dsl.B(true)
	old := dsl.U(W, 0)
	if a.AccRows > 0 {
		qAcc, qOut = m.Input("q_acc", dsl.Bool()), m.Input("q_out", dsl.Bool())
	}
	var bias dsl.Signal
	if a.BiasDepth > 0 {
		bias = a.biasBuffer(m, qValid.And(qAcc.Not()), qLast)
	}
	var result dsl.Signal
	switch {
	case a.AccRows > 0:
		result = a.memory(m, qValid, qAcc, bias, colsum)
	case !bias.IsValid():
		result = colsum // ReLU or a conversion only
	default:
		result = m.Named("result", a.add(m, qAcc, old, bias, colsum))
	}
	m.Output("push", dsl.Bool()).Set(qValid.And(qOut))
	m.Output("push_last", dsl.Bool()).Set(qLast)
	m.Output("push_data", dsl.UInt(W)).Set(result)
}

// memory builds the accumulator memory, its read stage and the clear
// sweep, and returns the stage's result.
func (a wsAcc) memory(m *dsl.Module, qValid, qAcc, bias, colsum dsl.Signal) dsl.Signal {
	dsl.Helper()
	W := a.Cols * a.AccWidth
	preValid := m.Input("pre_valid", dsl.Bool())
	preLast := m.Input("pre_last", dsl.Bool())
	preAcc := m.Input("pre_acc", dsl.Bool())

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
	result := m.Named("result", a.add(m, qAcc, mem.RdData, bias, colsum))
	mem.WrEn.Set(clearing.Or(wrEn))
	mem.WrAddr.Set(dsl.Mux(clearing, sweep, addrQ))
	mem.WrData.Set(dsl.Mux(clearing, dsl.U(W, 0), result))
	m.Assert(clearing.And(qValid.Or(preValid)).Not(), "accumulator: no row arrives during the clear sweep")
	return result
}

// biasBuffer builds the bias stream's buffer (ports bias_valid,
// bias_ready, bias_data) and its bookkeeping (bias_claim in: a batch that
// takes a vector starts; bias_avail out: a vector is buffered that no
// started batch has claimed), and returns the vector of the batch on the
// stage. use says the row on the stage takes a vector; its last row frees
// it.
func (a wsAcc) biasBuffer(m *dsl.Module, use, last dsl.Signal) dsl.Signal {
	dsl.Helper()
	W := a.Cols * a.AccWidth
	q := m.Instance("bias_fifo", lib.Queue{Width: W, Depth: a.BiasDepth, Regs: true, Name: a.Top + "_bias_fifo"})
	q.Port("in_valid").Set(m.Input("bias_valid", dsl.Bool()))
	m.Output("bias_ready", dsl.Bool()).Set(q.Port("in_ready"))
	q.Port("in_data").Set(m.Input("bias_data", dsl.UInt(W)))
	pop := m.Named("bias_pop", use.And(last))
	q.Port("out_ready").Set(pop)
	claim := m.Input("bias_claim", dsl.Bool())
	cw := q.Port("count").Width()
	held := m.Reg("bias_held", dsl.UInt(cw), dsl.Init(0)) // vectors claimed by started batches, not yet freed
	m.When(claim.And(pop.Not()), func() {
		held.Set(held.Add(dsl.U(cw, 1)))
	}).ElseWhen(pop.And(claim.Not()), func() {
		held.Set(held.Sub(dsl.U(cw, 1)))
	})
	m.Output("bias_avail", dsl.Bool()).Set(q.Port("count").Gt(held))
	m.Assert(held.Le(q.Port("count")), "bias: batches never claim more vectors than the buffer holds")
	m.When(use, func() {
		m.Assert(q.Port("out_valid"), "bias: a batch's vector is ready when its rows reach the stage")
	})
	return q.Port("out_data")
}

// add returns the stage's result lane by lane: old + colsum where acc is
// 1, else bias + colsum with a bias, else colsum (wrapping for integers;
// for floats round_fp32(x + colsum) by fp.Adder, x = old or bias).
func (a wsAcc) add(m *dsl.Module, acc, old, bias, colsum dsl.Signal) dsl.Signal {
	dsl.Helper()
	t := dsl.UInt(a.AccWidth)
	base := dsl.U(a.Cols*a.AccWidth, 0)
	if bias.IsValid() {
		base = bias
	}
	x := m.Named("addend", dsl.Mux(acc, old, base))
	xs, sums := dsl.Unpack(x, a.Cols, t), dsl.Unpack(colsum, a.Cols, t)
	out := make([]dsl.Signal, a.Cols)
	for j := range a.Cols {
		if !isFloat(a.FP) {
			out[j] = xs.At(j).Add(sums.At(j))
			continue
		}
		add := m.Instance(fmt.Sprintf("add_%d", j), fp.Adder{Prefix: a.Top + "_"})
		add.Port("x").Set(xs.At(j))
		add.Port("y").Set(sums.At(j))
		if bias.IsValid() {
			out[j] = add.Port("s")
		} else {
			// Without a bias, a_acc = 0 rows are the column sums themselves.
			out[j] = dsl.Mux(acc, add.Port("s"), sums.At(j))
		}
	}
	return dsl.VecOf(out...).Pack()
}
