// Package tooltest finds the external programs that tests need (verilator,
// iverilog, yosys, ...). A test whose tool is missing is skipped with the
// reason, so the suite runs anywhere Go does; with SYSTOLE_REQUIRE_TOOLS=1
// (as in CI) a missing tool fails the test instead, so that a machine
// without it cannot pass by skipping.
package tooltest

import (
	"os"
	"os/exec"
	"testing"
)

// EnvRequire is the environment variable that turns a missing tool from a
// skip into a failure when it is "1".
const EnvRequire = "SYSTOLE_REQUIRE_TOOLS"

// Require returns the path of the program tool, found in PATH. When it is
// absent, Require skips the test, or fails it when EnvRequire is "1"; it
// then returns "" only if t's Skipf or Fatalf returns.
func Require(t testing.TB, tool string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err == nil {
		return path
	}
	if os.Getenv(EnvRequire) == "1" {
		t.Fatalf("%s not found and %s=1: %v", tool, EnvRequire, err)
	} else {
		t.Skipf("%s not found (set %s=1 to fail instead): %v", tool, EnvRequire, err)
	}
	return ""
}
