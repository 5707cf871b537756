package tooltest

import (
	"os"
	"testing"
)

// EnvLong is the environment variable that, set to 1, runs the long tests:
// heavy matrices, soaks and big Verilator builds.
const EnvLong = "SYSTOLE_LONG"

// Long reports whether EnvLong asks for the long tests.
func Long() bool { return os.Getenv(EnvLong) == "1" }

// Slow skips a test in -short mode, the fast inner loop (go test -short
// ./... in under 30 s with warm caches), saying why: a test that runs an
// external tool on more than a tiny design, or many designs.
func Slow(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("skipped in -short mode: %s", why)
	}
}
