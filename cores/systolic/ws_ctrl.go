package systolic

import (
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// wsCtrl is the ws core's control: the handshakes of the A and W streams,
// the output credits, the weight loader's input register, and the valid
// pipeline that runs alongside the array. Every output is a register or a
// function of registers and the input valids; nothing here reads c_ready
// except the credit counter (through pop).
//
// Ports:
//
//	a_valid, a_last   input   the A stream's handshake
//	a_ready           output  used < Depth && (!first || full)
//	tag               output  this edge accepts the first row of a batch
//	w_valid, w_data   input   the W stream
//	w_ready           output  mid-tile, or the shadow is free and the
//	                          previous batch's swap has moved Hold+1
//	                          columns on
//	w_q, wv_q, hop_q  output  the registered weight beat, its valid and its
//	                          row (the number of rows it must go down)
//	pop               input   a C row leaves (frees a credit)
//	push, push_last   output  a result row (and its last) leaves the deskew
//	                          buffer on this cycle: the valid pipeline
//
// With Side > 0 (an accumulator or output stage follows the array), also:
//
//	side              input   the row's sidebands (wsSide's layout),
//	                          sampled with the row
//	side_q            output  side of the row that push announces
//	pre_valid,        output  push and push_last one cycle earlier (the
//	pre_last, side_pre        accumulator's read stage), with side
//
// With Gate (an accumulator or a bias):
//
//	start_ok          input   a batch's first row also waits for this
//	                          (the clear sweep, a bias vector)
//
// With AccRows > 0, a row takes a credit only when its a_out is 1 (rows
// with a_out = 0 never reach the output buffer), and the control assumes
// the input rules of the sidebands: constant within a batch, and at most
// AccRows rows in a batch with a_acc = 1 or a_out = 0.
type wsCtrl struct {
	Top                        string
	Rows, Cols, InWidth, Depth int
	HopWidth, Hold, Pipe       int
	Side, AccRows              int
	Gate                       bool // the start_ok input exists
}

func (c wsCtrl) ModuleName() string { return c.Top + "_ctrl" }

// Build implements dsl.Generator.
func (c wsCtrl) Build(m *dsl.Module) {
	aValid := m.Input("a_valid", dsl.Bool())
	aLast := m.Input("a_last", dsl.Bool())
	aReady := m.Output("a_ready", dsl.Bool())
	tag := m.Output("tag", dsl.Bool())
	wValid := m.Input("w_valid", dsl.Bool())
	wData := m.Input("w_data", dsl.UInt(c.Cols*c.InWidth))
	wReady := m.Output("w_ready", dsl.Bool())
	wQ := m.Output("w_q", dsl.UInt(c.Cols*c.InWidth))
	wvQ := m.Output("wv_q", dsl.Bool())
	hopQ := m.Output("hop_q", dsl.UInt(c.HopWidth))
	pop := m.Input("pop", dsl.Bool())
	push := m.Output("push", dsl.Bool())
	pushLast := m.Output("push_last", dsl.Bool())

	cw := bits.Len(uint(c.Depth))
	used := m.Reg("used", dsl.UInt(cw), dsl.Init(0))         // credits taken: rows accepted, not yet out
	first := m.Reg("first", dsl.Bool(), dsl.Init(1))         // the next A row starts a batch
	full := m.Reg("full", dsl.Bool(), dsl.Init(0))           // the shadow weights hold an unclaimed tile
	beat := m.Reg("beat", dsl.UInt(c.HopWidth), dsl.Init(0)) // next weight beat's row

	// A side: a row is accepted when its result has a place in the output
	// buffer, and a batch starts only on a loaded tile.
	start := full
	var side dsl.Signal
	if c.Side > 0 {
		side = m.Input("side", dsl.UInt(c.Side))
	}
	if c.Gate {
		start = full.And(m.Input("start_ok", dsl.Bool()))
	}
	ok := m.Named("a_ok", used.Lt(dsl.U(cw, uint64(c.Depth))).And(first.Not().Or(start)))
	aReady.Set(ok)
	aFire := m.Named("a_fire", aValid.And(ok))
	claim := m.Named("claim", aFire.And(first))
	tag.Set(claim)
	m.When(aFire, func() { first.Set(aLast) })
	take := aFire // the accepted row will take a place in the output buffer
	if c.AccRows > 0 {
		take = m.Named("a_take", aFire.And(side.Bit(sideOut)))
		c.sidebandRules(m, aFire, aLast, first, side)
	}
	m.When(take.And(pop.Not()), func() {
		used.Set(used.Add(dsl.U(cw, 1)))
	}).ElseWhen(pop.And(take.Not()), func() {
		used.Set(used.Sub(dsl.U(cw, 1)))
	})
	atMost(m, used, c.Depth, "credits: rows in flight never exceed the output buffer's depth")
	m.When(pop, func() {
		m.Assert(used.Ne(dsl.U(cw, 0)), "credits: a row leaves only when one is in flight")
	})

	// W side: a tile's first beat waits until the shadow registers are
	// free, that is until the previous tile's swap wavefront is far enough
	// ahead that the new beats reach every PE after it.
	free := full.Not()
	if c.Hold > 0 {
		hw := bits.Len(uint(c.Hold))
		hold := m.Reg("hold", dsl.UInt(hw), dsl.Init(0))
		m.When(claim, func() {
			hold.Set(dsl.U(hw, uint64(c.Hold)))
		}).ElseWhen(hold.Ne(dsl.U(hw, 0)), func() {
			hold.Set(hold.Sub(dsl.U(hw, 1)))
		})
		free = free.And(hold.Eq(dsl.U(hw, 0)))
	}
	midTile := beat.Ne(dsl.U(c.HopWidth, 0))
	wOK := m.Named("w_ok", midTile.Or(free))
	wReady.Set(wOK)
	wFire := m.Named("w_fire", wValid.And(wOK))
	lastBeat := beat.Eq(dsl.U(c.HopWidth, uint64(c.Rows-1)))
	m.When(wFire, func() {
		beat.Set(dsl.Mux(lastBeat, dsl.U(c.HopWidth, 0), beat.Add(dsl.U(c.HopWidth, 1))))
	})
	m.When(claim, func() {
		full.Set(dsl.B(false))
	}).ElseWhen(wFire.And(lastBeat), func() {
		full.Set(dsl.B(true))
	})
	wr := m.Reg("w_reg", dsl.UInt(c.Cols*c.InWidth))
	wr.Set(wData)
	wQ.Set(wr)
	wv := m.Reg("wv_reg", dsl.Bool(), dsl.Init(0))
	wv.Set(wFire)
	wvQ.Set(wv)
	hr := m.Reg("hop_reg", dsl.UInt(c.HopWidth))
	hr.Set(beat)
	hopQ.Set(hr)

	// The valid pipeline: an accepted row's valid and last bits, delayed
	// to the cycle its result leaves the deskew buffer.
	vp := m.Reg("vpipe", dsl.UInt(c.Pipe), dsl.Init(0))
	lp := m.Reg("lpipe", dsl.UInt(c.Pipe), dsl.Init(0))
	if c.Pipe == 1 {
		vp.Set(aFire)
		lp.Set(aFire.And(aLast))
	} else {
		vp.Set(dsl.Cat(vp.Bits(c.Pipe-2, 0), aFire))
		lp.Set(dsl.Cat(lp.Bits(c.Pipe-2, 0), aFire.And(aLast)))
	}
	push.Set(vp.Bit(c.Pipe - 1))
	pushLast.Set(lp.Bit(c.Pipe - 1))
	if c.Side > 0 {
		// The sidebands travel beside the valid pipeline (c.Pipe >= 2:
		// rows and cols are at least 1 each).
		sp := lib.Taps(m, "spipe", side, c.Pipe)
		m.Output("side_q", dsl.UInt(c.Side)).Set(sp.At(c.Pipe - 1))
		m.Output("side_pre", dsl.UInt(c.Side)).Set(sp.At(c.Pipe - 2))
		m.Output("pre_valid", dsl.Bool()).Set(vp.Bit(c.Pipe - 2))
		m.Output("pre_last", dsl.Bool()).Set(lp.Bit(c.Pipe - 2))
	}
}

// sidebandRules assumes the input rules of the accumulator's sidebands:
// every row of a batch carries its first row's sidebands, and a batch
// with a_acc = 1 or a_out = 0 has at most AccRows rows (a_acc = 0, a_out
// = 1 batches may be longer: their rows past AccRows touch no memory).
func (c wsCtrl) sidebandRules(m *dsl.Module, aFire, aLast, first, side dsl.Signal) {
	held := m.Reg("side_batch", dsl.UInt(c.Side))
	m.When(aFire, func() { held.Set(side) })
	m.When(aFire.And(first.Not()), func() {
		m.Assume(side.Eq(held), "sidebands: a_acc, a_out and the output stage's are constant within a batch")
	})
	// The row's index within its batch, saturating at AccRows.
	iw := bits.Len(uint(c.AccRows))
	row := m.Reg("a_row", dsl.UInt(iw), dsl.Init(0))
	m.When(aFire, func() {
		row.Set(dsl.Mux(aLast, dsl.U(iw, 0), dsl.Mux(row.Eq(dsl.U(iw, uint64(c.AccRows))), row, row.Add(dsl.U(iw, 1)))))
	})
	beyond := m.Named("a_row_beyond", row.Eq(dsl.U(iw, uint64(c.AccRows))))
	keeps := side.Bit(sideAcc).Or(side.Bit(sideOut).Not())
	m.When(aFire.And(keeps), func() {
		m.Assume(beyond.Not(), "accumulator: a batch with a_acc=1 or a_out=0 has at most acc_rows rows")
	})
}
