package lanekern

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// A spec is one random instruction of a kind as a compiler would emit it
// for nets of the class width cw: its operands' widths (0 when unused),
// its output's, its Sh, Sh2 and M, and its meaning by netlist.Eval.
type spec struct {
	wa, wb, wc, w int
	readsDst      bool
	sh, sh2       int
	m             uint64
	ref           func(a, b, c, d bits.Value) bits.Value
}

// eval is netlist.Eval of a cell of op with an output of width out.
func eval(op netlist.Op, signed bool, lo, out int, in ...bits.Value) bits.Value {
	return netlist.Eval(op, signed, lo, bits.Value{}, in, out)
}

func mask(w int) uint64 { return ^uint64(0) >> (64 - w) }

// refs are the kinds' meanings, each an independent reference written with
// netlist.Eval, by name: given a random source and the class width, one
// random well-formed instruction.
var refs = map[string]func(r *rand.Rand, cw int) spec{
	"Sext": func(r *rand.Rand, cw int) spec {
		wa := 1 + r.IntN(cw)
		w := wa + r.IntN(cw-wa+1)
		return spec{wa: wa, w: w, sh: cw - wa, m: mask(w), ref: func(a, _, _, _ bits.Value) bits.Value { return eval(netlist.OpSext, false, 0, w, a) }}
	},
	"Not":    unary(netlist.OpNot),
	"Neg":    unary(netlist.OpNeg),
	"And":    binary(netlist.OpAnd, false),
	"Or":     binary(netlist.OpOr, false),
	"Xor":    binary(netlist.OpXor, false),
	"Add":    binary(netlist.OpAdd, false),
	"Sub":    binary(netlist.OpSub, false),
	"Shl":    shift(netlist.OpShl),
	"Shr":    shift(netlist.OpShr),
	"Sshr":   shift(netlist.OpSshr),
	"Eq":     compare(netlist.OpEq, false),
	"Ne":     compare(netlist.OpNe, false),
	"Lt":     compare(netlist.OpLt, false),
	"Le":     compare(netlist.OpLe, false),
	"LtS":    compare(netlist.OpLt, true),
	"LeS":    compare(netlist.OpLe, true),
	"RedAnd": reduce(netlist.OpRedAnd),
	"RedOr":  reduce(netlist.OpRedOr),
	"RedXor": reduce(netlist.OpRedXor),
	"AndNot": func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: w, wb: w, w: w, m: mask(w), ref: func(a, b, _, _ bits.Value) bits.Value {
			return eval(netlist.OpAnd, false, 0, w, a, eval(netlist.OpNot, false, 0, w, b))
		}}
	},
	"Mux": func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: 1, wb: w, wc: w, w: w, m: mask(w), ref: func(a, b, c, _ bits.Value) bits.Value { return eval(netlist.OpMux, false, 0, w, a, b, c) }}
	},
	"Slice": func(r *rand.Rand, cw int) spec {
		wa := 1 + r.IntN(cw)
		w := 1 + r.IntN(wa)
		lo := r.IntN(wa - w + 1)
		return spec{wa: wa, w: w, sh: lo, m: mask(w), ref: func(a, _, _, _ bits.Value) bits.Value { return eval(netlist.OpSlice, false, lo, w, a) }}
	},
	"DepSet": func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		wa := 1 + r.IntN(w)
		lo := r.IntN(w - wa + 1)
		return spec{wa: wa, w: w, sh: lo, m: mask(w), ref: func(a, _, _, _ bits.Value) bits.Value { return depOr(bits.New(w), a, lo) }}
	},
	"DepOr": func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		wa := 1 + r.IntN(w)
		lo := r.IntN(w - wa + 1)
		return spec{wa: wa, w: w, readsDst: true, sh: lo, m: mask(w), ref: func(a, _, _, d bits.Value) bits.Value { return depOr(d, a, lo) }}
	},
	"MulS": func(r *rand.Rand, cw int) spec {
		s := mac(r, cw)
		s.wc = 0
		s.ref = func(a, b, _, _ bits.Value) bits.Value {
			return eval(netlist.OpMul, false, 0, s.w, a.SignExtend(s.w), b.SignExtend(s.w))
		}
		return s
	},
	"Mac": func(r *rand.Rand, cw int) spec {
		s := mac(r, cw)
		s.ref = func(a, b, c, _ bits.Value) bits.Value {
			return eval(netlist.OpAdd, false, 0, s.w, c, eval(netlist.OpMul, false, 0, s.w, a.SignExtend(s.w), b.SignExtend(s.w)))
		}
		return s
	},
}

// depOr is d | a<<lo, a part of a concat, by netlist.Eval's concat.
func depOr(d, a bits.Value, lo int) bits.Value {
	w := d.Width()
	parts := []bits.Value{a}
	if lo > 0 {
		parts = append(parts, bits.New(lo))
	}
	part := eval(netlist.OpConcat, false, 0, a.Width()+lo, parts...).Resize(w)
	return eval(netlist.OpOr, false, 0, w, d, part)
}

func mac(r *rand.Rand, cw int) spec {
	w := 1 + r.IntN(cw)
	wa, wb := 1+r.IntN(w), 1+r.IntN(w)
	return spec{wa: wa, wb: wb, wc: w, w: w, sh: cw - wa, sh2: cw - wb, m: mask(w)}
}

func unary(op netlist.Op) func(r *rand.Rand, cw int) spec {
	return func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: w, w: w, m: mask(w), ref: func(a, _, _, _ bits.Value) bits.Value { return eval(op, false, 0, w, a) }}
	}
}

func binary(op netlist.Op, signed bool) func(r *rand.Rand, cw int) spec {
	return func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: w, wb: w, w: w, m: mask(w), ref: func(a, b, _, _ bits.Value) bits.Value { return eval(op, signed, 0, w, a, b) }}
	}
}

func shift(op netlist.Op) func(r *rand.Rand, cw int) spec {
	return func(r *rand.Rand, cw int) spec {
		w, wb := 1+r.IntN(cw), 1+r.IntN(cw)
		return spec{wa: w, wb: wb, w: w, sh: cw - w, m: mask(w), ref: func(a, b, _, _ bits.Value) bits.Value { return eval(op, false, 0, w, a, b) }}
	}
}

func compare(op netlist.Op, signed bool) func(r *rand.Rand, cw int) spec {
	return func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: w, wb: w, w: 1, sh: cw - w, m: 1, ref: func(a, b, _, _ bits.Value) bits.Value { return eval(op, signed, 0, 1, a, b) }}
	}
}

func reduce(op netlist.Op) func(r *rand.Rand, cw int) spec {
	return func(r *rand.Rand, cw int) spec {
		w := 1 + r.IntN(cw)
		return spec{wa: w, w: 1, m: mask(w), ref: func(a, _, _, _ bits.Value) bits.Value { return eval(op, false, 0, 1, a) }}
	}
}

// randValue returns a random value of width w, often an edge: 0, all
// ones, the sign bit alone, or a small number (a shift amount).
func randValue(r *rand.Rand, w int) uint64 {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return mask(w)
	case 2:
		return 1 << (w - 1)
	case 3, 4:
		return uint64(r.IntN(w+3)) & mask(w)
	}
	return r.Uint64() & mask(w)
}

// A prog is a random block of ops of one kind over a plane of nets, with
// every lane's values and the reference's results.
type prog struct {
	cw, lanes int
	ops       []Op
	nets      []int // the width of each net
	base      uint32
	init      [][]uint64 // by net, by lane
	want      [][]uint64 // by net, by lane: after the ops
	planeLen  int
}

// off returns the plane offset of net i.
func (p *prog) off(i int) uint32 { return p.base + uint32(i*p.lanes) }

// newProg returns a block of n ops of kind k on nets of class cw: each
// operand is, as often as not, a net an earlier op wrote (so ops read
// what earlier ones of the call wrote), and a destination is sometimes
// a net that is read already (written in place).
func newProg(r *rand.Rand, k Kind, cw, lanes, n int) (*prog, error) {
	mk, ok := refs[k.String()]
	if !ok {
		return nil, fmt.Errorf("kind %v has no reference in refs: add its meaning by netlist.Eval", k)
	}
	p := &prog{cw: cw, lanes: lanes, base: uint32(r.IntN(5))}
	var vals [][]bits.Value
	newNet := func(w int) int {
		p.nets = append(p.nets, w)
		init := make([]uint64, lanes)
		vs := make([]bits.Value, lanes)
		for l := range init {
			init[l] = randValue(r, w)
			vs[l] = bits.FromUint64(w, init[l])
		}
		p.init = append(p.init, init)
		vals = append(vals, vs)
		return len(p.nets) - 1
	}
	pick := func(w int) int {
		if w == 0 {
			return -1
		}
		var fit []int
		for i, nw := range p.nets {
			if nw == w {
				fit = append(fit, i)
			}
		}
		if len(fit) > 0 && r.IntN(2) == 0 {
			return fit[len(fit)-1-r.IntN(min(2, len(fit)))] // the newest, most often
		}
		return newNet(w)
	}
	// a few nets of the widths the ops are likely to share
	for range 3 {
		newNet(1 + r.IntN(cw))
	}
	for range n {
		s := mk(r, cw)
		ia, ib, ic := pick(s.wa), pick(s.wb), pick(s.wc)
		var id int
		if s.readsDst || r.IntN(4) == 0 {
			id = pick(s.w)
		} else {
			id = newNet(s.w)
		}
		o := Op{Dst: p.off(id), Sh: uint8(s.sh), Sh2: uint8(s.sh2), M: s.m}
		val := func(i, l int) bits.Value {
			if i < 0 {
				return bits.Value{}
			}
			return vals[i][l]
		}
		for i, f := range []*uint32{&o.A, &o.B, &o.C} {
			if j := []int{ia, ib, ic}[i]; j >= 0 {
				*f = p.off(j)
			}
		}
		if cw < 64 {
			o.M |= r.Uint64() << cw // only the low cw bits matter
		}
		res := make([]bits.Value, lanes)
		for l := range lanes {
			res[l] = s.ref(val(ia, l), val(ib, l), val(ic, l), val(id, l))
		}
		vals[id] = res
		p.ops = append(p.ops, o)
	}
	p.planeLen = int(p.base) + len(p.nets)*lanes + r.IntN(3)
	for i := range p.nets {
		want := make([]uint64, lanes)
		for l := range want {
			want[l] = vals[i][l].Uint64()
		}
		p.want = append(p.want, want)
	}
	return p, nil
}

// plane returns the initial plane of p, its unused elements filled with
// junk (no net reads them).
func plane[T word](r *rand.Rand, p *prog) []T {
	pl := make([]T, p.planeLen)
	for i := range pl {
		pl[i] = T(r.Uint64())
	}
	for i := range p.nets {
		for l, v := range p.init[i] {
			pl[int(p.off(i))+l] = T(v)
		}
	}
	return pl
}

// check compares the plane after the block with the reference, and the
// elements of no net with before.
func check[T word](t *testing.T, what string, p *prog, pl, before []T) {
	t.Helper()
	inNet := func(x int) bool { return x >= int(p.base) && x < int(p.base)+len(p.nets)*p.lanes }
	for x := range pl {
		if !inNet(x) && pl[x] != before[x] {
			t.Fatalf("%s: element %d of no net changed", what, x)
		}
	}
	for i := range p.nets {
		for l, want := range p.want[i] {
			if got := uint64(pl[int(p.off(i))+l]); got != want {
				t.Fatalf("%s: net %d (%d bits, offset %d) lane %d: got %#x, want %#x\nops %+v", what, i, p.nets[i], p.off(i), l, got, want, p.ops)
			}
		}
	}
}
