// Package dsl is systole's hardware builder: plain Go code that describes
// circuits, in the manner of Chisel and Amaranth.
//
// A generator is a Go value with a Build(*Module) method (or a function
// wrapped with Func). Build declares ports, wires, registers and memories
// on the Module and connects them with operators on Signal:
//
//	type Counter struct{ Width int }
//
//	func (c Counter) Build(m *dsl.Module) {
//		en := m.Input("en", dsl.Bool())
//		count := m.Reg("count", dsl.UInt(c.Width), dsl.Init(0))
//		m.When(en, func() { count.Set(count.Add(1)) })
//		m.Output("out", dsl.UInt(c.Width)).Set(count)
//	}
//
// The builder only records what the generator says, with the file:line of
// every statement; package elaborate checks the description and turns it
// into a netlist. See Signal for the one width rule every operator follows,
// Module.When for conditional assignment (last connect wins, as in Chisel),
// Mem for memories, Module.Instance for hierarchy, Module.BlackBox for
// modules defined in the user's own Verilog (SRAM macros, vendor IP) and
// the bundle functions (OutputBundle, InputBundle, Connect) for grouped
// ports such as Stream.
//
// Helper functions that build hardware for their callers call Helper first,
// so that errors point at the caller's line, like testing.T.Helper.
//
// Misuse is recorded on the module being built and returned by elaborate
// with every other error, never as a panic: a panic in generator code
// comes back from elaborate as an error too. The one exception is code
// that runs outside any build, where there is no module to record into:
// assigning to a constant built at package level (dsl.U(4, 1).Set(2) in
// an init function, say) panics with a *BuildError naming the line, as
// regexp.MustCompile does on a bad pattern.
package dsl
