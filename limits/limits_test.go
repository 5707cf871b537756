package limits_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/limits"
)

func TestCheck(t *testing.T) {
	if err := limits.Nets.Check("design x", limits.Nets.Max); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := limits.Nets.Check("design x", limits.Nets.Max+1)
	var le *limits.Error
	if !errors.As(err, &le) || le.Limit != limits.Nets {
		t.Fatalf("over the limit: %v, want a *limits.Error of nets", err)
	}
	want := "design x: 8388609 nets, over the nets limit of 8388608 (raise it with SYSTOLE_LIMIT_NETS=N, or limits.Nets.Max in Go)"
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
	if got := limits.GEMMElements.Check("w", 1<<62).Error(); !strings.Contains(got, "limits.GEMMElements.Max") {
		t.Errorf("%q does not name limits.GEMMElements", got)
	}
	if got := limits.Width.Check("net a", limits.MaxWidth+1).Error(); strings.Contains(got, "raise") {
		t.Errorf("a fixed limit says how to raise it: %q", got)
	}
	if got := limits.Mul(1<<40, 1<<40); got != 1<<63-1 {
		t.Errorf("Mul saturates to %d", got)
	}
	if got := limits.Instances.Check("d", limits.Add(1<<62, 1<<62)).Error(); !strings.HasPrefix(got, "d: more instances than") {
		t.Errorf("saturated count: %q", got)
	}
	// A limit without a unit (a GEMM's dimension) reads without a gap.
	if got := limits.GEMMDim.Check("workload g", 99999).Error(); !strings.HasPrefix(got, "workload g: 99999, over the gemm_dim limit of 65536") {
		t.Errorf("a count without a unit: %q", got)
	}
}

// Not parallel: it changes the limits.
func TestFromEnv(t *testing.T) {
	old := limits.Nets.Max
	defer func() { limits.Nets.Max = old }()
	env := map[string]string{"SYSTOLE_LIMIT_NETS": "1000"}
	if err := limits.FromEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if limits.Nets.Max != 1000 {
		t.Errorf("nets = %d after SYSTOLE_LIMIT_NETS=1000", limits.Nets.Max)
	}
	env = map[string]string{"SYSTOLE_LIMIT_NETS": "lots", "SYSTOLE_LIMIT_WIDTH": "99999999"}
	err := limits.FromEnv(func(k string) string { return env[k] })
	if err == nil || !strings.Contains(err.Error(), `SYSTOLE_LIMIT_NETS="lots"`) || !strings.Contains(err.Error(), "cannot be raised") {
		t.Errorf("bad values: %v", err)
	}
	if limits.Width.Max != limits.MaxWidth {
		t.Errorf("the width limit moved to %d", limits.Width.Max)
	}
}

// Not parallel: it lowers FileBytes.
func TestReadFile(t *testing.T) {
	old := limits.FileBytes.Max
	defer func() { limits.FileBytes.Max = old }()
	limits.FileBytes.Max = 1 << 10
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, make([]byte, 1<<10), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := limits.ReadFile(path); err != nil || len(b) != 1<<10 {
		t.Errorf("at the limit: %d bytes, %v", len(b), err)
	}
	if err := os.WriteFile(path, make([]byte, 1<<10+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := limits.ReadFile(path); err == nil || !strings.Contains(err.Error(), "1025 bytes, over the file_bytes limit of 1024") {
		t.Errorf("over the limit: %v", err)
	}
	// An endless file is cut at the limit, never read whole.
	if _, err := limits.ReadFile("/dev/zero"); err == nil || !strings.Contains(err.Error(), "/dev/zero: more than 1024 bytes") {
		t.Errorf("/dev/zero: %v", err)
	}
}
