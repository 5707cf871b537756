package dsl

import "github.com/systole-hdl/systole/internal/dslir"

// Type is the hardware type of a signal: an unsigned or signed (two's
// complement) vector of Width bits. Bool is UInt(1).
type Type struct {
	signed bool
	width  int
}

// UInt is an unsigned vector of w bits. Any w >= 1 is valid (1, 64, 65,
// 300...); a smaller w is reported by elaborate where the type is used.
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

func (t Type) ir() dslir.Type { return dslir.Type{Signed: t.signed, Width: t.width} }

func fromIR(t dslir.Type) Type { return Type{signed: t.Signed, width: t.Width} }

func (t Type) withWidth(w int) Type { return Type{signed: t.signed, width: w} }
