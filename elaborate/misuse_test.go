package elaborate_test

import (
	"github.com/systole-hdl/systole/dsl"
)

// Each case is one dsl.Func; the lines inside it that must be reported say
// so with an ERROR comment holding a regular expression the error text
// must match (checked by TestMisuse in errors_test.go). The error must
// name this file and line, and the signal.

var misuse = []dsl.Generator{
	dsl.Func("widthMismatch", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(16))
		y := m.Output("y", dsl.UInt(8))
		y.Set(a) // ERROR "y: width mismatch: cannot assign 16-bit a to 8-bit y"
	}),
	dsl.Func("typeMismatch", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(8))
		b := m.Input("b", dsl.SInt(8))
		y := m.Output("y", dsl.UInt(8))
		y.Set(a.Add(b)) // ERROR "type mismatch: Add of UInt\(8\) a and SInt\(8\) b"
	}),
	dsl.Func("undrivenOutput", func(m *dsl.Module) {
		m.Input("a", dsl.UInt(8))
		m.Output("y", dsl.UInt(8)) // ERROR "y: undriven output: y is never assigned"
	}),
	dsl.Func("undrivenWire", func(m *dsl.Module) {
		w := m.Wire("w", dsl.UInt(8)) // ERROR "w: undriven wire: w is never assigned"
		m.Output("y", dsl.UInt(8)).Set(w)
	}),
	dsl.Func("partiallyDriven", func(m *dsl.Module) {
		c := m.Input("c", dsl.Bool())
		y := m.Output("y", dsl.UInt(8)) // ERROR "y: undriven output on some paths: y is not assigned on every path"
		m.When(c, func() { y.Set(dsl.U(8, 1)) })
	}),
	dsl.Func("twoDrivers", func(m *dsl.Module) {
		a := m.Input("a", dsl.Bool())
		u := m.Instance("u", dsl.Func("inverter", func(m *dsl.Module) {
			m.Output("o", dsl.Bool()).Set(m.Input("i", dsl.Bool()).Not())
		}))
		u.Port("i").Set(a)
		u.Port("o").Set(a) // ERROR "u.o: two drivers: u.o is an output of instance u"
		m.Output("y", dsl.Bool()).Set(u.Port("o"))
	}),
	dsl.Func("loop", func(m *dsl.Module) {
		a := m.Wire("a", dsl.UInt(8)) // ERROR "a: combinational loop: a -> b -> a"
		b := m.Wire("b", dsl.UInt(8))
		a.Set(b.Add(dsl.U(8, 1)))
		b.Set(a)
		m.Output("y", dsl.UInt(8)).Set(b)
	}),
	dsl.Func("unconnectedInput", func(m *dsl.Module) {
		u := m.Instance("u", dsl.Func("buffer", func(m *dsl.Module) { // ERROR "u.i: unconnected instance input: i of buffer"
			m.Output("o", dsl.Bool()).Set(m.Input("i", dsl.Bool()))
		}))
		m.Output("y", dsl.Bool()).Set(u.Port("o"))
	}),
	func() dsl.Generator {
		var leaked dsl.Signal
		return dsl.Func("wrongModule", func(m *dsl.Module) {
			m.Instance("u", dsl.Func("child", func(m *dsl.Module) {
				leaked = m.Output("o", dsl.Bool())
				leaked.Set(dsl.B(true))
			}))
			m.Output("y", dsl.Bool()).Set(leaked) // ERROR "o: an output of module child is used in module wrongModule"
		})
	}(),
	dsl.Func("assignInput", func(m *dsl.Module) {
		a := m.Input("a", dsl.Bool())
		a.Set(dsl.B(false)) // ERROR "a: cannot assign to input port a"
		m.Output("y", dsl.Bool()).Set(a)
	}),
	dsl.Func("zeroWidth", func(m *dsl.Module) {
		w := m.Wire("w", dsl.UInt(0))  // ERROR "w: zero or negative width 0"
		v := m.Wire("v", dsl.SInt(-3)) // ERROR "v: zero or negative width -3"
		w.Set(dsl.U(1, 0))
		v.Set(dsl.S(1, 0))
	}),
	dsl.Func("nameCollision", func(m *dsl.Module) {
		a := m.Input("a", dsl.Bool())
		x := m.Wire("x", dsl.Bool())
		x2 := m.Wire("x", dsl.Bool()) // ERROR "x: name collision: wire \"x\" is already declared"
		x.Set(a)
		x2.Set(a)
		m.Reg("clk", dsl.Bool()).Set(a) // ERROR "clk: name collision: \"clk\" is the implicit clock port"
		m.Output("y", dsl.Bool()).Set(x.Xor(x2))
	}),
	dsl.Func("constantTooWide", func(m *dsl.Module) {
		m.Output("y", dsl.UInt(4)).Set(dsl.U(4, 20)) // ERROR "constant 20 does not fit in UInt\(4\)"
	}),
	dsl.Func("bitRange", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(8))
		m.Output("y", dsl.UInt(4)).Set(a.Bits(9, 6)) // ERROR "bit range \[9:6\] out of range of 8-bit a"
	}),
	dsl.Func("muxSelect", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(8))
		m.Output("y", dsl.UInt(8)).Set(dsl.Mux(a, a, a)) // ERROR "a: width mismatch: Mux select is 8 bits"
	}),
	dsl.Func("severalAtOnce", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(8))
		a.Set(a)                                  // ERROR "cannot assign to input port a"
		m.Output("y", dsl.UInt(4)).Set(a)         // ERROR "width mismatch: cannot assign 8-bit a to 4-bit y"
		m.Output("z", dsl.UInt(8))                // ERROR "undriven output: z is never assigned"
		m.Output("w", dsl.UInt(8)).Set(a.Shl(-1)) // ERROR "negative shift amount -1"
	}),
}

var misuseMore = []dsl.Generator{
	dsl.Func("tooWide", func(m *dsl.Module) { // the limits, before anything that wide is allocated
		a := m.Input("a", dsl.UInt(1<<25))                       // ERROR "a: width 33554432 is wider than the widest supported, 16777216 bits"
		m.Output("y", dsl.UInt(1<<25)).Set(a)                    // ERROR "y: width 33554432 is wider than the widest supported"
		m.Output("z", dsl.UInt(8)).Set(dsl.U(1<<26, 0).Trunc(8)) // ERROR "width 67108864 is wider than the widest supported|width: 67108864 bits, over the width limit"
	}),
	dsl.Func("badParameter", func(m *dsl.Module) {
		m.Errorf("depth %d: must be at least 1", 0) // ERROR "depth 0: must be at least 1"
	}),
	dsl.Func("badMemory", func(m *dsl.Module) {
		mem := m.Mem("ram", dsl.UInt(8), 0) // ERROR "ram: memory of 0 words of 8 bits"
		m.Output("y", dsl.UInt(8)).Set(mem.Read(dsl.U(2, 0)))
	}),
	dsl.Func("signedBool", func(m *dsl.Module) {
		a := m.Input("a", dsl.SInt(1))
		m.Output("y", dsl.Bool()).Set(a) // ERROR "y: type mismatch: cannot assign SInt\(1\) a to UInt\(1\) y"
	}),
	dsl.Func("propertyMisuse", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(4))
		c := m.Input("c", dsl.Bool())
		m.Assert(a, "a is nonzero") // ERROR "a: width mismatch: assert condition is 4 bits, must be 1"
		m.Assert(c, "")             // ERROR "c: assert \"\": empty message"
		m.Assume(c, "two\nlines")   // ERROR "c: assume .*non-printing character"
		m.Cover(c, "not a name")    // ERROR "c: cover .*must be an identifier"
		m.Cover(c, "seen")          // first
		m.Cover(c.Not(), "seen")    // ERROR "seen: name collision: two cover points of this name"
		m.Output("y", dsl.Bool()).Set(c)
	}),
	dsl.Func("badContents", func(m *dsl.Module) {
		rom := m.Mem("rom", dsl.UInt(4), 2)
		rom.Init(1, 16)   // ERROR "memory rom: initial word 1: .*does not fit"
		rom.Init(1, 2, 3) // ERROR "memory rom: 3 initial words for a depth of 2"
		m.Output("y", dsl.UInt(4)).Set(rom.Read(dsl.U(1, 0)))
	}),
}
