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

// Heavy are the tools that -short mode skips: every run of them builds,
// simulates, lints or proves, and takes seconds to minutes.
var Heavy = map[string]bool{"verilator": true, "iverilog": true, "vvp": true, "yosys": true,
	"yosys-smtbmc": true, "z3": true}

// EnvRequire is the environment variable that turns a missing tool from a
// skip into a failure when it is "1".
const EnvRequire = "SYSTOLE_REQUIRE_TOOLS"

// Require returns the path of the program tool, found in PATH. When it is
// absent, Require skips the test, or fails it when EnvRequire is "1"; it
// then returns "" only if t's Skipf or Fatalf returns. In -short mode (the
// fast inner loop) it skips every test that needs a simulator, linter,
// synthesizer or solver (Heavy), installed or not.
func Require(t testing.TB, tool string) string {
	t.Helper()
	if Heavy[tool] && testing.Short() {
		t.Skipf("skipped in -short mode: runs %s", tool)
		return ""
	}
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
