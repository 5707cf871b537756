package bench

import (
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
)

// BenchmarkElab128 is ElabOne (description to emitted Verilog) on the
// default core at 128×128, the generator target.
func BenchmarkElab128(b *testing.B) {
	c := systolic.Default()
	c.Rows, c.Cols = 128, 128
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ElabOne(c); err != nil {
			b.Fatal(err)
		}
	}
}
