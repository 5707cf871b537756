package elaborate_test

import "github.com/systole-hdl/systole/dsl"

// Misuses of Vec, Switch, enums and integer operands (checked by
// TestMisuse).
var featureMisuse = []dsl.Generator{
	dsl.Func("intOperand", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(4))
		s := m.Input("s", dsl.SInt(4))
		m.Output("y", dsl.UInt(4)).Set(a.Add(16))              // ERROR "Add: constant 16 does not fit in UInt\(4\)"
		m.Output("z", dsl.Bool()).Set(a.Eq(-1))                // ERROR "Eq: constant -1 does not fit in UInt\(4\)"
		m.Output("w", dsl.SInt(4)).Set(s.Sub(-9))              // ERROR "Sub: constant -9 does not fit in SInt\(4\)"
		m.Output("v", dsl.UInt(4)).Set(20)                     // ERROR "Set of v: constant 20 does not fit in UInt\(4\)"
		m.Output("u", dsl.UInt(4)).Set(a.Or(1.5))              // ERROR "Or: operand of type float64: want a Signal or a Go integer"
		m.Output("t", dsl.Bool()).Set(dsl.Mux(a.Bit(0), 1, 2)) // ERROR "Mux of two Go integers: the width is ambiguous"
	}),
	dsl.Func("switchMisuse", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(2))
		b := m.Input("b", dsl.UInt(2))
		y := m.Output("y", dsl.UInt(4))
		y.Set(0)
		m.Switch(a).
			Is(1, func() { y.Set(1) }).
			Is(dsl.U(2, 1), func() { y.Set(2) }). // ERROR "a: duplicate case 2'h1 in the Switch on a \(first at elaborate/features_test.go:24\)"
			Is(b, func() { y.Set(3) }).           // ERROR "a: case b of the Switch on a is not a constant"
			Is(4, func() { y.Set(4) }).           // ERROR "Is: constant 4 does not fit in UInt\(2\)"
			Default(func() { y.Set(5) })
	}),
	dsl.Func("switchAfterDefault", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(2))
		y := m.Output("y", dsl.UInt(4))
		sw := m.Switch(a)
		sw.Default(func() { y.Set(0) })
		sw.Is(1, func() { y.Set(1) }) // ERROR "a: Is after Default"
		sw.Default(func() {})         // ERROR "a: second Default in one Switch"
	}),
	dsl.Func("enumMisuse", func(m *dsl.Module) {
		st := dsl.NewEnum("st", "A", "B", "A") // ERROR "st: enum st: invalid or duplicate value name \"A\""
		r := m.Reg("r", st.Type(), dsl.Init(st.Value("A")))
		r.Set(st.Value("C")) // ERROR "enum st has no value \"C\""
		m.Output("y", st.Type()).Set(r)
		m.Switch(r).
			Is(st.Value("B"), func() {}).
			Is(st.Values()[1], func() {}) // ERROR "duplicate case st.B in the Switch on r"
	}),
	dsl.Func("vecMisuse", func(m *dsl.Module) {
		v := m.WireVec("v", 3, dsl.UInt(4))
		for i := range 3 {
			v.At(i).Set(i)
		}
		s := m.Input("s", dsl.SInt(2))
		bus := m.Input("bus", dsl.UInt(10))
		m.Output("a", dsl.UInt(4)).Set(v.At(3))                               // ERROR "index 3 out of range of a Vec of 3 elements"
		m.Output("b", dsl.UInt(4)).Set(v.Index(s))                            // ERROR "Vec index s is signed: use a UInt"
		m.Output("c", dsl.UInt(4)).Set(dsl.Unpack(bus, 3, dsl.UInt(4)).At(0)) // ERROR "Unpack of 10-bit bus into 3 elements of UInt\(4\): the bus must be 12 bits"
		m.WireVec("w", 0, dsl.UInt(4))                                        // ERROR "w: Vec w of 0 elements: the length must be at least 1"
		m.Output("d", dsl.UInt(8)).Set(dsl.VecOf(v.At(0), bus).Pack())        // ERROR "VecOf: element 1 \(bus\) is UInt\(10\), element 0 is UInt\(4\)"
	}),
}
