package tiling

import (
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// TestPostSettings: the shift of an integer conversion brings the
// largest |bias + sum| the operands allow into out_width bits, and stays
// a valid a_shift for wide operands and deep K; a bias per column of C,
// in the accumulator's range.
func TestPostSettings(t *testing.T) {
	for _, tc := range []struct {
		c     systolic.Config
		k     int
		shift int
	}{
		// |sum| <= 8·(-8)² = 512, + 8: 520 takes 10 bits, 11 signed.
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS, OutWidth: 6}, 8, 11 - 6},
		// Unsigned: 12·15² + 15 = 2715, 12 bits.
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 14, Dataflow: systolic.OS, OutWidth: 5}, 12, 12 - 5},
		// Already fits: no shift.
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 2, AccWidth: 16, Dataflow: systolic.WS, OutWidth: 12}, 3, 0},
		// 2^16 · (2^31)² needs more than 64 bits: clamped to acc_width-1.
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 32, AccWidth: 64, Signed: true, Dataflow: systolic.WS, OutWidth: 8}, 65536, 63},
	} {
		g := workload.GEMM{Name: "g", M: 3, K: tc.k, N: 5}
		tc.c.Bias = true
		p := postSettings(tc.c, g, 1)
		if p.shift != tc.shift || len(p.bias) != g.N {
			t.Errorf("%s K=%d: shift %d, %d biases; want shift %d, %d", tc.c.TopName(), tc.k, p.shift, len(p.bias), tc.shift, g.N)
		}
		for _, b := range p.bias {
			if b != tc.c.Mask(b) {
				t.Errorf("%s: bias %#x over acc_width", tc.c.TopName(), b)
			}
		}
	}
}
