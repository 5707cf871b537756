package netlist_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/netlist"
)

// doubling is a netlist of levels modules, each instantiating the one
// below twice: 2^levels leaf instances from a few KB of text.
func doubling(levels int) string {
	var b strings.Builder
	b.WriteString("design m0\n\nmodule m" + fmt.Sprint(levels) + " {\n  input a: 8\n  output y: 8\n  cell y = not(a)\n}\n")
	for i := levels - 1; i >= 0; i-- {
		fmt.Fprintf(&b, "\nmodule m%d {\n  input a: 8\n  output y: 8\n  wire t: 8\n", i)
		fmt.Fprintf(&b, "  inst u0: m%d(a = a, y = t)\n  inst u1: m%d(a = t, y = y)\n}\n", i+1, i+1)
	}
	return b.String()
}

func TestLimits(t *testing.T) {
	wide := func(n int) string {
		var b strings.Builder
		b.WriteString("design top\n\nmodule top {\n  input a: 16777216\n  output y: 16777216\n")
		for i := range n {
			fmt.Fprintf(&b, "  wire w%d: 16777216\n  cell w%d = not(a)\n", i, i)
		}
		b.WriteString("  cell y = not(a)\n}\n")
		return b.String()
	}
	for _, tc := range []struct {
		name, text, want string
	}{
		{"instances", doubling(21), `design m0 flattened: \d+ instances, over the instances limit of 1048576 \(raise it with SYSTOLE_LIMIT_INSTANCES=N`},
		{"endless", doubling(80), `design m0 flattened: more nets than the nets limit`},
		{"memory depth", "design top\n\nmodule top {\n  clock clk\n  input clk: 1\n  input a: 31\n  output y: 64\n  mem m: 64 depth 2147483647 {\n    read y = [a]\n  }\n}\n",
			`x.net:8:3: module top: m: depth: 2147483647 words, over the mem_depth limit of 16777216`},
		{"bits", wide(400), `the modules of design top: 6744440832 bits, over the bits limit of 1073741824`},
		{"width", "design top\n\nmodule top {\n  input a: 16777217\n  output y: 1\n  cell y = const 1'b0\n}\n", `wider than the widest supported, 16777216 bits`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := netlist.Parse("x.net", tc.text)
			if err == nil {
				t.Fatalf("Parse accepted a design over a limit")
			}
			if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error %q\ndoes not match %q", err, tc.want)
			}
		})
	}
	// Under the limits: 19 levels, half a million leaves, counted without
	// flattening.
	d, err := netlist.Parse("x.net", doubling(19))
	if err != nil {
		t.Fatal(err)
	}
	s := netlist.SizeOf(d)
	if s.Instances != 1<<20-2 || s.Depth != 19 || s.Cells != 1<<19 {
		t.Errorf("SizeOf = %+v, want 1048574 instances, depth 19, 524288 cells", s)
	}
}
