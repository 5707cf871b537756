package sweep

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
)

// A float format is one point each, beside the integer cross product, and
// every element of every GEMM is verified in the core's order of
// accumulation, with K larger than the array (several ws weight tiles, a
// padded last one) and M, N not multiples of it.
func TestFloatFormats(t *testing.T) {
	s := Specs["tiny"]
	s.Rows, s.Cols = IntList{2}, IntList{3}
	s.Format = StrList{"int", "bf16", "fp8e4m3"}
	pts, _, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range pts {
		keys = append(keys, p.Key())
	}
	want := []string{"ws_2x3_i4_a16", "ws_2x3_bf16", "ws_2x3_fp8e4m3", "os_2x3_i4_a16", "os_2x3_bf16", "os_2x3_fp8e4m3"}
	if len(keys) != len(want) {
		t.Fatalf("points %v, want %v", keys, want)
	}
	for i := range want {
		if keys[i] != want[i] {
			t.Fatalf("points %v, want %v", keys, want)
		}
	}
	rows, err := Run(context.Background(), s, quick)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) {
			t.Errorf("%s %s: %s %s (verified %d)", r.Point, r.Workload, r.Status, r.Error, r.Verified)
		}
		if r.Format == "" {
			t.Errorf("%s: no format", r.Point)
		}
	}

	s.Format = StrList{"fp4"}
	if _, _, err := s.Points(); err == nil {
		t.Error("format fp4 accepted")
	}
}

// The expected ws result follows the tiles: with K = 4 on 2 rows, A's row
// (2^24, 1, 1, 1) and B's column all ones, the tiles are 2^24 + 1 = 2^24
// (ties to even) and 1 + 1 = 2, and their sum 2^24 + 2 is exact, where the
// os order ((2^24 + 1) + 1) + 1 stays at 2^24.
func TestFloatExpectedOrder(t *testing.T) {
	g := GEMM{Name: "g", M: 1, K: 4, N: 1}
	a := [][]int64{{0x4B80, 0x3F80, 0x3F80, 0x3F80}}
	b := [][]int64{{0x3F80}, {0x3F80}, {0x3F80}, {0x3F80}}
	ws := systolic.Config{Rows: 2, Cols: 1, Dataflow: systolic.WS}.WithFormat("bf16")
	if got := expected(ws, g, a, b)[0][0]; got != 0x4B800001 {
		t.Errorf("ws: got %#x, want 0x4b800001 (2^24 + 2)", got)
	}
	os := ws
	os.Dataflow = systolic.OS
	if got := expected(os, g, a, b)[0][0]; got != 0x4B800000 {
		t.Errorf("os: got %#x, want 0x4b800000 (2^24)", got)
	}
}

// The synthesis measures a float PE's path whole (flattened), and an
// integer core's leaves as before.
func TestLTPModules(t *testing.T) {
	for _, tc := range []struct {
		c    systolic.Config
		flat []string
	}{
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS}, nil},
		{systolic.Config{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.OS}, nil},
		{systolic.Config{Rows: 2, Cols: 2, Dataflow: systolic.WS}.WithFormat("bf16"), []string{"systolic_ws_2x2_bf16_pe"}},
		{systolic.Config{Rows: 2, Cols: 2, Dataflow: systolic.OS}.WithFormat("fp16"), []string{"systolic_os_2x2_fp16_pe"}},
	} {
		g, err := systolic.New(tc.c)
		if err != nil {
			t.Fatal(err)
		}
		d, err := elaborate.Elaborate(g)
		if err != nil {
			t.Fatal(err)
		}
		leaves, flat := ltpModules(d)
		if !slices.Equal(flat, tc.flat) {
			t.Errorf("%s: flat %v, want %v", tc.c.TopName(), flat, tc.flat)
		}
		for _, f := range tc.flat {
			if !slices.Contains(leaves, f) {
				t.Errorf("%s: %s not measured", tc.c.TopName(), f)
			}
		}
	}
}

// A YAML spec takes format like the other lists, and Check names the file
// and line of a bad one.
func TestFloatSpecYAML(t *testing.T) {
	s, err := ParseSpecFile("f.yaml", []byte("rows: 2\ncols: 2\nformat: [fp16, int]\nworkload: [a=4x4x4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	pts, _, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || pts[0].Key() != "ws_2x2_fp16" || pts[1].Key() != "ws_2x2_i8_a32" {
		t.Fatalf("points %v", pts)
	}
	s, err = ParseSpecFile("f.yaml", []byte("format: [bf16, fp9]\nworkload: [a=4x4x4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Check()
	if err == nil || !strings.Contains(err.Error(), `f.yaml:1: format: "fp9" is not one of int, fp8e4m3, fp8e5m2, bf16, fp16`) {
		t.Fatalf("Check: %v", err)
	}
}
