package rtlsim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// boundaryWidths straddle the boundaries of the interpreter's width
// classes (8/9, 16/17, 32/33, 64/65 bits).
var boundaryWidths = []int{1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65}

// TestNarrowClasses: random sequential designs whose nets straddle the
// width classes' boundaries (random cells of every op over inputs,
// register outputs and one another, registers with and without enable
// and reset, multiply-adds of sign-extended narrow factors into wider
// sums, copies and zero-extensions that share a word across classes)
// read, every net every cycle, as a reference model built from
// netlist.Eval does, and as the interpreter with every word flat does
// (every word of its state too). The designs put words in every class
// and run blocks and registers of mixed class signatures.
func TestNarrowClasses(t *testing.T) {
	ops := netlist.Ops()
	var sawClass [goNCl]bool
	sawMixed, sawMixedReg := false, false
	for trial := range 16 {
		r := rand.New(rand.NewPCG(*seedFlag, 5000+uint64(trial)))
		what := fmt.Sprintf("-seed=%d trial %d", *seedFlag, trial)
		b := newMod("narrow")
		b.clk()
		pool := map[int][]netlist.NetID{} // nets by width
		width := map[netlist.NetID]int{}
		var inputs []netlist.NetID
		add := func(id netlist.NetID, w int) {
			pool[w] = append(pool[w], id)
			width[id] = w
		}
		get := func(w int) netlist.NetID {
			if ids := pool[w]; len(ids) > 0 && r.IntN(5) != 0 {
				return ids[r.IntN(len(ids))]
			}
			id := b.in(fmt.Sprintf("in%d", len(inputs)), w)
			inputs = append(inputs, id)
			add(id, w)
			return id
		}
		type reg struct {
			q, d, en, rst netlist.NetID
			init          bits.Value
		}
		var regs []reg
		for i := range 40 {
			w := boundaryWidths[r.IntN(len(boundaryWidths))]
			q := b.net(fmt.Sprintf("q%d", i), w)
			add(q, w)
			regs = append(regs, reg{q: q, en: netlist.NoNet, rst: netlist.NoNet, init: genValue(r, w)})
		}
		for i := range 160 {
			name := fmt.Sprintf("n%d", i)
			if r.IntN(6) == 0 {
				// a multiply-add: acc + sx(a)*sx(b), fused into one
				// instruction of a narrow product into a wider sum
				wa := []int{7, 8, 9, 15, 16}[r.IntN(5)]
				wacc := []int{16, 17, 31, 32, 33}[r.IntN(5)]
				ext := netlist.OpSext
				if r.IntN(3) == 0 {
					ext = netlist.OpZext
				}
				xa := b.op(name+"_xa", wacc, ext, get(wa))
				xb := b.op(name+"_xb", wacc, ext, get(wa))
				p := b.op(name+"_p", wacc, netlist.OpMul, xa, xb)
				y := b.op(name, wacc, netlist.OpAdd, get(wacc), p)
				width[xa], width[xb], width[p] = wacc, wacc, wacc
				add(y, wacc)
				continue
			}
			op := ops[r.IntN(len(ops))]
			inW, out, lo := dagShape(r, op, boundaryWidths)
			ins := make([]netlist.NetID, len(inW))
			for j, w := range inW {
				ins[j] = get(w)
			}
			y := b.op(name, out, op, ins...)
			c := &b.m.Cells[len(b.m.Cells)-1]
			c.Signed, c.Lo = op.Info().Signed && r.IntN(2) == 0, lo
			if op == netlist.OpConst {
				c.Value = genValue(r, out)
			}
			add(y, out)
		}
		for i := range regs {
			g := &regs[i]
			g.d = get(width[g.q])
			if r.IntN(2) == 0 {
				g.en = get(1)
			}
			if r.IntN(2) == 0 {
				g.rst = get(1)
			}
			b.reg(g.q, g.d, g.en, g.rst, g.init)
		}
		d := design(b)
		s, flat := compile(t, d), compileFlat(t, d)
		for _, l := range s.loc {
			sawClass[l.cls] = true
		}
		for _, bl := range s.blocks {
			if bl.kind >= kWCopy {
				continue
			}
			for i, g := range k64Groups[bl.kind] {
				sawMixed = sawMixed || i > 0 && g >= 0 && bl.sig>>(2*i)&3 != bl.sig&3
			}
		}
		for _, st := range s.commit {
			for _, w := range st.runs.rest {
				sawMixedReg = sawMixedReg || w.sig>>2 != 0 && w.sig>>2 != w.sig&3
			}
		}

		// The reference: every cell's value by netlist.Eval in creation
		// order (a levelized order), the registers committed at once.
		vals := map[netlist.NetID]bits.Value{}
		for _, g := range regs {
			vals[g.q] = bits.New(width[g.q])
		}
		for c := range 30 {
			for _, id := range inputs {
				v := genValue(r, width[id])
				vals[id] = v
				require.NoError(t, s.PokeName(b.m.Nets[id].Name, v), what)
				require.NoError(t, flat.PokeName(b.m.Nets[id].Name, v), what)
			}
			for i := range b.m.Cells {
				cl := &b.m.Cells[i]
				in := make([]bits.Value, len(cl.In))
				for j, x := range cl.In {
					in[j] = vals[x]
				}
				vals[cl.Out] = netlist.Eval(cl.Op, cl.Signed, cl.Lo, cl.Value, in, width[cl.Out])
			}
			for id, want := range vals {
				name := b.m.Nets[id].Name
				got, err := s.PeekName(name)
				require.NoError(t, err)
				require.True(t, want.Equal(got), "%s, cycle %d: net %s (%d bits): got %v want %v", what, c, name, width[id], got, want)
			}
			s.settleAll()
			flat.settleAll()
			require.Equal(t, flat.flatState(), s.flatState(), "%s, cycle %d: every word", what, c)
			next := map[netlist.NetID]bits.Value{}
			for _, g := range regs {
				v := vals[g.q]
				if g.en == netlist.NoNet || vals[g.en].Word(0) == 1 {
					v = vals[g.d]
				}
				if g.rst != netlist.NoNet && vals[g.rst].Word(0) == 1 {
					v = g.init
				}
				next[g.q] = v
			}
			for q, v := range next {
				vals[q] = v
			}
			s.Step(1)
			flat.Step(1)
		}
		require.NoError(t, s.Err(), what)
	}
	require.Equal(t, [goNCl]bool{true, true, true, true}, sawClass, "words in every class")
	require.True(t, sawMixed, "blocks whose operands are of another class than their destination")
	require.True(t, sawMixedReg, "registers whose enable or reset is of another class than their Q")
}
