package vsim

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// requireTool returns the path of tool, skipping the test when it is not
// installed, or failing it when SYSTOLE_REQUIRE_TOOLS=1 (as CI sets).
func requireTool(t testing.TB, tool string) string {
	t.Helper()
	return tooltest.Require(t, tool)
}

// demoSpec describes testdata/demo.v.
var demoSpec = Spec{
	Top:     "demo",
	Sources: []string{"testdata/demo.v"},
	Clock:   "clk",
	Inputs: []Port{
		{"rst", 1}, {"en", 1}, {"step", 8}, {"a", 130}, {"b", 130},
		{"bit1", 1}, {"w64", 64}, {"w65", 65},
	},
	Outputs: []Port{
		{"count", 16}, {"sum", 130}, {"mix", 130}, {"nbit", 1}, {"q64", 64}, {"q65", 65},
	},
}

// demoModel is the Go model of testdata/demo.v under the protocol of Spec.
func demoModel(stim Stimulus) Trace {
	var cnt uint16
	var r64 uint64
	trace := make(Trace, len(stim))
	for c, in := range stim {
		rst, en, step, a, b := in[0].Uint64(), in[1].Uint64(), in[2].Uint64(), in[3].Big(), in[4].Big()
		bit1, w64, w65 := in[5].Uint64(), in[6].Big(), in[7].Big()
		cat := new(big.Int).Lsh(w65, 65)
		cat.Or(cat, new(big.Int).Lsh(w64, 1))
		cat.Or(cat, new(big.Int).SetUint64(bit1))
		trace[c] = []bits.Value{
			bits.FromUint64(16, uint64(cnt)),
			bits.FromBig(130, new(big.Int).Add(a, b)),
			bits.FromBig(130, new(big.Int).Xor(new(big.Int).Xor(a, b), cat)),
			bits.FromUint64(1, ^bit1^uint64(cnt)),
			bits.FromUint64(64, r64),
			bits.FromBig(65, new(big.Int).Add(w65, w64)),
		}
		r64 = in[6].Uint64() ^ uint64(cnt)
		switch {
		case rst == 1:
			cnt = 0
		case en == 1:
			cnt += uint16(step)
		}
	}
	return trace
}

// randomValue returns a random width-bit value; one in eight is all ones,
// so adders see long carries.
func randomValue(r *rand.Rand, width int) bits.Value {
	if r.IntN(8) == 0 {
		return bits.Ones(width)
	}
	words := make([]uint64, bits.Words(width))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(width, words)
}

// demoStimulus is a random stimulus for demo: reset in the first cycle and
// now and then, enabled most of the time.
func demoStimulus(seed uint64, cycles int) Stimulus {
	r := rand.New(rand.NewPCG(seed, 1))
	stim := make(Stimulus, cycles)
	for c := range stim {
		row := make([]bits.Value, len(demoSpec.Inputs))
		for i, p := range demoSpec.Inputs {
			row[i] = randomValue(r, p.Width)
		}
		row[0] = bits.FromUint64(1, b2u(c == 0 || r.IntN(32) == 0))
		row[1] = bits.FromUint64(1, b2u(r.IntN(4) != 0))
		stim[c] = row
	}
	return stim
}

func logTime(t *testing.T, what string, start time.Time) { t.Logf("%s: %v", what, time.Since(start)) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func TestDemo(t *testing.T) {
	stim := demoStimulus(42, 2000)
	want := demoModel(stim)
	for _, tc := range []struct {
		name string
		run  func(t *testing.T) (Trace, error)
	}{
		{"verilator", func(t *testing.T) (Trace, error) {
			v := &Verilator{Path: requireTool(t, "verilator")}
			start := time.Now()
			m, err := v.Build(t.Context(), demoSpec)
			require.NoError(t, err)
			t.Logf("build: %v (built: %v)", time.Since(start), m.Built)
			defer logTime(t, "run", time.Now())
			return m.Run(t.Context(), stim)
		}},
		{"icarus", func(t *testing.T) (Trace, error) {
			ic := &Icarus{Iverilog: requireTool(t, "iverilog"), VVP: requireTool(t, "vvp")}
			defer logTime(t, "compile and run", time.Now())
			return ic.Run(t.Context(), demoSpec, stim)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := tc.run(t)
			require.NoError(t, err)
			require.Empty(t, Diff(demoSpec.Outputs, got, want, 10))
		})
	}
}

func TestVerilatorCache(t *testing.T) {
	requireTool(t, "verilator")
	dir := t.TempDir()
	spec := Spec{
		Top:     "inv",
		Sources: []string{writeVerilog(t, "module inv(input [2:0] a, output [2:0] y); assign y = ~a; endmodule\n")},
		Inputs:  []Port{{"a", 3}},
		Outputs: []Port{{"y", 3}},
	}
	// Two concurrent builds of one new model: one builds, one waits for it.
	start := time.Now()
	var models [2]*Model
	var errs [2]error
	var wg sync.WaitGroup
	for i := range models {
		wg.Go(func() { models[i], errs[i] = (&Verilator{CacheDir: dir}).Build(t.Context(), spec) })
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs[:]...))
	t.Logf("build with a new cache: %v", time.Since(start))
	require.NotEqual(t, models[0].Built, models[1].Built, "exactly one of two concurrent builds compiles")
	first := models[0]
	before, err := os.Stat(first.Path)
	require.NoError(t, err)

	second, err := (&Verilator{CacheDir: dir}).Build(t.Context(), spec)
	require.NoError(t, err)
	require.False(t, second.Built, "second build must come from the cache")
	require.Equal(t, first.Path, second.Path)
	after, err := os.Stat(second.Path)
	require.NoError(t, err)
	require.Equal(t, before.ModTime(), after.ModTime())

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, strings.SplitN(e.Name(), "-", 2)[0])
	}
	require.ElementsMatch(t, []string{filepath.Base(filepath.Dir(first.Path)), "runtime"}, names,
		"the model and the runtime objects remain, no build directories")

	got, err := second.Run(t.Context(), Stimulus{{bits.FromUint64(3, 5)}, {bits.FromUint64(3, 0)}})
	require.NoError(t, err)
	require.Empty(t, Diff(spec.Outputs, got, Trace{{bits.FromUint64(3, 2)}, {bits.FromUint64(3, 7)}}, 0))

	other := spec
	other.Outputs = nil
	start = time.Now()
	third, err := (&Verilator{CacheDir: dir}).Build(t.Context(), other)
	require.NoError(t, err)
	t.Logf("build with cached runtime objects: %v", time.Since(start))
	require.True(t, third.Built, "a different spec is a different model")
}

func TestBuildErrors(t *testing.T) {
	requireTool(t, "verilator")
	requireTool(t, "iverilog")
	src := writeVerilog(t, "module inv(input clk, input [2:0] a, output [2:0] y); assign y = ~a; endmodule\n")
	bad := writeVerilog(t, "module inv(input a; endmodule\n")
	for _, tc := range []struct {
		name   string
		spec   Spec
		errors []string // each must appear in the Verilator error
	}{
		{"syntax", Spec{Top: "inv", Sources: []string{bad}},
			[]string{"verilator --cc", "syntax error"}},
		{"ports", Spec{Top: "inv", Sources: []string{src}, Inputs: []Port{{"a", 4}, {"b", 1}}, Outputs: []Port{{"a2", 3}}},
			[]string{"port a is 3 bits wide, the spec input says 4", "no port b", "no port a2", "input clk is not driven"}},
		{"direction", Spec{Top: "inv", Sources: []string{src}, Clock: "clk", Inputs: []Port{{"y", 3}}, Outputs: []Port{{"a", 3}}},
			[]string{"port y is an output, the spec lists it as input", "port a is an input, the spec lists it as output"}},
		{"spec", Spec{Top: "inv", Sources: []string{src}, Clock: "a", Inputs: []Port{{"a", 3}, {"2x", 0}}},
			[]string{`duplicate port name "a" (clock and input)`, `"2x" is not a simple identifier`, "width 0"}},
		{"missing source", Spec{Top: "inv", Sources: []string{filepath.Join(t.TempDir(), "nope.v")}},
			[]string{"nope.v"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := (&Verilator{CacheDir: t.TempDir()}).Build(t.Context(), tc.spec)
			require.Error(t, err)
			for _, e := range tc.errors {
				require.ErrorContains(t, err, e)
			}
		})
	}
	t.Run("icarus syntax", func(t *testing.T) {
		_, err := RunIcarus(t.Context(), Spec{Top: "inv", Sources: []string{bad}}, Stimulus{{}})
		var te *ToolError
		require.ErrorAs(t, err, &te)
		require.Contains(t, te.Cmd[0], "iverilog")
		require.ErrorContains(t, err, "syntax error")
	})
}

func TestIcarusX(t *testing.T) {
	requireTool(t, "iverilog")
	src := writeVerilog(t, "module ux(input clk, output [5:0] y); reg [5:0] r; always @(posedge clk) r <= r + 6'd1; assign y = r; endmodule\n")
	_, err := RunIcarus(t.Context(), Spec{Top: "ux", Sources: []string{src}, Clock: "clk", Outputs: []Port{{"y", 6}}}, Stimulus{{}, {}})
	require.ErrorContains(t, err, "icarus trace cycle 0 output y: 6'hxx has X or Z bits")
}

func TestFinishEarly(t *testing.T) {
	src := writeVerilog(t, "module fin(input clk, output y); assign y = 1'b1; always @(posedge clk) $finish; endmodule\n")
	spec := Spec{Top: "fin", Sources: []string{src}, Clock: "clk", Outputs: []Port{{"y", 1}}}
	t.Run("verilator", func(t *testing.T) {
		requireTool(t, "verilator")
		m, err := (&Verilator{}).Build(t.Context(), spec)
		require.NoError(t, err)
		_, err = m.Run(t.Context(), Stimulus{{}, {}, {}})
		require.ErrorContains(t, err, "verilator trace has 1 cycles, the stimulus 3")
	})
	t.Run("icarus", func(t *testing.T) {
		requireTool(t, "iverilog")
		_, err := RunIcarus(t.Context(), spec, Stimulus{{}, {}, {}})
		require.ErrorContains(t, err, "icarus trace has 1 cycles, the stimulus 3")
	})
}

func TestBuildCancel(t *testing.T) {
	requireTool(t, "verilator")
	spec := demoSpec
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := (&Verilator{CacheDir: t.TempDir()}).Build(ctx, spec)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	// The compilers make started die with it: no waiting for their pipes.
	require.Less(t, time.Since(start), 3*time.Second)
}

// TestManyPorts runs a top of 200 submodule instances, 1001 ports in all,
// of widths from 1 to 300 bits.
func TestManyPorts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large model")
	}
	const n = 200
	widths := []int{1, 7, 33, 64, 65, 300}
	var v strings.Builder
	v.WriteString("module part #(parameter W = 1) (input clk, input [W-1:0] d, input [W-1:0] e, output [W-1:0] q, output [W-1:0] x, output p);\n")
	v.WriteString("  reg [W-1:0] r;\n  initial r = {W{1'b0}};\n  always @(posedge clk) r <= d;\n")
	v.WriteString("  assign q = r;\n  assign x = d ^ e;\n  assign p = ^r;\nendmodule\n")
	spec := Spec{Top: "many", Clock: "clk"}
	var ports, body []string
	for i := range n {
		w := widths[i%len(widths)]
		spec.Inputs = append(spec.Inputs, Port{fmt.Sprintf("d%d", i), w}, Port{fmt.Sprintf("e%d", i), w})
		spec.Outputs = append(spec.Outputs, Port{fmt.Sprintf("q%d", i), w}, Port{fmt.Sprintf("x%d", i), w}, Port{fmt.Sprintf("p%d", i), 1})
		ports = append(ports, fmt.Sprintf("input [%d:0] d%d, e%d, output [%d:0] q%d, x%d, output p%d", w-1, i, i, w-1, i, i, i))
		body = append(body, fmt.Sprintf("  part #(%d) c%d (clk, d%d, e%d, q%d, x%d, p%d);", w, i, i, i, i, i, i))
	}
	fmt.Fprintf(&v, "module many(input clk,\n  %s);\n%s\nendmodule\n", strings.Join(ports, ",\n  "), strings.Join(body, "\n"))
	spec.Sources = []string{writeVerilog(t, v.String())}

	r := rand.New(rand.NewPCG(7, 7))
	stim := make(Stimulus, 50)
	want := make(Trace, len(stim))
	for c := range stim {
		for _, p := range spec.Inputs {
			stim[c] = append(stim[c], randomValue(r, p.Width))
		}
		for i := range n {
			w := spec.Inputs[2*i].Width
			q := bits.New(w)
			if c > 0 {
				q = stim[c-1][2*i]
			}
			x := bits.FromBig(w, new(big.Int).Xor(stim[c][2*i].Big(), stim[c][2*i+1].Big()))
			parity := uint64(0)
			for b := range w {
				parity ^= uint64(q.Bit(b))
			}
			want[c] = append(want[c], q, x, bits.FromUint64(1, parity))
		}
	}
	t.Run("verilator", func(t *testing.T) {
		t.Parallel()
		requireTool(t, "verilator")
		start := time.Now()
		m, err := (&Verilator{}).Build(t.Context(), spec)
		require.NoError(t, err)
		t.Logf("build: %v (built: %v)", time.Since(start), m.Built)
		start = time.Now()
		got, err := m.Run(t.Context(), stim)
		require.NoError(t, err)
		t.Logf("run: %v", time.Since(start))
		require.Empty(t, Diff(spec.Outputs, got, want, 10))
	})
	t.Run("icarus", func(t *testing.T) {
		t.Parallel()
		requireTool(t, "iverilog")
		start := time.Now()
		got, err := RunIcarus(t.Context(), spec, stim)
		require.NoError(t, err)
		t.Logf("compile and run: %v", time.Since(start))
		require.Empty(t, Diff(spec.Outputs, got, want, 10))
	})
}

// writeVerilog writes src to a new file and returns its path.
func writeVerilog(t *testing.T, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "design.v")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

func TestToolErrorUnwrap(t *testing.T) {
	err := error(&ToolError{Cmd: []string{"x"}, Err: context.Canceled})
	require.ErrorIs(t, err, context.Canceled)
}
