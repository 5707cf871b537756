package sweep

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// quick runs without external tools.
var quick = Options{Jobs: 2}

func TestTinyVerified(t *testing.T) {
	var bar strings.Builder
	opts := quick
	opts.Progress = &bar
	rows, err := Run(context.Background(), Specs["tiny"], opts)
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
	spec := Specs["tiny"]
	one, err := Run(ctx, spec, quick)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	seen := map[string]int{}
	for i := range 3 {
		o := quick
		o.Shard = Shard{i, 3}
		rows, err := Run(ctx, spec, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			t.Errorf("shard %d/3 ran nothing", i)
		}
		for _, r := range rows {
			seen[r.Key()]++
		}
		f := filepath.Join(dir, Shard{i, 3}.FileBase()+".jsonl")
		if err := WriteFiles(filepath.Join(dir, Shard{i, 3}.FileBase()+".csv"), f, rows); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	for k, n := range seen {
		if n != 1 {
			t.Errorf("row %s ran in %d shards", k, n)
		}
	}
	merged, err := Merge(files...)
	if err != nil {
		t.Fatal(err)
	}
	opts := cmp.Options{
		cmpopts.IgnoreFields(Row{}, "Seconds", "Shard", "Shards"),
		cmpopts.SortSlices(func(a, b Row) bool { return a.Key() < b.Key() }),
	}
	if d := cmp.Diff(one, merged, opts); d != "" {
		t.Errorf("3 shards + merge differ from one run (-one +merged):\n%s", d)
	}
	if _, err := WritePlots(dir, merged, false); err != nil {
		t.Fatal(err)
	}
}

// TestResumeAndInvalid: an invalid point is an error row, not the end of
// the sweep; a resumed run skips the points whose rows all finished.
func TestResumeAndInvalid(t *testing.T) {
	spec := Specs["tiny"]
	// acc_width 4 < in_width+1 for in_width 4 (not 3): those points are error rows.
	spec.Rows, spec.Cols, spec.InWidth, spec.AccWidth = IntList{2}, IntList{2}, IntList{3, 4}, IntList{16, 4}
	rows, err := Run(context.Background(), spec, quick)
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
	o.OnRows = func(rs []Row) { ran = append(ran, rs[0].Point) }
	again, err := Run(context.Background(), spec, o)
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
	rows, err := Run(ctx, Specs["tiny"], quick)
	if err == nil || len(rows) != 0 {
		t.Errorf("canceled run: %d rows, err %v; want none and context.Canceled", len(rows), err)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want IntList
	}{
		{"4,8", IntList{4, 8}}, {"2..5", IntList{2, 3, 4, 5}}, {"4..16:4", IntList{4, 8, 12, 16}}, {"4..64*2", IntList{4, 8, 16, 32, 64}},
	} {
		got, err := ParseIntList(tc.in)
		if err != nil || !cmp.Equal(got, tc.want) {
			t.Errorf("ParseIntList(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"x", "8..4", "1..8*1", "4..8:0"} {
		if _, err := ParseIntList(bad); err == nil {
			t.Errorf("ParseIntList(%q): no error", bad)
		}
	}
	s, err := ParseSpec([]byte("rows: 4..8*2\ncols: [4, \"6..8:2\"]\nsigned: [true, false]\ndataflow: ws,os\nworkload: [bert-base-s16/qkv.value, x=10x20x30]\n"))
	if err != nil {
		t.Fatal(err)
	}
	pts, gemms, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2*2*3*2 || len(gemms) != 2 || gemms[1] != (GEMM{"x", 10, 20, 30}) || gemms[0] != (GEMM{"bert-base-s16/qkv.value", 32, 48, 48}) {
		t.Errorf("%d points, gemms %v", len(pts), gemms)
	}
	if _, err := ParseSpec([]byte("rowz: 4\n")); err == nil {
		t.Error("unknown key: no error")
	}
}

func TestShardFromEnv(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		env  func(string) string
		want Shard
		ok   bool
	}{
		{env(), Shard{}, false},
		{env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "3"), Shard{2, 3}, true},
		{env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1"), Shard{2, 3}, true},
		{env("JOB_COMPLETION_INDEX", "1", EnvShardCount, "4"), Shard{1, 4}, true},
	} {
		s, ok, err := ShardFromEnv(tc.env)
		if err != nil || ok != tc.ok || s != tc.want {
			t.Errorf("ShardFromEnv = %v, %v, %v; want %v, %v", s, ok, err, tc.want, tc.ok)
		}
	}
	if _, _, err := ShardFromEnv(env("JOB_COMPLETION_INDEX", "1")); err == nil {
		t.Error("JOB_COMPLETION_INDEX without a count: no error")
	}
	// Defect 15: a task ID without a count ran unsharded; an array with a
	// step (0-10:2) gave wrong shard indices.
	for _, tc := range []struct {
		env  func(string) string
		want Shard
		err  string
	}{
		{env: env("SLURM_ARRAY_TASK_ID", "3"), err: "SLURM_ARRAY_TASK_COUNT (the shard count) is not"},
		{env: env("SLURM_ARRAY_TASK_ID", "10", "SLURM_ARRAY_TASK_COUNT", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2"), want: Shard{5, 6}},
		{env: env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2"), want: Shard{2, 3}},
		{env: env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "6", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_STEP", "2"), err: "not evenly spaced"},
		{env: env("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_COUNT", "3", "SLURM_ARRAY_TASK_MIN", "1"), err: "from Slurm task 8"},
		{env: env("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "3"), err: `SLURM_ARRAY_TASK_ID="x" is not an integer`},
	} {
		s, ok, err := ShardFromEnv(tc.env)
		switch {
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("ShardFromEnv: %v, %v, %v; want an error with %q", s, ok, err, tc.err)
		case tc.err == "" && (err != nil || !ok || s != tc.want):
			t.Errorf("ShardFromEnv = %v, %v, %v; want %v", s, ok, err, tc.want)
		}
	}
}

// TestSynthesize runs Yosys on a 2×2 core: cells, flip-flops and depth.
func TestSynthesize(t *testing.T) {
	tooltest.Require(t, "yosys")
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: systolic.OS}
	g, err := systolic.New(c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		t.Fatal(err)
	}
	v, err := emit.Verilog(d)
	if err != nil {
		t.Fatal(err)
	}
	var subs []string
	for _, m := range d.Modules {
		if len(m.Insts) == 0 {
			subs = append(subs, m.Name)
		}
	}
	cache := Cache(t.TempDir())
	s, err := Synthesize(context.Background(), cache, "os_2x2", d.Top, subs, nil, v)
	if err != nil {
		t.Fatal(err)
	}
	if s.Cells <= s.FlipFlops || s.FlipFlops == 0 || s.Depth == 0 {
		t.Errorf("synth = %+v", s)
	}
	if again, err := Synthesize(context.Background(), cache, "os_2x2", d.Top, subs, nil, v); err != nil || again != s {
		t.Errorf("cached synth = %+v, %v; want %+v", again, err, s)
	}
}
