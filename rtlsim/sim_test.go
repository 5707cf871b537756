package rtlsim

import (
	"io"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// counterDesign is an 8-bit counter with enable and a synchronous reset to 5,
// plus a 130-bit register that loads a wide constant on reset and shifts in
// the counter otherwise, and a register with neither enable nor reset.
func counterDesign() *netlist.Design {
	b := newMod("counter")
	b.clk()
	rst, en := b.in("rst", 1), b.in("en", 1)
	count := b.out("count", 8)
	one := b.konst("one", bits.FromUint64(8, 1))
	next := b.op("next", 8, netlist.OpAdd, count, one)
	b.reg(count, next, en, rst, bits.FromUint64(8, 5))

	wide := b.out("wide", 130)
	hist := b.op("hist", 130, netlist.OpConcat, b.op("wlow", 122, netlist.OpSlice, wide), count)
	b.reg(wide, hist, netlist.NoNet, rst, v("130'h3_0000_0000_0000_0001_ffff_ffff_ffff_fff0"))

	prev := b.out("prev", 8)
	b.reg(prev, count, netlist.NoNet, netlist.NoNet, bits.Value{})
	return design(b)
}

func TestRegisters(t *testing.T) {
	s := compile(t, counterDesign())
	require.Equal(t, uint64(0), peek(t, s, "count"), "registers without a reset run start at 0")
	steps := []struct {
		rst, en   uint64
		n         int
		count     uint64
		prev      uint64
		wantCycle uint64
	}{
		{rst: 1, en: 0, n: 1, count: 5, prev: 0, wantCycle: 1},
		{rst: 0, en: 0, n: 3, count: 5, prev: 5, wantCycle: 4},
		{rst: 0, en: 1, n: 1, count: 6, prev: 5, wantCycle: 5},
		{rst: 0, en: 1, n: 250, count: (6 + 250) % 256, prev: (6 + 249) % 256, wantCycle: 255},
		{rst: 1, en: 1, n: 1, count: 5, prev: 0, wantCycle: 256}, // reset wins over enable
	}
	for i, st := range steps {
		poke(t, s, "rst", st.rst)
		poke(t, s, "en", st.en)
		s.Step(st.n)
		require.Equal(t, st.count, peek(t, s, "count"), "step %d", i)
		require.Equal(t, st.prev, peek(t, s, "prev"), "step %d", i)
		require.Equal(t, st.wantCycle, s.Cycle(), "step %d", i)
	}
	require.Equal(t, v("130'h3_0000_0000_0000_0001_ffff_ffff_ffff_fff0"), mustPeek(t, s, "wide"))
	poke(t, s, "rst", 0)
	poke(t, s, "en", 0)
	s.Step(2)
	// Two shifts of 8 bits in, of count 5 both times, the top 16 bits out.
	require.Equal(t, v("130'h0_0000_0000_0001_ffff_ffff_ffff_fff0_0505"), mustPeek(t, s, "wide"))
}

func mustPeek(t *testing.T, s *Sim, name string) bits.Value {
	t.Helper()
	x, err := s.PeekName(name)
	require.NoError(t, err)
	return x
}

func TestReset(t *testing.T) {
	s := compile(t, counterDesign())
	poke(t, s, "en", 1)
	s.Step(3)
	require.Equal(t, uint64(3), peek(t, s, "count"))
	s.Reset()
	require.Equal(t, uint64(5), peek(t, s, "count"))
	require.Equal(t, uint64(4), s.Cycle())
	require.Equal(t, uint64(0), peek(t, s, "rst"), "Reset releases rst")
	s.Step(1)
	require.Equal(t, uint64(6), peek(t, s, "count"))

	// Without an rst input Reset does nothing.
	b := newMod("norst")
	b.clk()
	q := b.out("q", 4)
	b.reg(q, b.op("n", 4, netlist.OpNot, q), netlist.NoNet, netlist.NoNet, bits.Value{})
	s = compile(t, design(b))
	s.Reset()
	require.Equal(t, uint64(0), s.Cycle())
	require.Equal(t, uint64(0), peek(t, s, "q"))
}

// memDesign has a 5-word memory of 70-bit words: two write ports, a read port
// with an enable and a 4-bit address, and one without an enable whose
// address is 70 bits wide.
func memDesign() *netlist.Design {
	b := newMod("mem")
	b.clk()
	wa0, wd0, we0 := b.in("wa0", 4), b.in("wd0", 70), b.in("we0", 1)
	wa1, wd1, we1 := b.in("wa1", 4), b.in("wd1", 70), b.in("we1", 1)
	ra, re := b.in("ra", 4), b.in("re", 1)
	rb := b.in("rb", 70)
	rd, rdb := b.out("rd", 70), b.out("rdb", 70)
	b.m.Mems = append(b.m.Mems, netlist.Mem{
		Name: "ram", Width: 70, Depth: 5,
		Reads: []netlist.MemRead{
			{Addr: ra, En: re, Data: rd},
			{Addr: rb, En: netlist.NoNet, Data: rdb},
		},
		Writes: []netlist.MemWrite{
			{Addr: wa0, Data: wd0, En: we0},
			{Addr: wa1, Data: wd1, En: we1},
		},
	})
	return design(b)
}

func TestMemory(t *testing.T) {
	s := compile(t, memDesign())
	big := func(x uint64) bits.Value { return bits.FromWords(70, []uint64{x, x & 0x3f}) }
	type edge struct {
		we0, wa0 uint64
		wd0      bits.Value
		we1, wa1 uint64
		wd1      bits.Value
		re, ra   uint64
		rb       bits.Value
		rd, rdb  bits.Value // after the edge
	}
	z := bits.New(70)
	edges := []struct {
		name string
		e    edge
	}{
		{"write 2", edge{we0: 1, wa0: 2, wd0: big(0x11), rb: z, rd: z, rdb: z}},
		{"read 2", edge{re: 1, ra: 2, rb: bits.FromUint64(70, 2), rd: big(0x11), rdb: big(0x11)}},
		{"read-first", edge{we0: 1, wa0: 2, wd0: big(0x22), re: 1, ra: 2, rb: bits.FromUint64(70, 2), rd: big(0x11), rdb: big(0x11)}},
		{"new value", edge{re: 1, ra: 2, rb: bits.FromUint64(70, 2), rd: big(0x22), rdb: big(0x22)}},
		{"read enable low holds", edge{re: 0, ra: 3, rb: bits.FromUint64(70, 3), rd: big(0x22), rdb: z}},
		{"later write port wins", edge{we0: 1, wa0: 4, wd0: big(0x33), we1: 1, wa1: 4, wd1: big(0x44), re: 1, ra: 4, rb: bits.FromUint64(70, 4), rd: z, rdb: z}},
		{"read 4", edge{re: 1, ra: 4, rb: bits.FromUint64(70, 4), rd: big(0x44), rdb: big(0x44)}},
		{"write out of range", edge{we0: 1, wa0: 5, wd0: big(0x55), we1: 1, wa1: 15, wd1: big(0x66), re: 1, ra: 4, rb: bits.FromUint64(70, 4), rd: big(0x44), rdb: big(0x44)}},
		{"read out of range", edge{re: 1, ra: 5, rb: bits.FromUint64(70, 15), rd: z, rdb: z}},
		{"wide address upper word", edge{re: 1, ra: 0, rb: bits.FromWords(70, []uint64{2, 1}), rd: z, rdb: z}},
		{"read 2 on the wide port", edge{re: 1, ra: 3, rb: bits.FromUint64(70, 2), rd: z, rdb: big(0x22)}},
		{"write enable low", edge{we0: 0, wa0: 2, wd0: big(0x77), re: 1, ra: 2, rb: bits.FromUint64(70, 2), rd: big(0x22), rdb: big(0x22)}},
		{"check", edge{re: 1, ra: 2, rb: bits.FromUint64(70, 2), rd: big(0x22), rdb: big(0x22)}},
	}
	for _, tt := range edges {
		e := tt.e
		for name, x := range map[string]uint64{"we0": e.we0, "wa0": e.wa0, "we1": e.we1, "wa1": e.wa1, "re": e.re, "ra": e.ra} {
			poke(t, s, name, x)
		}
		for name, x := range map[string]bits.Value{"wd0": e.wd0, "wd1": e.wd1, "rb": e.rb} {
			if !x.IsValid() {
				x = z
			}
			require.NoError(t, s.PokeName(name, x))
		}
		s.Step(1)
		require.Equal(t, e.rd, mustPeek(t, s, "rd"), tt.name)
		require.Equal(t, e.rdb, mustPeek(t, s, "rdb"), tt.name)
	}
}

// hierDesign: a combinational leaf used twice, and a stateful middle module
// used twice, each holding an accumulator.
//
//	top: u0 = inc(x: a) -> b; u1 = inc(x: b) -> c; m0, m1 = mid(in: c / a)
func hierDesign() *netlist.Design {
	inc := newMod("inc")
	x := inc.in("x", 8)
	y := inc.out("y", 8)
	inc.drive(y, netlist.OpAdd, x, inc.konst("k", bits.FromUint64(8, 1)))

	acc := newMod("acc")
	acc.clk()
	in := acc.in("in", 8)
	sum := acc.out("sum", 8)
	acc.reg(sum, acc.op("next", 8, netlist.OpAdd, sum, in), netlist.NoNet, netlist.NoNet, bits.Value{})

	mid := newMod("mid")
	mclk := mid.clk()
	min := mid.in("in", 8)
	mout := mid.out("out", 8)
	mid.inst("a", "acc", "clk", mclk, "in", min, "sum", mout)

	top := newMod("top")
	tclk := top.clk()
	a := top.in("a", 8)
	b, c := top.net("b", 8), top.out("c", 8)
	s0, s1 := top.out("s0", 8), top.out("s1", 8)
	top.inst("u0", "inc", "x", a, "y", b)
	top.inst("u1", "inc", "x", b, "y", c)
	top.inst("m0", "mid", "clk", tclk, "in", c, "out", s0)
	top.inst("m1", "mid", "clk", tclk, "in", a, "out", s1)
	top.inst("u2", "inc", "x", c) // output left unconnected
	return design(inc, acc, mid, top)
}

func TestHierarchy(t *testing.T) {
	s := compile(t, hierDesign())
	poke(t, s, "a", 10)
	require.Equal(t, uint64(12), peek(t, s, "c"), "settled without a Step")
	for _, tt := range []struct {
		name string
		want uint64
	}{
		{"u0.x", 10}, {"u0.y", 11}, {"b", 11}, {"u1.x", 11}, {"u1.y", 12}, {"u1.k", 1},
		{"m0.in", 12}, {"m0.a.in", 12}, {"m1.a.in", 10}, {"u2.y", 13},
	} {
		require.Equal(t, tt.want, peek(t, s, tt.name), tt.name)
	}
	s.Step(3)
	poke(t, s, "a", 1)
	require.Equal(t, uint64(36), peek(t, s, "m0.a.sum"))
	require.Equal(t, uint64(36), peek(t, s, "s0"))
	require.Equal(t, uint64(30), peek(t, s, "m1.out"))
	require.Equal(t, uint64(31), peek(t, s, "m1.a.next"))
	require.Equal(t, handle(t, s, "s1"), handle(t, s, "m1.a.sum"), "a child port aliases the parent's net")
	require.Equal(t, "s1", s.Name(handle(t, s, "m1.a.sum")))

	for _, tt := range []struct{ name, err string }{
		{"u3.x", `unknown signal "u3.x": the top module top has no instance u3`},
		{"m0.b.in", `unknown signal "m0.b.in": instance m0 (module mid) has no instance b`},
		{"m0.a.zz", `unknown signal "m0.a.zz": instance m0.a (module acc) has no net zz`},
		{"zz", `unknown signal "zz": the top module top has no net zz`},
		{"a.x", `unknown signal "a.x": the top module top has no instance a`},
		{"", `empty signal name`},
	} {
		_, err := s.Handle(tt.name)
		require.ErrorContains(t, err, tt.err, tt.name)
	}
}

func TestPorts(t *testing.T) {
	s := compile(t, hierDesign())
	names := func(ps []PortInfo) (out []string) {
		for _, p := range ps {
			out = append(out, p.Name)
			require.Equal(t, p.Width, s.Width(p.Handle))
		}
		return out
	}
	require.Equal(t, []string{"clk", "a"}, names(s.Inputs()))
	require.Equal(t, []string{"c", "s0", "s1"}, names(s.Outputs()))
	require.True(t, s.Inputs()[0].Clock)
	require.False(t, s.Inputs()[1].Clock)
	require.False(t, s.Inputs()[1].Reset)
}

func TestPokeErrors(t *testing.T) {
	s := compile(t, hierDesign())
	for _, tt := range []struct {
		name string
		val  bits.Value
		err  string
	}{
		{"c", bits.New(8), `cannot poke "c": only inputs of the top module can be poked`},
		{"u1.x", bits.New(8), `cannot poke "u1.x": only inputs`},
		{"clk", bits.New(1), `cannot poke the clock "clk"`},
		{"a", bits.New(9), `cannot poke 9-bit value 9'h000 into 8-bit input "a"`},
		{"nope", bits.New(1), `unknown signal "nope"`},
	} {
		require.ErrorContains(t, s.PokeName(tt.name, tt.val), tt.err, tt.name)
	}
	require.NoError(t, s.Err())
	require.NoError(t, s.PokeName("u0.x", bits.FromUint64(8, 7)), "u0.x is the top's input a")
	require.Equal(t, uint64(7), peek(t, s, "a"))

	s.PokeUint64(handle(t, s, "c"), 1)
	s.PokeUint64(handle(t, s, "a"), 3) // later good pokes still work
	require.ErrorContains(t, s.Err(), `cannot poke "c"`)
	require.ErrorContains(t, s.Close(), `cannot poke "c"`)
	require.Equal(t, uint64(5), peek(t, s, "c"))

	s = compile(t, hierDesign())
	s.Poke(Handle{}, bits.New(8))
	require.Equal(t, bits.Value{}, s.Peek(Handle{}))
	require.ErrorContains(t, s.Err(), "Poke of an invalid Handle")
	s.PokeUint64(handle(t, s, "a"), 0x1ff) // truncated
	require.Equal(t, uint64(0xff), peek(t, s, "a"))
}

func TestCompileErrors(t *testing.T) {
	b := newMod("bad")
	x := b.in("x", 4)
	y := b.out("y", 5)
	b.drive(y, netlist.OpNot, x)
	_, err := Compile(design(b))
	var list netlist.ErrorList
	require.ErrorAs(t, err, &list)
	require.ErrorContains(t, err, "y: width mismatch")
}

// TestNoAllocs holds the hot path to zero allocations, traced or not.
func TestNoAllocs(t *testing.T) {
	s := compile(t, benchDesign(4, 4))
	in := s.Inputs()
	out := s.Outputs()[0].Handle
	w := bits.FromUint64(16, 7)
	var words []uint64
	run := func() {
		for i, p := range in[1:] {
			if i%2 == 0 {
				s.PokeUint64(p.Handle, s.Cycle())
			} else if p.Width == 16 {
				s.Poke(p.Handle, w)
			}
		}
		s.Step(2)
		_ = s.PeekUint64(out)
		words = s.PeekWords(out, words[:0])
	}
	run()
	require.Zero(t, testing.AllocsPerRun(100, run))
	require.NoError(t, s.TraceVCD(io.Discard))
	run()
	require.Zero(t, testing.AllocsPerRun(100, run), "traced")
	require.NoError(t, s.Close())
}

// TestImports keeps the import direction of DESIGN.md: rtlsim uses netlist
// and bits (and limits, the leaf every package may use) and its lane
// kernels (internal/lanekern), nothing else of ours.
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if rest, ok := strings.CutPrefix(p, "github.com/systole-hdl/systole/"); ok {
			require.Contains(t, []string{"netlist", "bits", "limits", "internal/lanekern", "rtlsim"}, rest)
		}
	}
}
