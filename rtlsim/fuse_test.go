package rtlsim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// macDesign is one multiply-add as elaborated designs spell it: operands of
// wa and wb bits, each sign- or zero-extended to the product's width wp,
// the product extended to wo bits and added to c. Which nets are outputs
// of the top (and so computed every cycle rather than on demand) is given
// by outs, a bit per net in the order x, y, p, q, sum.
type macDesign struct {
	wa, wb, wp, wo int
	sa, sb, sq     bool // sign-extend a, b, the product
	outs           int
}

func (m macDesign) String() string {
	return fmt.Sprintf("a%d(s=%v) b%d(s=%v) p%d q%d(s=%v) outs=%05b", m.wa, m.sa, m.wb, m.sb, m.wp, m.wo, m.sq, m.outs)
}

var macNets = []string{"x", "y", "p", "q", "sum"}

func (m macDesign) build() *netlist.Design {
	b := newMod("mac")
	a, bb, c := b.in("a", m.wa), b.in("b", m.wb), b.in("c", m.wo)
	net := func(i int, w int) netlist.NetID {
		if m.outs>>i&1 == 1 {
			return b.out(macNets[i], w)
		}
		return b.net(macNets[i], w)
	}
	ext := func(signed bool) netlist.Op {
		if signed {
			return netlist.OpSext
		}
		return netlist.OpZext
	}
	x, y, p, q, sum := net(0, m.wp), net(1, m.wp), net(2, m.wp), net(3, m.wo), net(4, m.wo)
	b.drive(x, ext(m.sa), a)
	b.drive(y, ext(m.sb), bb)
	b.drive(p, netlist.OpMul, x, y)
	b.drive(q, ext(m.sq), p)
	b.drive(sum, netlist.OpAdd, c, q)
	return design(b)
}

// want evaluates the nets of m with netlist.Eval.
func (m macDesign) want(a, b, c bits.Value) map[string]bits.Value {
	ext := func(signed bool, v bits.Value, w int) bits.Value {
		op := netlist.OpZext
		if signed {
			op = netlist.OpSext
		}
		return netlist.Eval(op, false, 0, bits.Value{}, []bits.Value{v}, w)
	}
	x, y := ext(m.sa, a, m.wp), ext(m.sb, b, m.wp)
	p := netlist.Eval(netlist.OpMul, false, 0, bits.Value{}, []bits.Value{x, y}, m.wp)
	q := ext(m.sq, p, m.wo)
	sum := netlist.Eval(netlist.OpAdd, false, 0, bits.Value{}, []bits.Value{c, q}, m.wo)
	return map[string]bits.Value{"x": x, "y": y, "p": p, "q": q, "sum": sum}
}

// TestFusedMAC checks the fused multiply-adds against netlist.Eval: random
// operand widths and signedness, product widths that hold the product
// exactly and that do not, every choice of which nets the top reads (the
// others are computed lazily, on Peek), in a Sim and in every lane of a
// Batch.
func TestFusedMAC(t *testing.T) {
	r := rand.New(rand.NewPCG(*seedFlag, 77))
	for trial := range 1000 {
		m := macDesign{wa: 1 + r.IntN(32), wb: 1 + r.IntN(32), sa: r.IntN(2) == 0, sb: r.IntN(2) == 0, sq: r.IntN(2) == 0, outs: r.IntN(32)}
		// product widths around the exact ones are where fusing can go
		// wrong
		lo := max(m.wa, m.wb)
		m.wp = []int{lo, m.wa + m.wb - 1, m.wa + m.wb, m.wa + m.wb + 1, lo + r.IntN(64-lo+1)}[r.IntN(5)]
		m.wp = min(max(m.wp, lo), 64)
		m.wo = m.wp + r.IntN(64-m.wp+1)
		what := fmt.Sprintf("-seed=%d trial %d: %v", *seedFlag, trial, m)
		d := m.build()
		s := compile(t, d)
		const lanes = 3
		bt, err := CompileBatch(d, lanes)
		require.NoError(t, err)
		for range 4 {
			type stim struct{ a, b, c bits.Value }
			var in [lanes + 1]stim
			for l := range in {
				in[l] = stim{extreme(r, m.wa), extreme(r, m.wb), genValue(r, m.wo)}
			}
			for l := range lanes {
				for name, v := range map[string]bits.Value{"a": in[l].a, "b": in[l].b, "c": in[l].c} {
					bt.PokeLane(handle(t, s, name), l, v)
				}
			}
			require.NoError(t, s.PokeName("a", in[lanes].a))
			require.NoError(t, s.PokeName("b", in[lanes].b))
			require.NoError(t, s.PokeName("c", in[lanes].c))
			for _, name := range macNets {
				h := handle(t, s, name)
				want := m.want(in[lanes].a, in[lanes].b, in[lanes].c)[name]
				require.True(t, want.Equal(s.Peek(h)), "%s: %s in=%v: got %v want %v", what, name, in[lanes], s.Peek(h), want)
				for l := range lanes {
					want := m.want(in[l].a, in[l].b, in[l].c)[name]
					got := bt.PeekLane(h, l)
					require.True(t, want.Equal(got), "%s: lane %d: %s in=%v: got %v want %v", what, l, name, in[l], got, want)
				}
			}
		}
		require.NoError(t, s.Err())
		require.NoError(t, bt.Err())
	}
}

// extreme returns a w-bit value (w <= 64), half the time one of the largest or most
// negative, whose products need every bit.
func extreme(r *rand.Rand, w int) bits.Value {
	switch r.IntN(4) {
	case 0: // all ones: the largest unsigned, -1 signed
		return bits.Ones(w)
	case 1: // 10...0: the most negative
		return bits.FromUint64(w, 1<<(w-1))
	}
	return genValue(r, w)
}

// TestFusedMACIsOneInstruction: the multiply-add of a systolic PE (signed
// 8-bit operands, a 16-bit product, a 32-bit sum) is one instruction when
// only the sum is read, and the nets fused over still read right.
func TestFusedMACIsOneInstruction(t *testing.T) {
	for _, signed := range []bool{true, false} {
		m := macDesign{wa: 8, wb: 8, wp: 16, wo: 32, sa: signed, sb: signed, sq: signed, outs: 1 << 4}
		s := compile(t, m.build())
		require.Equal(t, 1, s.Instructions(), "signed=%v", signed)
		poke(t, s, "a", 0x80) // -128 when signed
		poke(t, s, "b", 0x7f)
		poke(t, s, "c", 5)
		want := m.want(v("8'h80"), v("8'h7f"), v("32'd5"))
		for _, name := range macNets {
			require.True(t, want[name].Equal(s.Peek(handle(t, s, name))), "signed=%v %s", signed, name)
		}
	}
}
