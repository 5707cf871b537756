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
	m, ports := genManifest(t, dir, "systolic_ws_2x3_i8_a32_acc64_bias_relu_oi8",
		"--rows", "2", "--cols", "3", "--acc-rows", "64", "--bias", "--relu", "--out-width", "8")
	require.Equal(t, 64, m.Params.AccRows)
	require.Equal(t, 64, m.Timing.ResetCycles)
	require.Equal(t, 2+3+2, m.Timing.LatencyCycles) // the accumulator and output stage add no cycle
	for name, w := range map[string]int{"a_acc": 1, "a_out": 1, "a_relu": 1, "a_shift": 5, "bias_data": 96, "c_data": 24} {
		require.Equal(t, w, ports[name], name)
	}
	requireUsageErrors(t, dir, "acc_rows",
		[]string{"--acc-rows", "65537"},
		[]string{"--acc-rows", "-1"},
		[]string{"--acc-rows", "4", "--dataflow", "os"})
	requireSimPasses(t, dir, "--rows", "2", "--cols", "2", "--acc-rows", "3", "--bias", "--relu", "--out-width", "6")
}

// genManifest runs gen with args into dir/g, requires it to write the core
// top, and returns the core's manifest and its ports' widths by name.
func genManifest(t *testing.T, dir, top string, args ...string) (systolic.Manifest, map[string]int) {
	t.Helper()
	r := runArgs(dir, append(append([]string{"gen"}, args...), "-o", "$DIR/g")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	m := readManifest(t, filepath.Join(dir, "g", top+".json"))
	require.Equal(t, top, m.Top)
	ports := map[string]int{}
	for _, p := range m.Ports {
		ports[p.Name] = p.Width
	}
	return m, ports
}

// requireUsageErrors runs gen with each of bads (into dir/x) and requires
// a usage error naming param, with nothing written.
func requireUsageErrors(t *testing.T, dir, param string, bads ...[]string) {
	t.Helper()
	for _, bad := range bads {
		r := runArgs(dir, append(append([]string{"gen"}, bad...), "-o", "$DIR/x")...)
		require.Equal(t, exitUsage, r.code, "%v: %s", bad, r.stdout)
		require.Contains(t, r.stderr, param, "%v", bad)
	}
	require.NoDirExists(t, filepath.Join(dir, "x"))
}

// requireSimPasses runs sim --json with args and requires the core to
// match the reference model.
func requireSimPasses(t *testing.T, dir string, args ...string) {
	t.Helper()
	r := runArgs(dir, append(append([]string{"sim"}, args...), "--json")...)
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
