package tiling

import (
	"context"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// TestRunGEMMOSStage runs GEMMs with edge tiles through os cores with an
// output stage (one bias vector per output tile, the ReLU and shift
// sidebands on every k-step): every element of C checked against
// post(bias + A×B), the cycles equal to OSCycles.
func TestRunGEMMOSStage(t *testing.T) {
	bf16 := systolic.Config{Rows: 2, Cols: 3, Dataflow: systolic.OS, Bias: true, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16")
	fp16 := systolic.Config{Rows: 3, Cols: 2, Dataflow: systolic.OS, OutFormat: "bf16"}.WithFormat("fp16")
	for _, c := range []systolic.Config{
		{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.OS, Bias: true, ReLU: true, OutWidth: 8},
		{Rows: 3, Cols: 2, InWidth: 4, AccWidth: 12, Dataflow: systolic.OS, Bias: true, OutWidth: 5},
		bf16, fp16,
	} {
		t.Run(c.TopName(), func(t *testing.T) {
			be, err := testbench.NewRTLSim(elab(t, c))
			if err != nil {
				t.Fatal(err)
			}
			defer be.Close()
			for _, g := range []workload.GEMM{
				{Name: "odd", M: 5, K: 7, N: 5},
				{Name: "k4r", M: 2 * c.Rows, K: 4 * c.Rows, N: 3 * c.Cols},
			} {
				sim, err := RunGEMM(context.Background(), testbench.New(be, 1), c, g, 3)
				if err != nil {
					t.Fatalf("%s: %v", g, err)
				}
				if want, _ := FormulaCycles(c, g); sim.Elements != int64(g.M*g.N) || sim.Cycles != want {
					t.Errorf("%s: %d elements, %d cycles; formula %d", g, sim.Elements, sim.Cycles, want)
				}
			}
		})
	}
}
