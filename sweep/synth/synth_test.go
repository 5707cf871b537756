package synth

import (
	"context"
	"slices"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// TestSynthesize runs Yosys on a 2×2 core: cells, flip-flops, depth, and
// the output FIFO as a memory of its bits (not flip-flops).
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
	cache := Cache(t.TempDir())
	s, err := Synthesize(context.Background(), cache, "os_2x2", d, v)
	if err != nil {
		t.Fatal(err)
	}
	if s.Cells <= s.FlipFlops || s.FlipFlops == 0 || s.Depth == 0 {
		t.Errorf("synth = %+v", s)
	}
	if want := netlistMemoryBits(d); want == 0 || s.MemoryBits != want {
		t.Errorf("memory bits %d, the netlist's memories hold %d", s.MemoryBits, want)
	}
	if again, err := Synthesize(context.Background(), cache, "os_2x2", d, v); err != nil || again != s {
		t.Errorf("cached synth = %+v, %v; want %+v", again, err, s)
	}
}

// netlistMemoryBits is the bits of d's memories, every instance counted.
func netlistMemoryBits(d *netlist.Design) int64 {
	var bits int64
	for name, n := range Instances(d) {
		for _, m := range d.Module(name).Mems {
			bits += n * int64(m.Depth*m.Width)
		}
	}
	return bits
}

func TestMemoryBits(t *testing.T) {
	dump := `
  attribute \src "m.v:2.13-2.14"
  cell $mem_v2 \m
    parameter \ABITS 4
    parameter \INIT 128'x
    parameter \SIZE 16
    parameter \WIDTH 8
    connect \RD_DATA \rd
  end
  cell $mem_v2 $auto$mem.cc:1$2
    parameter \SIZE 7
    parameter \WIDTH 25
  end
`
	if got, err := memoryBits(dump); err != nil || got != 16*8+7*25 {
		t.Errorf("memoryBits = %d, %v; want %d", got, err, 16*8+7*25)
	}
	if got, err := memoryBits(""); err != nil || got != 0 {
		t.Errorf("no memories: %d, %v", got, err)
	}
	if _, err := memoryBits("  cell $mem_v2 \\m\n    parameter \\WIDTH 8\n  end\n"); err == nil {
		t.Error("a memory without SIZE: no error")
	}
}

func TestInstances(t *testing.T) {
	d := &netlist.Design{Top: "top", Modules: []*netlist.Module{
		{Name: "top", Insts: []netlist.Instance{{Name: "a", Module: "mid"}, {Name: "b", Module: "mid"}, {Name: "c", Module: "leaf"}}},
		{Name: "mid", Insts: []netlist.Instance{{Name: "x", Module: "leaf"}, {Name: "y", Module: "leaf"}}},
		{Name: "leaf"},
		{Name: "unused"},
	}}
	got := Instances(d)
	if got["top"] != 1 || got["mid"] != 2 || got["leaf"] != 5 || got["unused"] != 0 {
		t.Errorf("Instances = %v; want top 1, mid 2, leaf 5", got)
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
