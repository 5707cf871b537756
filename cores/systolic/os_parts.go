package systolic

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// This file holds the output-stationary core's building blocks other than
// the PE: the input buffer, the control, the skew buffers, the PE grid, the
// drain deskew and the output FIFO. Each is its own module, so the
// hierarchy shows in the Verilog.

// osLane returns lane e of width w of the packed bus v.
func osLane(v dsl.Signal, e, w int) dsl.Signal {
	dsl.Helper()
	return v.Bits(e*w+w-1, e*w)
}

// osPack packs lanes, lane 0 in the low bits.
func osPack(lanes []dsl.Signal) dsl.Signal {
	dsl.Helper()
	rev := make([]dsl.Signal, len(lanes))
	for e, s := range lanes {
		rev[len(lanes)-1-e] = s
	}
	return dsl.Cat(rev...)
}

// osDelay returns v delayed by n edges through registers named name_0..,
// with reset value 0 when reset is set (for tags; data needs none).
func osDelay(m *dsl.Module, name string, v dsl.Signal, n int, reset bool) dsl.Signal {
	dsl.Helper()
	for s := range n {
		var opts []dsl.RegOption
		if reset {
			opts = append(opts, dsl.Init(0))
		}
		r := m.Reg(fmt.Sprintf("%s_%d", name, s), v.Type(), opts...)
		r.Set(v)
		v = r
	}
	return v
}

// osSkid is a two-entry input buffer (a skid buffer): in_ready is a
// register (the skid slot is empty), out_data is a register, and it passes
// one word per cycle with one edge of latency.
type osSkid struct{ Width int }

func (s osSkid) ModuleName() string { return fmt.Sprintf("os_in_buf_%d", s.Width) }

// Build implements dsl.Generator.
func (s osSkid) Build(m *dsl.Module) {
	in, out := dsl.NewStream(dsl.UInt(s.Width)), dsl.NewStream(dsl.UInt(s.Width))
	m.InputBundle("in", in)
	m.OutputBundle("out", out)
	data := m.Reg("data", dsl.UInt(s.Width))
	valid := m.Reg("valid", dsl.Bool(), dsl.Init(0))
	skid := m.Reg("skid", dsl.UInt(s.Width))
	full := m.Reg("skid_valid", dsl.Bool(), dsl.Init(0))
	in.Ready.Set(full.Not())
	out.Valid.Set(valid)
	out.Data.Set(data)
	m.When(out.Ready.Or(valid.Not()), func() {
		m.When(full, func() {
			data.Set(skid)
			valid.Set(dsl.B(true))
			full.Set(dsl.B(false))
		}).Otherwise(func() {
			data.Set(in.Data)
			valid.Set(in.Valid)
		})
	}).ElseWhen(in.Valid.And(full.Not()), func() {
		skid.Set(in.Data)
		full.Set(dsl.B(true))
	})
}

// osCtrl issues k-steps from the input buffer into the array and numbers
// the output beats. A k-step that is not a tile's last always issues; a
// last issues only when the previous last issued at least Rows edges
// before (so a PE's result is drained before the next one replaces it and
// drains never overlap in the chains) and the output FIFO has Rows free
// slots not yet promised to a tile in flight (credits). Issuing a last
// takes Rows credits; each c transfer returns one.
//
// Ports: head_valid, head_last (the buffered k-step), pop (a c transfer)
// in; issue, c_last out.
type osCtrl struct{ Rows, Depth int }

func (c osCtrl) ModuleName() string { return fmt.Sprintf("os_ctrl_%d_%d", c.Rows, c.Depth) }

// Build implements dsl.Generator.
func (c osCtrl) Build(m *dsl.Module) {
	headValid, headLast := m.Input("head_valid", dsl.Bool()), m.Input("head_last", dsl.Bool())
	pop := m.Input("pop", dsl.Bool())
	rw := max(1, bits.Len(uint(c.Rows-1))) // holds 0..Rows-1
	cw := bits.Len(uint(c.Depth))          // holds 0..Depth

	wait := m.Reg("wait", dsl.UInt(rw), dsl.Init(0)) // edges until a last may issue
	credits := m.Reg("credits", dsl.UInt(cw), dsl.Init(int64(c.Depth)))
	lastOK := m.Named("last_ok", wait.Eq(dsl.U(rw, 0)).And(credits.Ge(dsl.U(cw, uint64(c.Rows)))))
	issue := m.Named("issue_w", headValid.And(headLast.Not().Or(lastOK)))
	issueLast := m.Named("issue_last", issue.And(headLast))
	m.Output("issue", dsl.Bool()).Set(issue)

	m.When(issueLast, func() {
		wait.Set(dsl.U(rw, uint64(c.Rows-1)))
	}).ElseWhen(wait.Ne(dsl.U(rw, 0)), func() {
		wait.Set(wait.Sub(dsl.U(rw, 1)))
	})
	taken := dsl.Mux(issueLast, credits.Sub(dsl.U(cw, uint64(c.Rows))), credits)
	credits.Set(taken.Add(pop.ZeroExtend(cw)))
	atMost(m, credits, c.Depth, "credits never exceed the output FIFO's depth")
	m.When(pop, func() {
		m.Assert(taken.Lt(dsl.U(cw, uint64(c.Depth))), "a word leaves only when a credit is taken")
	})

	// The output beat number within a tile.
	beat := m.Reg("beat", dsl.UInt(rw), dsl.Init(0))
	last := beat.Eq(dsl.U(rw, uint64(c.Rows-1)))
	m.When(pop, func() {
		beat.Set(dsl.Mux(last, dsl.U(rw, 0), beat.Add(dsl.U(rw, 1))))
	})
	m.Output("c_last", dsl.Bool()).Set(last)
}

// osSkew is a triangular skew buffer: lane e of in leaves on out delayed
// by e+1 edges (Lanes lanes of Width bits).
type osSkew struct{ Lanes, Width int }

func (s osSkew) ModuleName() string { return fmt.Sprintf("os_skew_%dx%d", s.Lanes, s.Width) }

// Build implements dsl.Generator.
func (s osSkew) Build(m *dsl.Module) {
	in := m.Input("in", dsl.UInt(s.Lanes*s.Width))
	outs := make([]dsl.Signal, s.Lanes)
	for e := range outs {
		outs[e] = osDelay(m, fmt.Sprintf("lane%d", e), osLane(in, e, s.Width), e+1, false)
	}
	m.Output("out", dsl.UInt(s.Lanes*s.Width)).Set(osPack(outs))
}

// osTags skews the k-step tags with the A rows: row i's valid and last
// come e+1 edges after issue (one diagonal chain, each stage feeding a row
// and the next stage), and row i's drain tag is its last delayed a further
// Rows-i edges, so every row's drain tag reaches column 0 on the same
// edge, Rows+1 edges after the last issued.
//
// Ports: v, l in (Bool); v, l, d out (UInt(Rows), bit i for row i).
type osTags struct{ Rows int }

func (t osTags) ModuleName() string { return fmt.Sprintf("os_tags_%d", t.Rows) }

// Build implements dsl.Generator.
func (t osTags) Build(m *dsl.Module) {
	v, l := m.Input("v_in", dsl.Bool()), m.Input("l_in", dsl.Bool())
	vs, ls, ds := make([]dsl.Signal, t.Rows), make([]dsl.Signal, t.Rows), make([]dsl.Signal, t.Rows)
	for i := range t.Rows {
		v = osDelay(m, fmt.Sprintf("v%d", i), v, 1, true)
		l = osDelay(m, fmt.Sprintf("l%d", i), l, 1, true)
		vs[i], ls[i] = v, l
		ds[i] = osDelay(m, fmt.Sprintf("drain%d", i), l, t.Rows-i, true)
	}
	m.Output("v", dsl.UInt(t.Rows)).Set(osPack(vs))
	m.Output("l", dsl.UInt(t.Rows)).Set(osPack(ls))
	m.Output("d", dsl.UInt(t.Rows)).Set(osPack(ds))
}

// osGrid is the Rows×Cols grid of PEs: A and the tags enter on the left,
// B on top, and the drain chains leave at the top of each column.
//
// Ports: a (Rows lanes of InWidth), v, l, d (UInt(Rows)), b (Cols lanes)
// in; top (Cols lanes of AccWidth), top_valid (column Cols-1's chain
// valid) out.
type osGrid struct {
	Rows, Cols, InWidth, AccWidth int
	Signed                        bool
}

func (g osGrid) ModuleName() string {
	return fmt.Sprintf("os_grid_%dx%d_%s%d_a%d", g.Rows, g.Cols, osSignChar(g.Signed), g.InWidth, g.AccWidth)
}

// Build implements dsl.Generator.
func (g osGrid) Build(m *dsl.Module) {
	a := m.Input("a", dsl.UInt(g.Rows*g.InWidth))
	v, l, d := m.Input("v", dsl.UInt(g.Rows)), m.Input("l", dsl.UInt(g.Rows)), m.Input("d", dsl.UInt(g.Rows))
	b := m.Input("b", dsl.UInt(g.Cols*g.InWidth))
	pe := osPE{InWidth: g.InWidth, AccWidth: g.AccWidth, Signed: g.Signed}
	grid := make([][]*dsl.Inst, g.Rows)
	for i := range grid {
		grid[i] = make([]*dsl.Inst, g.Cols)
		for j := range grid[i] {
			grid[i][j] = m.Instance(fmt.Sprintf("pe_%d_%d", i, j), pe)
		}
	}
	for i := range g.Rows {
		for j := range g.Cols {
			p := grid[i][j]
			if j == 0 {
				p.Port("a_in").Set(osLane(a, i, g.InWidth))
				p.Port("v_in").Set(v.Bit(i))
				p.Port("l_in").Set(l.Bit(i))
				p.Port("d_in").Set(d.Bit(i))
			} else {
				left := grid[i][j-1]
				for _, n := range []string{"a", "v", "l", "d"} {
					p.Port(n + "_in").Set(left.Port(n + "_out"))
				}
			}
			if i == 0 {
				p.Port("b_in").Set(osLane(b, j, g.InWidth))
			} else {
				p.Port("b_in").Set(grid[i-1][j].Port("b_out"))
			}
			if i == g.Rows-1 {
				p.Port("c_in").Set(dsl.U(g.AccWidth, 0))
				p.Port("cv_in").Set(dsl.B(false))
			} else {
				p.Port("c_in").Set(grid[i+1][j].Port("c_out"))
				p.Port("cv_in").Set(grid[i+1][j].Port("cv_out"))
			}
		}
	}
	tops := make([]dsl.Signal, g.Cols)
	for j := range tops {
		tops[j] = grid[0][j].Port("c_out")
	}
	m.Output("top", dsl.UInt(g.Cols*g.AccWidth)).Set(osPack(tops))
	m.Output("top_valid", dsl.Bool()).Set(grid[0][g.Cols-1].Port("cv_out"))
}

// osDeskew lines up the columns' drain chains into rows of C: column j
// arrives j edges after column 0, so it is delayed Cols-1-j edges.
//
// Ports: in (Cols lanes of Width), in_valid in; out, out_valid out.
type osDeskew struct{ Cols, Width int }

func (s osDeskew) ModuleName() string { return fmt.Sprintf("os_deskew_%dx%d", s.Cols, s.Width) }

// Build implements dsl.Generator.
func (s osDeskew) Build(m *dsl.Module) {
	in := m.Input("in", dsl.UInt(s.Cols*s.Width))
	valid := m.Input("in_valid", dsl.Bool())
	outs := make([]dsl.Signal, s.Cols)
	for j := range outs {
		outs[j] = osDelay(m, fmt.Sprintf("col%d", j), osLane(in, j, s.Width), s.Cols-1-j, false)
	}
	m.Output("out", dsl.UInt(s.Cols*s.Width)).Set(osPack(outs))
	m.Output("out_valid", dsl.Bool()).Set(valid)
}

// osFIFO is the output FIFO: Depth words of Width bits in a memory with a
// show-ahead output register (out_valid and out_data are registers). The
// control's credits guarantee room, so it has no in_ready: a push into a
// full FIFO is dropped.
type osFIFO struct{ Width, Depth int }

func (f osFIFO) ModuleName() string { return fmt.Sprintf("os_out_fifo_%dx%d", f.Depth, f.Width) }

// Build implements dsl.Generator.
func (f osFIFO) Build(m *dsl.Module) {
	inValid, inData := m.Input("in_valid", dsl.Bool()), m.Input("in_data", dsl.UInt(f.Width))
	out := dsl.NewStream(dsl.UInt(f.Width))
	m.OutputBundle("out", out)
	cw := bits.Len(uint(f.Depth))
	aw := max(1, bits.Len(uint(f.Depth-1)))

	mem := m.Mem("mem", dsl.UInt(f.Width), f.Depth)
	wptr := m.Reg("wptr", dsl.UInt(aw), dsl.Init(0))
	rptr := m.Reg("rptr", dsl.UInt(aw), dsl.Init(0))
	n := m.Reg("n", dsl.UInt(cw), dsl.Init(0))
	valid := m.Reg("valid", dsl.Bool(), dsl.Init(0))
	advance := func(ptr dsl.Signal) {
		dsl.Helper()
		wrap := ptr.Eq(dsl.U(aw, uint64(f.Depth-1)))
		ptr.Set(dsl.Mux(wrap, dsl.U(aw, 0), ptr.Add(dsl.U(aw, 1))))
	}
	push := m.Named("push", inValid.And(n.Lt(dsl.U(cw, uint64(f.Depth)))))
	m.When(push, func() {
		mem.Write(wptr, inData)
		advance(wptr)
	})
	pop := m.Named("pop", out.Fire())
	stored := n.Ne(valid.ZeroExtend(cw))
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
	// The credits make a dropped push impossible: in_valid never meets a
	// full FIFO.
	fifoInvariants(m, f.Depth, n, inValid, pop, valid)
	streamHolds(m, "out", out.Valid, out.Ready, out.Data)
}
