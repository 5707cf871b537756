package bits

import (
	"fmt"
	"math/big"
	mbits "math/bits"
	"strings"

	"github.com/systole-hdl/systole/limits"
)

// Value is an immutable bit vector of a fixed width. The zero Value has
// width 0 and is not a valid constant; use New or one of the From functions.
type Value struct {
	width int
	words []uint64
}

// Words returns the number of 64-bit words needed for width bits.
func Words(width int) int { return (width + 63) / 64 }

// New returns the all-zero Value of the given width.
func New(width int) Value {
	if width < 1 {
		panic(fmt.Sprintf("bits: width %d < 1", width))
	}
	return Value{width: width, words: make([]uint64, Words(width))}
}

// FromUint64 returns v truncated to width bits.
func FromUint64(width int, v uint64) Value {
	x := New(width)
	x.words[0] = v
	x.mask()
	return x
}

// FromInt64 returns the two's complement of v in width bits (sign-extended
// when width > 64, truncated when width < 64).
func FromInt64(width int, v int64) Value {
	x := New(width)
	for i := range x.words {
		if i == 0 {
			x.words[i] = uint64(v)
		} else if v < 0 {
			x.words[i] = ^uint64(0)
		}
	}
	x.mask()
	return x
}

// FromBig returns v modulo 2^width (negative v gives its two's complement).
func FromBig(width int, v *big.Int) Value {
	m := new(big.Int).Lsh(big.NewInt(1), uint(width))
	r := new(big.Int).Mod(v, m) // Mod is Euclidean: result in [0, m)
	x := New(width)
	// Linear in the width: copy the little-endian words of r.
	for i, w := range r.Bits() {
		if mbits.UintSize == 64 {
			x.words[i] = uint64(w)
		} else {
			x.words[i/2] |= uint64(w) << (32 * uint(i%2))
		}
	}
	return x
}

// FromWords returns a Value of width bits from little-endian words; bits
// beyond width are dropped and missing words read as zero.
func FromWords(width int, words []uint64) Value {
	x := New(width)
	copy(x.words, words)
	x.mask()
	return x
}

// Ones returns the all-ones Value of the given width.
func Ones(width int) Value {
	x := New(width)
	for i := range x.words {
		x.words[i] = ^uint64(0)
	}
	x.mask()
	return x
}

func (x *Value) mask() {
	if r := x.width % 64; r != 0 {
		x.words[len(x.words)-1] &= (uint64(1) << r) - 1
	}
}

// Width returns the number of bits in x.
func (x Value) Width() int { return x.width }

// IsValid reports whether x has a width (the zero Value does not).
func (x Value) IsValid() bool { return x.width > 0 }

// Words returns a copy of x's little-endian 64-bit words.
func (x Value) Words() []uint64 { return append([]uint64(nil), x.words...) }

// Word returns word i of x (0 when i is out of range).
func (x Value) Word(i int) uint64 {
	if i < 0 || i >= len(x.words) {
		return 0
	}
	return x.words[i]
}

// Uint64 returns the low 64 bits of x.
func (x Value) Uint64() uint64 {
	if len(x.words) == 0 {
		return 0
	}
	return x.words[0]
}

// Int64 returns x read as a two's complement number, truncated to 64 bits.
func (x Value) Int64() int64 {
	if x.width == 0 {
		return 0
	}
	v := x.words[0]
	if x.width < 64 && x.Bit(x.width-1) == 1 {
		v |= ^uint64(0) << uint(x.width)
	}
	return int64(v)
}

// Bit returns bit i of x (0 or 1); out-of-range bits read as 0.
func (x Value) Bit(i int) uint {
	if i < 0 || i >= x.width {
		return 0
	}
	return uint(x.words[i/64]>>(uint(i)%64)) & 1
}

// IsZero reports whether every bit of x is 0.
func (x Value) IsZero() bool {
	for _, w := range x.words {
		if w != 0 {
			return false
		}
	}
	return true
}

// Big returns x as an unsigned integer.
func (x Value) Big() *big.Int {
	ws := make([]big.Word, 0, len(x.words)*64/mbits.UintSize)
	for _, w := range x.words {
		ws = append(ws, big.Word(w))
		if mbits.UintSize == 32 {
			ws = append(ws, big.Word(w>>32))
		}
	}
	return new(big.Int).SetBits(ws)
}

// SignedBig returns x read as a two's complement number.
func (x Value) SignedBig() *big.Int {
	r := x.Big()
	if x.width > 0 && x.Bit(x.width-1) == 1 {
		r.Sub(r, new(big.Int).Lsh(big.NewInt(1), uint(x.width)))
	}
	return r
}

// Equal reports whether x and y have the same width and bits.
func (x Value) Equal(y Value) bool {
	if x.width != y.width {
		return false
	}
	for i := range x.words {
		if x.words[i] != y.words[i] {
			return false
		}
	}
	return true
}

// Resize returns x zero-extended or truncated to width bits.
func (x Value) Resize(width int) Value { return FromWords(width, x.words) }

// SignExtend returns x sign-extended (or truncated) to width bits.
func (x Value) SignExtend(width int) Value {
	if width <= x.width || x.Bit(x.width-1) == 0 {
		return x.Resize(width)
	}
	return FromBig(width, x.SignedBig())
}

// Slice returns bits [lo, lo+width) of x.
func (x Value) Slice(lo, width int) Value {
	return FromBig(width, new(big.Int).Rsh(x.Big(), uint(lo)))
}

// String formats x as a Verilog sized hexadecimal literal, such as 8'h2a.
func (x Value) String() string {
	if x.width == 0 {
		return "<invalid>"
	}
	return fmt.Sprintf("%d'h%s", x.width, x.Hex())
}

// Hex returns x's bits as lowercase hexadecimal digits without a prefix,
// exactly ceil(width/4) digits long.
func (x Value) Hex() string {
	digits := (x.width + 3) / 4
	var b strings.Builder
	for d := digits - 1; d >= 0; d-- {
		nib := (x.words[(4*d)/64] >> (uint(4*d) % 64)) & 0xf
		b.WriteByte("0123456789abcdef"[nib])
	}
	return b.String()
}

// MaxParseWidth is the widest literal Parse accepts (16 Mi bits), so that
// a malformed width in untrusted text cannot exhaust memory.
const MaxParseWidth = limits.MaxWidth

// Parse reads a literal in the form String writes (W'hDIGITS); it also
// accepts 'd, 'b and 'o bases and underscores between digits. A value too
// large for its width is an error.
func Parse(s string) (Value, error) {
	q := strings.IndexByte(s, '\'')
	if q <= 0 || q+2 > len(s) {
		return Value{}, fmt.Errorf("bits: %q is not a sized literal like 8'h2a", s)
	}
	var width int
	if _, err := fmt.Sscanf(s[:q], "%d", &width); err != nil || width < 1 || fmt.Sprint(width) != s[:q] {
		return Value{}, fmt.Errorf("bits: %q has no valid width", s)
	}
	if width > MaxParseWidth {
		return Value{}, fmt.Errorf("bits: %q is wider than %d bits", s, MaxParseWidth)
	}
	base := 0
	switch s[q+1] {
	case 'h', 'H':
		base = 16
	case 'd', 'D':
		base = 10
	case 'b', 'B':
		base = 2
	case 'o', 'O':
		base = 8
	default:
		return Value{}, fmt.Errorf("bits: %q has an unknown base %q", s, s[q+1])
	}
	digits := strings.ReplaceAll(s[q+2:], "_", "")
	if digits == "" || strings.ContainsAny(digits, "+-") {
		return Value{}, fmt.Errorf("bits: %q has no digits", s)
	}
	n, ok := new(big.Int).SetString(digits, base)
	if !ok {
		return Value{}, fmt.Errorf("bits: %q has invalid digits for base %d", s, base)
	}
	if n.BitLen() > width {
		return Value{}, fmt.Errorf("bits: %q does not fit in %d bits", s, width)
	}
	return FromBig(width, n), nil
}

// MustParse is Parse for literals known to be valid; it panics otherwise.
func MustParse(s string) Value {
	v, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return v
}
