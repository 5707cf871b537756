package systolic

import (
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// osCore returns the generator of the output-stationary (os) core for a
// validated c; its module is named c.TopName().
//
// # Interface
//
//	in_valid, in_ready, in_last   one k-step per transfer; in_last on a tile's last k
//	in_a[Rows*InWidth-1:0]        A[i][k] at in_a[i*InWidth +: InWidth]
//	in_b[Cols*InWidth-1:0]        B[k][j] at in_b[j*InWidth +: InWidth]
//	c_valid, c_ready, c_last      Rows beats per tile, beat i = row i of C; c_last on beat Rows-1
//	c_data[Cols*AccWidth-1:0]     C[i][j] at c_data[j*AccWidth +: AccWidth]
//
// plus clk and rst (synchronous, active high). Both streams follow the
// AXI-Stream rules; in_ready and c_valid, c_data and c_last come straight
// from registers, so no path runs combinationally from one port to another
// or across the array.
//
// # Output stage
//
// With the output-stage options (outstage.go has the arithmetic) the core
// has, besides:
//
//	bias_valid, bias_ready          (Bias) one vector per tile, in tile order
//	bias_data[Cols*AccWidth-1:0]    bias[j] at [j*AccWidth +: AccWidth] (fp32 bits for floats)
//	in_relu                         (ReLU) a sideband of the k-step stream
//	in_shift[ShiftWidth-1:0]        (OutWidth > 0) a sideband of the k-step stream
//
// and c_data is Cols*OutElemWidth bits, C'[i][j] at [j*OutElemWidth +:
// OutElemWidth], where C'[i][j] = Post(bias[j] + C[i][j]): the bias added
// after the whole dot product (wrapping for integers, round_fp32(bias[j]
// + C[i][j]) for floats), then ReLU when the tile's in_relu is 1, then the
// conversion to the output format with the tile's in_shift. The sidebands
// are read from the tile's last k-step (keep them constant within a tile);
// a tile's last k-step waits for its bias vector. bias_ready comes from a
// register (a skid buffer, bias_buf).
//
// With a float Format the operands are the format's bits and C[i][j] is
// the fp32 bits of ((+0 + p0) + p1) + … + p(K-1), p_k = A[i][k]*B[k][j],
// each operation rounded to fp32 (package fp): the PE's sum starts at +0
// for each tile and adds the k-steps in the order they arrive.
//
// # Microarchitecture
//
// The data path is a pipeline that never stalls; only its entrance waits.
//
//  1. in_buf (lib.Skid): a two-entry skid buffer; in_ready is "the skid slot
//     is empty", a register.
//  2. ctrl (osCtrl): issues the buffered k-step into the array. A k-step
//     that is not a tile's last issues at once. A last issues only when
//     (a) the previous last issued at least Rows edges before, and (b) the
//     output FIFO has Rows free slots not yet promised (credits): issuing a
//     last takes Rows credits, each c transfer returns one. Once a tile's
//     last has issued, its Rows result beats are sure of room, so nothing
//     behind ctrl ever waits.
//  3. skew_a, skew_b (osSkew) and tags (osTags): row i of A is delayed
//     i+1 edges and column j of B j+1 edges; the valid and last tags run
//     down a diagonal chain beside skew_a (row i's tap i+1 edges after
//     issue), and each row delays its last tag a further Rows-i edges into
//     a drain tag, so all rows' drain tags enter column 0 together, Rows+1
//     edges after the last issued.
//  4. grid (osGrid of osPE): A, valid, last and drain move right one PE per
//     edge, B moves down, so PE(i,j) sees A[i][k] and B[k][j] together,
//     i+j+1 edges after k issued. On the last k it moves acc+product into
//     its shadow register res and restarts acc, so the next tile's first
//     product follows with no bubble. The drain tag reaches every PE of
//     column j on the same edge, Rows+j+1 edges after the last issued; each
//     PE then loads res into its drain-chain register, and the chains
//     shift up one row per edge: column j's top emits C[0][j], C[1][j], ...
//     on consecutive cycles while the next tile accumulates. Rule (a)
//     keeps consecutive drains Rows edges apart, so a chain is empty again
//     when the next drain loads it and res is read before it is replaced.
//  5. drain (osDeskew): column j is delayed Cols-1-j edges, so whole rows of
//     C arrive together, with column Cols-1's chain valid bit as the push
//     strobe.
//  6. With an output stage (os_out.go): when a tile's last k-step issues,
//     its bias vector (from bias_buf) and sidebands enter tile_queue (at
//     most (Depth-1)/Rows+1 tiles are between issue and drain; with Bias
//     the queue's words are a replaceable memory, lib.Mem1R1W); the
//     drained rows get the bias of the queue's head in out_stage, which
//     pops it after the tile's last row, then a register stage; then the
//     post block (ReLU and conversion) and another register stage.
//  7. out_fifo (lib.Queue): Depth = 2*Rows+Cols+3+S words (S = 0, 1 or 2,
//     the output stage's register stages) of a memory behind a show-ahead
//     output register (c_valid and c_data are registers); ctrl counts the
//     beats for c_last.
//
// Every PE output is a register and the grid is wiring only, so the
// longest combinational path is one PE's multiply-add and the mux into
// acc, independent of Rows and Cols (the output stage's bias add and post
// block, an adder and a conversion, each end at a register). Outside the array, the widest
// fan-out is ctrl's issue signal, which loads the input buffer's data
// register (Rows+Cols lanes); c_ready reaches only the FIFO's read side
// and ctrl's credit and beat counters.
//
// # Timing
//
// Number edges from 0, the edge that accepts a tile's first k-step. With
// the tile's K k-steps back to back and the array otherwise idle, c_valid
// first rises after edge OSLatency(K)-1, that is in cycle
//
//	OSLatency(K) = K + Rows + Cols + 3 + S
//
// (counting the accepting edge's cycle as cycle 0): the last k-step is
// accepted at edge K-1 and issues at edge K; the drain tags reach column 0
// Rows+1 edges later; column j drains j edges after column 0 and is
// deskewed by Cols-1-j, so whole rows enter the FIFO Cols edges after
// that (S more with the output stage's S register stages: one with Bias,
// one with ReLU or a conversion), and the FIFO's show-ahead register adds
// two.
//
// With K >= Rows, inputs (and bias vectors) always valid and c_ready
// always 1, the core accepts one k-step every cycle: lasts issue K >= Rows
// edges apart and at most 2*Rows+Cols+3+S result rows are ever promised or
// held. T such tiles
// take, from the first k-step's cycle to the last c transfer's inclusive,
//
//	OSCycles(T, K) = OSLatency(K) + (T-1)*max(K, Rows) + Rows
//	               = T*K + 2*Rows + Cols + 3 + S      (K >= Rows)
//
// cycles: the first tile's latency, one tile interval per further tile,
// and the last tile's Rows beats. With K < Rows a tile's last waits for
// rule (a), so lasts issue one per Rows cycles (hence max(K, Rows)), the
// rate at which the output port can carry their Rows beats anyway; such
// tiles reach K·Cols MACs per cycle.
func osCore(c Config) dsl.Generator { return osTop{c} }

// osDepth is the output FIFO depth: enough promised slots that credits
// never hold back back-to-back tiles with K >= Rows (see the doc above).
func (c Config) osDepth() int { return 2*c.Rows + c.Cols + 3 + c.outStages() }

// OSLatency is the os core's latency for tiles of depth k: the number of
// cycles from the edge accepting a tile's first k-step (with the rest back
// to back, the core idle) to the first cycle c_valid is 1, counting the
// accepting cycle as 0.
func (c Config) OSLatency(k int) int { return k + c.Rows + c.Cols + 3 + c.outStages() }

// OSCycles is the number of cycles the os core takes for tiles back-to-back
// tiles of depth k with c_ready always 1: from the cycle accepting the
// first k-step to the cycle of the last c transfer, both included.
func (c Config) OSCycles(tiles, k int) int {
	if tiles <= 0 {
		return 0
	}
	return c.OSLatency(k) + (tiles-1)*max(k, c.Rows) + c.Rows
}

type osTop struct{ c Config }

func (t osTop) ModuleName() string { return t.c.TopName() }

// Build implements dsl.Generator.
func (t osTop) Build(m *dsl.Module) {
	c := t.c
	w := c.InWidth
	inValid := m.Input("in_valid", dsl.Bool())
	inReady := m.Output("in_ready", dsl.Bool())
	inA := m.Input("in_a", dsl.UInt(c.Rows*w))
	inB := m.Input("in_b", dsl.UInt(c.Cols*w))
	inLast := m.Input("in_last", dsl.Bool())
	var inRelu, inShift dsl.Signal
	if c.ReLU {
		inRelu = m.Input("in_relu", dsl.Bool())
	}
	if sw := c.ShiftWidth(); sw > 0 {
		inShift = m.Input("in_shift", dsl.UInt(sw))
	}
	cValid := m.Output("c_valid", dsl.Bool())
	cReady := m.Input("c_ready", dsl.Bool())
	cData := m.Output("c_data", dsl.UInt(c.Cols*c.OutElemWidth()))
	cLast := m.Output("c_last", dsl.Bool())

	// Input buffer: {shift, relu, last, b, a} (the sidebands only with
	// their options).
	aw, bw := c.Rows*w, c.Cols*w
	sideW := c.tileWidth()
	if c.Bias {
		sideW -= c.Cols * c.AccWidth
	}
	top := c.TopName()
	buf := m.Instance("in_buf", lib.Skid{Width: aw + bw + 1 + sideW, Name: top + "_in_buf"})
	buf.Port("in_valid").Set(inValid)
	inWord := dsl.Cat(inLast, inB, inA)
	if sideW > 0 {
		inWord = dsl.Cat(packTile(dsl.Signal{}, inRelu, inShift), inWord)
	}
	buf.Port("in_data").Set(inWord)
	inReady.Set(buf.Port("in_ready"))
	head := buf.Port("out_data")
	headA, headB, headLast := head.Bits(aw-1, 0), head.Bits(aw+bw-1, aw), head.Bit(aw+bw)

	depth := c.osDepth()
	ctrl := m.Instance("ctrl", osCtrl{Top: top, Rows: c.Rows, Depth: depth, Bias: c.Bias})
	ctrl.Port("head_valid").Set(buf.Port("out_valid"))
	ctrl.Port("head_last").Set(headLast)
	issue := m.Named("issue", ctrl.Port("issue"))
	buf.Port("out_ready").Set(issue)

	skewA := m.Instance("skew_a", osSkew{Top: top, Lanes: c.Rows, Width: w})
	skewA.Port("in").Set(headA)
	skewB := m.Instance("skew_b", osSkew{Top: top, Lanes: c.Cols, Width: w})
	skewB.Port("in").Set(headB)
	tags := m.Instance("tags", osTags{Top: top, Rows: c.Rows})
	tags.Port("v_in").Set(issue)
	tags.Port("l_in").Set(issue.And(headLast))

	grid := m.Instance("grid", osGrid{Top: top, Rows: c.Rows, Cols: c.Cols, InWidth: w, AccWidth: c.AccWidth, Signed: c.Signed, FP: c.fp()})
	grid.Port("a").Set(skewA.Port("out"))
	grid.Port("b").Set(skewB.Port("out"))
	for _, n := range []string{"v", "l", "d"} {
		grid.Port(n).Set(tags.Port(n))
	}

	drain := m.Instance("drain", osDeskew{Top: top, Cols: c.Cols, Width: c.AccWidth})
	drain.Port("in").Set(grid.Port("top"))
	drain.Port("in_valid").Set(grid.Port("top_valid"))
	rows, rowsValid := drain.Port("out"), drain.Port("out_valid")

	if c.hasOutStage() {
		var side dsl.Signal // the last k-step's sidebands, {shift, relu}
		if sideW > 0 {
			side = head.Bits(aw+bw+sideW, aw+bw+1)
		}
		rows, rowsValid = t.outStage(m, ctrl, issue.And(headLast), side, rows, rowsValid)
	}

	// Credits guarantee room for every row pushed, so in_ready is not read.
	fifo := m.Instance("out_fifo", lib.Queue{Width: c.Cols * c.OutElemWidth(), Depth: depth, Name: top + "_out_fifo", SRAM: true, MemPrefix: top + "_"})
	roomInvariant(m, fifo)
	fifo.Port("in_valid").Set(rowsValid)
	fifo.Port("in_data").Set(rows)
	fifo.Port("out_ready").Set(cReady)
	cValid.Set(fifo.Port("out_valid"))
	cData.Set(fifo.Port("out_data"))
	ctrl.Port("pop").Set(fifo.Port("out_valid").And(cReady))
	cLast.Set(ctrl.Port("c_last"))
}

// outStage builds the bias stream, the tile queue and the output stage
// (os_out.go) on the drained rows: issueLast pushes the tile's settings
// (side, the last k-step's sidebands, and the bias vector, which ctrl
// waits for); it returns the rows for the output FIFO.
func (t osTop) outStage(m *dsl.Module, ctrl *dsl.Inst, issueLast, side, rows, rowsValid dsl.Signal) (dsl.Signal, dsl.Signal) {
	c, top := t.c, t.c.TopName()
	var bias dsl.Signal
	if c.Bias {
		bw := c.Cols * c.AccWidth
		biasValid := m.Input("bias_valid", dsl.Bool())
		biasReady := m.Output("bias_ready", dsl.Bool())
		biasData := m.Input("bias_data", dsl.UInt(bw))
		bb := m.Instance("bias_buf", lib.Skid{Width: bw, Name: top + "_bias_buf"})
		bb.Port("in_valid").Set(biasValid)
		bb.Port("in_data").Set(biasData)
		biasReady.Set(bb.Port("in_ready"))
		ctrl.Port("bias_valid").Set(bb.Port("out_valid"))
		bb.Port("out_ready").Set(issueLast)
		bias = bb.Port("out_data")
	}
	out := m.Instance("out_stage", osOut{c})
	out.Port("in").Set(rows)
	out.Port("in_valid").Set(rowsValid)
	if c.tileWidth() == 0 {
		return out.Port("out"), out.Port("out_valid") // nothing per tile
	}
	// With a bias the words are wide: a replaceable memory, as the output
	// FIFO's; else a few bits in registers.
	tq := m.Instance("tile_queue", lib.Queue{Width: c.tileWidth(), Depth: c.tileQueueDepth(), Regs: !c.Bias,
		SRAM: c.Bias, MemPrefix: top + "_", Name: top + "_tile_queue"})
	m.Assert(tq.Port("in_valid").Not().Or(tq.Port("in_ready")), "tile queue: a tile's settings arrive only when there is room")
	tq.Port("in_valid").Set(issueLast)
	// The tile word, {shift, relu, bias} as packTile lays it out.
	switch {
	case side.IsValid() && bias.IsValid():
		tq.Port("in_data").Set(dsl.Cat(side, bias))
	case side.IsValid():
		tq.Port("in_data").Set(side)
	default:
		tq.Port("in_data").Set(bias)
	}
	out.Port("tile").Set(tq.Port("out_data"))
	out.Port("tile_valid").Set(tq.Port("out_valid"))
	tq.Port("out_ready").Set(out.Port("tile_pop"))
	return out.Port("out"), out.Port("out_valid")
}
