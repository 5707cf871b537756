package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/synth"
)

// quick runs without external tools.
var quick = Options{Jobs: 2}

// pointKeys returns the keys of s's points, in order.
func pointKeys(t *testing.T, s spec.Spec) []string {
	t.Helper()
	pts, _, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range pts {
		keys = append(keys, p.Key())
	}
	return keys
}

func TestTinyVerified(t *testing.T) {
	var bar strings.Builder
	opts := quick
	opts.Progress = &bar
	rows, err := Run(context.Background(), spec.Specs["tiny"], opts)
	if err != nil {
		t.Fatal(err)
	}
	// The progress bar shows the count of the 8 points.
	if !strings.Contains(bar.String(), "(0/8, ") || !strings.Contains(bar.String(), "points") {
		t.Errorf("progress bar: %q", bar.String())
	}
	if len(rows) != 16 {
		t.Fatalf("%d rows, want 16", len(rows))
	}
	for _, r := range rows {
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) {
			t.Errorf("%s %s: %s %s (verified %d)", r.Point, r.Workload, r.Status, r.Error, r.Verified)
		}
		// Within the documented formula's tolerance (Run makes a row an
		// error otherwise; say it here too).
		if abs(r.Cycles-r.FormulaCycles) > r.FormulaTol {
			t.Errorf("%s %s: %d cycles, formula %d ± %d", r.Point, r.Workload, r.Cycles, r.FormulaCycles, r.FormulaTol)
		}
	}
}

// TestShardsMerge runs the tiny sweep as 3 shards plus a merge and as one
// run, and compares the tables, ignoring row order and timings.
func TestShardsMerge(t *testing.T) {
	ctx := context.Background()
	sp := spec.Specs["tiny"]
	one, err := Run(ctx, sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	seen := map[string]int{}
	for i := range 3 {
		o := quick
		o.Shard = spec.Shard{I: i, N: 3}
		rows, err := Run(ctx, sp, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Errorf("shard %d/3 ran nothing", i)
		}
		for _, r := range rows {
			seen[r.Key()]++
		}
		f := filepath.Join(dir, spec.Shard{I: i, N: 3}.FileBase()+".jsonl")
		if err := report.WriteFiles(filepath.Join(dir, spec.Shard{I: i, N: 3}.FileBase()+".csv"), f, rows); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("row %s ran in %d shards", k, n)
		}
	}
	merged, err := report.Merge(files...)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Options{
		cmpopts.IgnoreFields(report.Row{}, "Seconds", "Shard", "Shards"),
		cmpopts.SortSlices(func(a, b report.Row) bool { return a.Key() < b.Key() }),
	}
	if d := cmp.Diff(one, merged, opts); d != "" {
		t.Errorf("3 shards + merge differ from one run (-one +merged):\n%s", d)
	}
	if _, err := report.WritePlots(dir, merged, false); err != nil {
		t.Fatal(err)
	}
}

// TestResumeAndInvalid: an invalid point is an error row, not the end of
// the sweep; a resumed run skips the points whose rows all finished.
func TestResumeAndInvalid(t *testing.T) {
	sp := spec.Specs["tiny"]
	// acc_width 4 < in_width+1 for in_width 4 (not 3): those points are error rows.
	sp.Rows, sp.Cols, sp.InWidth, sp.AccWidth = spec.IntList{2}, spec.IntList{2}, spec.IntList{3, 4}, spec.IntList{16, 4}
	rows, err := Run(context.Background(), sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	done := map[string]bool{}
	bad := 0
	for _, r := range rows {
		if r.AccWidth == 4 && r.InWidth == 4 {
			bad++
			if r.Status != "error" || !strings.Contains(r.Error, "acc_width 4") {
				t.Errorf("%s %s: status %s, error %q; want an acc_width error row", r.Point, r.Workload, r.Status, r.Error)
			}
			continue
		}
		if r.Status != "ok" {
			t.Errorf("%s %s: %s", r.Point, r.Workload, r.Error)
		}
		done[r.Key()] = true
	}
	if bad != 4 || len(rows) != 16 {
		t.Fatalf("%d rows, %d error rows; want 16 and 4", len(rows), bad)
	}
	o := quick
	o.Done = done
	var ran []string
	o.OnRows = func(rs []report.Row) { ran = append(ran, rs[0].Point) }
	again, err := Run(context.Background(), sp, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range again {
		if done[r.Key()] {
			t.Errorf("resume re-ran the finished row %s", r.Key())
		}
	}
	if len(ran) != 2 {
		t.Errorf("resume ran points %v, want only the 2 unfinished (invalid) ones", ran)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	rows, err := Run(ctx, spec.Specs["tiny"], quick)
	if err == nil || len(rows) != 0 {
		t.Errorf("canceled run: %d rows, err %v; want none and context.Canceled", len(rows), err)
	}
}

// TestSynthColumns: with Yosys, a row has the core's logic cells and its
// memories' bits apart (the output FIFO's words × width, not flip-flops),
// in the CSV too.
func TestSynthColumns(t *testing.T) {
	tooltest.Require(t, "yosys")
	sp := spec.Spec{Rows: spec.IntList{2}, Cols: spec.IntList{2}, InWidth: spec.IntList{4}, AccWidth: spec.IntList{12},
		Signed: spec.BoolList{true}, Dataflow: spec.StrList{"ws"}, Workload: spec.StrList{"g=4x3x2"}, Seed: 1}
	o := quick
	o.Synth, o.Cache = true, synth.Cache(t.TempDir())
	rows, err := Run(context.Background(), sp, o)
	if err != nil || len(rows) != 1 {
		t.Fatalf("%v, %v", rows, err)
	}
	r := rows[0]
	// The ws core's one memory, its output buffer: Rows+Cols+3 words of
	// Cols*AccWidth+1 bits (the core's documentation; TestSynthesize holds
	// the count to the netlist's memories).
	want := int64((2 + 2 + 3) * (2*12 + 1))
	if r.Status != "ok" || r.Synth != "ok" || want == 0 || r.MemoryBits != want || r.Cells <= r.FlipFlops || r.FlipFlops == 0 {
		t.Errorf("%s %s: synth %s, cells %d, flip-flops %d, memory bits %d (the netlist's memories: %d)",
			r.Status, r.Error, r.Synth, r.Cells, r.FlipFlops, r.MemoryBits, want)
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "sweep.csv")
	if err := report.WriteFiles(csvPath, filepath.Join(dir, "sweep.jsonl"), rows); err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile(csvPath)
	if err != nil || !strings.Contains(string(text), ",flip_flops,memory_bits,ltp_depth,") {
		t.Errorf("CSV header: %.300s, %v", text, err)
	}
}
