package systolic_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// The systolic property, measured on the netlist: the longest
// combinational path does not grow with the array, and every signal that
// leaves a PE comes straight from a register.
func TestLongestPathConstant(t *testing.T) {
	for _, tc := range []struct {
		df     systolic.Dataflow
		format string
	}{{systolic.WS, systolic.Int}, {systolic.OS, systolic.Int}, {systolic.WS, "bf16"}, {systolic.OS, "bf16"}, {systolic.WS, "fp8e4m3"}} {
		df := tc.df
		t.Run(string(df)+"_"+tc.format, func(t *testing.T) {
			var levels []int
			for _, n := range []int{4, 16, 32} {
				c := systolic.Default().WithFormat(tc.format)
				c.Rows, c.Cols, c.Dataflow = n, n, df
				g, err := systolic.New(c)
				require.NoError(t, err)
				d, err := elaborate.Elaborate(g)
				require.NoError(t, err)
				r, err := netlist.LongestPath(d)
				require.NoError(t, err)
				t.Logf("%dx%d: %v", n, n, r)
				levels = append(levels, r.Levels)
				pes := 0
				for _, m := range d.Modules {
					if strings.Contains(m.Name, "pe") {
						pes++
						require.Empty(t, netlist.UnregisteredOutputs(d, m), "module %s", m.Name)
					}
				}
				require.NotZero(t, pes, "no PE module found")
			}
			require.Equal(t, levels[0], levels[1], "4x4 and 16x16 differ")
			require.Equal(t, levels[0], levels[2], "4x4 and 32x32 differ")
		})
	}
}

func TestNewValidates(t *testing.T) {
	_, err := systolic.New(systolic.Config{Rows: 0, Cols: 300, InWidth: 1, AccWidth: 1, Dataflow: "xs", Top: "9bad"})
	require.Error(t, err)
	for _, want := range []string{"rows 0", "cols 300", "in_width 1", "acc_width 1", `dataflow "xs"`, `top "9bad"`} {
		require.ErrorContains(t, err, want)
	}
}

func TestManifestAndHeader(t *testing.T) {
	c := systolic.Default()
	g, err := systolic.New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	m := c.Manifest(d)
	require.Equal(t, "systolic_ws_16x16_i8_a32", m.Top)
	require.Equal(t, 34, m.Timing.LatencyCycles)
	ports := map[string]systolic.Port{}
	for _, p := range m.Ports {
		ports[p.Name] = p
	}
	require.Equal(t, systolic.Port{Name: "a_data", Dir: "input", Width: 128}, ports["a_data"])
	require.Equal(t, systolic.Port{Name: "c_data", Dir: "output", Width: 512}, ports["c_data"])
	require.Contains(t, string(m.JSON()), `"in_width": 8`)
	h := string(c.CHeader())
	require.Contains(t, h, "#define SYSTOLIC_WS_16X16_I8_A32_ROWS 16\n")
	require.Contains(t, h, "#define SYSTOLIC_WS_16X16_I8_A32_LATENCY 34\n")
}
