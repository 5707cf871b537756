package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// The output-stage flags reach the core: its name, ports and manifest;
// wrong combinations are usage errors naming the flag's parameter; and
// systole sim checks such a core against the reference model.
func TestOutStageFlags(t *testing.T) {
	dir := t.TempDir()
	m, ports := genManifest(t, dir, "systolic_os_2x3_i8_a32_bias_relu_oi8",
		"--dataflow", "os", "--rows", "2", "--cols", "3", "--bias", "--relu", "--out-width", "8")
	require.True(t, m.Params.Bias && m.Params.ReLU)
	require.Equal(t, 8, m.Params.OutWidth)
	require.Equal(t, 2+2+3+3+2, m.Timing.LatencyCycles) // K = rows, two output-stage registers
	require.Equal(t, map[string]int{"c_data": 24, "bias_data": 96, "in_relu": 1, "in_shift": 5},
		map[string]int{"c_data": ports["c_data"], "bias_data": ports["bias_data"], "in_relu": ports["in_relu"], "in_shift": ports["in_shift"]})

	r := runArgs(dir, "gen", "--dataflow", "os", "--rows", "2", "--cols", "2", "--format", "bf16", "--out-format", "fp8e4m3", "-o", "$DIR/f")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.FileExists(t, filepath.Join(dir, "f", "systolic_os_2x2_bf16_ofp8e4m3.v"))

	requireUsageErrors(t, dir, "out_",
		[]string{"--out-format", "bf16"},
		[]string{"--format", "fp16", "--out-width", "8"},
		[]string{"--out-width", "33"},
		[]string{"--format", "fp16", "--out-format", "fp64"})
	requireSimPasses(t, dir, "--dataflow", "os", "--rows", "2", "--cols", "2", "--bias", "--relu", "--out-width", "6")
}
