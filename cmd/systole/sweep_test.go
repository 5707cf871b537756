package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/sweep"
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
	first, err := sweep.ReadJSONL(filepath.Join(dir, "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, first, 16)
	for _, f := range []string{"sweep.csv", "utilization.svg", "pareto.svg"} {
		require.FileExists(t, filepath.Join(dir, f))
	}

	r = runArgs(dir, append(args, "--resume")...)
	require.Equal(t, exitFail, r.code, r.stderr)
	again, err := sweep.ReadJSONL(filepath.Join(dir, "sweep.jsonl"))
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
		t.Setenv(sweep.EnvShardCount, "3")
		r := runArgs(dir, "sweep", "--spec", "tiny", "--lint=false", "--synth=false", "--cache", "", "-q", "-o", "$DIR/shards")
		require.Equal(t, exitOK, r.code, r.stderr)
	}
	os.Unsetenv("JOB_COMPLETION_INDEX")
	r := runArgs(dir, "sweep", "merge", "-o", "$DIR/merged", "$DIR/shards")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, "16 rows, 0 failed")
	rows, err := sweep.ReadJSONL(filepath.Join(dir, "merged", "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, rows, 16)
}
