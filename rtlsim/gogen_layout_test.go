package rtlsim

import (
	"bytes"
	"fmt"
	"maps"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// wideDesign returns a design of multi-word instructions between wide
// and narrow nets: slices of every alignment, concatenations of narrow
// parts, comparisons, a mux, arithmetic and bitwise operations on 200-bit
// inputs, and registers of every class on narrow nets.
func wideDesign() *netlist.Design {
	b := newMod("wide")
	b.clk()
	x, y := b.in("x", 200), b.in("y", 200)
	s, rst := b.in("s", 1), b.in("rst", 1)
	n8, n13, n40 := b.in("n8", 8), b.in("n13", 13), b.in("n40", 40)
	slice := func(name string, w, lo int) netlist.NetID {
		id := b.net(name, w)
		b.drive(id, netlist.OpSlice, x).Lo = lo
		return id
	}
	outs := map[string]netlist.NetID{}
	for _, sl := range []struct{ w, lo int }{{8, 0}, {8, 60}, {16, 64}, {32, 130}, {64, 100}, {10, 190}, {100, 10}, {1, 199}, {64, 0}} {
		name := fmt.Sprintf("sl%d_%d", sl.w, sl.lo)
		outs[name] = slice(name+"_n", sl.w, sl.lo)
	}
	// narrow logic between the slices and the outputs
	t8 := b.op("t8", 8, netlist.OpXor, outs["sl8_0"], n8)
	outs["sum8"] = b.op("sum8_n", 8, netlist.OpAdd, outs["sl8_60"], t8)
	t13 := b.op("t13", 13, netlist.OpNot, n13)
	outs["not32"] = b.op("not32_n", 32, netlist.OpNot, b.op("t32", 32, netlist.OpNot, outs["sl32_130"]))
	outs["not64"] = b.op("not64_n", 64, netlist.OpNot, b.op("t64", 64, netlist.OpNot, outs["sl64_100"]))
	outs["cat101"] = b.op("cat101_n", 101, netlist.OpConcat, n40, n13, n8, n40)
	outs["cat208"] = b.op("cat208_n", 208, netlist.OpConcat, x, n8)
	outs["cat72"] = b.op("cat72_n", 72, netlist.OpConcat, outs["sum8"], outs["sl64_0"])
	for name, op := range map[string]netlist.Op{"eq": netlist.OpEq, "ne": netlist.OpNe} {
		outs[name] = b.op(name+"_n", 1, op, x, y)
	}
	outs["redor"] = b.op("redor_n", 1, netlist.OpRedOr, b.op("xy", 200, netlist.OpAnd, x, y))
	outs["mux"] = b.op("mux_n", 200, netlist.OpMux, s, x, y)
	for name, op := range map[string]netlist.Op{"add": netlist.OpAdd, "sub": netlist.OpSub, "or": netlist.OpOr, "xor": netlist.OpXor} {
		outs[name] = b.op(name+"_n", 200, op, x, y)
	}
	outs["not"] = b.op("not_n", 200, netlist.OpNot, x)
	outs["zext"] = b.op("zext_n", 130, netlist.OpZext, n40)
	outs["shl"] = b.op("shl_n", 200, netlist.OpShl, x, n8) // run by evalWide
	q8, q13, q40, q1 := b.out("q8", 8), b.out("q13", 13), b.out("q40", 40), b.out("q1", 1)
	b.reg(q8, outs["sum8"], s, rst, v("8'h5a"))
	b.reg(q13, t13, netlist.NoNet, rst, v("13'd4097"))
	b.reg(q40, n40, s, netlist.NoNet, bits.New(40))
	b.reg(q1, outs["eq"], netlist.NoNet, netlist.NoNet, bits.New(1))
	for _, name := range slices.Sorted(maps.Keys(outs)) {
		n := outs[name]
		b.drive(b.out(name, b.m.Nets[n].Width), netlist.OpBuf, n)
	}
	return design(b)
}

// TestGoLayout: every word has a place of its own; the pinned words keep
// their order (the first seqWords their offsets, a multi-word net its
// contiguity), the ports are pinned, and every other one-word net sits in
// the narrowest class of its width.
func TestGoLayout(t *testing.T) {
	s := compile(t, wideDesign())
	l := newGoLayout(s)
	for k := range uint32(s.seqWords) {
		require.Equal(t, goLoc{goW, k}, l.loc[k], "sequential word %d", k)
	}
	var n [goNCl]uint32
	seen := map[goLoc]bool{}
	lastW := int64(-1)
	for k, lc := range l.loc {
		require.False(t, seen[lc], "word %d: %v taken twice", k, lc)
		require.Less(t, lc.i, l.n[lc.cls])
		seen[lc] = true
		if lc.cls == goW {
			require.Equal(t, lastW+1, int64(lc.i), "word %d: pinned words in state order", k)
			lastW = int64(lc.i)
		}
		n[lc.cls]++
	}
	require.Equal(t, n, l.n)
	for _, p := range append(s.Inputs(), s.Outputs()...) {
		net := s.nets[p.Handle.id-1]
		for k := range nwords(net.width) {
			require.Equal(t, goW, l.loc[net.off+k].cls, "port %s is pinned", p.Name)
		}
	}
	classes := map[string]goClass{"t8": goB, "t13": goH, "t32": goS, "t64": goW, "xy": goW}
	for name, want := range classes {
		net := s.nets[s.names[name]]
		require.Equal(t, want, l.loc[net.off].cls, "%s (%d bits)", name, net.width)
	}
	for _, net := range s.nets {
		if net.width > 64 {
			lc := l.loc[net.off]
			for k := range nwords(net.width) {
				require.Equal(t, goLoc{goW, lc.i + k}, l.loc[net.off+k], "%s is contiguous", net.name)
			}
		}
	}
	require.Greater(t, l.n[goB]+l.n[goH]+l.n[goS], uint32(0))
}

// TestWriteGoWide: wideDesign's model writes most multi-word
// instructions word by word (see goWideInline) and leaves the shift to
// evalWide. TestWriteGoLoops builds it, straight-line and with loops, and
// runs it against the interpreter.
func TestWriteGoWide(t *testing.T) {
	s := compile(t, wideDesign())
	var src bytes.Buffer
	require.NoError(t, s.WriteGo(&src, "m"))
	inline := 0
	for i := range s.wide {
		if goWideInline(&s.wide[i]) {
			inline++
		}
	}
	require.Greater(t, inline, 5)
	require.Equal(t, inline, strings.Count(src.String(), "written inline"), "every one goWideInline takes is written inline")
	require.Contains(t, src.String(), "evalWide(st.w[:], &wideInstrs[", "the shift is left to evalWide")
}

// requireGoModelsAgree builds one program of the Go models of designs,
// designs[i] written with loops when loops[i], and requires them to agree
// with the interpreter, every output of every cycle, on random stimulus.
func requireGoModelsAgree(t *testing.T, mod string, designs []*netlist.Design, loops []bool, cycles int) {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewSource(3))
	var main, want strings.Builder
	main.WriteString("package main\n\nimport (\n\t\"fmt\"\n")
	for i := range designs {
		fmt.Fprintf(&main, "\t\"%s/m%d\"\n", mod, i)
	}
	main.WriteString(")\n\nfunc main() {\n")
	for i, d := range designs {
		s := compile(t, d)
		pkg := fmt.Sprintf("m%d", i)
		var src bytes.Buffer
		require.NoError(t, s.writeGo(&src, pkg, loops[i]))
		require.NoError(t, os.MkdirAll(filepath.Join(dir, pkg), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, pkg, "model.go"), src.Bytes(), 0o644))
		fmt.Fprintf(&main, "\t{\n\t\tm := %s.New()\n", pkg)
		for c := range cycles {
			for in, ws := range randomPokes(s, rng, c, 50) {
				fmt.Fprintf(&main, "\t\tm.PokeWords(%d, %#v)\n", in, ws)
			}
			s.Step(1)
			main.WriteString("\t\tm.Step()\n")
			for o, p := range s.Outputs() {
				fmt.Fprintf(&main, "\t\tfmt.Println(%d, %d, %d, m.PeekWords(%d, nil))\n", i, c, o, o)
				fmt.Fprintf(&want, "%d %d %d %v\n", i, c, o, s.PeekWords(p.Handle, nil))
			}
		}
		main.WriteString("\t}\n")
		require.NoError(t, s.Err())
	}
	main.WriteString("}\n")
	got := goRun(t, dir, mod, main.String())
	gl, wl := strings.Split(got, "\n"), strings.Split(want.String(), "\n")
	require.Equal(t, len(wl), len(gl))
	for i := range wl {
		require.Equal(t, wl[i], gl[i], "the Go model (design, cycle, output, words) against the interpreter")
	}
}

// TestInlined: a temporary read by one later instruction alone is written
// into that instruction; one read twice, read by a register, or read from
// the state by the input cone's program (evalIn) is stored.
func TestInlined(t *testing.T) {
	b := newMod("inl")
	b.clk()
	x, y := b.in("x", 8), b.in("y", 8)
	r := b.out("r", 8)
	q := b.net("q", 8)
	once := b.op("once", 8, netlist.OpAnd, q, y)
	twice := b.op("twice", 8, netlist.OpXor, q, y)
	b.drive(b.out("o1", 8), netlist.OpAdd, once, q)
	b.drive(b.out("o2", 8), netlist.OpAdd, twice, twice)
	b.reg(q, b.op("toreg", 8, netlist.OpOr, q, y), netlist.NoNet, netlist.NoNet, bits.New(8))
	b.reg(r, q, netlist.NoNet, netlist.NoNet, bits.New(8))
	b.drive(b.out("o3", 8), netlist.OpSub, b.op("incone", 8, netlist.OpNot, x), y)
	b.drive(b.out("o4", 8), netlist.OpSub, b.op("tocone", 8, netlist.OpNot, q), x)
	s := compile(t, design(b))
	g := &goGen{s: s, l: newGoLayout(s)}
	skip := g.inlined(s.prog)
	byName := map[string]bool{}
	for i, o := range s.prog {
		for _, n := range s.nets {
			if n.off == o.dst {
				byName[n.name] = byName[n.name] || skip[i]
			}
		}
	}
	require.True(t, byName["once"], "read once: inlined")
	require.True(t, byName["incone"], "read once, in the input cone: inlined (evalIn computes it before reading it)")
	for _, name := range []string{"twice", "toreg", "tocone", "o1"} {
		require.False(t, byName[name], "%s is stored", name)
	}
	var src bytes.Buffer
	require.NoError(t, s.WriteGo(&src, "m"))
	eval := src.String()[strings.Index(src.String(), "func eval0("):]
	eval = eval[:strings.Index(eval, "\n}\n")]
	require.NotContains(t, eval, fmt.Sprintf("st.b[%d] =", g.l.loc[s.nets[s.names["once"]].off].i), "eval stores no once")
	require.Contains(t, eval, fmt.Sprintf("st.b[%d] =", g.l.loc[s.nets[s.names["twice"]].off].i), "eval stores twice")
}

// chainDesign returns lanes parallel shift registers of stages 8-bit
// registers each: the waves of a pipeline, which WriteGo commits with one
// copy each; with a reset (rst: an input rst, every register's reset
// value init), one test of the reset and a copy or a fill each.
func chainDesign(lanes, stages int, rst bool, init uint64) *netlist.Design {
	b := newMod("chains")
	b.clk()
	r := netlist.NoNet
	if rst {
		r = b.in("rst", 1)
	}
	for l := range lanes {
		prev := b.in(fmt.Sprintf("x%d", l), 8)
		for s := range stages {
			var q netlist.NetID
			if s == stages-1 {
				q = b.out(fmt.Sprintf("y%d", l), 8)
			} else {
				q = b.net(fmt.Sprintf("r%d_%d", l, s), 8)
			}
			b.reg(q, prev, netlist.NoNet, r, bits.FromUint64(8, init))
			prev = q
		}
	}
	return design(b)
}

// TestWriteGoCopy: the waves of parallel shift registers are one copy
// each, with a reset one test of the reset and a fill or a copy. TestWriteGoLoops builds the model and runs it against the
// interpreter.
func TestWriteGoCopy(t *testing.T) {
	s := compile(t, chainDesign(10, 4, false, 0))
	var src bytes.Buffer
	require.NoError(t, s.WriteGo(&src, "m"))
	// the first stage reads the inputs and the last is the outputs, both
	// pinned to the uint64 array: the two stages between are copies
	require.Equal(t, 2, strings.Count(src.String(), "copy(st.b["))
	for init, fill := range map[uint64]string{0: "clear(st.b[", 0x5a: "+k] = 0x5a"} {
		src.Reset()
		require.NoError(t, compile(t, chainDesign(10, 4, true, init)).WriteGo(&src, "m"))
		require.Equal(t, 2, strings.Count(src.String(), "copy(st.b["), "init %#x", init)
		require.Equal(t, 2, strings.Count(src.String(), fill), "init %#x: the fill while the reset is 1", init)
	}
	w := &regWave{plain: []plainReg{{q: 1, d: 20}, {q: 2, d: 21}, {q: 3, d: 22}, {q: 4, d: 23}, {q: 5, d: 24}, {q: 6, d: 25}, {q: 7, d: 26}, {q: 8, d: 27}, {q: 9, d: 30}}}
	flat := &goLayout{loc: make([]goLoc, 40)}
	for k := range flat.loc {
		flat.loc[k] = goLoc{goW, uint32(k)}
	}
	require.Equal(t, []string{"copy(st.w[1:9], st.w[20:28])", "st.w[9] = st.w[30]"}, (&goGen{l: flat}).regStmts(w, "st"))
}
