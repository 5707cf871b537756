package tiling

import (
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// TestPeakSRAM: the peak SRAM bandwidth is the width of the core's
// streams (ws also reads back a row of partial sums).
func TestPeakSRAM(t *testing.T) {
	for _, c := range []systolic.Config{
		{Rows: 2, Cols: 3, InWidth: 4, AccWidth: 16, Dataflow: systolic.WS},
		{Rows: 3, Cols: 2, InWidth: 8, AccWidth: 20, Dataflow: systolic.OS},
	} {
		d := elab(t, c)
		top := d.TopModule()
		width := map[string]int{}
		for _, p := range top.Ports {
			width[top.Nets[p.Net].Name] = top.Nets[p.Net].Width
		}
		bits := width["a_data"] + width["w_data"] + 2*width["c_data"]
		if c.Dataflow == systolic.OS {
			bits = width["in_a"] + width["in_b"] + width["c_data"]
		}
		if got := PeakSRAMBytesPerCycle(c); bits == 0 || got != float64(bits)/8 {
			t.Errorf("%s: %g bytes a cycle, the streams are %d bits (%v)", c.TopName(), got, bits, width)
		}
	}
}

// elab elaborates the core c, failing the test on an error.
func elab(t testing.TB, c systolic.Config) *netlist.Design {
	t.Helper()
	g, err := systolic.New(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
