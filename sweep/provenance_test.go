package sweep

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
)

// tinySpec is a 2-point, 2-GEMM sweep that runs in milliseconds.
func tinySpec() spec.Spec {
	s := spec.Specs["tiny"]
	s.Rows, s.Cols, s.Dataflow = spec.IntList{2}, spec.IntList{2, 3}, spec.StrList{"ws"}
	return s
}

// runTo runs spec (shard sh) into dir as the command does and returns the
// rows.
func runTo(t *testing.T, dir string, sp spec.Spec, sh spec.Shard, resume bool) []report.Row {
	t.Helper()
	out, err := report.OpenOutput(dir, sh)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	o := quick
	o.Shard, o.Done = sh, map[string]bool{}
	var kept []report.Row
	if resume {
		if kept, o.Done, err = report.Resume(out.JSONL(), sp, sh); err != nil {
			t.Fatal(err)
		}
	}
	w, err := out.Create(kept)
	if err != nil {
		t.Fatal(err)
	}
	o.OnRows = func(rs []report.Row) {
		if err := w.Write(rs...); err != nil {
			t.Error(err)
		}
	}
	rows, err := Run(context.Background(), sp, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return append(kept, rows...)
}

func readRows(t *testing.T, path string) []report.Row {
	t.Helper()
	rows, err := report.ReadJSONL(path)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// Defect 7: a truncated last line on resume duplicated the surviving row
// of the re-run point.
func TestResumeTruncated(t *testing.T) {
	dir := t.TempDir()
	sp := tinySpec()
	runTo(t, dir, sp, spec.Shard{}, false)
	path := filepath.Join(dir, "sweep.jsonl")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d rows, want 4", len(lines))
	}
	// Cut the last row in half: its point has one whole row left.
	cut := strings.Join(lines[:3], "") + lines[3][:len(lines[3])/2]
	if err := os.WriteFile(path, []byte(cut), 0o644); err != nil {
		t.Fatal(err)
	}
	rows := runTo(t, dir, sp, spec.Shard{}, true)
	for _, got := range [][]report.Row{rows, readRows(t, path)} {
		seen := map[string]int{}
		for _, r := range got {
			seen[r.Key()]++
		}
		if len(got) != 4 || len(seen) != 4 {
			t.Errorf("after resume: %d rows, %d distinct (%v); want 4 and 4", len(got), len(seen), seen)
		}
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "sweep.csv"))
	if n := strings.Count(string(csv), "\n"); n != 5 {
		t.Errorf("sweep.csv has %d lines, want a header and 4 rows", n)
	}
}

// Defect 8: --resume after changing the seed, a workload or the grid kept
// the old rows as finished.
func TestResumeOtherSpec(t *testing.T) {
	dir := t.TempDir()
	sp := tinySpec()
	runTo(t, dir, sp, spec.Shard{}, false)
	path := filepath.Join(dir, "sweep.jsonl")
	seed, wl, grid, shard := sp, sp, sp, sp
	seed.Seed = 2
	wl.Workload = spec.StrList{"a=6x5x8", "b=9x4x5"}
	grid.Cols = spec.IntList{2}
	for name, s := range map[string]spec.Spec{"seed": seed, "workload": wl, "grid": grid} {
		_, _, err := report.Resume(path, s, spec.Shard{})
		if !errors.Is(err, report.ErrForeignRows) || !strings.Contains(err.Error(), "sweep.jsonl:1: spec ") || !strings.Contains(err.Error(), "but this sweep is spec") {
			t.Errorf("%s changed: %v", name, err)
		}
	}
	if _, _, err := report.Resume(path, shard, spec.Shard{I: 0, N: 2}); !errors.Is(err, report.ErrForeignRows) || !strings.Contains(err.Error(), "shard 0 of 1, but this sweep is spec") {
		t.Errorf("another shard count: %v", err)
	}
	// The same spec written differently is the same sweep.
	same := sp
	same.Name, same.Cols = "renamed", spec.IntList{2, 3}
	if kept, done, err := report.Resume(path, same, spec.Shard{}); err != nil || len(kept) != 4 || len(done) != 4 {
		t.Errorf("same spec: %d kept, %d done, %v", len(kept), len(done), err)
	}
}

// Defect 9: merge of shards of different sweeps or shard counts, or of
// nothing, succeeded.
func TestMergeRefuses(t *testing.T) {
	sp := tinySpec()
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	runTo(t, a, sp, spec.Shard{I: 0, N: 2}, false)
	runTo(t, a, sp, spec.Shard{I: 1, N: 2}, false)
	other := sp
	other.Seed = 9
	runTo(t, b, other, spec.Shard{I: 1, N: 2}, false)
	runTo(t, c, sp, spec.Shard{I: 1, N: 3}, false)
	sh := func(dir string, s spec.Shard) string { return filepath.Join(dir, s.FileBase()+".jsonl") }
	rows, err := report.Merge(sh(a, spec.Shard{I: 0, N: 2}), sh(a, spec.Shard{I: 1, N: 2}))
	if err != nil || len(rows) != 4 || len(report.Missing(rows)) != 0 {
		t.Fatalf("merge of one sweep's shards: %d rows, missing %v, %v", len(rows), report.Missing(rows), err)
	}
	for _, tc := range []struct {
		files []string
		want  string
	}{
		{[]string{sh(a, spec.Shard{I: 0, N: 2}), sh(b, spec.Shard{I: 1, N: 2})}, "shards of different sweeps"},
		{[]string{sh(a, spec.Shard{I: 0, N: 2}), sh(c, spec.Shard{I: 1, N: 3})}, "shards of one sweep split 2 and 3 ways"},
		{nil, "no shard outputs"},
		{[]string{filepath.Join(a, "empty.jsonl")}, "no rows in"},
	} {
		os.WriteFile(filepath.Join(a, "empty.jsonl"), nil, 0o644)
		_, err := report.Merge(tc.files...)
		if !errors.Is(err, report.ErrForeignRows) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("report.Merge(%v): %v; want %q", tc.files, err, tc.want)
		}
	}
	if rows, _ := report.Merge(sh(a, spec.Shard{I: 0, N: 2})); len(report.Missing(rows)) != 1 || report.Missing(rows)[0] != 1 {
		t.Errorf("report.Missing of shard 0 of 2 alone = %v", report.Missing(rows))
	}
}

// Defect 10: two sweeps into one directory interleaved their rows; the
// shards of one job array must still share a directory.
func TestOutputLocked(t *testing.T) {
	dir := t.TempDir()
	first, err := report.OpenOutput(dir, spec.Shard{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := report.OpenOutput(dir, spec.Shard{}); err == nil || !strings.Contains(err.Error(), "is being written by another sweep") {
		t.Errorf("second sweep into the same files: %v", err)
	}
	s0, err0 := report.OpenOutput(dir, spec.Shard{I: 0, N: 2})
	s1, err1 := report.OpenOutput(dir, spec.Shard{I: 1, N: 2})
	if err0 != nil || err1 != nil {
		t.Errorf("shards of one array block each other: %v, %v", err0, err1)
	} else {
		s0.Close()
		s1.Close()
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := report.OpenOutput(dir, spec.Shard{})
	if err != nil {
		t.Errorf("after the first closed: %v", err)
	} else {
		again.Close()
	}
}

// A user's own file of an output's name is never replaced without Force;
// systole's own output is, as before.
func TestOutputOwnership(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "sweep.csv")
	if err := os.WriteFile(mine, []byte("my,own,data\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := report.OpenOutput(dir, spec.Shard{})
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := out.Create(nil); err == nil || !strings.Contains(err.Error(), "sweep.csv: exists and was not written by systole") {
		t.Errorf("report.Create over a user's file: %v", err)
	}
	if b, _ := os.ReadFile(mine); string(b) != "my,own,data\n" {
		t.Errorf("the user's file changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "sweep.jsonl")); err == nil {
		t.Error("a refused report.Create wrote sweep.jsonl")
	}
	out.Force = true
	w, err := out.Create(nil)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	out.Force = false
	if w, err = out.Create(nil); err != nil { // now systole's own
		t.Errorf("regenerating systole's own output: %v", err)
	} else {
		w.Close()
	}
	// A link is never written through.
	target := filepath.Join(dir, "target")
	os.WriteFile(target, []byte("keep"), 0o644)
	os.Remove(filepath.Join(dir, "sweep.jsonl"))
	if err := os.Symlink(target, filepath.Join(dir, "sweep.jsonl")); err != nil {
		t.Fatal(err)
	}
	if _, err := out.Create(nil); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("report.Create onto a link: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target changed: %q", b)
	}
}

// No empty plots: with no ok row WritePlots writes nothing; with rows,
// every point carries its shape as a label.
func TestPlots(t *testing.T) {
	dir := t.TempDir()
	rows := runTo(t, dir, tinySpec(), spec.Shard{}, false)
	bad := append([]report.Row(nil), rows...)
	for i := range bad {
		bad[i].Status = "error"
	}
	if ps, err := report.WritePlots(dir, bad, false); err != nil || len(ps) != 0 {
		t.Errorf("plots of failed rows: %v, %v", ps, err)
	}
	if _, err := os.Stat(filepath.Join(dir, report.PlotFiles[0])); err == nil {
		t.Error("a plot was written with nothing to plot")
	}
	ps, err := report.WritePlots(dir, rows, false)
	if err != nil || len(ps) != len(report.PlotFiles) {
		t.Fatalf("plots: %v, %v", ps, err)
	}
	for _, p := range ps {
		b, _ := os.ReadFile(p)
		for _, shape := range []string{"2x2", "2x3"} {
			if !strings.Contains(string(b), ">"+shape+"<") {
				t.Errorf("%s: no label %s", filepath.Base(p), shape)
			}
		}
	}
	if _, err := report.WritePlots(dir, rows, false); err != nil {
		t.Errorf("regenerating systole's own plots: %v", err)
	}
}
