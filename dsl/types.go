package dsl

import (
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/limits"
)

// Type is the hardware type of a signal: an unsigned or signed (two's
// complement) vector of Width bits. Bool is UInt(1).
type Type struct {
	signed bool
	width  int
	enum   *dslir.Enum // the type of an Enum's values, or nil
}

// MaxWidth is the widest signal, register or memory word: 16 Mi bits,
// limits.MaxWidth (netlist.MaxWidth is the same constant). Elaborate
// reports a wider type at the line that declares it, before allocating.
const MaxWidth = limits.MaxWidth

// UInt is an unsigned vector of w bits. Any w from 1 to MaxWidth is valid
// (1, 64, 65, 300...); another w is reported by elaborate where the type
// is used.
func UInt(w int) Type { return Type{width: w} }

// SInt is a two's complement signed vector of w bits.
func SInt(w int) Type { return Type{signed: true, width: w} }

// Bool is UInt(1).
func Bool() Type { return Type{width: 1} }

// Width returns the number of bits.
func (t Type) Width() int { return t.width }

// Signed reports whether the type is SInt.
func (t Type) Signed() bool { return t.signed }

func (t Type) String() string { return t.ir().String() }

func (t Type) ir() dslir.Type { return dslir.Type{Signed: t.signed, Width: t.width, Enum: t.enum} }

func fromIR(t dslir.Type) Type { return Type{signed: t.Signed, width: t.Width, enum: t.Enum} }

func (t Type) withWidth(w int) Type { return Type{signed: t.signed, width: w} }
