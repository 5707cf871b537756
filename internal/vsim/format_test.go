package vsim

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// These tests need no simulator: they cover the data format, the port
// binding and the cache key.

func TestStimulusFormat(t *testing.T) {
	var b bytes.Buffer
	stim := Stimulus{
		{bits.FromUint64(1, 1), bits.FromUint64(5, 0x1f), bits.MustParse("65'h1_0000_0000_0000_00ab")},
		{bits.FromUint64(1, 0), bits.FromUint64(5, 0x02), bits.New(65)},
	}
	require.NoError(t, writeStimulus(&b, stim))
	require.Equal(t, "1"+"1f"+"100000000000000ab\n"+"0"+"02"+"00000000000000000\n", b.String())
}

func TestParseTrace(t *testing.T) {
	outs := []Port{{"a", 1}, {"b", 130}, {"c", 8}}
	got, err := parseTrace([]byte("1 3ffffffffffffffffffffffffffffffff 0a\n0 000000000000000000000000000000001 FF\n"), outs, "test")
	require.NoError(t, err)
	want := Trace{
		{bits.FromUint64(1, 1), bits.Ones(130), bits.FromUint64(8, 10)},
		{bits.FromUint64(1, 0), bits.FromUint64(130, 1), bits.FromUint64(8, 255)},
	}
	require.Empty(t, Diff(outs, got, want, 0))

	for _, tc := range []struct{ trace, err string }{
		{"1 0 0a\n", `test trace cycle 0 output b: "0" has 1 hex digits, want 33 for 130 bits`},
		{"2 000000000000000000000000000000000 00\n", `test trace cycle 0 output a: "2" does not fit in 1 bits`},
		{"1 000000000000000000000000000000000 0x\n", "output c: 8'h0x has X or Z bits"},
		{"1 000000000000000000000000000000000 0g\n", `"0g" is not hexadecimal`},
		{"1 00\n", "test trace cycle 0 has 2 values for 3 outputs"},
	} {
		_, err := parseTrace([]byte(tc.trace), outs, "test")
		require.ErrorContains(t, err, tc.err, tc.trace)
	}

	got, err = parseTrace([]byte("\n\n"), nil, "test")
	require.NoError(t, err)
	require.Equal(t, Trace{{}, {}}, got, "no outputs: one empty row per cycle")
}

func TestParseHexRoundTrip(t *testing.T) {
	for _, w := range []int{1, 3, 4, 5, 31, 32, 33, 63, 64, 65, 128, 130, 300} {
		for _, v := range []bits.Value{bits.New(w), bits.Ones(w), bits.FromInt64(w, -12345), bits.FromUint64(w, 0x5a5a5a5a5a5a5a5a)} {
			got, err := parseHex(v.Hex(), w)
			require.NoError(t, err)
			require.True(t, got.Equal(v), "%d bits: got %v, want %v", w, got, v)
		}
	}
}

func TestDiff(t *testing.T) {
	outs := []Port{{"x", 4}}
	one, two := bits.FromUint64(4, 1), bits.FromUint64(4, 2)
	require.Empty(t, Diff(outs, Trace{{one}}, Trace{{one}}, 0))
	require.Equal(t, "cycle 1: x = 4'h2, want 4'h1\n", Diff(outs, Trace{{one}, {two}}, Trace{{one}, {one}}, 0))
	require.Equal(t, "got 1 cycles, want 2\ncycle 0: x = 4'h2, want 4'h1\n...\n",
		Diff(outs, Trace{{two, two}}, Trace{{one, one}, {one}}, 1))
}

func TestCheckStimulus(t *testing.T) {
	ins := []Port{{"a", 3}}
	require.NoError(t, checkStimulus(ins, Stimulus{{bits.New(3)}}))
	require.ErrorContains(t, checkStimulus(ins, Stimulus{{bits.New(3)}, {}}), "stimulus cycle 1 has 0 values for 1 inputs")
	require.ErrorContains(t, checkStimulus(ins, Stimulus{{bits.New(4)}}), "input a is 3 bits wide, got a 4-bit value")
}

func TestCName(t *testing.T) {
	for in, want := range map[string]string{
		"clk":     "clk",
		"a_b":     "a_b",
		"a__b":    "a___05Fb",
		"_x":      "_x",
		"x__":     "x___05F",
		"o$x":     "o__024x",
		"d0_q1$2": "d0_q1__0242",
	} {
		require.Equal(t, want, cName(in), in)
	}
}

// header is the port part of a Verilated model header.
const header = `
    VL_IN8(&clk,0,0);
    VL_IN8(&a___05Fb,7,0);
    VL_IN8(&__SYM__template,0,0);
    VL_OUT8(&o__024x,0,0);
    VL_IN(&i32,31,0);
    VL_IN16(&s,9,0);
    VL_INW(&w,129,0,5);
    VL_OUTW(&q,64,0,3);
    VL_OUT64(&r,63,0);
`

func TestBindPorts(t *testing.T) {
	spec := &Spec{
		Top:     "t",
		Clock:   "clk",
		Inputs:  []Port{{"a__b", 8}, {"template", 1}, {"i32", 32}, {"s", 10}, {"w", 130}},
		Outputs: []Port{{"q", 65}, {"o$x", 1}},
	}
	clock, ins, outs, err := bindPorts(spec, header)
	require.NoError(t, err)
	require.Equal(t, "clk", clock)
	var cs []string
	for _, b := range append(ins, outs...) {
		cs = append(cs, b.c)
	}
	require.Equal(t, []string{"a___05Fb", "__SYM__template", "i32", "s", "w", "q", "o__024x"}, cs)

	code := harness("t", clock, ins, outs)
	for _, line := range []string{
		"in[0] = Port{&top->a___05Fb, 8};  // a__b",
		"in[4] = Port{top->w.data(), 130};  // w",
		"out[0] = Port{top->q.data(), 65};  // q",
		"out[1] = Port{&top->o__024x, 1};  // o$x",
		"top->clk = v;",
		"const int kInputs = 5;",
	} {
		require.Contains(t, code, line)
	}

	spec.Clock = ""
	spec.Inputs = []Port{{"w", 129}, {"q", 65}}
	spec.Outputs = []Port{{"r", 64}, {"nope", 1}}
	_, _, _, err = bindPorts(spec, header)
	for _, e := range []string{
		"top module t: port w is 130 bits wide, the spec input says 129",
		"port q is an output, the spec lists it as input",
		"has no port nope (spec output)",
		"input clk is not driven",
		"input __SYM__template is not driven",
	} {
		require.ErrorContains(t, err, e)
	}
}

func TestTestbench(t *testing.T) {
	tb := testbench(&Spec{
		Top:     "demo",
		Clock:   "clk",
		Inputs:  []Port{{"a", 1}, {"b", 130}, {"c", 8}},
		Outputs: []Port{{"x", 3}, {"y", 65}},
	}, 10)
	for _, line := range []string{
		"module systole_vsim_tb;",
		"reg [143:0] vsim_stim [0:9];", // slots of 4, 132 and 8 bits
		"vsim_i0 = vsim_word[140 +: 1];",
		"vsim_i1 = vsim_word[8 +: 130];",
		"vsim_i2 = vsim_word[0 +: 8];",
		".clk(vsim_clk),",
		".y(vsim_o1)",
		`$fwrite(vsim_fd, "%h", vsim_o0);`,
		`$fwrite(vsim_fd, " %h", vsim_o1);`,
	} {
		require.Contains(t, tb, line)
	}
	require.NotContains(t, testbench(&Spec{Top: "comb", Outputs: []Port{{"x", 1}}}, 1), "vsim_stim")
}

func TestCacheKey(t *testing.T) {
	src := writeVerilog(t, "module m(input a, output y); assign y = a; endmodule\n")
	base := Spec{Top: "m", Sources: []string{src}, Inputs: []Port{{"a", 1}}, Outputs: []Port{{"y", 1}}}
	key := func(v *Verilator, spec Spec, version string) string {
		k, abs, err := v.cacheKey(spec, version)
		require.NoError(t, err)
		require.Len(t, abs, 1)
		return k
	}
	k0 := key(&Verilator{}, base, "Verilator 5.006")
	require.Equal(t, k0, key(&Verilator{Jobs: 7}, base.clone(), "Verilator 5.006"), "same inputs, same key")
	noOut := base.clone()
	noOut.Outputs = nil
	wider := base.clone()
	wider.Inputs = []Port{{"a", 2}}
	seen := map[string]string{k0: "base"}
	for name, k := range map[string]string{
		"version": key(&Verilator{}, base, "Verilator 5.008"),
		"flags":   key(&Verilator{Flags: []string{"-Wno-UNOPTFLAT"}}, base, "Verilator 5.006"),
		"outputs": key(&Verilator{}, noOut, "Verilator 5.006"),
		"width":   key(&Verilator{}, wider, "Verilator 5.006"),
		"source":  key(&Verilator{}, Spec{Top: "m", Sources: []string{writeVerilog(t, "module m(input a, output y); assign y = ~a; endmodule\n")}, Inputs: base.Inputs, Outputs: base.Outputs}, "Verilator 5.006"),
	} {
		require.NotContains(t, seen, k, "changing the %s must change the key", name)
		seen[k] = name
	}
}

func TestValidate(t *testing.T) {
	err := (&Spec{Top: "a b", Inputs: []Port{{"x", 1}, {"x", 2}}, Outputs: []Port{{`\esc`, 1}}}).Validate()
	msgs := strings.Split(err.Error(), "\n")
	require.ElementsMatch(t, []string{
		`vsim: spec: top module name "a b" is not a simple identifier`,
		"vsim: spec: no source files",
		`vsim: spec: duplicate port name "x" (input and input)`,
		`vsim: spec: output name "\\esc" is not a simple identifier`,
	}, msgs)
}

func TestReadBenchResultCPU(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		text string
		cpu  time.Duration
		ok   bool
	}{
		{"cycles 10\nns 500\nhash 0x2a\ncpu_ns 400\n", 400, true},
		{"cycles 10\nns 500\nhash 0x2a\n", 0, true}, // no thread CPU clock
		{"cycles 10\ncpu_ns 400\nhash 0x2a\n", 0, false},
		{"cycles 10\nns 500\nhash 0x2a\ncpu_ns x\n", 0, false},
	} {
		p := filepath.Join(dir, "r.txt")
		if err := os.WriteFile(p, []byte(tc.text), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := ReadBenchResult(p)
		if (err == nil) != tc.ok || (tc.ok && (r.CPU != tc.cpu || r.Cycles != 10 || r.Elapsed != 500 || r.Hash != 42)) {
			t.Errorf("%q: %+v, %v", tc.text, r, err)
		}
	}
}
