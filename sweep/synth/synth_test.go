package synth

import (
	"context"
	"slices"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// TestSynthesize runs Yosys on a 2×2 core: cells, flip-flops and depth.
func TestSynthesize(t *testing.T) {
	tooltest.Require(t, "yosys")
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: systolic.OS}
	g, err := systolic.New(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		t.Fatal(err)
	}
	v, err := emit.Verilog(d)
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, m := range d.Modules {
		if len(m.Insts) == 0 {
			subs = append(subs, m.Name)
		}
	}
	cache := Cache(t.TempDir())
	s, err := Synthesize(context.Background(), cache, "os_2x2", d.Top, subs, nil, v)
	if err != nil {
		t.Fatal(err)
	}
	if s.Cells <= s.FlipFlops || s.FlipFlops == 0 || s.Depth == 0 {
		t.Errorf("synth = %+v", s)
	}
	if again, err := Synthesize(context.Background(), cache, "os_2x2", d.Top, subs, nil, v); err != nil || again != s {
		t.Errorf("cached synth = %+v, %v; want %+v", again, err, s)
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
		leaves, flat := LTPModules(d)
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
