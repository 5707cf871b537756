package tiling

import (
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// The expected ws result follows the tiles: with K = 4 on 2 rows, A's row
// (2^24, 1, 1, 1) and B's column all ones, the tiles are 2^24 + 1 = 2^24
// (ties to even) and 1 + 1 = 2, and their sum 2^24 + 2 is exact, where the
// os order ((2^24 + 1) + 1) + 1 stays at 2^24.
func TestFloatExpectedOrder(t *testing.T) {
	g := workload.GEMM{Name: "g", M: 1, K: 4, N: 1}
	a := [][]int64{{0x4B80, 0x3F80, 0x3F80, 0x3F80}}
	b := [][]int64{{0x3F80}, {0x3F80}, {0x3F80}, {0x3F80}}
	ws := systolic.Config{Rows: 2, Cols: 1, Dataflow: systolic.WS}.WithFormat("bf16")
	if got := expected(ws, g, a, b, post{})[0][0]; got != 0x4B800001 {
		t.Errorf("ws: got %#x, want 0x4b800001 (2^24 + 2)", got)
	}
	os := ws
	os.Dataflow = systolic.OS
	if got := expected(os, g, a, b, post{})[0][0]; got != 0x4B800000 {
		t.Errorf("os: got %#x, want 0x4b800000 (2^24)", got)
	}
}
