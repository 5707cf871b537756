package tooltest

import (
	"fmt"
	"testing"
)

// recorder is a testing.TB that records Skipf and Fatalf instead of
// stopping the goroutine.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper() {}

func (r *recorder) Skipf(format string, args ...any) { r.skipped = fmt.Sprintf(format, args...) }

func (r *recorder) Fatalf(format string, args ...any) { r.failed = fmt.Sprintf(format, args...) }

func TestRequireFound(t *testing.T) {
	if path := Require(t, "go"); path == "" {
		t.Fatal("Require(go) returned an empty path")
	}
}

func TestRequireMissing(t *testing.T) {
	const tool = "systole-no-such-tool"
	for _, tc := range []struct {
		env                string
		wantSkip, wantFail bool
	}{
		{env: "", wantSkip: true},
		{env: "0", wantSkip: true},
		{env: "1", wantFail: true},
	} {
		t.Run("env="+tc.env, func(t *testing.T) {
			t.Setenv(EnvRequire, tc.env)
			r := &recorder{TB: t}
			if path := Require(r, tool); path != "" {
				t.Errorf("path = %q, want empty", path)
			}
			if got := r.skipped != ""; got != tc.wantSkip {
				t.Errorf("skipped = %q, want skip %v", r.skipped, tc.wantSkip)
			}
			if got := r.failed != ""; got != tc.wantFail {
				t.Errorf("failed = %q, want fail %v", r.failed, tc.wantFail)
			}
		})
	}
}
