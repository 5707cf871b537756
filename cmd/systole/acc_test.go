package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
)

// --acc-rows reaches the ws core: its name, sideband ports and manifest;
// a bad depth or dataflow is a usage error naming acc_rows and writes
// nothing; and systole sim checks such a core (random a_acc/a_out, the
// output stage) against the reference model.
func TestAccRowsFlag(t *testing.T) {
	dir := t.TempDir()
	r := runArgs(dir, "gen", "--rows", "2", "--cols", "3", "--acc-rows", "64", "--bias", "--relu", "--out-width", "8", "-o", "$DIR/g")
	require.Equal(t, exitOK, r.code, r.stderr)
	top := "systolic_ws_2x3_i8_a32_acc64_bias_relu_oi8"
	m := readManifest(t, filepath.Join(dir, "g", top+".json"))
	require.Equal(t, top, m.Top)
	require.Equal(t, 64, m.Params.AccRows)
	require.Equal(t, 64, m.Timing.ResetCycles)
	require.Equal(t, 2+3+2, m.Timing.LatencyCycles) // the accumulator and output stage add no cycle
	ports := map[string]int{}
	for _, p := range m.Ports {
		ports[p.Name] = p.Width
	}
	for name, w := range map[string]int{"a_acc": 1, "a_out": 1, "a_relu": 1, "a_shift": 5, "bias_data": 96, "c_data": 24} {
		require.Equal(t, w, ports[name], name)
	}

	for _, bad := range [][]string{
		{"gen", "--acc-rows", "65537", "-o", "$DIR/x"},
		{"gen", "--acc-rows", "-1", "-o", "$DIR/x"},
		{"gen", "--acc-rows", "4", "--dataflow", "os", "-o", "$DIR/x"},
	} {
		r = runArgs(dir, bad...)
		require.Equal(t, exitUsage, r.code, "%v: %s", bad, r.stdout)
		require.Contains(t, r.stderr, "acc_rows", "%v", bad)
	}
	require.NoDirExists(t, filepath.Join(dir, "x"))

	r = runArgs(dir, "sim", "--rows", "2", "--cols", "2", "--acc-rows", "3", "--bias", "--relu", "--out-width", "6", "--json")
	require.Equal(t, exitOK, r.code, r.stderr+r.stdout)
	require.Contains(t, r.stdout, `"pass": true`)
}

// readManifest reads and decodes the .json manifest gen wrote at path.
func readManifest(t *testing.T, path string) systolic.Manifest {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	var m systolic.Manifest
	require.NoError(t, json.Unmarshal(raw, &m))
	return m
}
