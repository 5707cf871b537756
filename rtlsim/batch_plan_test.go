package rtlsim

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/lanekern"
	"github.com/systole-hdl/systole/internal/opgen"
	"github.com/systole-hdl/systole/netlist"
)

// classesDesign mixes the width classes: nets of 8, 12, 16, 40 and 100 bits,
// instructions that read one class and write another, a copy of a narrow
// net as a 40-bit one (which shares the narrow word), wide slices and
// concats of narrow nets, and registers of every class whose enable and
// reset are 1-bit nets.
func classesDesign() *netlist.Design {
	b := newMod("classes")
	b.clk()
	a8, b8 := b.in("a8", 8), b.in("b8", 8)
	x40, y40 := b.in("x40", 40), b.in("y40", 40)
	w100 := b.in("w100", 100)
	sel, en, rst := b.in("sel", 1), b.in("en", 1), b.in("rst", 1)
	zx := b.op("zx", 40, netlist.OpZext, a8) // shares a8's word
	sa := b.op("sa", 16, netlist.OpSext, a8)
	sb := b.op("sb", 16, netlist.OpSext, b8)
	sx := b.op("sx", 40, netlist.OpSext, a8)
	sy := b.op("sy", 40, netlist.OpSext, b8)
	outs := map[string]netlist.NetID{
		"eq":    b.op("eq", 1, netlist.OpEq, x40, y40),
		"mx":    b.op("mx", 40, netlist.OpMux, sel, x40, y40),
		"add":   b.op("add", 40, netlist.OpAdd, zx, y40),
		"sx":    sx,
		"shl":   b.op("shl", 40, netlist.OpShl, x40, b8),
		"mul40": b.op("mul40", 40, netlist.OpMul, sx, sy),
		"mul16": b.op("mul16", 16, netlist.OpMul, sa, sb),
		"add16": b.op("add16", 16, netlist.OpAdd, sa, sb),
		"n8":    b.op("n8", 8, netlist.OpAdd, a8, b8),
		"sshr":  b.op("sshr", 8, netlist.OpSshr, a8, b8),
		"cat":   b.op("cat", 108, netlist.OpConcat, a8, w100),
		"cat2":  b.op("cat2", 48, netlist.OpConcat, a8, x40),
		"cat3":  b.op("cat3", 140, netlist.OpConcat, x40, w100), // x40 across words 1 and 2
	}
	lt := b.op("lt", 1, netlist.OpLt, a8, b8)
	b.m.Cells[len(b.m.Cells)-1].Signed = true
	outs["lt"] = lt
	sl := b.op("sl", 8, netlist.OpSlice, x40)
	b.m.Cells[len(b.m.Cells)-1].Lo = 30
	outs["sl"] = sl
	sw := b.op("sw", 8, netlist.OpSlice, w100)
	b.m.Cells[len(b.m.Cells)-1].Lo = 60
	outs["sw"] = sw
	// on the 16-bit plane only: a sign extension from 12 bits, an
	// arithmetic shift, a comparison into the 8-bit plane
	x12 := b.op("x12", 12, netlist.OpSlice, x40)
	b.m.Cells[len(b.m.Cells)-1].Lo = 20
	sx16 := b.op("sx16", 16, netlist.OpSext, x12)
	outs["sx16"] = sx16
	outs["sshr16"] = b.op("sshr16", 16, netlist.OpSshr, outs["add16"], sx16)
	outs["lt16"] = b.op("lt16", 1, netlist.OpLt, sx16, outs["add16"])
	b.m.Cells[len(b.m.Cells)-1].Signed = true
	// on the 32-bit plane only
	c24 := b.in("c24", 24)
	outs["add24"] = b.op("add24", 24, netlist.OpSub, c24, b.op("x24", 24, netlist.OpAdd, c24, c24))
	for name, id := range outs {
		b.drive(b.out("o_"+name, b.m.Nets[id].Width), netlist.OpBuf, id)
	}
	r40, r8, r100, rz, r16 := b.out("r40", 40), b.out("r8", 8), b.out("r100", 100), b.out("rz", 40), b.out("r16", 16)
	b.reg(r16, outs["sshr16"], en, rst, v("16'h8001"))
	b.reg(r40, outs["add"], en, rst, v("40'h12_3456_789a"))
	b.reg(r8, outs["n8"], en, rst, v("8'h5a"))
	b.reg(r100, w100, en, netlist.NoNet, bits.Value{})
	// wide comparisons into a bit: equal whenever en held r100 to w100
	b.drive(b.out("weq", 1), netlist.OpEq, w100, r100)
	b.drive(b.out("wne", 1), netlist.OpNe, r100, w100)
	// wide instructions that run lane by lane, one with a 1-bit operand
	b.drive(b.out("wadd", 100), netlist.OpAdd, w100, r100)
	b.drive(b.out("wmux", 100), netlist.OpMux, sel, w100, r100)
	b.reg(rz, zx, netlist.NoNet, netlist.NoNet, bits.Value{})
	// rings of registers (which commit all at once, not in place)
	ra, rb, rc, rd := b.out("ra", 8), b.out("rb", 8), b.out("rc", 40), b.out("rd", 40)
	b.reg(ra, rb, netlist.NoNet, rst, v("8'h12"))
	b.reg(rb, ra, netlist.NoNet, rst, v("8'h34"))
	b.reg(rc, rd, en, rst, v("40'h1"))
	b.reg(rd, rc, sel, rst, v("40'h2"))
	re, rf := b.out("re", 16), b.out("rf", 16)
	b.reg(re, rf, en, netlist.NoNet, bits.Value{})
	b.reg(rf, re, netlist.NoNet, rst, v("16'h1234"))
	// a memory of 40-bit words read into a 40-bit net, and one of 8-bit
	// words read into an 8-bit net (addresses also beyond their depths)
	m40, m8, m16 := b.out("m40", 40), b.out("m8", 8), b.out("m16", 16)
	a3, b3 := b.op("a3", 3, netlist.OpSlice, a8), b.op("b3", 3, netlist.OpSlice, b8)
	x9 := b.op("x9", 9, netlist.OpSlice, x40)
	b.m.Mems = append(b.m.Mems,
		netlist.Mem{Name: "mem40", Width: 40, Depth: 5, Init: []bits.Value{v("40'h1"), v("40'hff_0000_0001")},
			Reads: []netlist.MemRead{{Addr: b3, En: sel, Data: m40}}, Writes: []netlist.MemWrite{{Addr: a3, En: en, Data: x40}}},
		netlist.Mem{Name: "mem8", Width: 8, Depth: 300,
			Reads: []netlist.MemRead{{Addr: x9, En: netlist.NoNet, Data: m8}}, Writes: []netlist.MemWrite{{Addr: outs["n8"], En: sel, Data: a8}}},
		netlist.Mem{Name: "mem16", Width: 16, Depth: 7,
			Reads: []netlist.MemRead{{Addr: a3, En: en, Data: m16}}, Writes: []netlist.MemWrite{{Addr: b3, En: sel, Data: outs["add16"]}}})
	return design(b)
}

// TestBatchClasses: the words of nets of at most 8 bits are on the 8-bit
// plane, of at most 16 on the 16-bit one, of at most 32 on the 32-bit
// one, of wider ones on the 64-bit
// plane (a copy sharing a narrow net's word with it), the mixed
// instructions run as mixed blocks (lanekern.BlockMix), and
// every lane of a batch whose lanes fill no whole number of tiles agrees
// with a Sim on random inputs, cycle by cycle, while SetWorkers cuts the
// lanes into other tiles twice. It runs on every implementation of
// internal/lanekern the CPU has.
func TestBatchClasses(t *testing.T) {
	for _, impl := range lanekern.Impls() {
		t.Run(impl, func(t *testing.T) {
			restore, err := lanekern.SetImpl(impl)
			require.NoError(t, err)
			defer restore()
			checkClasses(t)
		})
	}
}

// checkClasses is TestBatchClasses on the implementation in use.
func checkClasses(t *testing.T) {
	d := classesDesign()
	s := compile(t, d)
	require.False(t, s.inPlace, "the rings commit all at once")
	const lanes = 21
	bt, err := CompileBatch(d, lanes)
	require.NoError(t, err)
	class := func(name string) uint8 {
		n := &s.nets[handle(t, s, name).id-1]
		return bt.lay.loc[n.off].bits()
	}
	for name, want := range map[string]uint8{"a8": 8, "zx": 8, "eq": 8, "o_sl": 8, "sa": 16, "add16": 16, "x12": 16, "r16": 16, "re": 16,
		"m16": 16, "add24": 32, "x40": 64, "add": 64, "w100": 64, "cat": 64, "r40": 64, "r8": 8} {
		require.Equal(t, want, class(name), name)
	}
	steps := map[stepKind]int{}
	mixes := map[uint8]int{}
	with16 := map[uint8]int{}
	for _, st := range bt.prog.steps {
		steps[st.what]++
		if st.what == stepMix {
			mixes[st.mix.At]++
			if st.mix.Dst == 16 || st.mix.A == 16 || st.mix.B == 16 {
				with16[st.mix.At]++
			}
		}
	}
	for _, k := range []stepKind{stepBlock8, stepBlock16, stepBlock32, stepBlock64, stepMix, stepWide} {
		require.Positive(t, steps[k], "steps of kind %d", k)
	}
	require.Positive(t, mixes[32], "mixes of 8- and 32-bit nets")
	require.Positive(t, mixes[64], "mixes with 64-bit nets")
	require.Positive(t, with16[32], "mixes of 8- and 16-bit nets")
	require.Positive(t, with16[64], "mixes of 16- and 64-bit nets")
	groups := map[int]int{}
	for _, w := range bt.edgePlan.waves {
		for _, g := range w {
			groups[g.cls] += len(g.regs)
		}
	}
	require.Equal(t, 3, groups[cls16], "the 16-bit registers")
	require.NotEmpty(t, bt.edgePlan.ups, "the 40-bit registers read 1-bit enables and resets")

	rng := rand.New(rand.NewSource(14))
	sims := make([]*Sim, lanes)
	for l := range sims {
		sims[l] = compile(t, d)
	}
	outs := s.Outputs()
	for c := range 60 {
		switch c {
		case 20:
			bt.SetWorkers(2)
			require.Equal(t, 2, bt.tiles)
		case 40:
			bt.SetWorkers(1)
			require.Equal(t, 1, bt.tiles)
		}
		for l, sl := range sims {
			for i, ws := range randomPokes(sl, rng, c, 7) {
				bt.PokeWordsLane(sl.Inputs()[inputIndex(sl, i)].Handle, l, ws)
			}
		}
		for l, sl := range sims {
			for _, p := range outs {
				want, got := sl.Peek(p.Handle), bt.PeekLane(p.Handle, l)
				require.True(t, want.Equal(got), "cycle %d lane %d %s: batch %v, sim %v", c, l, p.Name, got, want)
			}
			sl.Step(1)
		}
		bt.Step(1)
	}
	require.NoError(t, bt.Err())
}

// inputIndex returns the index in s.Inputs of the i-th input randomPokes
// poked (every input but the clock).
func inputIndex(s *Sim, i int) int {
	for j, p := range s.Inputs() {
		if p.Clock {
			continue
		}
		if i == 0 {
			return j
		}
		i--
	}
	return -1
}

// TestBatchKindCast: the batch hands rtlsim's kinds and register classes
// to internal/lanekern by a cast, so both must number them in the table's
// order.
func TestBatchKindCast(t *testing.T) {
	for i, k := range opgen.Kinds {
		if k.Wide {
			require.GreaterOrEqual(t, i, int(lanekern.NumKinds), k.Const())
			continue
		}
		require.Equal(t, kind(i).String(), k.Const())
		require.Equal(t, k.Name, lanekern.Kind(kind(i)).String(), "lanekern.Kind(%v)", kind(i))
	}
	require.Equal(t, len(opgen.RegClasses), len(regFields))
	for i, f := range regFields {
		require.Equal(t, f, lanekern.RegClass(i).String())
	}
}

// TestBatchShWidth: on the 32-bit plane the sign-extending shifts of a
// kind are 32 less, its bit positions the same; batchSh says which,
// from the kernels.
func TestBatchShWidth(t *testing.T) {
	for k, want := range map[kind]uint8{k64Sext: 1, k64Sshr: 1, k64LtS: 1, k64LeS: 1, k64MulS: 3, k64Mac: 3,
		k64Slice: 0, k64DepSet: 0, k64DepOr: 0, k64Add: 0} {
		require.Equal(t, want, batchSh[k], "%v", k)
	}
}
