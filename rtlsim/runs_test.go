package rtlsim

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// withoutRuns returns s with its strided blocks, register runs and copy
// groups turned back into plain ones, committed wave by wave: the
// reference TestStridedRuns compares with.
func withoutRuns(s *Sim) *Sim {
	plain := func(prog []op, blocks []block) []block {
		var out []block
		for _, bl := range blocks {
			if len(out) > 0 && out[len(out)-1].kind == bl.kind && out[len(out)-1].sig == bl.sig {
				out[len(out)-1].n += bl.n
				continue
			}
			out = append(out, block{kind: bl.kind, sig: bl.sig, n: bl.n})
		}
		setFns(out)
		return out
	}
	s.blocks = plain(s.xprog, s.blocks)
	s.inBlocks = plain(s.xin, s.inBlocks)
	s.lazyBlocks = plain(s.xlazy, s.lazyBlocks)
	s.commit = make([]commitStep, len(s.waves))
	for i := range s.waves {
		s.commit[i] = commitStep{runs: waveRuns{rest: []sigWave{{w: s.waves[i]}}}}
	}
	return s
}

// TestStridedRuns: designs of repeated structure (both dataflows of the
// 16x16 core, this package's benchmark array, a ring of registers that
// commits through the next state), whose programs and registers
// are mostly strided runs, simulate every net and output of every cycle
// as they do with the runs run instruction by instruction.
func TestStridedRuns(t *testing.T) {
	var designs []*netlist.Design
	for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
		c := systolic.Default()
		c.Rows, c.Cols, c.Dataflow = 16, 16, df
		g, err := systolic.New(c)
		require.NoError(t, err)
		d, err := elaborate.Elaborate(g)
		require.NoError(t, err)
		designs = append(designs, d)
	}
	designs = append(designs, benchDesign(6, 6), ringDesign(48), chainsDesign(5, 7))
	kinds, rows := map[kind]bool{}, map[kind]bool{}
	classes, grouped, unit, heads := 0, 0, 0, 0
	for i, d := range designs {
		s, ref := compile(t, d), withoutRuns(compileFlat(t, d))
		for _, bl := range s.blocks {
			if bl.run {
				kinds[bl.kind] = true
				if bl.rows > 1 {
					rows[bl.kind] = true
				}
				if bl.kind == k64Mac && bl.sd == 1 && bl.sa == 1 && bl.sb == 1 && bl.sc == 1 {
					unit++
				}
				if bl.rows*bl.cols > bl.n {
					heads++
				}
			}
		}
		for _, step := range s.commit {
			for _, g := range step.groups {
				grouped += int(g.n)
			}
			w := step.runs
			for _, rs := range [][]strideReg{w.plain, w.en, w.rst, w.both} {
				if len(rs) > 0 {
					classes++
				}
			}
		}
		rng := rand.New(rand.NewSource(int64(i)))
		for c := range 200 {
			poked := randomPokes(s, rng, c, 40)
			in := 0
			for _, p := range s.Inputs() {
				if !p.Clock {
					ref.PokeWords(p.Handle, poked[in])
					in++
				}
			}
			s.Step(1)
			ref.Step(1)
			for _, p := range s.Outputs() {
				require.Equal(t, ref.PeekWords(p.Handle, nil), s.PeekWords(p.Handle, nil), "design %d, cycle %d, %s", i, c, p.Name)
			}
			s.settleAll()
			ref.settleAll()
			require.Equal(t, ref.flatState(), s.flatState(), "design %d, cycle %d: every net", i, c)
		}
		require.NoError(t, s.Err())
	}
	require.True(t, kinds[k64AndEq] && kinds[k64Sub], "the cores' and-eqs and subtractions run as strided blocks")
	require.Greater(t, len(kinds), 3)
	require.True(t, rows[k64Mac], "the multiply-adds of the PEs but the first column run as a strided block of rows")
	require.Positive(t, unit, "the layout puts the multiply-adds' operands at unit strides")
	require.Positive(t, heads, "the rows of the selects run as one row over their heads")
	require.Greater(t, classes, 3)
	require.Greater(t, grouped, 1000, "the cores' registers commit mostly in copy groups")
}

// TestCopyHoles: the rows of a shift-chain array commit as one copy over
// the rows' heads (which commit after it), unless a register that
// commits with or after the copy reads a head (chainsDesign's probes):
// then one copy per row. TestStridedRuns checks both designs net by net.
func TestCopyHoles(t *testing.T) {
	sizes := func(d *netlist.Design) (n []uint32) {
		for _, step := range compile(t, d).commit {
			for _, g := range step.groups {
				n = append(n, g.n)
			}
		}
		return n
	}
	require.Contains(t, sizes(benchDesign(6, 6)), uint32(6*6-1), "the a_out rows of the array merge over their heads")
	require.Equal(t, []uint32{6, 6, 6, 6, 6}, sizes(chainsDesign(5, 7)), "a head read in the copy's step keeps its row's copy apart")
}

// chainsDesign is rows shift chains of cols 8-bit stages (instances of
// one module, so their Qs are laid out row by row), each row's head
// taking an input, and per row a probe register reading the row's head
// in the step of the chains' copy.
func chainsDesign(rows, cols int) *netlist.Design {
	st := newMod("stage")
	st.clk()
	d, q := st.in("d", 8), st.out("q", 8)
	st.reg(q, d, netlist.NoNet, netlist.NoNet, bits.Value{})
	top := newMod("chains")
	clk := top.clk()
	for r := range rows {
		prev := top.in(fmt.Sprintf("in%d", r), 8)
		var head netlist.NetID
		for c := range cols {
			name := fmt.Sprintf("s_%d_%d", r, c)
			qn := top.net(name+"_q", 8)
			top.inst(name, "stage", "clk", clk, "d", prev, "q", qn)
			if c == 0 {
				head = qn
			}
			prev = qn
		}
		top.drive(top.out(fmt.Sprintf("o%d", r), 8), netlist.OpBuf, prev)
		p := top.out(fmt.Sprintf("p%d", r), 8)
		top.reg(p, head, netlist.NoNet, netlist.NoNet, bits.Value{})
	}
	return design(st, top)
}

// ringDesign is a ring of n 8-bit registers, stage i taking stage i-1
// (stage 0 the last) when en is high, reset to 5 (the first half) or 9:
// registers that read one another in a cycle, so the edge cannot commit
// in place.
func ringDesign(n int) *netlist.Design {
	b := newMod("ring")
	b.clk()
	en, rst := b.in("en", 1), b.in("rst", 1)
	qs := make([]netlist.NetID, n)
	for i := range qs {
		qs[i] = b.net(fmt.Sprintf("q%d", i), 8)
	}
	for i := range qs {
		init := bits.FromUint64(8, 5)
		if i >= n/2 {
			init = bits.FromUint64(8, 9)
		}
		b.reg(qs[i], qs[(i+n-1)%n], en, rst, init)
	}
	o := b.out("o", 8)
	b.drive(o, netlist.OpBuf, qs[n-1])
	return design(b)
}

// TestRingRuns: the ring's registers commit through the next state, in
// strided runs.
func TestRingRuns(t *testing.T) {
	s := compile(t, ringDesign(48))
	require.False(t, s.inPlace)
	n := 0
	for _, step := range s.commit {
		for _, r := range step.runs.both {
			n += int(r.n)
		}
	}
	require.Equal(t, 47, n, "all stages but stage 0 are in runs, one for each reset value")
}

// TestOverHeads: a strided block of rows runs as one row over the heads
// between its rows only when every word it uses advances by one from a
// row's end to the next row's start, the kind does not read its
// destination, and every head's word is the destination of an
// instruction that runs after the block.
func TestOverHeads(t *testing.T) {
	// 3 rows of 4, each 5 words after the last: heads at 4 and 9 (the
	// last row's end, 14, is no head)
	b := block{kind: k64Add, run: true, n: 12, rows: 3, cols: 4, sd: 1, sa: 1, sb: 1, rd: 5, ra: 5, rb: 5}
	later := map[uint32]bool{100 + 4: true, 100 + 9: true}
	require.True(t, overHeads(&b, 100, later))
	delete(later, 109)
	require.False(t, overHeads(&b, 100, later), "a head no later instruction writes")
	later[109] = true
	c := b
	c.rb = 6
	require.False(t, overHeads(&c, 100, later), "an operand whose rows are further apart")
	c = b
	c.sc, c.rc = 7, 7 // Add does not read c
	require.True(t, overHeads(&c, 100, later))
	c = b
	c.kind = k64DepOr
	require.False(t, overHeads(&c, 100, later), "a kind that reads its destination")
	c = b
	c.rows, c.n = 1, 4
	require.False(t, overHeads(&c, 100, later), "one row")
}
