package systolic

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// This file holds the output-stationary core's building blocks other than
// the PE: the control, the skew buffers, the PE grid and the drain deskew
// (the input skid buffer and the output FIFO are lib blocks). Each is its
// own module named after the core's top, so the hierarchy shows in the
// Verilog and two cores can share one design.

// osCtrl issues k-steps from the input buffer into the array and numbers
// the output beats. A k-step that is not a tile's last always issues; a
// last issues only when the previous last issued at least Rows edges
// before (so a PE's result is drained before the next one replaces it and
// drains never overlap in the chains) and the output FIFO has Rows free
// slots not yet promised to a tile in flight (credits). Issuing a last
// takes Rows credits; each c transfer returns one.
//
// With Bias, a last also waits for a bias vector (input bias_valid, the
// bias buffer's head), which it takes.
//
// Ports: head_valid, head_last (the buffered k-step), pop (a c transfer),
// bias_valid (with Bias) in; issue, c_last out.
type osCtrl struct {
	Top         string
	Rows, Depth int
	Bias        bool
}

func (c osCtrl) ModuleName() string { return c.Top + "_ctrl" }

// Build implements dsl.Generator.
func (c osCtrl) Build(m *dsl.Module) {
	headValid, headLast := m.Input("head_valid", dsl.Bool()), m.Input("head_last", dsl.Bool())
	pop := m.Input("pop", dsl.Bool())
	rw := max(1, bits.Len(uint(c.Rows-1))) // holds 0..Rows-1
	cw := bits.Len(uint(c.Depth))          // holds 0..Depth

	wait := m.Reg("wait", dsl.UInt(rw), dsl.Init(0)) // edges until a last may issue
	credits := m.Reg("credits", dsl.UInt(cw), dsl.Init(int64(c.Depth)))
	ok := wait.Eq(dsl.U(rw, 0)).And(credits.Ge(dsl.U(cw, uint64(c.Rows))))
	if c.Bias {
		ok = ok.And(m.Input("bias_valid", dsl.Bool()))
	}
	lastOK := m.Named("last_ok", ok)
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
	_, last := lib.WrapCounter(m, "beat", c.Rows, pop)
	m.Output("c_last", dsl.Bool()).Set(last)
}

// osSkew is a triangular skew buffer: lane e of in leaves on out delayed
// by e+1 edges (Lanes lanes of Width bits).
type osSkew struct {
	Top          string
	Lanes, Width int
}

func (s osSkew) ModuleName() string { return fmt.Sprintf("%s_skew_%d", s.Top, s.Lanes) }

// Build implements dsl.Generator.
func (s osSkew) Build(m *dsl.Module) {
	in := m.InputVec("in", s.Lanes, dsl.UInt(s.Width))
	out := lib.Skew(m, "lane", in, func(e int) int { return e + 1 })
	m.Output("out", dsl.UInt(s.Lanes*s.Width)).Set(out.Pack())
}

// osTags skews the k-step tags with the A rows: row i's valid and last
// come e+1 edges after issue (one diagonal chain, each stage feeding a row
// and the next stage), and row i's drain tag is its last delayed a further
// Rows-i edges, so every row's drain tag reaches column 0 on the same
// edge, Rows+1 edges after the last issued.
//
// Ports: v, l in (Bool); v, l, d out (UInt(Rows), bit i for row i).
type osTags struct {
	Top  string
	Rows int
}

func (t osTags) ModuleName() string { return t.Top + "_tags" }

// Build implements dsl.Generator.
func (t osTags) Build(m *dsl.Module) {
	v, l := m.Input("v_in", dsl.Bool()), m.Input("l_in", dsl.Bool())
	vs := lib.Taps(m, "v", v, t.Rows, dsl.Init(0))
	ls := lib.Taps(m, "l", l, t.Rows, dsl.Init(0))
	ds := lib.Skew(m, "drain", ls, func(i int) int { return t.Rows - i }, dsl.Init(0))
	m.Output("v", dsl.UInt(t.Rows)).Set(vs.Pack())
	m.Output("l", dsl.UInt(t.Rows)).Set(ls.Pack())
	m.Output("d", dsl.UInt(t.Rows)).Set(ds.Pack())
}

// osGrid is the Rows×Cols grid of PEs: A and the tags enter on the left,
// B on top, and the drain chains leave at the top of each column.
//
// Ports: a (Rows lanes of InWidth), v, l, d (UInt(Rows)), b (Cols lanes)
// in; top (Cols lanes of AccWidth), top_valid (column Cols-1's chain
// valid) out.
type osGrid struct {
	Top                           string
	Rows, Cols, InWidth, AccWidth int
	Signed                        bool
	FP                            fp.Format // the zero Format for integers
}

func (g osGrid) ModuleName() string { return g.Top + "_grid" }

// Build implements dsl.Generator.
func (g osGrid) Build(m *dsl.Module) {
	a := m.InputVec("a", g.Rows, dsl.UInt(g.InWidth))
	v, l, d := m.Input("v", dsl.UInt(g.Rows)), m.Input("l", dsl.UInt(g.Rows)), m.Input("d", dsl.UInt(g.Rows))
	b := m.InputVec("b", g.Cols, dsl.UInt(g.InWidth))
	pe := osPE{Top: g.Top, InWidth: g.InWidth, AccWidth: g.AccWidth, Signed: g.Signed, FP: g.FP}
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
				p.Port("a_in").Set(a.At(i))
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
				p.Port("b_in").Set(b.At(j))
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
	m.Output("top", dsl.UInt(g.Cols*g.AccWidth)).Set(dsl.VecOf(tops...).Pack())
	m.Output("top_valid", dsl.Bool()).Set(grid[0][g.Cols-1].Port("cv_out"))
}

// osDeskew lines up the columns' drain chains into rows of C: column j
// arrives j edges after column 0, so it is delayed Cols-1-j edges.
//
// Ports: in (Cols lanes of Width), in_valid in; out, out_valid out.
type osDeskew struct {
	Top         string
	Cols, Width int
}

func (s osDeskew) ModuleName() string { return s.Top + "_deskew" }

// Build implements dsl.Generator.
func (s osDeskew) Build(m *dsl.Module) {
	in := m.InputVec("in", s.Cols, dsl.UInt(s.Width))
	valid := m.Input("in_valid", dsl.Bool())
	out := lib.Skew(m, "col", in, func(j int) int { return s.Cols - 1 - j })
	m.Output("out", dsl.UInt(s.Cols*s.Width)).Set(out.Pack())
	m.Output("out_valid", dsl.Bool()).Set(valid)
}
