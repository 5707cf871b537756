package rtlsim

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// swapDesign has plain registers whose D one instruction writes, on every
// plane (8, 16, 32 and 64 bits): accumulators (D reads Q), two registers
// sharing one D, a D that is an output and feeds other logic; a register
// whose D is another's Q (a chain, which does not swap), a D that a
// concat builds (written twice, which does not swap), registers with an
// enable or a reset reading swapping Qs (of a wider plane, and of 100
// bits: through shadow rows), a D reading a register the edge commits, a
// cover on a D, and with ring a ring of registers (so that the registers
// commit all at once, not in place).
func swapDesign(ring bool) *netlist.Design {
	b := newMod("swap")
	b.clk()
	a8, b8 := b.in("a8", 8), b.in("b8", 8)
	x32, y32 := b.in("x32", 32), b.in("y32", 32)
	x48 := b.in("x48", 48)
	x64 := b.in("x64", 64)
	sel, en := b.in("sel", 1), b.in("en", 1)
	acc8 := b.out("acc8", 8)
	b.reg(acc8, b.op("acc8_d", 8, netlist.OpAdd, acc8, a8), netlist.NoNet, netlist.NoNet, v("8'h5"))
	// two registers of one D
	dd := b.op("dd", 8, netlist.OpSub, a8, b8)
	s1, s2 := b.out("s1", 8), b.out("s2", 8)
	b.reg(s1, dd, netlist.NoNet, netlist.NoNet, v("8'h0"))
	b.reg(s2, dd, netlist.NoNet, netlist.NoNet, v("8'h1"))
	// a D that is an output too, read by more logic
	m32 := b.out("m32", 32)
	b.drive(m32, netlist.OpMul, x32, y32)
	r32 := b.out("r32", 32)
	b.reg(r32, m32, netlist.NoNet, netlist.NoNet, v("32'h7"))
	b.drive(b.out("m32p", 32), netlist.OpAdd, m32, r32)
	acc32 := b.out("acc32", 32)
	b.reg(acc32, b.op("acc32_d", 32, netlist.OpXor, acc32, x32), netlist.NoNet, netlist.NoNet, v("32'h0"))
	// 16, 48 and 64 bits
	acc16 := b.out("acc16", 16)
	b.reg(acc16, b.op("acc16_d", 16, netlist.OpAdd, acc16, b.in("x16", 16)), netlist.NoNet, netlist.NoNet, v("16'h9"))
	r48 := b.out("r48", 48)
	b.reg(r48, b.op("r48_d", 48, netlist.OpAdd, r48, x48), netlist.NoNet, netlist.NoNet, v("48'h0"))
	r64 := b.out("r64", 64)
	b.reg(r64, b.op("r64_d", 64, netlist.OpXor, r64, x64), netlist.NoNet, netlist.NoNet, v("64'h0"))
	// a chain and a mux
	ch := b.out("ch", 8)
	b.reg(ch, acc8, netlist.NoNet, netlist.NoNet, v("8'h0"))
	mx := b.out("mx", 8)
	b.reg(mx, b.op("mx_d", 8, netlist.OpMux, sel, a8, mx), netlist.NoNet, netlist.NoNet, v("8'h0"))
	// a concat: written twice
	lo, hi := b.op("lo", 4, netlist.OpSlice, a8), b.op("hi", 4, netlist.OpSlice, b8)
	cat := b.out("cat", 8)
	b.reg(cat, b.op("cat_d", 8, netlist.OpConcat, hi, lo), netlist.NoNet, netlist.NoNet, v("8'h0"))
	// registers with an enable or a reset reading swapping Qs
	e8 := b.out("e8", 8)
	b.reg(e8, s1, en, netlist.NoNet, v("8'h0"))
	z32 := b.out("z32", 32)
	b.reg(z32, r32, netlist.NoNet, sel, v("32'h3"))
	// a D that reads a register committed at the edge (the chain), a
	// one-bit register that swaps, read as an enable by a 32-bit register
	// (a shadow row of a swapping word, as is its D) and by a register
	// of 100 bits
	acc2 := b.out("acc2", 8)
	b.reg(acc2, b.op("acc2_d", 8, netlist.OpAdd, ch, a8), netlist.NoNet, netlist.NoNet, v("8'h0"))
	t1 := b.out("t1", 1)
	b.reg(t1, b.op("t1_d", 1, netlist.OpSlice, b8), netlist.NoNet, netlist.NoNet, v("1'h0"))
	w32 := b.out("w32", 32)
	b.reg(w32, b.op("w32_d", 32, netlist.OpZext, acc8), t1, netlist.NoNet, v("32'h0"))
	w100 := b.out("w100", 100)
	b.reg(w100, b.in("x100", 100), t1, netlist.NoNet, v("100'h0"))
	if ring { // the registers then commit all at once, not in place
		ra, rb := b.out("ra", 8), b.out("rb", 8)
		b.reg(ra, rb, netlist.NoNet, netlist.NoNet, v("8'h12"))
		b.reg(rb, ra, netlist.NoNet, netlist.NoNet, v("8'h34"))
	}
	// a cover on a D
	hit := b.op("hit", 1, netlist.OpSlice, dd)
	b.m.Props = append(b.m.Props, netlist.Property{Kind: netlist.Cover, Cond: hit, En: netlist.NoNet, Reset: netlist.NoNet, Msg: "dd_odd"})
	return design(b)
}

// TestBatchSwap: the plain registers whose D one instruction writes swap
// rows with their D at every edge instead of being copied (the chain and
// the concat's register do not), and every lane of a batch agrees with a
// Sim, cycle by cycle, on every net (peeked by lane and by PeekLanes) and
// on the covers, while SetWorkers cuts the lanes into other tiles at an
// odd cycle and at an even one; registers committing in place and all at
// once.
func TestBatchSwap(t *testing.T) {
	for _, ring := range []bool{false, true} {
		d := swapDesign(ring)
		s := compile(t, d)
		require.Equal(t, !ring, s.inPlace, "a ring commits all at once")
		for _, lanes := range []int{1, 3, 16, 64, 65} {
			t.Run(fmt.Sprintf("ring=%v/%d", ring, lanes), func(t *testing.T) {
				checkSwap(t, d, s, lanes)
			})
		}
	}
}

// checkSwap is TestBatchSwap for one design (s, its Sim) and lanes.
func checkSwap(t *testing.T, d *netlist.Design, s *Sim, lanes int) {
	bt, err := CompileBatch(d, lanes)
	require.NoError(t, err)
	require.NotNil(t, bt.other)
	swapped := map[string]bool{}
	for q := range bt.swapRegs(wordClasses(bt.s)) {
		swapped[bt.nameAt(q)] = true
	}
	for _, name := range []string{"acc8", "acc16", "r32", "acc32", "r48", "r64", "mx", "acc2", "t1"} {
		require.True(t, swapped[name], "%s swaps", name)
	}
	for _, name := range []string{"ch", "cat", "e8", "z32", "w32", "w100"} {
		require.False(t, swapped[name], "%s does not swap", name)
	}
	require.True(t, swapped["s1"] != swapped["s2"], "one of s1 and s2 swaps: %v", swapped)
	acc8 := handle(t, s, "acc8")
	loc0 := bt.lay.loc[s.nets[acc8.id-1].off]
	rng := rand.New(rand.NewSource(int64(lanes)))
	sims := make([]*Sim, lanes)
	for l := range sims {
		sims[l] = compile(t, d)
	}
	var rows []uint64
	for c := range 40 {
		switch c {
		case 13:
			bt.SetWorkers(2)
		case 26:
			bt.SetWorkers(1)
		}
		if c%2 == 1 && c < 13 {
			require.NotEqual(t, loc0, bt.lay.loc[s.nets[acc8.id-1].off], "cycle %d: acc8 on the other row", c)
		}
		for l, sl := range sims {
			for i, ws := range randomPokes(sl, rng, c, 0) {
				bt.PokeWordsLane(sl.Inputs()[inputIndex(sl, i)].Handle, l, ws)
			}
		}
		for i := range s.nets {
			h := Handle{id: uint32(i + 1)}
			if s.nets[i].width > 64 {
				for l, sl := range sims {
					require.True(t, sl.Peek(h).Equal(bt.PeekLane(h, l)), "cycle %d lane %d %s", c, l, s.nets[i].name)
				}
				continue
			}
			rows = bt.PeekLanes(h, rows)
			for l, sl := range sims {
				want := sl.PeekUint64(h)
				require.Equal(t, want, bt.PeekUint64Lane(h, l), "cycle %d lane %d %s", c, l, s.nets[i].name)
				require.Equal(t, want, rows[l], "cycle %d lane %d %s (PeekLanes)", c, l, s.nets[i].name)
			}
		}
		for _, sl := range sims {
			sl.Step(1)
		}
		bt.Step(1)
	}
	for l, sl := range sims {
		require.Equal(t, sl.Covers(), bt.CoversLane(l), "lane %d", l)
		require.NotZero(t, sl.Covers()[0].Count, "the cover is hit")
	}
	require.NoError(t, bt.Err())
}
