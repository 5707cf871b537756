package dsl

import (
	"fmt"
	"math/big"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
)

// Signal is a value in a module description: a port, wire, register,
// constant, or the result of an operator. Signals are small values; copy
// them freely. The zero Signal is invalid: using it is reported by
// elaborate at the line of the use.
//
// # Width rule
//
// One rule for every binary operator (Add, Sub, And, Or, Xor, the compares,
// and the two data inputs of Mux): the operands must both be unsigned
// (UInt, Bool) or both signed (SInt) — convert with AsUInt/AsSInt — and the
// narrower operand is first extended to the wider width, by sign extension
// for SInt and zero extension for UInt. The result then has:
//
//	Add, Sub, And, Or, Xor, Mux     max(wa, wb) bits (Add/Sub wrap modulo 2^w)
//	AddExpand, SubExpand            max(wa, wb) + 1 bits (never overflow)
//	Mul                             wa + wb bits (the full product)
//	Eq, Ne, Lt, Le, Gt, Ge          Bool (Lt..Ge compare as signed for SInt)
//	Neg, Not, Shl, Shr, ShlBy, ShrBy  the operand's width
//	Cat                             the sum of the widths, UInt
//	Bits(hi, lo)                    hi-lo+1 bits, UInt; Bit(i) is Bool
//	AndR, OrR, XorR                 Bool
//
// The type of the result is the operands' type (UInt for compares, Cat and
// bit selects). Assignment (Set) never changes a width: the value must have
// the target's exact width and signedness, or elaborate reports a width
// mismatch; use ZeroExtend, SignExtend, Extend or Trunc to say what you mean.
type Signal struct{ n *dslir.Node }

// Type returns the signal's type.
func (s Signal) Type() Type {
	if s.n == nil {
		return Type{}
	}
	return fromIR(s.n.Type)
}

// Width returns the signal's width in bits.
func (s Signal) Width() int { return s.Type().width }

// Name returns the signal's name ("" for an unnamed expression).
func (s Signal) Name() string {
	if s.n == nil {
		return ""
	}
	return s.n.Name
}

// IsValid reports whether s was built (is not the zero Signal).
func (s Signal) IsValid() bool { return s.n != nil }

func (s Signal) String() string {
	if s.n == nil {
		return "<invalid signal>"
	}
	return s.n.Describe()
}

// get returns s's node, or an invalid node recording the misuse.
func (s Signal) get(pos srcPos) *dslir.Node {
	if s.n == nil {
		return &dslir.Node{Kind: dslir.Invalid, Pos: pos, Err: "use of an uninitialized (zero) Signal"}
	}
	return s.n
}

// ownerOf returns the first non-nil owner among the nodes.
func ownerOf(ns ...*dslir.Node) *dslir.Module {
	for _, n := range ns {
		if n.Owner != nil {
			return n.Owner
		}
	}
	return nil
}

func newOp(pos srcPos, op dslir.Op, t Type, amt int, args ...*dslir.Node) Signal {
	t.enum = nil // the result of an operator is a plain number
	return Signal{&dslir.Node{Kind: dslir.Expr, Op: op, Type: t.ir(), Amt: amt, Args: args, Owner: ownerOf(args...), Pos: pos}}
}

// binary builds an operator that follows the width rule.
func (s Signal) binary(op dslir.Op, o Operand) Signal {
	pos := callerPos()
	a := s.get(pos)
	b := operand(o, fromIR(a.Type), pos, op.String())
	w := max(a.Type.Width, b.Type.Width)
	t := fromIR(a.Type).withWidth(w)
	switch op {
	case dslir.AddExpand, dslir.SubExpand:
		t.width = w + 1
	case dslir.Mul:
		t.width = a.Type.Width + b.Type.Width
	case dslir.Eq, dslir.Ne, dslir.Lt, dslir.Le, dslir.Gt, dslir.Ge:
		t = Bool()
	}
	return newOp(pos, op, t, 0, a, b)
}

// Add returns s + o modulo 2^max(ws, wo).
func (s Signal) Add(o Operand) Signal { return s.binary(dslir.Add, o) }

// AddExpand returns s + o, one bit wider than the wider operand.
func (s Signal) AddExpand(o Operand) Signal { return s.binary(dslir.AddExpand, o) }

// Sub returns s - o modulo 2^max(ws, wo).
func (s Signal) Sub(o Operand) Signal { return s.binary(dslir.Sub, o) }

// SubExpand returns s - o, one bit wider than the wider operand.
func (s Signal) SubExpand(o Operand) Signal { return s.binary(dslir.SubExpand, o) }

// Mul returns the full product s * o, ws + wo bits wide.
func (s Signal) Mul(o Operand) Signal { return s.binary(dslir.Mul, o) }

// And returns the bitwise s & o.
func (s Signal) And(o Operand) Signal { return s.binary(dslir.And, o) }

// Or returns the bitwise s | o.
func (s Signal) Or(o Operand) Signal { return s.binary(dslir.Or, o) }

// Xor returns the bitwise s ^ o.
func (s Signal) Xor(o Operand) Signal { return s.binary(dslir.Xor, o) }

// Eq returns s == o.
func (s Signal) Eq(o Operand) Signal { return s.binary(dslir.Eq, o) }

// Ne returns s != o.
func (s Signal) Ne(o Operand) Signal { return s.binary(dslir.Ne, o) }

// Lt returns s < o, compared as signed numbers for SInt.
func (s Signal) Lt(o Operand) Signal { return s.binary(dslir.Lt, o) }

// Le returns s <= o.
func (s Signal) Le(o Operand) Signal { return s.binary(dslir.Le, o) }

// Gt returns s > o.
func (s Signal) Gt(o Operand) Signal { return s.binary(dslir.Gt, o) }

// Ge returns s >= o.
func (s Signal) Ge(o Operand) Signal { return s.binary(dslir.Ge, o) }

func (s Signal) unary(op dslir.Op, t func(Type) Type, amt int) Signal {
	pos := callerPos()
	a := s.get(pos)
	return newOp(pos, op, t(fromIR(a.Type)), amt, a)
}

func same(t Type) Type { return t }

// Neg returns -s modulo 2^w (same width).
func (s Signal) Neg() Signal { return s.unary(dslir.Neg, same, 0) }

// Not returns the bitwise complement ~s.
func (s Signal) Not() Signal { return s.unary(dslir.Not, same, 0) }

// Shl returns s << n with s's width: the top n bits are dropped.
func (s Signal) Shl(n int) Signal { return s.unary(dslir.Shl, same, n) }

// Shr returns s >> n with s's width: arithmetic (sign-filling) for SInt,
// logical for UInt.
func (s Signal) Shr(n int) Signal { return s.unary(dslir.Shr, same, n) }

// ShlBy returns s << amt (amt read as unsigned); shifting by the width or
// more gives 0.
func (s Signal) ShlBy(amt Signal) Signal {
	pos := callerPos()
	a, b := s.get(pos), amt.get(pos)
	return newOp(pos, dslir.ShlBy, fromIR(a.Type), 0, a, b)
}

// ShrBy returns s >> amt (amt read as unsigned): arithmetic for SInt,
// logical for UInt. Shifting by the width or more gives all sign bits.
func (s Signal) ShrBy(amt Signal) Signal {
	pos := callerPos()
	a, b := s.get(pos), amt.get(pos)
	return newOp(pos, dslir.ShrBy, fromIR(a.Type), 0, a, b)
}

// Bits returns bits hi down to lo of s (Verilog s[hi:lo]) as UInt.
func (s Signal) Bits(hi, lo int) Signal {
	pos := callerPos()
	a := s.get(pos)
	n := newOp(pos, dslir.Bits, UInt(hi-lo+1), lo, a)
	if lo < 0 || hi < lo || hi >= a.Type.Width {
		n.n.Err = fmt.Sprintf("bit range [%d:%d] out of range of %d-bit %s", hi, lo, a.Type.Width, s)
	}
	return n
}

// Bit returns bit i of s as Bool.
func (s Signal) Bit(i int) Signal {
	pos := callerPos()
	a := s.get(pos)
	n := newOp(pos, dslir.Bits, Bool(), i, a)
	if i < 0 || i >= a.Type.Width {
		n.n.Err = fmt.Sprintf("bit %d out of range of %d-bit %s", i, a.Type.Width, s)
	}
	return n
}

func (s Signal) resize(op dslir.Op, w int, t func(Type) Type) Signal {
	pos := callerPos()
	a := s.get(pos)
	n := newOp(pos, op, t(fromIR(a.Type).withWidth(w)), 0, a)
	if op == dslir.Trunc && w > a.Type.Width {
		n.n.Err = fmt.Sprintf("Trunc to %d bits of %d-bit %s: truncation cannot widen", w, a.Type.Width, s)
	} else if op != dslir.Trunc && w < a.Type.Width {
		n.n.Err = fmt.Sprintf("%s to %d bits of %d-bit %s: extension cannot narrow", op, w, a.Type.Width, s)
	}
	return n
}

// Extend widens s to w bits: sign extension for SInt, zero for UInt.
func (s Signal) Extend(w int) Signal { return s.resize(dslir.Extend, w, same) }

// ZeroExtend widens s to w bits with zeros, keeping its type.
func (s Signal) ZeroExtend(w int) Signal { return s.resize(dslir.ZeroExtend, w, same) }

// SignExtend widens s to w bits by copying its top bit, keeping its type.
func (s Signal) SignExtend(w int) Signal { return s.resize(dslir.SignExtend, w, same) }

// Trunc keeps the low w bits of s, keeping its type.
func (s Signal) Trunc(w int) Signal { return s.resize(dslir.Trunc, w, same) }

// AsUInt reinterprets s's bits as unsigned.
func (s Signal) AsUInt() Signal {
	return s.unary(dslir.AsUInt, func(t Type) Type { return UInt(t.width) }, 0)
}

// AsSInt reinterprets s's bits as signed two's complement.
func (s Signal) AsSInt() Signal {
	return s.unary(dslir.AsSInt, func(t Type) Type { return SInt(t.width) }, 0)
}

func boolType(Type) Type { return Bool() }

// AndR is the AND of all bits of s.
func (s Signal) AndR() Signal { return s.unary(dslir.AndR, boolType, 0) }

// OrR is the OR of all bits of s (s != 0).
func (s Signal) OrR() Signal { return s.unary(dslir.OrR, boolType, 0) }

// XorR is the XOR of all bits of s (its parity).
func (s Signal) XorR() Signal { return s.unary(dslir.XorR, boolType, 0) }

// Mux returns sel ? a : b. sel must be 1 bit; a and b follow the width
// rule of binary operators. One of a and b may be a Go integer (see
// Operand), which takes the type of the other.
func Mux(sel Signal, a, b Operand) Signal {
	pos := callerPos()
	s := sel.get(pos)
	var x, y *dslir.Node
	switch {
	case isSignal(a):
		x = a.(Signal).get(pos)
		y = operand(b, fromIR(x.Type), pos, "Mux")
	case isSignal(b):
		y = b.(Signal).get(pos)
		x = operand(a, fromIR(y.Type), pos, "Mux")
	default:
		n := newOp(pos, dslir.Mux, Bool(), 0, s, s, s)
		n.n.Err = "Mux of two Go integers: the width is ambiguous; make one a Signal (U, S or Const)"
		return n
	}
	return newOp(pos, dslir.Mux, fromIR(x.Type).withWidth(max(x.Type.Width, y.Type.Width)), 0, s, x, y)
}

// Cat concatenates signals, the first the most significant (Verilog {a, b}),
// into a UInt.
func Cat(sigs ...Signal) Signal {
	pos := callerPos()
	args := make([]*dslir.Node, len(sigs))
	w := 0
	for i, s := range sigs {
		args[i] = s.get(pos)
		w += args[i].Type.Width
	}
	n := newOp(pos, dslir.Cat, UInt(w), 0, args...)
	if len(sigs) == 0 {
		n.n.Err = "Cat of no signals"
	}
	return n
}

func lit(pos srcPos, t Type, v bits.Value, err string) Signal {
	return Signal{&dslir.Node{Kind: dslir.Lit, Type: t.ir(), Lit: v, Err: err, Pos: pos}}
}

// fit converts n to a Value of type t, or explains why it does not fit.
func fit(t Type, n *big.Int) (bits.Value, string) {
	if t.width < 1 {
		return bits.Value{}, fmt.Sprintf("width %d: widths must be at least 1", t.width)
	}
	if t.width > MaxWidth {
		return bits.Value{}, fmt.Sprintf("width %d is wider than the widest supported, %d bits", t.width, MaxWidth)
	}
	lo, hi := new(big.Int), new(big.Int).Lsh(big.NewInt(1), uint(t.width))
	if t.signed {
		hi.Rsh(hi, 1)
		lo.Neg(hi)
	}
	if n.Cmp(lo) < 0 || n.Cmp(hi) >= 0 {
		return bits.Value{}, fmt.Sprintf("constant %s does not fit in %s", n, t)
	}
	return bits.FromBig(t.width, n), ""
}

// U returns the w-bit unsigned constant v. A v that does not fit is
// reported by elaborate.
func U(w int, v uint64) Signal {
	t := UInt(w)
	x, err := fit(t, new(big.Int).SetUint64(v))
	return lit(callerPos(), t, x, err)
}

// S returns the w-bit signed constant v.
func S(w int, v int64) Signal {
	t := SInt(w)
	x, err := fit(t, big.NewInt(v))
	return lit(callerPos(), t, x, err)
}

// B returns a Bool constant.
func B(v bool) Signal {
	x := bits.New(1)
	if v {
		x = bits.FromUint64(1, 1)
	}
	return lit(callerPos(), Bool(), x, "")
}

// Lit returns a constant of type t from an integer of any size; negative
// values are allowed for SInt.
func Lit(t Type, v *big.Int) Signal {
	x, err := fit(t, v)
	return lit(callerPos(), t, x, err)
}

// Const returns the constant v of type t, for code that works for signed
// and unsigned types alike (Const(t, 0) is t's zero).
func Const(t Type, v int64) Signal {
	x, err := fit(t, big.NewInt(v))
	return lit(callerPos(), t, x, err)
}

// LitBits returns a constant of type t with exactly the bits of v.
func LitBits(t Type, v bits.Value) Signal {
	err := ""
	if v.Width() != t.width {
		err = fmt.Sprintf("%d-bit value %s for %s", v.Width(), v, t)
	}
	return lit(callerPos(), t, v, err)
}
