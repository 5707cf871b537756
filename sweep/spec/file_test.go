package spec

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/systole-hdl/systole/sweep/workload"
)

// Defect 11 and the spec checks: every problem of a spec is reported at
// once, with the file and line, before anything runs.
func TestSpecErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"mapping", "rows: {a: 2}\nworkload: 4x4x4\n", []string{"s.yaml:1: rows: want an integer or a range or a list of them, not a mapping"}},
		{"nested", "rows: [[2, 3]]\nworkload: 4x4x4\n", []string{"s.yaml:1: rows: want an integer or a range in the list, not a list"}},
		{"second document", "rows: 2\nworkload: 4x4x4\n---\nrows: 4\n", []string{"s.yaml:4: a second YAML document"}},
		{"typo", "rows: 2\ncolums: 4\nworkload: 4x4x4\n", []string{`s.yaml:2: unknown key "colums"; did you mean "cols"?`}},
		{"unknown", "rows: 2\nfrobnicate: 4\nworkload: 4x4x4\n", []string{`s.yaml:2: unknown key "frobnicate" (the keys are name, rows`}},
		{"several", "rowz: 2\nsigned: maybe\nseed: -1\nworkload: 4x4x4\n", []string{
			`s.yaml:1: unknown key "rowz"; did you mean "rows"?`, `s.yaml:2: signed: "maybe" is not true or false`,
			`s.yaml:3: seed: "-1" is not an unsigned integer`}},
		{"syntax", "rows: [2\nworkload: 4x4x4\n", []string{"s.yaml:"}},
		{"not a mapping", "- 2\n- 3\n", []string{"s.yaml:1: want a mapping of keys"}},
		{"duplicate key", "rows: 2\nrows: 3\nworkload: 4x4x4\n", []string{"s.yaml:2: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseSpecFile("s.yaml", []byte(tc.text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\nlacks %q", err, w)
				}
			}
		})
	}
}

// Invalid values fail in Check (run by Points, so before the sweep
// starts), every one of them, with the line that set it.
func TestSpecValues(t *testing.T) {
	s, err := ParseSpecFile("s.yaml", []byte("rows: [0, 4, 4]\ncols: 300\nin_width: 8\nacc_width: [8, 32, 65]\ndataflow: [xs, ws, ws]\nsigned: [true, true]\nworkload: [4x4x4, 0x1x1]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Points()
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		"s.yaml:1: rows: 0 is not in 1..256", "s.yaml:1: rows: 4 appears twice", "s.yaml:2: cols: 300 is not in 1..256",
		"s.yaml:4: acc_width: 8 is not in 9..64", "s.yaml:4: acc_width: 65 is not in 9..64",
		`s.yaml:5: dataflow: "xs" is not ws or os`, `s.yaml:5: dataflow: "ws" appears twice`,
		"s.yaml:6: signed: [true true]", `s.yaml:7: workload: workload "0x1x1": dimension "0"`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\nlacks %q", err, w)
		}
	}
	if n := strings.Count(err.Error(), "\n") + 1; n != 9 {
		t.Errorf("%d errors, want 9:\n%v", n, err)
	}
	// A flag overriding a key is not blamed on the file.
	s.Rows = IntList{0}
	s.Override("rows")
	if _, _, err := s.Points(); err == nil || !strings.Contains(err.Error(), "sweep: rows: 0 is not in 1..256") {
		t.Errorf("overridden rows: %v", err)
	}
}

// FuzzSpec: no spec text panics, hangs or exhausts memory in parsing,
// checking or enumerating its points; the seeds run in every go test.
func FuzzSpec(f *testing.F) {
	for _, s := range []string{
		"rows: 4..8*2\ncols: [4, \"6..8:2\"]\nsigned: [true, false]\ndataflow: ws,os\nworkload: [bert-base-s16/qkv, x=10x20x30]\n",
		"rows: {a: 2}\n", "rows: [[2,3]]\n", "rows: 2\n---\nrows: 3\n", "colums: 4\n", "rows: 1..9223372036854775807*2\nworkload: 1x1x1\n",
		"workload: 100000000x100000000x100000000\n", "rows: 1..256\ncols: 1..256\nin_width: 2..32\nworkload: 1x1x1\n",
		"seed: 0x10\nworkload: a=1x2x3,a=1x2x3\n", "&a [1]\nrows: *a\n",
		"format: [int, bf16]\nbias: [true, false]\nrelu: true\nout_format: [fp32, fp16]\nout_width: 0..8:4\nworkload: 2x2x2\n",
		"", "~\n", "rows: -9223372036854775808..9223372036854775807\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		start := time.Now()
		s, err := ParseSpecFile("f.yaml", text)
		if err == nil {
			pts, gemms, err := s.Points()
			if err == nil && (len(pts) == 0 || len(gemms) == 0) {
				t.Errorf("a valid spec with %d points and %d GEMMs", len(pts), len(gemms))
			}
			if err == nil {
				if _, err := s.Hash(); err != nil {
					t.Errorf("Points accepted the spec but Hash failed: %v", err)
				}
			}
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v", d)
		}
	})
}

// TestWorkloadFileSpec: a spec's workload_file joins its workload.
func TestWorkloadFileSpec(t *testing.T) {
	s, err := ParseSpec([]byte("rows: 2\ncols: 2\nworkload: x=3x4x5\nworkload_file: ../workload/testdata/topology/gemm_mnk.csv\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, gs, err := s.Points()
	if err != nil || len(gs) != 3 || gs[1].Name != "gemm_mnk/Test 1" {
		t.Errorf("%v, %v", gs, err)
	}
	// In a spec file, relative to the file.
	s, err = ParseSpecFile(filepath.Join("..", "workload", "testdata", "s.yaml"), []byte("rows: 2\ncols: 2\nworkload_file: topology/gemm_mnk.csv\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, gs, err := s.Points(); err != nil || len(gs) != 2 {
		t.Errorf("relative to the spec file: %v, %v", gs, err)
	}
	s.WorkloadFile = StrList{"testdata/topology/missing.csv"}
	if _, _, err := s.Points(); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file: %v", err)
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
	if len(pts) != 2*2*3*2 || len(gemms) != 2 || gemms[1] != (workload.GEMM{Name: "x", M: 10, K: 20, N: 30}) || gemms[0] != (workload.GEMM{Name: "bert-base-s16/qkv.value", M: 32, K: 48, N: 48}) {
		t.Errorf("%d points, gemms %v", len(pts), gemms)
	}
	if _, err := ParseSpec([]byte("rowz: 4\n")); err == nil {
		t.Error("unknown key: no error")
	}
}

// The output-stage axes in a spec file: bias and relu cross every point,
// out_format only the float ones and out_width only the integer ones (fp32
// and 0 mean no conversion); bad values fail in Check with their line; the
// hash tells the output stages apart but not how a default is written.
func TestOutputStageSpec(t *testing.T) {
	s, err := ParseSpecFile("s.yaml", []byte("rows: 2\ncols: 2\nformat: [int, fp16]\nbias: [false, true]\nrelu: true\n"+
		"out_format: [fp32, fp8e4m3]\nout_width: [0, 8]\nworkload: 2x2x2\n"))
	if err != nil {
		t.Fatal(err)
	}
	pts, _, err := s.Points()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range pts {
		keys = append(keys, p.Key())
	}
	want := []string{
		"ws_2x2_i8_a32_relu", "ws_2x2_i8_a32_relu_oi8", "ws_2x2_i8_a32_bias_relu", "ws_2x2_i8_a32_bias_relu_oi8",
		"ws_2x2_fp16_relu", "ws_2x2_fp16_relu_ofp8e4m3", "ws_2x2_fp16_bias_relu", "ws_2x2_fp16_bias_relu_ofp8e4m3",
	}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("points (-want +got):\n%s", d)
	}

	hash := func(text string) string {
		t.Helper()
		s, err := ParseSpec([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		h, err := s.Hash()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	plain := hash("rows: 2\nworkload: 2x2x2\n")
	if h := hash("rows: 2\nbias: false\nrelu: [false]\nout_format: fp32\nout_width: 0\nworkload: 2x2x2\n"); h != plain {
		t.Errorf("the defaults written out change the hash: %s, %s", h, plain)
	}
	for _, tc := range []struct{ base, opt string }{
		{"", "bias: true"}, {"", "relu: true"}, {"", "out_width: 8"}, {"format: bf16\n", "out_format: bf16"},
	} {
		base := "rows: 2\nworkload: 2x2x2\n" + tc.base
		if hash(base) == hash(base+tc.opt+"\n") {
			t.Errorf("%q does not change the hash", tc.opt)
		}
	}

	s, err = ParseSpecFile("s.yaml", []byte("acc_width: [16, 32]\nbias: [true, true]\nrelu: [true, false, true]\n"+
		"out_format: [bf16, fp33, bf16]\nout_width: [33, -1]\nworkload: 2x2x2\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Points()
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		"s.yaml:2: bias: [true true]: each of true and false at most once",
		"s.yaml:3: relu: [true false true]: each of true and false at most once",
		`s.yaml:4: out_format: "fp33" is not one of fp32, bf16, fp16, fp8e5m2, fp8e4m3`, `s.yaml:4: out_format: "bf16" appears twice`,
		"s.yaml:5: out_width: 33 is not in 0..32", "s.yaml:5: out_width: -1 is not in 0..32",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\nlacks %q", err, w)
		}
	}
}
