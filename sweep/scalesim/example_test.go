package scalesim_test

import (
	"fmt"

	"github.com/systole-hdl/systole/sweep/scalesim"
	"github.com/systole-hdl/systole/sweep/workload"
)

// SCALE-Sim v2's cycles for ResNet-50's CB2a_1 (3136×64×64) on a 16×16
// array, as SCALE-Sim v2 itself reports them.
func ExampleV2Cycles() {
	g := workload.GEMM{Name: "CB2a_1", M: 3136, K: 64, N: 64}
	for _, df := range scalesim.Dataflows {
		n, err := scalesim.V2Cycles(df, 16, 16, g)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(df, n)
	}
	// Output:
	// ws 50911
	// os 73695
	// is 86239
}
