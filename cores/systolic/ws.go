package systolic

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// The weight-stationary (ws) core.
//
// # Interface
//
// Ports: clk, rst (synchronous, active high) and three valid/ready streams
// with AXI-Stream rules:
//
//	w_valid, w_ready, w_data[Cols*InWidth-1:0]   weight tiles: a tile is Rows
//	    beats, beat k carries B[k][j] at w_data[j*InWidth +: InWidth]
//	a_valid, a_ready, a_data[Rows*InWidth-1:0], a_last   rows of A: A[m][k]
//	    at a_data[k*InWidth +: InWidth]; a beat with a_last ends a batch;
//	    batch n (any number of rows >= 1) uses tile n in load order
//	c_valid, c_ready, c_data[Cols*AccWidth-1:0], c_last   rows of C in A-row
//	    order: C[m][j] = sum_k A[m][k]*B[k][j] mod 2^AccWidth at
//	    c_data[j*AccWidth +: AccWidth]; c_last on each batch's last row
//// With a float Format the operands are the format's bits and C[m][j] is
// the fp32 bits of ((+0 + p0) + p1) + … + p(Rows-1), p_k = A[m][k]*B[k][j],
// each operation rounded to fp32 (package fp): PE k of a column adds its
// product to the sum from the PE above, and the top PE's input is +0.
//
// # Accumulator and output stage (options)
//
// Each option below adds its ports; without them the core, its ports and
// its modules are exactly those above. The column sums of row m of a
// batch, colsum[m][j] (C[m][j] above), go through these steps in order:
//
// With AccRows > 0, an accumulator memory of AccRows rows of Cols
// AccWidth-bit elements, and two sideband inputs carried on every beat of
// the A stream, constant within a batch:
//
//	a_acc   0: row m of the batch is colsum[m] (or bias + colsum[m]);
//	        1: row m is acc[m] + colsum[m] (m = the row's index in its
//	        batch, from 0), wrapping for integers, round_fp32(acc[m][j] +
//	        colsum[m][j]) for floats
//	a_out   1: row m leaves on the C stream, in order, c_last on the
//	        batch's last row; 0: nothing leaves
//
// Either way acc[m] then holds the row (rows never written since reset
// hold zero). A batch with a_acc = 1 or a_out = 0 has at most AccRows
// rows (the control assumes it: rtlsim stops with that message when
// traffic breaks it); a batch with a_acc = 0, a_out = 1 may have any
// number, its rows past AccRows writing nothing, and behaves exactly as
// without an accumulator. A GEMM of K = k·Rows runs as k batches per
// column tile: a_acc = 0 on the first, a_out = 1 on the last.
//
// With Bias, a stream bias_valid, bias_ready, bias_data[Cols*AccWidth-1:0]
// (bias[j] at bias_data[j*AccWidth +: AccWidth], fp32 bits for floats):
// one vector is consumed per batch with a_acc = 0 (every batch without an
// accumulator), in order, as tiles are; such a batch's first row waits for
// its vector (a_ready then depends on a_acc, with an accumulator). Its rows
// are bias[j] + colsum[m][j] (wrapping; round_fp32(bias[j] + colsum[m][j])
// for floats).
//
// With ReLU (sideband a_relu) or a conversion (OutFormat for floats;
// OutWidth for integers, with sideband a_shift of ShiftWidth bits), the
// post block (outstage.go) turns each emitted row into c_data elements of
// OutElemWidth bits: c_data is Cols*OutElemWidth bits. The accumulator
// keeps the rows before ReLU and conversion.
//
// # Microarchitecture
//
// The grid holds Rows×Cols PEs (module <top>_pe, instances pe_<k>_<j>);
// PE k,j holds B[k][j]. Every PE output is a register; the hierarchy is
//
//	<top>_ctrl    handshakes, output credits, weight input register, the
//	              valid/last pipeline
//	<top>_skew    registers a row of A and delays lane k by k+1 edges, so
//	              A[m][k] reaches PE k,0 one cycle after A[m][k-1] reaches
//	              PE k-1,0; the batch tag rides on one shared chain
//	<top>_pe      the grid: activations move right, partial sums move down
//	              (PE k,j adds A[m][k]*B[k][j] to the sum from PE k-1,j),
//	              weight beats move down
//	<top>_deskew  delays column j's result by Cols-1-j edges so that a row
//	              of C leaves aligned
//	<top>_acc     with an accumulator or a bias: the accumulator stage
//	              (wsAcc), its memory <top>_mem_<AccRows>x<Cols*AccWidth>_1r1w
//	              (lib.Mem1R1W, replaceable by an SRAM macro) and the bias
//	              buffer <top>_bias_fifo (3 vectors, registers)
//	<top>_post    with ReLU or a conversion: the post block
//	<top>_fifo    the output buffer, Rows+Cols+3 rows deep
//
// Weights are double-buffered in each PE: an active weight that computes
// and a shadow weight that loads. A weight beat enters every column at the
// top, from the control's input register, with the number of rows it has
// to go down (its beat index k); each PE passes beats down with that count
// minus one and captures the beat whose count is zero, so beat k lands in
// row k's shadow k cycles after it enters, whatever the gaps on w_valid.
// Beats enter at the top (not the bottom) so that they move down at the
// speed of the batch's first row: a tile is usable on the cycle after its
// last beat, wherever the last beat lands.
//
// The first row of each batch carries a tag down the skew buffer and along
// each grid row with its activation; a PE that sees the tag multiplies by
// its shadow weight and makes it active. The swap thus moves through the
// grid as the same diagonal wavefront as the batch's first row, and rows
// of the previous batch (ahead of it) still meet the old weights.
//
// There is no stall anywhere in the grid: it moves every cycle, bubbles
// included, with the valid and last bits of each accepted row travelling
// in the control's valid pipeline (Rows+Cols stages) to the output buffer.
// Instead of a stall, credits: a_ready = used < Depth && (!first || full),
// a function of registers only, where used counts rows accepted and not
// yet delivered on c, so every accepted row has room in the output buffer
// and c_ready reaches nothing but the buffer and the credit counter. No
// combinational path leaves a PE or crosses the grid; the longest in the
// grid is one PE's weight mux, multiply and add.
//
// The control keeps the two weight sets consistent with two rules:
//
//   - a batch's first row is accepted only when its tile is fully loaded
//     (full: set by the tile's last beat, cleared by the batch's first row),
//     at the earliest the cycle after its last beat;
//   - the first beat of the next tile is accepted only when full is clear
//     and at least max(Cols-1, 1) cycles after the first row that claimed
//     the previous tile, so that beat k, moving down at the speed of the
//     swap wavefront, reaches PE k,j's shadow no earlier than the edge on
//     which the swap there takes the previous tile's weight out of it.
//
// # Timing
//
// Latency: a row of A accepted on cycle t (a_valid && a_ready) has its row
// of C valid on cycle t + WSLatency() = t + Rows + Cols + 2, whatever the
// batch, when c has been ready: one edge into the skew buffer's first
// stage, Rows-1 more down the skew to the bottom row of the grid, one into
// the bottom PE's sum register, Cols-1 across the grid (the deskew buffer
// delays every column to the last one's time), one into the output
// buffer's memory and one into its read register.
//
// Throughput: with c_ready held at 1 the credits never run out (the output
// buffer holds WSLatency()+1 rows) and the core accepts a row of A on every
// cycle. A batch boundary costs no cycle when the next batch's tile was
// fully accepted (its last beat) on an earlier cycle than the boundary's
// first row. With w_valid always 1, tile n+1 starts loading max(Cols-1, 1)
// cycles after batch n's first row and takes Rows cycles, so every
// boundary is free when each batch but the last has at least
//
//	Rows + max(Cols-1, 1) rows
//
// and the first tile was accepted before the first row (one row fewer
// gives a bubble at each boundary). For T such batches of M rows, from the
// cycle the first row of A is accepted to the cycle the last row of C is
// transferred, both counted:
//
//	WSCycles(T, M) = T*M + WSLatency() = T*M + Rows + Cols + 2
//
// a_ready, w_ready and c_valid are functions of registers only (with an
// accumulator and a bias, a_ready also depends on a_acc: a batch's first
// row with a_acc = 0 waits for a bias vector). Reset empties the core,
// weights included: load a tile again after it.
//
// The accumulator, the bias and the post block add no cycle: the stage
// reads a row's accumulator row one cycle before its column sums leave
// the deskew buffer (the memory's registered read), adds, writes back and
// pushes into the output buffer on the next, so latency, throughput and
// WSCycles are as above for every batch length and a_acc/a_out mix, when
// the last batch has a_out = 1 (rows with a_out = 0 take no place in the
// output buffer). The one cost is after reset: the accumulator memory,
// an SRAM without reset, is cleared one row per cycle, and a_ready stays
// 0 for AccRows cycles (Timing's ResetCycles). A bias costs no cycle
// when each vector is transferred before its batch's first row (bias_valid
// held at 1 is enough: see wsBiasDepth).
//
// Cost (without the options): besides the grid (Rows*Cols PEs of three InWidth-bit weight and
// activation registers, an AccWidth-bit sum and a multiplier), the skew
// buffer holds Rows*(Rows+1)/2 InWidth-bit registers, the deskew buffer
// Cols*(Cols-1)/2 AccWidth-bit ones, and the output buffer a memory of
// Rows+Cols+3 words of Cols*AccWidth+1 bits.

// wsDepth is the output buffer's depth: the rows in flight from
// acceptance to c_valid, plus one, so that credits never stop a steady
// stream.
func (c Config) wsDepth() int { return c.WSLatency() + 1 }

// WSLatency is the ws core's latency in cycles: from the cycle a row of A
// is accepted to the cycle its row of C is valid.
func (c Config) WSLatency() int { return c.Rows + c.Cols + 2 }

// WSCycles is the ws core's cycle count for batches batches of
// rowsPerBatch rows each, back to back (inputs always valid, c_ready
// always 1, tiles loaded in time; see the package's ws documentation):
// from the cycle the first row of A is accepted to the cycle the last row
// of C is transferred, both included.
func (c Config) WSCycles(batches, rowsPerBatch int) int {
	return batches*rowsPerBatch + c.WSLatency()
}

// wsMinRows is the smallest batch during which the next tile, streamed
// with w_valid always 1, loads in time for a boundary without a bubble.
func (c Config) wsMinRows() int { return c.Rows + max(c.Cols-1, 1) }

// wsHopWidth is the width of a weight beat's row index.
func wsHopWidth(rows int) int { return max(1, bits.Len(uint(rows-1))) }

// wsCore returns the generator of the ws core for a validated c.
func wsCore(c Config) dsl.Generator { return wsTop{c} }

type wsTop struct{ Config }

func (t wsTop) ModuleName() string { return t.TopName() }

// Build implements dsl.Generator.
func (t wsTop) Build(m *dsl.Module) {
	c := t.Config
	R, C, W, A := c.Rows, c.Cols, c.InWidth, c.AccWidth
	top := c.TopName()
	hw := wsHopWidth(R)
	accT := dsl.UInt(A)
	cast := func(s dsl.Signal) dsl.Signal { return s }
	if c.Signed {
		accT = dsl.SInt(A)
		cast = dsl.Signal.AsSInt
	}

	wValid := m.Input("w_valid", dsl.Bool())
	wReady := m.Output("w_ready", dsl.Bool())
	wData := m.Input("w_data", dsl.UInt(C*W))
	aValid := m.Input("a_valid", dsl.Bool())
	aReady := m.Output("a_ready", dsl.Bool())
	aData := m.Input("a_data", dsl.UInt(R*W))
	aLast := m.Input("a_last", dsl.Bool())
	var side wsSideIn
	if c.wsStage() {
		side = c.sideInputs(m)
	}
	cValid := m.Output("c_valid", dsl.Bool())
	cReady := m.Input("c_ready", dsl.Bool())
	cData := m.Output("c_data", dsl.UInt(C*c.OutElemWidth()))
	cLast := m.Output("c_last", dsl.Bool())

	ctrl := m.Instance("ctrl", wsCtrl{Top: top, Rows: R, Cols: C, InWidth: W, Depth: c.wsDepth(),
		HopWidth: hw, Hold: max(0, C-2), Pipe: R + C, Side: c.wsSide().width, AccRows: c.AccRows, Gate: c.AccRows > 0 || c.Bias})
	ctrl.Port("a_valid").Set(aValid)
	ctrl.Port("a_last").Set(aLast)
	aReady.Set(ctrl.Port("a_ready"))
	ctrl.Port("w_valid").Set(wValid)
	ctrl.Port("w_data").Set(wData)
	wReady.Set(ctrl.Port("w_ready"))

	skew := m.Instance("skew", wsSkew{Top: top, Lanes: R, Width: W})
	skew.Port("in").Set(aData)
	skew.Port("tag").Set(ctrl.Port("tag"))

	pe := wsPE{Top: top, InWidth: W, AccWidth: A, HopWidth: hw, Signed: c.Signed, FP: c.fp()}
	grid := make([][]*dsl.Inst, R)
	wq, wv, hop := dsl.Unpack(ctrl.Port("w_q"), C, dsl.UInt(W)), ctrl.Port("wv_q"), ctrl.Port("hop_q")
	for k := range R {
		grid[k] = make([]*dsl.Inst, C)
		for j := range C {
			p := m.Instance(fmt.Sprintf("pe_%d_%d", k, j), pe)
			grid[k][j] = p
			if j == 0 {
				p.Port("a_in").Set(cast(skew.Port(fmt.Sprintf("a_%d", k))))
				p.Port("sw_in").Set(skew.Port(fmt.Sprintf("sw_%d", k)))
			} else {
				p.Port("a_in").Set(grid[k][j-1].Port("a_out"))
				p.Port("sw_in").Set(grid[k][j-1].Port("sw_out"))
			}
			if k == 0 {
				p.Port("ps_in").Set(dsl.Const(accT, 0))
				p.Port("w_in").Set(cast(wq.At(j)))
				p.Port("wv_in").Set(wv)
				p.Port("hop_in").Set(hop)
			} else {
				up := grid[k-1][j]
				p.Port("ps_in").Set(up.Port("ps_out"))
				p.Port("w_in").Set(up.Port("w_out"))
				p.Port("wv_in").Set(up.Port("wv_out"))
				p.Port("hop_in").Set(up.Port("hop_out"))
			}
		}
	}

	deskew := m.Instance("deskew", wsDeskew{Top: top, Lanes: C, Width: A})
	for j := range C {
		deskew.Port(fmt.Sprintf("in_%d", j)).Set(grid[R-1][j].Port("ps_out").AsUInt())
	}

	// The output buffer; the credits guarantee room for every row pushed,
	// so its in_ready is not read.
	push, pushLast, pushData := ctrl.Port("push"), ctrl.Port("push_last"), deskew.Port("out")
	if c.wsStage() {
		push, pushLast, pushData = t.stage(m, ctrl, side, pushData)
	}
	OW := c.OutElemWidth()
	fifo := m.Instance("fifo", lib.Queue{Width: C*OW + 1, Depth: c.wsDepth(), Name: top + "_fifo", SRAM: true, MemPrefix: top + "_"})
	fifo.Port("in_valid").Set(push)
	fifo.Port("in_data").Set(dsl.Cat(pushLast, pushData))
	out := fifo.Port("out_data")
	outValid := fifo.Port("out_valid")
	fifo.Port("out_ready").Set(cReady)
	roomInvariant(m, fifo)
	ctrl.Port("pop").Set(outValid.And(cReady))
	cValid.Set(outValid)
	cData.Set(out.Bits(C*OW-1, 0))
	cLast.Set(out.Bit(C * OW))
}

// wsSideIn are the sideband and bias inputs of the top.
type wsSideIn struct {
	acc, out    dsl.Signal // a_acc, a_out (with an accumulator)
	relu, shift dsl.Signal // a_relu (with ReLU), a_shift (with an integer conversion)
	bias        *dsl.Stream
}

// sideInputs declares the top's sideband inputs and bias stream.
func (c Config) sideInputs(m *dsl.Module) wsSideIn {
	var s wsSideIn
	if c.AccRows > 0 {
		s.acc = m.Input("a_acc", dsl.Bool())
		s.out = m.Input("a_out", dsl.Bool())
	}
	if c.ReLU {
		s.relu = m.Input("a_relu", dsl.Bool())
	}
	if sw := c.ShiftWidth(); sw > 0 {
		s.shift = m.Input("a_shift", dsl.UInt(sw))
	}
	if c.Bias {
		s.bias = dsl.NewStream(dsl.UInt(c.Cols * c.AccWidth))
		m.InputBundle("bias", s.bias)
	}
	return s
}

// side packs the sidebands as wsSide lays them out.
func (s wsSideIn) side() dsl.Signal {
	var parts []dsl.Signal // most significant first
	for _, p := range []dsl.Signal{s.shift, s.relu, s.out, s.acc} {
		if p.IsValid() {
			parts = append(parts, p)
		}
	}
	return dsl.Cat(parts...)
}

// stage builds what c puts between the array and the output buffer: the
// accumulator stage (wsAcc: memory, bias) and the post block (ReLU,
// conversion). It returns the output buffer's push, push_last and data.
func (t wsTop) stage(m *dsl.Module, ctrl *dsl.Inst, in wsSideIn, colsum dsl.Signal) (push, last, data dsl.Signal) {
	c := t.Config
	l := c.wsSide()
	if l.width > 0 {
		ctrl.Port("side").Set(in.side())
	}
	start := dsl.B(true)
	push, last, data = ctrl.Port("push"), ctrl.Port("push_last"), colsum
	if c.AccRows > 0 || c.Bias {
		acc := m.Instance("acc", c.wsAccStage())
		acc.Port("q_valid").Set(push)
		acc.Port("q_last").Set(last)
		acc.Port("colsum").Set(colsum)
		takes := dsl.B(true) // the batch starting takes a bias vector
		if c.AccRows > 0 {
			side, pre := ctrl.Port("side_q"), ctrl.Port("side_pre")
			acc.Port("pre_valid").Set(ctrl.Port("pre_valid"))
			acc.Port("pre_last").Set(ctrl.Port("pre_last"))
			acc.Port("pre_acc").Set(pre.Bit(l.acc))
			acc.Port("q_acc").Set(side.Bit(l.acc))
			acc.Port("q_out").Set(side.Bit(l.out))
			start = acc.Port("clearing").Not()
			takes = in.acc.Not()
		}
		if c.Bias {
			acc.Port("bias_valid").Set(in.bias.Valid)
			in.bias.Ready.Set(acc.Port("bias_ready"))
			acc.Port("bias_data").Set(in.bias.Data)
			acc.Port("bias_claim").Set(ctrl.Port("tag").And(takes))
			// A batch that takes a vector starts only when one is buffered
			// for it (with an accumulator, a_ready then depends on a_acc).
			start = start.And(takes.Not().Or(acc.Port("bias_avail")))
		}
		push, last, data = acc.Port("push"), acc.Port("push_last"), acc.Port("push_data")
	}
	if c.AccRows > 0 || c.Bias {
		ctrl.Port("start_ok").Set(start)
	}
	if c.hasPost() {
		post := m.Instance("post", c.post())
		post.Port("in").Set(data)
		side := ctrl.Port("side_q")
		if l.relu >= 0 {
			post.Port("relu").Set(side.Bit(l.relu))
		}
		if l.shift >= 0 {
			post.Port("shift").Set(side.Bits(l.shift+l.shiftWidth-1, l.shift))
		}
		data = post.Port("out")
	}
	return push, last, data
}
