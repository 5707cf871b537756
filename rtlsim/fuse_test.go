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
// wa and wb bits, each extended to the product's width wp, the product
// extended to wo bits and added to c. Each extension is a chain of one or
// two sign or zero extensions (a zext after a sext makes a value unsigned
// again). Which nets are outputs of the top (and so computed every cycle
// rather than on demand) is given by outs, a bit per net in the order x,
// y, p, q, sum.
type macDesign struct {
	wa, wb, wp, wo int
	ea, eb, eq     []ext // the chains to x, y and q; the last width is wp, wp, wo
	outs           int
}

// ext is one extension of a chain.
type ext struct {
	signed bool
	w      int
}

func (e ext) op() netlist.Op {
	if e.signed {
		return netlist.OpSext
	}
	return netlist.OpZext
}

func (m macDesign) String() string {
	return fmt.Sprintf("a%d%v b%d%v p%d q%d%v outs=%05b", m.wa, m.ea, m.wb, m.eb, m.wp, m.wo, m.eq, m.outs)
}

// chain returns one or two extensions from width w to width to.
func chain(r *rand.Rand, w, to int) []ext {
	var es []ext
	if r.IntN(3) == 0 && to > w {
		es = append(es, ext{r.IntN(2) == 0, w + r.IntN(to-w)})
	}
	return append(es, ext{r.IntN(2) == 0, to})
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
	x, y, p, q, sum := net(0, m.wp), net(1, m.wp), net(2, m.wp), net(3, m.wo), net(4, m.wo)
	extend := func(from netlist.NetID, es []ext, to netlist.NetID, name string) {
		for i, e := range es[:len(es)-1] {
			from = b.op(fmt.Sprintf("%s%d", name, i), e.w, e.op(), from)
		}
		b.drive(to, es[len(es)-1].op(), from)
	}
	extend(a, m.ea, x, "xe")
	extend(bb, m.eb, y, "ye")
	b.drive(p, netlist.OpMul, x, y)
	extend(p, m.eq, q, "qe")
	b.drive(sum, netlist.OpAdd, c, q)
	return design(b)
}

// want evaluates the nets of m with netlist.Eval.
func (m macDesign) want(a, b, c bits.Value) map[string]bits.Value {
	extend := func(v bits.Value, es []ext) bits.Value {
		for _, e := range es {
			v = netlist.Eval(e.op(), false, 0, bits.Value{}, []bits.Value{v}, e.w)
		}
		return v
	}
	x, y := extend(a, m.ea), extend(b, m.eb)
	p := netlist.Eval(netlist.OpMul, false, 0, bits.Value{}, []bits.Value{x, y}, m.wp)
	q := extend(p, m.eq)
	sum := netlist.Eval(netlist.OpAdd, false, 0, bits.Value{}, []bits.Value{c, q}, m.wo)
	return map[string]bits.Value{"x": x, "y": y, "p": p, "q": q, "sum": sum}
}

// TestFusedMAC checks the fused multiply-adds against netlist.Eval: random
// operand widths, extensions and signedness, product widths that hold the
// product exactly and that do not, every choice of which nets the top reads (the
// others are computed lazily, on Peek), in a Sim and in every lane of a
// Batch.
func TestFusedMAC(t *testing.T) {
	r := rand.New(rand.NewPCG(*seedFlag, 77))
	for trial := range 1000 {
		m := macDesign{wa: 1 + r.IntN(32), wb: 1 + r.IntN(32), outs: r.IntN(32)}
		// product widths around the exact ones are where fusing can go
		// wrong
		lo := max(m.wa, m.wb)
		m.wp = []int{lo, m.wa + m.wb - 1, m.wa + m.wb, m.wa + m.wb + 1, lo + r.IntN(64-lo+1)}[r.IntN(5)]
		m.wp = min(max(m.wp, lo), 64)
		m.wo = m.wp + r.IntN(64-m.wp+1)
		m.ea, m.eb, m.eq = chain(r, m.wa, m.wp), chain(r, m.wb, m.wp), chain(r, m.wp, m.wo)
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
		e := func(w int) []ext { return []ext{{signed, w}} }
		m := macDesign{wa: 8, wb: 8, wp: 16, wo: 32, ea: e(16), eb: e(16), eq: e(32), outs: 1 << 4}
		s := compile(t, m.build())
		require.Equal(t, 1, s.Instructions(), "signed=%v", signed)
		// The sum is one mac; the product and its extension, which the
		// test peeks at, are computed on demand by fused instructions
		// too.
		fused := map[string]int{FusedMac: 1}
		if signed {
			fused = map[string]int{FusedMacSigned: 1, FusedMulSigned: 1, FusedSextProduct: 1}
		}
		require.Equal(t, fused, s.Fused(), "signed=%v", signed)
		poke(t, s, "a", 0x80) // -128 when signed
		poke(t, s, "b", 0x7f)
		poke(t, s, "c", 5)
		want := m.want(v("8'h80"), v("8'h7f"), v("32'd5"))
		for _, name := range macNets {
			require.True(t, want[name].Equal(s.Peek(handle(t, s, name))), "signed=%v %s", signed, name)
		}
	}
}

// TestFusedAndNot checks x & ^y, fused into one instruction, against
// netlist.Eval: random widths, the not on either side of the and, a zext
// between the not and the and (which must not fuse), every choice of the
// nets the top reads, in a Sim and in the lanes of a Batch.
func TestFusedAndNot(t *testing.T) {
	r := rand.New(rand.NewPCG(*seedFlag, 78))
	for trial := range 300 {
		w := 1 + r.IntN(64)
		wz := w + r.IntN(64-w+1) // the width after the optional zext
		zext, left, outs := r.IntN(3) == 0 && wz > w, r.IntN(2) == 0, r.IntN(4)
		what := fmt.Sprintf("-seed=%d trial %d: w=%d zext=%v wz=%d left=%v outs=%02b", *seedFlag, trial, w, zext, wz, left, outs)
		b := newMod("andnot")
		x, y := b.in("x", wz), b.in("y", w)
		mk := func(i int, name string, w int) netlist.NetID {
			if outs>>i&1 == 1 {
				return b.out(name, w)
			}
			return b.net(name, w)
		}
		n := mk(0, "n", w)
		b.drive(n, netlist.OpNot, y)
		nz := n
		if zext {
			nz = b.op("nz", wz, netlist.OpZext, n)
		} else {
			wz = w
			x = b.in("x2", w)
		}
		z := mk(1, "z", wz)
		if left {
			b.drive(z, netlist.OpAnd, nz, x)
		} else {
			b.drive(z, netlist.OpAnd, x, nz)
		}
		d := design(b)
		s := compile(t, d)
		bt, err := CompileBatch(d, 2)
		require.NoError(t, err)
		xname := b.m.Nets[x].Name
		for range 4 {
			xv, yv := genValue(r, wz), extreme(r, w)
			nv := netlist.Eval(netlist.OpNot, false, 0, bits.Value{}, []bits.Value{yv}, w)
			nzv := netlist.Eval(netlist.OpZext, false, 0, bits.Value{}, []bits.Value{nv}, wz)
			zv := netlist.Eval(netlist.OpAnd, false, 0, bits.Value{}, []bits.Value{xv, nzv}, wz)
			require.NoError(t, s.PokeName(xname, xv))
			require.NoError(t, s.PokeName("y", yv))
			for l := range 2 {
				bt.PokeLane(handle(t, s, xname), l, xv)
				bt.PokeLane(handle(t, s, "y"), l, yv)
			}
			for name, want := range map[string]bits.Value{"n": nv, "z": zv} {
				got := s.Peek(handle(t, s, name))
				require.True(t, want.Equal(got), "%s: %s: got %v want %v", what, name, got, want)
				for l := range 2 {
					got := bt.PeekLane(handle(t, s, name), l)
					require.True(t, want.Equal(got), "%s: lane %d %s: got %v want %v", what, l, name, got, want)
				}
			}
		}
		if !zext && outs == 2 {
			require.Equal(t, 1, s.Instructions(), what)
		}
		if !zext {
			require.Equal(t, map[string]int{FusedAndNot: 1}, s.Fused(), what)
		}
	}
}

// TestFusedAndEq checks x & (y == u), fused into one instruction, against
// netlist.Eval: random widths of the comparison's inputs (one word or
// more, which must not fuse), the comparison on either side of the and,
// a zext of it to the and's width, equal inputs often, every choice of the
// nets the top reads, in a Sim and in the lanes of a Batch.
func TestFusedAndEq(t *testing.T) {
	r := rand.New(rand.NewPCG(*seedFlag, 79))
	for trial := range 300 {
		we := 1 + r.IntN(80)
		w := 1 + r.IntN(64) // the and's width, the comparison zero-extended to it
		left, outs := r.IntN(2) == 0, r.IntN(4)
		what := fmt.Sprintf("-seed=%d trial %d: we=%d w=%d left=%v outs=%02b", *seedFlag, trial, we, w, left, outs)
		b := newMod("andeq")
		x, y, u := b.in("x", w), b.in("y", we), b.in("u", we)
		mk := func(i int, name string, w int) netlist.NetID {
			if outs>>i&1 == 1 {
				return b.out(name, w)
			}
			return b.net(name, w)
		}
		e := mk(0, "e", 1)
		b.drive(e, netlist.OpEq, y, u)
		ez := e
		if w > 1 {
			ez = b.op("ez", w, netlist.OpZext, e)
		}
		z := mk(1, "z", w)
		if left {
			b.drive(z, netlist.OpAnd, ez, x)
		} else {
			b.drive(z, netlist.OpAnd, x, ez)
		}
		d := design(b)
		s := compile(t, d)
		bt, err := CompileBatch(d, 2)
		require.NoError(t, err)
		for range 4 {
			xv, yv := genValue(r, w), extreme(r, we)
			uv := yv
			if r.IntN(2) == 0 {
				uv = extreme(r, we)
			}
			ev := netlist.Eval(netlist.OpEq, false, 0, bits.Value{}, []bits.Value{yv, uv}, 1)
			ezv := netlist.Eval(netlist.OpZext, false, 0, bits.Value{}, []bits.Value{ev}, w)
			zv := netlist.Eval(netlist.OpAnd, false, 0, bits.Value{}, []bits.Value{xv, ezv}, w)
			for name, v := range map[string]bits.Value{"x": xv, "y": yv, "u": uv} {
				require.NoError(t, s.PokeName(name, v))
				for l := range 2 {
					bt.PokeLane(handle(t, s, name), l, v)
				}
			}
			for name, want := range map[string]bits.Value{"e": ev, "z": zv} {
				got := s.Peek(handle(t, s, name))
				require.True(t, want.Equal(got), "%s: %s: got %v want %v", what, name, got, want)
				for l := range 2 {
					got := bt.PeekLane(handle(t, s, name), l)
					require.True(t, want.Equal(got), "%s: lane %d %s: got %v want %v", what, l, name, got, want)
				}
			}
		}
		if we <= 64 {
			require.Equal(t, map[string]int{FusedAndEq: 1}, s.Fused(), what)
			if outs == 2 {
				require.Equal(t, 1, s.Instructions(), what)
			}
		} else {
			require.Empty(t, s.Fused(), what)
		}
	}
}
