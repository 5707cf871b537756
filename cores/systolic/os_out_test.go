package systolic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// osOutConfigs are os cores with output stages: every option alone and
// together, integer (signed and unsigned, narrow and wide) and float.
var osOutConfigs = []Config{
	{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 20, Bias: true},
	{Rows: 1, Cols: 3, InWidth: 4, AccWidth: 9, ReLU: true},
	{Rows: 3, Cols: 2, InWidth: 8, Signed: true, AccWidth: 18, ReLU: true, OutWidth: 8},
	{Rows: 2, Cols: 3, InWidth: 4, AccWidth: 12, Bias: true, ReLU: true, OutWidth: 5},
	{Rows: 4, Cols: 1, InWidth: 2, Signed: true, AccWidth: 5, Bias: true, OutWidth: 3},
	{Rows: 2, Cols: 2, InWidth: 16, Signed: true, AccWidth: 64, Bias: true, ReLU: true, OutWidth: 16},
	Config{Rows: 2, Cols: 2, Bias: true}.WithFormat("bf16"),
	Config{Rows: 2, Cols: 3, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("fp8e5m2"),
	Config{Rows: 3, Cols: 2, Bias: true, ReLU: true, OutFormat: "bf16"}.WithFormat("fp16"),
	Config{Rows: 1, Cols: 1, Bias: true, OutFormat: "fp16"}.WithFormat("fp8e4m3"),
	Config{Rows: 3, Cols: 2, OutFormat: "bf16"}.WithFormat("fp8e5m2"), // nothing per tile
}

// Random tiles of random depth with random settings (bias vectors, in_relu,
// in_shift), random gaps on both input streams and c_ready backpressure,
// a reset in the middle of traffic: every output beat matches
// OSExpected.
func TestOSOutRandom(t *testing.T) {
	for n, c := range osOutConfigs {
		c.Dataflow = OS
		t.Run(c.TopName(), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(n), 0x0a7))
			b := newOSBench(t, c)
			b.probe = true
			b.randomPhases(r, 6, 12, []float64{0.2, 0.7, 1}, 3)
		})
	}
}

// The ports: the bias stream and the sidebands exist only with their
// options, and c_data is Cols × OutElemWidth bits.
func TestOSOutPorts(t *testing.T) {
	for _, tc := range []struct {
		c    Config
		want map[string]int // absent from want: must not exist
	}{
		{Config{Rows: 2, Cols: 3, InWidth: 8, Signed: true, AccWidth: 32},
			map[string]int{"c_data": 96}},
		{Config{Rows: 2, Cols: 3, InWidth: 8, Signed: true, AccWidth: 32, Bias: true, ReLU: true, OutWidth: 8},
			map[string]int{"c_data": 24, "bias_valid": 1, "bias_ready": 1, "bias_data": 96, "in_relu": 1, "in_shift": 5}},
		{Config{Rows: 2, Cols: 3, InWidth: 8, AccWidth: 40, OutWidth: 40},
			map[string]int{"c_data": 120, "in_shift": 6}},
		{Config{Rows: 2, Cols: 3, ReLU: true, OutFormat: "fp8e5m2"}.WithFormat("bf16"),
			map[string]int{"c_data": 24, "in_relu": 1}},
		{Config{Rows: 2, Cols: 3, Bias: true}.WithFormat("fp16"),
			map[string]int{"c_data": 96, "bias_valid": 1, "bias_ready": 1, "bias_data": 96}},
	} {
		c := tc.c
		c.Dataflow = OS
		d, err := elaborate.Elaborate(osCore(c))
		require.NoError(t, err)
		got := map[string]int{}
		for _, p := range c.Manifest(d).Ports {
			got[p.Name] = p.Width
		}
		for _, name := range []string{"c_data", "bias_valid", "bias_ready", "bias_data", "in_relu", "in_shift"} {
			w, ok := tc.want[name]
			if !ok {
				require.NotContains(t, got, name, "%s", c.TopName())
				continue
			}
			require.Equal(t, w, got[name], "%s: %s", c.TopName(), name)
		}
	}
}

// Integer and float 2x2 cores with bias, ReLU and conversion: the emitted
// Verilog under Verilator and Icarus gives rtlsim's outputs (checked
// against OSExpected) on every cycle, and passes Verilator's lint.
func TestOSOutVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	for n, c := range []Config{
		{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 20, Bias: true, ReLU: true, OutWidth: 8},
		Config{Rows: 2, Cols: 2, Bias: true, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16"),
	} {
		c.Dataflow = OS
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(n), 0x7e0))
			b := newOSBench(t, c)
			b.rec = true
			b.reset()
			for phase := range 3 {
				ts := make([]OSTile, 10)
				for i := range ts {
					ts[i] = c.osRandTile(r, 1+r.IntN(2*c.Rows+2))
				}
				want := c.OSExpected(ts)
				b.runTiles(r, ts, 0.7, 0.6, len(want)/(1+phase%2), 5000)
				b.check(want, fmt.Sprintf("phase %d", phase))
				b.reset()
			}
			replayBoth(t, replaySpec(t, osCore(c), b.sim), b.stim, b.trace)

			d, err := elaborate.Elaborate(osCore(c))
			require.NoError(t, err)
			v, err := emit.Verilog(d)
			require.NoError(t, err)
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, d.Top+".v"), v, 0o644))
			for _, tool := range lint.Tools {
				if tool.Name == "verilator" {
					require.NoError(t, tool.Run(context.Background(), dir, d.Top, d.Top+".v"))
				}
			}
		})
	}
}

// The manifest and C header of an os core with an output stage: its
// parameters, the latency with the stage's registers, formulas with the
// constant.
func TestOSOutManifest(t *testing.T) {
	c := Config{Rows: 4, Cols: 2, Dataflow: OS, Bias: true, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16")
	d, err := elaborate.Elaborate(osCore(c))
	require.NoError(t, err)
	m := c.Manifest(d)
	require.Equal(t, Params{Rows: 4, Cols: 2, InWidth: 16, AccWidth: 32, Dataflow: "os", Format: "bf16", Bias: true, ReLU: true, OutFormat: "fp8e4m3"}, m.Params)
	require.Equal(t, 4+4+2+5, m.Timing.LatencyCycles)
	require.Contains(t, m.Timing.Latency, "K + rows + cols + 5 ")
	require.Contains(t, m.Timing.Cycles, "= T * K + 2 * rows + cols + 5 when K >= rows")
	h := string(m.CHeader())
	for _, want := range []string{"_BIAS 1 ", "_RELU 1 ", `_OUT_FORMAT "fp8e4m3"`, "_C_DATA_WIDTH 16\n", "_BIAS_DATA_WIDTH 64\n", "_IN_RELU_WIDTH 1\n"} {
		require.Contains(t, h, want)
	}
	require.NotContains(t, h, "OUT_WIDTH ")
	// The tile queue's memory (bias and relu per tile) is replaceable,
	// beside the output FIFO's.
	var mems []string
	for _, mem := range m.Memories {
		mems = append(mems, fmt.Sprintf("%dx%d %v", mem.Depth, mem.Width, mem.Instances))
	}
	require.Equal(t, []string{
		fmt.Sprintf("%dx%d [tile_queue.mem]", c.tileQueueDepth(), 2*32+1),
		fmt.Sprintf("%dx%d [out_fifo.mem]", c.osDepth(), 2*8),
	}, mems)

	i := Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 24, Dataflow: OS, OutWidth: 8}
	d, err = elaborate.Elaborate(osCore(i))
	require.NoError(t, err)
	m = i.Manifest(d)
	require.Equal(t, 8, m.Params.OutWidth)
	require.False(t, m.Params.Bias || m.Params.ReLU)
	require.Equal(t, 2+2+2+4, m.Timing.LatencyCycles)
	require.Contains(t, string(m.CHeader()), "_OUT_WIDTH 8 ")
	require.Contains(t, string(m.JSON()), `"out_width": 8`)
	require.NotContains(t, string(m.JSON()), `"bias"`)
}
