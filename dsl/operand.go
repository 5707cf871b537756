package dsl

import (
	"fmt"
	"math/big"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
)

// Operand is the second operand of a binary operator (Add, Eq, ...), a
// data input of Mux, or the value of Set: a Signal, or a Go integer where
// the other side gives the width.
//
// A Go integer (any of Go's integer types, or a *big.Int; a bool is 0 or
// 1) becomes a
// constant of the type of the signal it meets: count.Add(1) on a UInt(4)
// count adds the constant 4'h1, x.Lt(-3) on an SInt(8) x compares with
// 8'hfd, out.Set(0) drives out with zero. A constant that does not fit
// that type (16 for a UInt(4), -1 for any UInt) is an error at the line
// of the operator. Anything else (a float, a string, a Type) is an error
// too. Where both sides would be Go integers (a Mux of two integers) the
// width is ambiguous: make one a Signal with U, S or Const.
type Operand = any

// operand returns the node of o, read against a signal of type t (the one
// that gives a Go integer its width); what names the operator for
// messages, and target, when not nil, the signal Set assigns.
func operand(o Operand, t Type, pos srcPos, what string, target ...*dslir.Node) *dslir.Node {
	if s, ok := o.(Signal); ok {
		return s.get(pos) // the common case, first
	}
	if len(target) > 0 {
		what += " of " + target[0].Describe()
	}
	var v *big.Int
	switch x := o.(type) {
	case Signal:
		return x.get(pos)
	case bool:
		v = new(big.Int)
		if x {
			v.SetInt64(1)
		}
	case int:
		v = big.NewInt(int64(x))
	case int8:
		v = big.NewInt(int64(x))
	case int16:
		v = big.NewInt(int64(x))
	case int32:
		v = big.NewInt(int64(x))
	case int64:
		v = big.NewInt(x)
	case uint:
		v = new(big.Int).SetUint64(uint64(x))
	case uint8:
		v = new(big.Int).SetUint64(uint64(x))
	case uint16:
		v = new(big.Int).SetUint64(uint64(x))
	case uint32:
		v = new(big.Int).SetUint64(uint64(x))
	case uint64:
		v = new(big.Int).SetUint64(x)
	case uintptr:
		v = new(big.Int).SetUint64(uint64(x))
	case *big.Int:
		if x == nil {
			return invalidNode(pos, fmt.Sprintf("%s: nil *big.Int operand", what))
		}
		v = x
	default:
		return invalidNode(pos, fmt.Sprintf("%s: operand of type %T: want a Signal or a Go integer", what, o))
	}
	x, err := fit(t, v)
	if err != "" {
		err = what + ": " + err
	}
	return lit(pos, t, x, err).n
}

// isSignal reports whether o is a Signal (not a Go integer).
func isSignal(o Operand) bool {
	_, ok := o.(Signal)
	return ok
}

func invalidNode(pos srcPos, msg string) *dslir.Node {
	return &dslir.Node{Kind: dslir.Invalid, Pos: pos, Err: msg}
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

// fitZero returns t's zero, or no value for a type of no valid width.
func fitZero(t Type) bits.Value {
	x, _ := fit(t, new(big.Int))
	return x
}
