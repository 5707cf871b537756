package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/sweep/report"
)

// TestSweepResume: an invalid point is an error row and exit 1; --resume
// keeps the finished rows (their timings unchanged) and re-runs the rest.
func TestSweepResume(t *testing.T) {
	dir := t.TempDir()
	args := []string{"sweep", "--spec", "tiny", "--rows", "2", "--cols", "2", "--in-width", "3,4", "--acc-width", "16,4",
		"--lint=false", "--synth=false", "--cache", "", "-q", "-o", dir}
	r := runArgs(dir, args...)
	require.Equal(t, exitFail, r.code, r.stderr)
	require.Contains(t, r.stderr, "4 of 16 rows failed")
	first, err := report.ReadJSONL(filepath.Join(dir, "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, first, 16)
	for _, f := range []string{"sweep.csv", "utilization.svg", "pareto.svg", "energy.svg"} {
		require.FileExists(t, filepath.Join(dir, f))
	}

	r = runArgs(dir, append(args, "--resume")...)
	require.Equal(t, exitFail, r.code, r.stderr)
	again, err := report.ReadJSONL(filepath.Join(dir, "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, again, 16)
	seconds := map[string]float64{}
	for _, row := range first {
		seconds[row.Key()] = row.Seconds
	}
	for _, row := range again {
		if row.Status == "ok" {
			require.Equal(t, seconds[row.Key()], row.Seconds, "%s was re-run", row.Key())
		} else {
			require.Contains(t, row.Error, "acc_width 4")
		}
	}
}

// TestSweepShardsMerge: three shards from the environment (a Kubernetes
// Indexed Job), then merge over their directory.
func TestSweepShardsMerge(t *testing.T) {
	dir := t.TempDir()
	for i := range 3 {
		t.Setenv("JOB_COMPLETION_INDEX", string(rune('0'+i)))
		t.Setenv(envShardCount, "3")
		r := runArgs(dir, "sweep", "--spec", "tiny", "--lint=false", "--synth=false", "--cache", "", "-q", "-o", "$DIR/shards")
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	os.Unsetenv("JOB_COMPLETION_INDEX")
	r := runArgs(dir, "sweep", "merge", "-o", "$DIR/merged", "$DIR/shards")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "16 rows, 0 failed")
	rows, err := report.ReadJSONL(filepath.Join(dir, "merged", "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, rows, 16)
}

// TestSweepWorkloadFile: --workload-file reads a SCALE-Sim GEMM topology
// (columns M, N, K) in place of the spec's workload; a bad file is a
// usage error naming it.
func TestSweepWorkloadFile(t *testing.T) {
	dir := t.TempDir()
	topo := filepath.Join(dir, "mnk.csv")
	require.NoError(t, os.WriteFile(topo, []byte("Layer Name, M, N, K,\nT1, 5, 3, 7,\n"), 0o644))
	r := runArgs(dir, "sweep", "--spec", "tiny", "--rows", "2", "--cols", "2", "--workload-file", topo,
		"--lint=false", "--synth=false", "--cache", "", "-q", "-o", "$DIR/out")
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := report.ReadJSONL(filepath.Join(dir, "out", "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, rows, 2) // ws and os, one GEMM
	for _, row := range rows {
		require.Equal(t, "mnk/T1", row.Workload)
		require.Equal(t, [3]int{5, 7, 3}, [3]int{row.M, row.K, row.N})
		require.Positive(t, row.EnergyPJ)
	}
	require.NoError(t, os.WriteFile(topo, []byte("Layer Name, M, N, K,\nT1, 5, x, 7,\n"), 0o644))
	r = runArgs(dir, "sweep", "--spec", "tiny", "--workload-file", topo, "--lint=false", "--synth=false", "-q", "-o", "$DIR/out2")
	require.Equal(t, exitUsage, r.code, r.stderr)
	require.Contains(t, r.stderr, "mnk.csv:2: layer T1: field 3")
}

// TestSweepOutputStageFlags: --bias, --relu, --out-format and --out-width
// are list axes like the others; --resume refuses the rows of a sweep with
// other output stages; a bad value is a usage error naming its axis.
func TestSweepOutputStageFlags(t *testing.T) {
	dir := t.TempDir()
	args := []string{"sweep", "--spec", "tiny", "--rows", "2", "--cols", "2", "--dataflow", "ws", "--acc-rows", "4",
		"--bias", "true", "--relu", "false,true", "--out-width", "0,6", "--out-format", "bf16", "--workload", "g=5x3x4",
		"--lint=false", "--synth=false", "--cache", "", "-q", "-o", "$DIR/out"}
	r := runArgs(dir, args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	rows, err := report.ReadJSONL(filepath.Join(dir, "out", "sweep.jsonl"))
	require.NoError(t, err)
	var got []string
	for _, row := range rows {
		require.Equal(t, "ok", row.Status, row.Error)
		require.True(t, row.Bias, row.Point)
		require.Equal(t, "int", row.OutFormat, row.Point) // --out-format is for float points
		require.Equal(t, int64(5*4), row.Verified, row.Point)
		got = append(got, row.Point)
	}
	require.ElementsMatch(t, []string{"ws_2x2_i4_a16_acc4_bias", "ws_2x2_i4_a16_acc4_bias_oi6",
		"ws_2x2_i4_a16_acc4_bias_relu", "ws_2x2_i4_a16_acc4_bias_relu_oi6"}, got)

	args[slices.Index(args, "--out-width")+1] = "0,5"
	r = runArgs(dir, append(args, "--resume")...)
	require.Equal(t, exitUsage, r.code, r.stderr)
	require.Contains(t, r.stderr, "continues only the same sweep")

	for _, bad := range []struct{ flag, val, want string }{
		{"--out-width", "17", "out_width: 17 is not in 0..16"},
		{"--out-format", "fp33", `out_format: "fp33" is not one of`},
		{"--bias", "maybe", "--bias: "},
		{"--relu", "true,true", "relu: [true true]: each of true and false at most once"},
	} {
		r = runArgs(dir, "sweep", "--spec", "tiny", bad.flag, bad.val, "--lint=false", "--synth=false", "-q", "-o", "$DIR/bad")
		require.Equal(t, exitUsage, r.code, "%s %s: %s", bad.flag, bad.val, r.stderr)
		require.Contains(t, r.stderr, bad.want)
	}
	require.NoDirExists(t, filepath.Join(dir, "bad"))
}
