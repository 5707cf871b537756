package systolic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// floatCases are the small float cores of the default suite: every format
// in both dataflows.
func floatCases() []Config {
	var cs []Config
	for i, name := range Formats[1:] {
		for _, df := range []Dataflow{WS, OS} {
			c := Config{Rows: 2 + i%2, Cols: 3 - i%2, Dataflow: df}
			cs = append(cs, c.WithFormat(name))
		}
	}
	return cs
}

// TestFloatRandom runs random matmuls with special values through every
// format and dataflow in rtlsim, under backpressure and a reset in the
// middle of traffic, against the reference model.
func TestFloatRandom(t *testing.T) {
	for n, c := range floatCases() {
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			require.NoError(t, c.Validate())
			r := rand.New(rand.NewPCG(uint64(n), 0xf1))
			if c.Dataflow == WS {
				b := newWSBench(t, c, uint64(n))
				b.pW, b.pA, b.pC = 0.8, 0.9, 0.7
				rows := 0
				for range 4 {
					j := newWSJob(r, c, randSizes(r, 6, 3*(c.Rows+c.Cols)))
					b.run(j)
					rows += len(j.want)
					b.runFor(newWSJob(r, c, randSizes(r, 3, 10)), 5+r.IntN(40))
					b.reset()
				}
				t.Logf("%d C rows checked", rows)
				return
			}
			b := newOSBench(t, c)
			for phase := range 4 {
				ts := make([]OSTile, 12)
				for i := range ts {
					ts[i] = c.osRandTile(r, 1+r.IntN(2*c.Rows+3))
				}
				want := c.OSExpected(ts)
				b.run(r, c.osBeats(ts), 0.8, 0.7, len(want), 40*len(want)+500)
				require.Equal(t, len(want), len(b.got), "phase %d: output rows", phase)
				b.check(want, fmt.Sprintf("phase %d", phase))
				b.reset()
			}
		})
	}
}

// TestFloatReferenceSpecials checks the reference model's classes of
// results on the operands the tests draw: the tests above are only as
// good as their mix of ∞, NaN, subnormal and zero sums.
func TestFloatReferenceSpecials(t *testing.T) {
	for _, name := range Formats[1:] {
		c := Config{Rows: 4, Cols: 4, Dataflow: WS}.WithFormat(name)
		r := rand.New(rand.NewPCG(9, 9))
		classes := map[string]int{}
		for range 200 {
			a, b := randMatrix(r, c, 4, 4), randMatrix(r, c, 4, 4)
			for _, row := range c.MatMul(a, b) {
				for _, v := range row {
					classes[fp.Class(uint32(v))]++
				}
			}
		}
		t.Logf("%s: %v", name, classes)
		want := []string{"nan", "normal", "zero"}
		if f, _ := c.Float(); !f.FiniteOnly {
			want = append(want, "inf") // E4M3 has no ∞, and its sums never overflow
		}
		if name == "bf16" {
			want = append(want, "subnormal") // only bf16 products reach fp32's subnormals
		}
		for _, k := range want {
			require.Greater(t, classes[k], 0, "%s: %s sums", name, k)
		}
	}
}

// TestFloatVerilog replays random float traffic on the emitted Verilog
// under Verilator and Icarus, and requires rtlsim's outputs (checked
// against the reference model) on every cycle: rtlsim, Verilator, Icarus
// and the Go reference agree bit for bit. The default suite runs one
// format per dataflow; SYSTOLE_LONG=1 runs all of them.
func TestFloatVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	cases := []Config{
		Config{Rows: 3, Cols: 2, Dataflow: WS}.WithFormat("bf16"),
		Config{Rows: 2, Cols: 2, Dataflow: OS}.WithFormat("fp8e4m3"),
	}
	if tooltest.Long() {
		cases = floatCases()
	}
	for n, c := range cases {
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(n), 0xf2))
			var spec vsim.Spec
			var stim vsim.Stimulus
			var trace vsim.Trace
			if c.Dataflow == WS {
				b := newWSBench(t, c, uint64(n))
				b.record = true
				b.reset()
				b.pW, b.pA, b.pC = 0.7, 0.8, 0.6
				b.run(newWSJob(r, c, []int{1, 9, 3, 20}))
				b.runFor(newWSJob(r, c, []int{5, 5}), 17)
				b.reset()
				b.pW, b.pA, b.pC = 1, 1, 1
				b.run(newWSJob(r, c, []int{12, 1, 12}))
				spec, stim, trace = replaySpec(t, wsCore(c), b.sim), b.stim, b.trace
			} else {
				b := newOSBench(t, c)
				b.rec = true
				b.reset()
				for phase := range 2 {
					ts := make([]OSTile, 8)
					for i := range ts {
						ts[i] = c.osRandTile(r, 1+r.IntN(2*c.Rows+2))
					}
					want := c.OSExpected(ts)
					b.run(r, c.osBeats(ts), 0.7, 0.6, len(want)/(1+phase), 4000)
					b.check(want, fmt.Sprintf("phase %d", phase))
					b.reset()
				}
				spec, stim, trace = replaySpec(t, osCore(c), b.sim), b.stim, b.trace
			}
			ctx := context.Background()
			model, err := (&vsim.Verilator{}).Build(ctx, spec)
			require.NoError(t, err)
			got, err := model.Run(ctx, stim)
			require.NoError(t, err)
			// Cycle 0 shows the state before the first reset.
			require.Empty(t, vsim.Diff(spec.Outputs, got[1:], trace[1:], 10), "Verilator vs rtlsim")
			got, err = vsim.RunIcarus(ctx, spec, stim)
			require.NoError(t, err)
			require.Empty(t, vsim.Diff(spec.Outputs, got[1:], trace[1:], 10), "Icarus vs rtlsim")
		})
	}
}

// TestFloatLint runs the emitted Verilog of every format in both
// dataflows through Verilator's linter, and the first of them (all with
// SYSTOLE_LONG=1; none with -short) through Yosys's synthesis check, which
// takes tens of seconds per float core.
func TestFloatLint(t *testing.T) {
	lintCores(t, floatCases(), func(i int) bool {
		return tooltest.Long() || i == 0 && !testing.Short()
	})
}

// lintCores runs the emitted Verilog of cfgs through Verilator's linter,
// and those for which synth(i) says so through Yosys's synthesis check.
func lintCores(t *testing.T, cfgs []Config, synth func(i int) bool) {
	dir := t.TempDir()
	for _, c := range cfgs {
		v, err := emit.Verilog(elabOrFail(t, c))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, c.TopName()+".v"), v, 0o644))
	}
	for _, tool := range lint.Tools {
		if tool.Name != "verilator" && tool.Name != "yosys" {
			continue
		}
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			for i, c := range cfgs {
				if tool.Name == "yosys" && !synth(i) {
					continue
				}
				t.Run(c.TopName(), func(t *testing.T) {
					t.Parallel()
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
					defer cancel()
					require.NoError(t, tool.Run(ctx, dir, c.TopName(), c.TopName()+".v"))
				})
			}
		})
	}
}

func TestFloatConfig(t *testing.T) {
	c := Config{Rows: 16, Cols: 16, Dataflow: WS}.WithFormat("bf16")
	require.NoError(t, c.Validate())
	require.Equal(t, "systolic_ws_16x16_bf16", c.TopName())
	require.Equal(t, 16, c.InWidth)
	require.Equal(t, 32, c.AccWidth)
	o := Config{Rows: 8, Cols: 8, Dataflow: OS}.WithFormat("fp8e4m3")
	require.Equal(t, "systolic_os_8x8_fp8e4m3", o.TopName())
	require.Equal(t, 8, o.InWidth)

	bad := c
	bad.InWidth, bad.AccWidth, bad.Signed = 8, 40, true
	err := bad.Validate()
	for _, want := range []string{"in_width 8: format bf16 has 16-bit operands", "acc_width 40: format bf16 accumulates in fp32", "signed: format bf16"} {
		require.ErrorContains(t, err, want)
	}
	bad = Default()
	bad.Format = "fp4"
	require.ErrorContains(t, bad.Validate(), `format "fp4": want one of int, fp8e4m3, fp8e5m2, bf16, fp16`)
	// int is the default and changes nothing.
	i := Default()
	i.Format = Int
	require.NoError(t, i.Validate())
	require.Equal(t, Default().TopName(), i.TopName())
}

func TestFloatManifestAndHeader(t *testing.T) {
	c := Config{Rows: 4, Cols: 2, Dataflow: OS}.WithFormat("fp8e5m2")
	g, err := New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	m := c.Manifest(d)
	require.Equal(t, "systolic_os_4x2_fp8e5m2", m.Top)
	require.Equal(t, "fp8e5m2", m.Params.Format)
	require.Equal(t, c.OSLatency(4), m.Timing.LatencyCycles) // the integer core's timing
	ports := map[string]Port{}
	for _, p := range m.Ports {
		ports[p.Name] = p
	}
	require.Equal(t, Port{Name: "in_a", Dir: "input", Width: 32}, ports["in_a"])
	require.Equal(t, Port{Name: "c_data", Dir: "output", Width: 64}, ports["c_data"])
	require.Contains(t, string(m.JSON()), `"format": "fp8e5m2"`)
	require.Contains(t, string(m.CHeader()), "#define SYSTOLIC_OS_4X2_FP8E5M2_FORMAT \"fp8e5m2\"")
	require.Zero(t, m.Exactness.MinExactAccWidth)
	require.False(t, m.Exactness.CanWrap)
	require.Empty(t, c.WrapWarning())
	// Integer manifests and headers are as they were: no format.
	i := Default()
	im := i.Manifest(elabOrFail(t, i))
	require.NotContains(t, string(im.JSON()), `"format"`)
	require.NotContains(t, string(im.CHeader()), "FORMAT")
}

func elabOrFail(t *testing.T, c Config) *netlist.Design {
	t.Helper()
	g, err := New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	return d
}

// TestFloatWorkedExample runs the README's worked example and rows with
// special sums through a bf16 ws core (3 rows, one column) and a bf16 os
// core (one PE, K = 3), with the results written out: the hardware, not
// only the reference, gives them.
func TestFloatWorkedExample(t *testing.T) {
	const one = 0x3F80
	b := [][]int64{{one}, {one}, {one}}
	a := [][]int64{
		{0x4B80, one, 0xCB80},    // 2^24, 1, -2^24: (2^24 + 1 = 2^24) - 2^24 = +0
		{0x0001, 0x0001, 0x0001}, // three 2^-133: the fp32 subnormal 3 * 2^-133
		{0x8000, 0x8000, 0x8000}, // -0 products: +0 + -0 = +0
		{0x7F80, 0xFF80, one},    // ∞ - ∞: the canonical NaN
		{0x4B80, 0x4B80, 0xCB80}, // 2^24 + 2^24 - 2^24 = 2^24 exactly
	}
	want := []uint64{0x00000000, 0x00030000, 0x00000000, 0x7FC00000, 0x4B800000}

	ws := Config{Rows: 3, Cols: 1, Dataflow: WS}.WithFormat("bf16")
	var j wsJob
	for _, row := range b {
		j.w = append(j.w, Pack(row, ws.InWidth))
	}
	for i, row := range a {
		j.a = append(j.a, Pack(row, ws.InWidth))
		j.last = append(j.last, i == len(a)-1)
	}
	j.want = ws.WSExpected([][][]int64{b}, [][][]int64{a})
	for i, r := range j.want {
		require.Equal(t, want[i], r.Data[0], "reference, row %d", i)
	}
	wb := newWSBench(t, ws, 1)
	wb.run(j)

	os := Config{Rows: 1, Cols: 1, Dataflow: OS}.WithFormat("bf16")
	var tiles []OSTile
	for _, row := range a {
		tiles = append(tiles, OSTile{A: [][]int64{row}, B: b})
	}
	exp := os.OSExpected(tiles)
	for i, r := range exp {
		require.Equal(t, want[i], r.Data[0], "os reference, tile %d", i)
	}
	ob := newOSBench(t, os)
	ob.run(rand.New(rand.NewPCG(1, 2)), os.osBeats(tiles), 1, 1, len(exp), 500)
	ob.check(exp, "worked example")
	require.Len(t, ob.got, len(exp))
}

// Every module of a float core, its datapath included, is named after the
// top, so two cores live in one design.
func TestFloatModuleNames(t *testing.T) {
	a := elabOrFail(t, Config{Rows: 2, Cols: 2, Dataflow: WS}.WithFormat("bf16"))
	b := elabOrFail(t, Config{Rows: 2, Cols: 2, Dataflow: WS, Top: "other"}.WithFormat("bf16"))
	names := map[string]bool{}
	for _, m := range a.Modules {
		require.True(t, strings.HasPrefix(m.Name, "systolic_ws_2x2_bf16"), m.Name)
		names[m.Name] = true
	}
	for _, m := range b.Modules {
		require.False(t, names[m.Name], "module %s in both cores", m.Name)
	}
	require.Contains(t, names, "systolic_ws_2x2_bf16_fp_mul_bf16")
	require.Contains(t, names, "systolic_ws_2x2_bf16_fp_add_fp32")
}
