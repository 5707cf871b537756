package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/tooltest"
)

// watchNet asserts that a counter of the edges where en is 1 stays below
// 3: a counterexample fails it in cycle 4.
const watchNet = `design watch

module watch {
  clock clk
  input clk: 1
  input rst: 1
  input en: 1
  output n: 2
  wire one: 2
  wire next: 2
  wire three: 2
  wire ok: 1
  cell one = const 2'h1
  cell three = const 2'h3
  cell next = add(n, one)
  cell ok = ne(n, three)
  reg n = next en en reset rst init 2'h0
  assert ok reset rst "n below 3" @ "watch.go":9
}
`

func TestProveCommand(t *testing.T) {
	dir := t.TempDir()
	net := filepath.Join(dir, "watch.net")
	require.NoError(t, os.WriteFile(net, []byte(watchNet), 0o644))
	runCmd := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		return code, out.String(), errb.String()
	}
	// Usage errors come first, without any tool.
	code, _, stderr := runCmd("prove", "--depth", "0", net)
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "systole prove: --depth 0: want 1 to 10000")
	code, _, stderr = runCmd("prove", net, "--example", "fifo")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "not both")
	code, _, stderr = runCmd("prove", "--example", "nope")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, `unknown example "nope"`)
	code, stdout, _ := runCmd("prove", "--help")
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "Usage: systole prove [<FILE.net>]")

	for _, tool := range []string{"yosys", "yosys-smtbmc", "z3"} {
		tooltest.Require(t, tool)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr = runCmd("prove", net, "-o", out, "--depth", "8")
	require.Equal(t, 1, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stdout, "FAILED   watch: n below 3 (watch.go:9): fails at the edge of cycle 4")
	replay := "systole sim " + filepath.Join(out, "watch.net") + " --stimulus " + filepath.Join(out, "cex_1.stim") + " --cycles 4"
	require.Contains(t, stdout, "replay: "+replay)
	// The replay fails in rtlsim as the proof said.
	code, _, stderr = runCmd("sim", filepath.Join(out, "watch.net"), "--stimulus", filepath.Join(out, "cex_1.stim"), "--cycles", "4")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "watch.go:9: assertion failed in cycle 4, top module watch: n below 3")

	code, stdout, stderr = runCmd("prove", "--example", "fifo", "-o", out, "--depth", "6", "--json")
	require.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	require.Contains(t, stdout, `"status": "proved"`)
	require.NotContains(t, stdout, `"status": "failed"`)
}
