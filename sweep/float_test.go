package sweep

import (
	"context"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/spec"
)

// A float format is one point each, beside the integer cross product, and
// every element of every GEMM is verified in the core's order of
// accumulation, with K larger than the array (several ws weight tiles, a
// padded last one) and M, N not multiples of it.
func TestFloatFormats(t *testing.T) {
	s := spec.Specs["tiny"]
	s.Rows, s.Cols = spec.IntList{2}, spec.IntList{3}
	s.Format = spec.StrList{"int", "bf16", "fp8e4m3"}
	keys := pointKeys(t, s)
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

	s.Format = spec.StrList{"fp4"}
	if _, _, err := s.Points(); err == nil {
		t.Error("format fp4 accepted")
	}
}

// A YAML spec takes format like the other lists, and Check names the file
// and line of a bad one.
func TestFloatSpecYAML(t *testing.T) {
	s, err := spec.ParseSpecFile("f.yaml", []byte("rows: 2\ncols: 2\nformat: [fp16, int]\nworkload: [a=4x4x4]\n"))
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
	s, err = spec.ParseSpecFile("f.yaml", []byte("format: [bf16, fp9]\nworkload: [a=4x4x4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Check()
	if err == nil || !strings.Contains(err.Error(), `f.yaml:1: format: "fp9" is not one of int, fp8e4m3, fp8e5m2, bf16, fp16`) {
		t.Fatalf("Check: %v", err)
	}
}
