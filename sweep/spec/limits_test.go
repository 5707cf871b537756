package spec

import (
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/workload"
)

// Defect 4: huge ranges and GEMMs fail at once, naming the limit, instead
// of looping on overflow or allocating tens of gigabytes.
func TestHugeInputs(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"1..9223372036854775807*2", "63 values, over"}, // 63 doublings fit: a list limit, not overflow
		{"1..9223372036854775807", "over the list_items limit of 4096"},
		{"-9223372036854775808..9223372036854775807:1", "over the list_items limit"},
		{"9223372036854775800..9223372036854775807:5", ""}, // ends near the top without wrapping
		{"1..4096", ""},
		{"1..4097", "4097 values, over the list_items limit of 4096"},
	} {
		got, err := ParseIntList(tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("ParseIntList(%q): %v", tc.in, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			if strings.HasPrefix(tc.want, "63") && err == nil && len(got) == 63 {
				continue
			}
			t.Errorf("ParseIntList(%q) = %d values, %v; want an error with %q", tc.in, len(got), err, tc.want)
		}
	}
	if got, _ := ParseIntList("9223372036854775800..9223372036854775807:5"); len(got) != 2 || got[1] != 9223372036854775805 {
		t.Errorf("range at the top of int: %v", got)
	}
	for _, tc := range []struct{ in, want string }{
		{"100000000x100000000x100000000", "over the gemm_dim limit of 65536"},
		{"65536x65536x1", "over the gemm_elements limit of 33554432"},
		{"x=4096x4096x4096", "x(4096x4096x4096): 50331648 matrix elements, over the gemm_elements limit"},
	} {
		_, err := workload.ParseWorkload(tc.in)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("workload.ParseWorkload(%q): %v; want %q", tc.in, err, tc.want)
		}
	}
	s, err := ParseSpec([]byte("rows: 1..256\ncols: 1..256\nin_width: 2..8\nworkload: 4x4x4\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Points(); err == nil || !strings.Contains(err.Error(), "458752 points, over the points limit of 65536") {
		t.Errorf("a grid of 458752 points: %v", err)
	}
}
