package systolic

import (
	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
)

// floatMAC returns acc + a×b as a float PE computes it, for operands of
// format f and an fp32 acc: p = round_fp32(a×b) (fp.Multiplier), then
// round_fp32(acc + p) (fp.Adder), both combinational, so a PE keeps one
// register stage and the integer core's timing. The product is named
// "product" and the sum "sum" for waveforms. The datapath's modules are
// named after the core's top (top_fp_mul_bf16, …).
func floatMAC(m *dsl.Module, top string, f fp.Format, a, b, acc dsl.Signal) dsl.Signal {
	dsl.Helper()
	mul := m.Instance("mul", fp.Multiplier{F: f, Prefix: top + "_"})
	mul.Port("a").Set(a)
	mul.Port("b").Set(b)
	add := m.Instance("add", fp.Adder{Prefix: top + "_"})
	add.Port("x").Set(acc)
	add.Port("y").Set(m.Named("product", mul.Port("p")))
	return m.Named("sum", add.Port("s"))
}

// isFloat reports whether f is a float format (the zero Format is the
// integer one).
func isFloat(f fp.Format) bool { return f.Name != "" }
