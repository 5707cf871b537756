package sweep_test

import (
	"fmt"

	"github.com/systole-hdl/systole/sweep"
)

// SCALE-Sim v2's cycles for ResNet-50's CB2a_1 (3136×64×64) on a 16×16
// array, as SCALE-Sim v2 itself reports them.
func ExampleScaleSimV2Cycles() {
	g := sweep.GEMM{Name: "CB2a_1", M: 3136, K: 64, N: 64}
	for _, df := range sweep.ScaleSimDataflows {
		n, err := sweep.ScaleSimV2Cycles(df, 16, 16, g)
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

// A workload item names a network's layers; a group selects several.
func ExampleParseWorkload() {
	gs, err := sweep.ParseWorkload("bert-base/qkv, resnet50/fc, 3x4x5")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range gs {
		fmt.Println(g, g.MACs())
	}
	// Output:
	// bert-base/qkv.query(128x768x768) 75497472
	// bert-base/qkv.key(128x768x768) 75497472
	// bert-base/qkv.value(128x768x768) 75497472
	// resnet50/fc(1x2048x1000) 2048000
	// 3x4x5(3x4x5) 60
}
