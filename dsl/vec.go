package dsl

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/internal/dslir"
)

// Vec is a fixed-length array of signals of one type: a row of lanes, the
// words of a shift register, the entries of a small table.
//
// A Vec is declared as ports (InputVec, OutputVec), wires (WireVec) or
// registers (RegVec), made from signals (VecOf), unpacked from a flat bus
// (Unpack), or declared as a bundle field (a Vec field made with
// ProtoVec). A Vec port is one flat port of Len*width bits, element e at
// bits [e*width +: width] (element 0 in the low bits, the project's
// packing convention), so its Verilog interface is the packed bus; inside
// the module an InputVec's elements are slices of the port and an
// OutputVec's are wires name_0, name_1, ... that drive it.
//
// Indexing: At(i) is element i, chosen while building (i out of range is
// an error). Index(idx) reads the element a UInt signal selects, through a
// tree of muxes; an index at or beyond Len reads zero. SetIndex(idx, v)
// assigns v to the element idx selects, a decoded write that applies, like
// any Set, only under the enclosing When conditions; an index at or beyond
// Len assigns nothing.
type Vec struct {
	elems []Signal
	t     Type
	err   string // a problem found while building the Vec
}

// Len returns the number of elements.
func (v Vec) Len() int { return len(v.elems) }

// Type returns the type of the elements.
func (v Vec) Type() Type { return v.t }

// Elems returns the elements, element 0 first.
func (v Vec) Elems() []Signal { return append([]Signal(nil), v.elems...) }

// At returns element i.
func (v Vec) At(i int) Signal {
	if i < 0 || i >= len(v.elems) {
		return Signal{badOf(v.t, callerPos(), fmt.Sprintf("index %d out of range of a Vec of %d elements", i, len(v.elems)))}
	}
	return v.elems[i]
}

// VecOf returns a Vec of the given signals, which must all have one type.
func VecOf(elems ...Signal) Vec {
	pos := callerPos()
	v := Vec{elems: append([]Signal(nil), elems...)}
	if len(elems) == 0 {
		v.err = "VecOf of no signals"
		return v
	}
	v.t = elems[0].Type()
	v.t.enum = nil
	for i, e := range elems {
		if t := e.Type(); t.width != v.t.width || t.signed != v.t.signed {
			v.elems[i] = Signal{badOf(v.t, pos, fmt.Sprintf("VecOf: element %d (%s) is %s, element 0 is %s", i, e, t, v.t))}
		}
	}
	return v
}

// ProtoVec returns a placeholder Vec of n elements of type t for a bundle
// field; declaring the bundle replaces it with ports or wires.
func ProtoVec(n int, t Type) Vec {
	pos := callerPos()
	v := Vec{elems: make([]Signal, max(n, 0)), t: t}
	for i := range v.elems {
		v.elems[i] = Signal{&dslir.Node{Kind: dslir.Invalid, Type: t.ir(), Pos: pos,
			Err: "a bundle prototype (dsl.ProtoVec) used as hardware: declare the bundle first"}}
	}
	if n < 1 {
		v.err = fmt.Sprintf("Vec of %d elements: the length must be at least 1", n)
	}
	return v
}

// checkLen records a Vec length below 1 as an error of m.
func (m *Module) checkLen(name string, n int, pos srcPos) int {
	if n < 1 {
		m.recordError(pos, name, fmt.Sprintf("Vec %s of %d elements: the length must be at least 1", name, n))
		return 0
	}
	return n
}

// InputVec declares an input port name of n*t.Width() bits and returns it
// as a Vec of n elements of type t (element 0 in the low bits).
func (m *Module) InputVec(name string, n int, t Type) Vec {
	m = m.live("InputVec")
	pos := callerPos()
	n = m.checkLen(name, n, pos)
	p := m.signal(dslir.Input, name, UInt(max(n, 1)*t.width), pos)
	m.ir.Ports = append(m.ir.Ports, p)
	return unpackAt(Signal{p}, n, t, pos)
}

// OutputVec declares an output port name of n*t.Width() bits, driven by
// the Vec's elements, wires name_0..name_{n-1} (element 0 in the low
// bits). Drive every element with Set.
func (m *Module) OutputVec(name string, n int, t Type) Vec {
	m = m.live("OutputVec")
	pos := callerPos()
	n = m.checkLen(name, n, pos)
	p := m.signal(dslir.Output, name, UInt(max(n, 1)*t.width), pos)
	m.ir.Ports = append(m.ir.Ports, p)
	return m.driving(Signal{p}, name, n, t, pos)
}

// driving declares wires name_i that drive target packed.
func (m *Module) driving(target Signal, name string, n int, t Type, pos srcPos) Vec {
	v := Vec{elems: make([]Signal, n), t: t}
	for i := range v.elems {
		w := m.signal(dslir.Wire, fmt.Sprintf("%s_%d", name, i), t, pos)
		m.ir.Wires = append(m.ir.Wires, w)
		v.elems[i] = Signal{w}
	}
	if n > 0 {
		m.ir.Body.Stmts = append(m.ir.Body.Stmts, &dslir.Stmt{Kind: dslir.Assign, Pos: pos, Target: target.n, Value: v.pack(pos).n})
	}
	return v
}

// WireVec declares n wires name_0..name_{n-1} of type t.
func (m *Module) WireVec(name string, n int, t Type) Vec {
	m = m.live("WireVec")
	pos := callerPos()
	n = m.checkLen(name, n, pos)
	v := Vec{elems: make([]Signal, n), t: t}
	for i := range v.elems {
		w := m.signal(dslir.Wire, fmt.Sprintf("%s_%d", name, i), t, pos)
		m.ir.Wires = append(m.ir.Wires, w)
		v.elems[i] = Signal{w}
	}
	return v
}

// RegVec declares n registers name_0..name_{n-1} of type t, each with the
// options opts (Init gives every element the same reset value).
func (m *Module) RegVec(name string, n int, t Type, opts ...RegOption) Vec {
	m = m.live("RegVec")
	pos := callerPos()
	n = m.checkLen(name, n, pos)
	v := Vec{elems: make([]Signal, n), t: t}
	for i := range v.elems {
		v.elems[i] = m.reg(fmt.Sprintf("%s_%d", name, i), t, pos, opts)
	}
	return v
}

// Pack returns the elements as one flat UInt of Len*width bits, element e
// at bits [e*width +: width].
func (v Vec) Pack() Signal { return v.pack(callerPos()) }

func (v Vec) pack(pos srcPos) Signal {
	if v.err != "" || len(v.elems) == 0 {
		msg := v.err
		if msg == "" {
			msg = "Pack of an empty Vec"
		}
		return Signal{invalidNode(pos, msg)}
	}
	args := make([]*dslir.Node, len(v.elems))
	w := 0
	for i, e := range v.elems {
		args[len(args)-1-i] = e.get(pos) // Cat puts its first argument on top
		w += args[len(args)-1-i].Type.Width
	}
	if len(args) == 1 && !v.t.signed {
		return v.elems[0]
	}
	return newOp(pos, dslir.Cat, UInt(w), 0, args...)
}

// Unpack splits the flat bus into n elements of type t, element e from
// bits [e*width +: width]. The bus must be exactly n*t.Width() bits.
func Unpack(bus Signal, n int, t Type) Vec { return unpackAt(bus, n, t, callerPos()) }

func unpackAt(bus Signal, n int, t Type, pos srcPos) Vec {
	v := Vec{elems: make([]Signal, max(n, 0)), t: t}
	b := bus.get(pos)
	if n < 1 || t.width < 1 || b.Type.Width != n*t.width {
		v.err = fmt.Sprintf("Unpack of %d-bit %s into %d elements of %s: the bus must be %d bits", b.Type.Width, b.Describe(), n, t, n*t.width)
		for i := range v.elems {
			v.elems[i] = Signal{badOf(t, pos, v.err)}
		}
		return v
	}
	for i := range v.elems {
		var e Signal
		if n == 1 {
			e = Signal{b}
		} else {
			e = newOp(pos, dslir.Bits, UInt(t.width), i*t.width, b)
		}
		if t.signed {
			e = newOp(pos, dslir.AsSInt, SInt(t.width), 0, e.n)
		} else if b.Type.Signed {
			e = newOp(pos, dslir.AsUInt, UInt(t.width), 0, e.n)
		}
		v.elems[i] = e
	}
	return v
}

// Index returns the element that idx (a UInt) selects, or zero of the
// element type when idx is Len or more.
func (v Vec) Index(idx Signal) Signal {
	pos := callerPos()
	x := idx.get(pos)
	if x.Type.Signed {
		return Signal{badOf(v.t, pos, fmt.Sprintf("Vec index %s is signed: use a UInt (AsUInt)", x.Describe()))}
	}
	if v.err != "" || len(v.elems) == 0 {
		return Signal{invalidNode(pos, "Index of an empty Vec")}
	}
	zero := Const(v.t, 0)
	zero.n.Pos = pos
	// A tree of muxes over the index bits, the low bit first, padded with
	// zero to a power of two; index bits above the tree select zero.
	k := bits.Len(uint(len(v.elems) - 1))
	level := make([]Signal, 1<<k)
	for i := range level {
		if i < len(v.elems) {
			level[i] = v.elems[i]
		} else {
			level[i] = zero
		}
	}
	for b := 0; b < k && b < x.Type.Width; b++ {
		sel := newOp(pos, dslir.Bits, Bool(), b, x)
		next := make([]Signal, len(level)/2)
		for i := range next {
			next[i] = newOp(pos, dslir.Mux, v.t, 0, sel.n, level[2*i+1].get(pos), level[2*i].get(pos))
		}
		level = next
	}
	out := level[0]
	if x.Type.Width > k {
		high := newOp(pos, dslir.Bits, UInt(x.Type.Width-k), k, x)
		in := newOp(pos, dslir.OrR, Bool(), 0, high.n)
		out = newOp(pos, dslir.Mux, v.t, 0, in.n, zero.n, out.get(pos))
	}
	return out
}

// SetIndex assigns val to the element idx (a UInt) selects, under the
// enclosing When conditions; an idx of Len or more assigns nothing.
func (v Vec) SetIndex(idx Signal, val Operand) {
	pos := callerPos()
	x := idx.get(pos)
	if len(v.elems) == 0 {
		return
	}
	c := recorder(ownerOf(v.elems[0].get(pos), x))
	if c == nil {
		late(ownerOf(v.elems[0].get(pos), x), pos, "SetIndex")
		return
	}
	m := c.current()
	for i, e := range v.elems {
		if x.Type.Width < 64 && uint64(i) >= 1<<x.Type.Width {
			break // idx cannot reach the rest
		}
		k, _ := fit(UInt(max(x.Type.Width, 1)), bigInt(int64(i)))
		cond := newOp(pos, dslir.Eq, Bool(), 0, x, lit(pos, UInt(max(x.Type.Width, 1)), k, "").n)
		b := &dslir.Branch{Cond: cond.n, Body: &dslir.Block{}, Pos: pos}
		m.record(&dslir.Stmt{Kind: dslir.When, Pos: pos, Chain: &dslir.Chain{Branches: []*dslir.Branch{b}}})
		m.in(b.Body, func() { e.setAt(val, pos) })
	}
}

// Set assigns o's elements to v's, element by element; the lengths must
// be equal.
func (v Vec) Set(o Vec) {
	pos := callerPos()
	if len(v.elems) != len(o.elems) {
		if len(v.elems) > 0 {
			v.elems[0].setAt(Signal{invalidNode(pos, fmt.Sprintf("Vec.Set of %d elements to a Vec of %d", len(o.elems), len(v.elems)))}, pos)
		}
		return
	}
	for i, e := range v.elems {
		e.setAt(o.elems[i], pos)
	}
}

// badOf is an invalid node of type t: an error reported where it is used.
func badOf(t Type, pos srcPos, msg string) *dslir.Node {
	n := invalidNode(pos, msg)
	n.Type = t.ir()
	return n
}
