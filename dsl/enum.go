package dsl

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/internal/dslir"
)

// Enum is a type whose values have names, such as the states of a state
// machine. Value i (counting from 0 in the order given to NewEnum) is the
// unsigned number i, in the fewest bits that hold every value.
//
// A register, wire or port declared with the enum's Type holds its values;
// Value returns them as constants, for Set, Init, Eq and Switch's Is. In
// the Verilog every value is a localparam named after the enum and the
// value (state_Idle), used for the constants the enum's nets take or are
// compared with; in rtlsim's VCD trace each of the enum's nets is followed
// by a $comment naming its values (VCD has no enum types).
type Enum struct {
	ir *dslir.Enum
	t  Type
}

// NewEnum returns an enum named name with the values names, in order. The
// name and the value names must be identifiers, distinct and at least one
// value; elaborate reports a problem at NewEnum's line where the enum is
// used.
func NewEnum(name string, names ...string) *Enum {
	e := &dslir.Enum{Name: name, Names: append([]string(nil), names...), Pos: callerPos()}
	w := max(1, bits.Len(uint(max(len(names), 1)-1)))
	return &Enum{ir: e, t: Type{width: w, enum: e}}
}

// Type returns the type of the enum's values: UInt of the enum's width,
// marked as this enum.
func (e *Enum) Type() Type { return e.t }

// Name returns the enum's name.
func (e *Enum) Name() string { return e.ir.Name }

// Names returns the names of the values, value 0 first.
func (e *Enum) Names() []string { return append([]string(nil), e.ir.Names...) }

// Value returns the value called name as a constant of the enum's type. A
// name that is not one of the enum's values is an error at this line.
func (e *Enum) Value(name string) Signal {
	pos := callerPos()
	for i, n := range e.ir.Names {
		if n == name {
			x, err := fit(e.t, bigInt(int64(i)))
			return lit(pos, e.t, x, err)
		}
	}
	return lit(pos, e.t, fitZero(e.t), fmt.Sprintf("enum %s has no value %q", e.ir.Name, name))
}

// Values returns every value as a constant, value 0 first, for code that
// names them as Go variables: idle, run := st.Values()[0], st.Values()[1].
func (e *Enum) Values() []Signal {
	pos := callerPos()
	out := make([]Signal, len(e.ir.Names))
	for i := range out {
		x, err := fit(e.t, bigInt(int64(i)))
		out[i] = lit(pos, e.t, x, err)
	}
	return out
}
