package rtlsim

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// TestEdgeShiftChains: registers that read one another's Q directly (a
// shift register, a registered enable, a registered reset) commit in
// place, readers first, and take exactly the values of a simultaneous
// commit; in a Sim and in every lane of a Batch.
func TestEdgeShiftChains(t *testing.T) {
	b := newMod("chains")
	b.clk()
	in := b.in("in", 8)
	r0, r1, r2 := b.out("r0", 8), b.out("r1", 8), b.out("r2", 8)
	b0, e, x := b.out("b0", 1), b.out("e", 8), b.out("x", 8)
	b.reg(r0, in, netlist.NoNet, netlist.NoNet, bits.Value{})
	b.reg(r2, r1, netlist.NoNet, netlist.NoNet, bits.Value{}) // listed before its input's register
	b.reg(r1, r0, netlist.NoNet, netlist.NoNet, bits.Value{})
	bit0 := b.op("bit0", 1, netlist.OpSlice, in)
	b.reg(b0, bit0, netlist.NoNet, netlist.NoNet, bits.Value{})
	b.reg(e, r2, b0, netlist.NoNet, bits.Value{}) // enable: a Q
	b.reg(x, r1, netlist.NoNet, b0, v("8'h55"))   // reset: a Q
	d := design(b)
	s := compile(t, d)
	require.True(t, s.inPlace)
	require.Greater(t, len(s.waves), 2, "the chain needs a wave per stage")
	bt, err := CompileBatch(d, 3)
	require.NoError(t, err)

	var want struct{ r0, r1, r2, b0, e, x uint64 }
	for c := range 40 {
		v := uint64(c*37+11) & 0xff
		poke(t, s, "in", v)
		for l := range 3 {
			bt.PokeUint64Lane(handle(t, s, "in"), l, v)
		}
		s.Step(1)
		bt.Step(1)
		next := want
		next.r0, next.r1, next.r2, next.b0 = v, want.r0, want.r1, v&1
		if want.b0 == 1 {
			next.e = want.r2
		}
		next.x = want.r1
		if want.b0 == 1 {
			next.x = 0x55
		}
		want = next
		got := map[string]uint64{"r0": want.r0, "r1": want.r1, "r2": want.r2, "b0": want.b0, "e": want.e, "x": want.x}
		for name, w := range got {
			require.Equal(t, w, peek(t, s, name), "cycle %d %s", c, name)
			for l := range 3 {
				require.Equal(t, w, bt.PeekUint64Lane(handle(t, s, name), l), "cycle %d lane %d %s", c, l, name)
			}
		}
	}
}

// TestEdgeRing: two registers copying each other have no in-place order;
// the edge then computes both before committing either.
func TestEdgeRing(t *testing.T) {
	b := newMod("ring")
	b.clk()
	rst := b.in("rst", 1)
	p, q := b.out("p", 4), b.out("q", 4)
	b.reg(p, q, netlist.NoNet, rst, v("4'd1"))
	b.reg(q, p, netlist.NoNet, rst, v("4'd2"))
	d := design(b)
	s := compile(t, d)
	require.False(t, s.inPlace)
	bt, err := CompileBatch(d, 2)
	require.NoError(t, err)
	s.Reset()
	bt.Reset()
	for c := range 6 {
		wp, wq := uint64(1), uint64(2)
		if c%2 == 1 {
			wp, wq = 2, 1
		}
		require.Equal(t, wp, peek(t, s, "p"), "cycle %d", c)
		require.Equal(t, wq, peek(t, s, "q"), "cycle %d", c)
		for l := range 2 {
			require.Equal(t, wp, bt.PeekUint64Lane(handle(t, s, "p"), l))
			require.Equal(t, wq, bt.PeekUint64Lane(handle(t, s, "q"), l))
		}
		s.Step(1)
		bt.Step(1)
	}
}

// TestEdgeCopyGroups: registers of one class whose Qs and Ds are
// consecutive words commit by copy groups (a shift chain of 1-bit
// registers reset to 1 by an input, and a row of 1-bit registers each
// taking an xor, reset to 1 by one of their own Qs), and take exactly the
// values of a simultaneous commit, in a Sim and in every lane of a Batch.
func TestEdgeCopyGroups(t *testing.T) {
	const n = 9
	b := newMod("groups")
	b.clk()
	in, r := b.in("in", 1), b.in("r", 1)
	x := b.in("x", n)
	ch := make([]netlist.NetID, n)
	xs := make([]netlist.NetID, n)
	for k := range ch {
		ch[k] = b.out(fmt.Sprintf("c%d", k), 1)
		xs[k] = b.out(fmt.Sprintf("s%d", k), 1)
	}
	for k := range ch {
		d := in
		if k > 0 {
			d = ch[k-1]
		}
		b.reg(ch[k], d, netlist.NoNet, r, v("1'b1"))
	}
	for k := range xs {
		bit := b.op(fmt.Sprintf("b%d", k), 1, netlist.OpSlice, x)
		b.m.Cells[len(b.m.Cells)-1].Lo = k
		b.reg(xs[k], b.op(fmt.Sprintf("d%d", k), 1, netlist.OpXor, bit, in), netlist.NoNet, xs[3], v("1'b1"))
	}
	d := design(b)
	s := compile(t, d)
	grouped := 0
	for _, step := range s.commit {
		for _, g := range step.groups {
			grouped += int(g.n)
		}
	}
	require.Equal(t, 2*n-1, grouped, "the chain but its head, and the xors, commit as copy groups")
	bt, err := CompileBatch(d, 3)
	require.NoError(t, err)

	var chain, xr [n]uint64
	for c := range 80 {
		vin, vr, vx := uint64(c*7/3)&1, uint64(c%11/10), uint64(c*37+11)&(1<<n-1)
		pokes := map[string]uint64{"in": vin, "r": vr, "x": vx}
		for name, val := range pokes {
			poke(t, s, name, val)
			for l := range 3 {
				bt.PokeUint64Lane(handle(t, s, name), l, val)
			}
		}
		s.Step(1)
		bt.Step(1)
		nc, nx := chain, xr
		for k := range chain {
			switch {
			case vr == 1:
				nc[k] = 1
			case k == 0:
				nc[k] = vin
			default:
				nc[k] = chain[k-1]
			}
			nx[k] = (vx>>k)&1 ^ vin
			if xr[3] == 1 {
				nx[k] = 1
			}
		}
		chain, xr = nc, nx
		for k := range chain {
			for name, w := range map[string]uint64{fmt.Sprintf("c%d", k): chain[k], fmt.Sprintf("s%d", k): xr[k]} {
				require.Equal(t, w, peek(t, s, name), "cycle %d %s", c, name)
				for l := range 3 {
					require.Equal(t, w, bt.PeekUint64Lane(handle(t, s, name), l), "cycle %d lane %d %s", c, l, name)
				}
			}
		}
	}
}
