package workload_test

import (
	"fmt"

	"github.com/systole-hdl/systole/sweep/workload"
)

// A workload item names a network's layers; a group selects several.
func ExampleParseWorkload() {
	gs, err := workload.ParseWorkload("bert-base/qkv, resnet50/fc, 3x4x5")
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
