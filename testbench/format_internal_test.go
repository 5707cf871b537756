package testbench

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

func TestFormatDiff(t *testing.T) {
	v := func(width int, x int64) bits.Value { return bits.FromInt64(width, x) }
	require.Equal(t, "c = 18'h3fff2 (-14), want 18'h0000e (14)",
		Format{Signed: true}.diff("c", v(18, -14), v(18, 14)))
	require.Equal(t, "c = 18'h3fff2 (262130), want 18'h0000e (14)",
		Format{Elem: 18}.diff("c", v(18, -14), v(18, 14)))
	require.Equal(t, "c = 18'h3fff2, want 18'h0000e", Format{}.diff("c", v(18, -14), v(18, 14)))
	// Two 8-bit elements, the high one differs.
	require.Equal(t, "c = 16'hfe01, want 16'h0201; elements [1] -2, want 2",
		Format{Elem: 8, Signed: true}.diff("c", v(16, 0xfe01), v(16, 0x0201)))
}
