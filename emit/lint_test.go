package emit_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// run runs a tool in dir and fails the test when it exits non-zero or
// prints anything: every warning counts.
func run(t *testing.T, dir, tool string, args ...string) {
	t.Helper()
	cmd := exec.Command(tool, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("%s %s: %v\n%s", filepath.Base(tool), strings.Join(args, " "), err, out)
	}
}

// writeFiles writes the files of emit.Files into dir and returns their names.
func writeFiles(t *testing.T, dir string, files []emit.File) []string {
	t.Helper()
	names := make([]string, len(files))
	for i, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name), f.Text, 0o644))
		names[i] = f.Name
	}
	return names
}

// TestLintVerilator lints every design, as one text and as one file per
// module, with every Verilator warning on. The one text holds several
// modules in one file, which only DECLFILENAME (a rule on file names, not
// on Verilog) objects to; one file per module passes it too.
func TestLintVerilator(t *testing.T) {
	verilator := tooltest.Require(t, "verilator")
	for _, tc := range designs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			files, err := emit.Files(tc.make())
			require.NoError(t, err)
			top := strings.TrimSuffix(files[0].Name, ".v")

			// One text, saved as <top>.v.
			one := t.TempDir()
			text, err := emit.Verilog(tc.make())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(one, top+".v"), text, 0o644))
			run(t, one, verilator, "--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", top, top+".v")

			// One file per module.
			many := t.TempDir()
			names := writeFiles(t, many, files)
			run(t, many, verilator, append([]string{"--lint-only", "-Wall", "--top-module", top}, names...)...)
		})
	}
}

func TestLintIcarus(t *testing.T) {
	iverilog := tooltest.Require(t, "iverilog")
	for _, tc := range designs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files, err := emit.Files(tc.make())
			require.NoError(t, err)
			names := writeFiles(t, dir, files)
			top := strings.TrimSuffix(names[0], ".v")
			run(t, dir, iverilog, append([]string{"-g2005", "-Wall", "-s", top, "-o", os.DevNull}, names...)...)

			one := t.TempDir()
			text, err := emit.Verilog(tc.make())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(one, top+".v"), text, 0o644))
			run(t, one, iverilog, "-g2005", "-Wall", "-s", top, "-o", os.DevNull, top+".v")
		})
	}
}

func TestLintYosys(t *testing.T) {
	yosys := tooltest.Require(t, "yosys")
	if testing.Short() {
		t.Skip("yosys synthesis is slow; skipped in -short mode")
	}
	for _, tc := range designs {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files, err := emit.Files(tc.make())
			require.NoError(t, err)
			top := strings.TrimSuffix(files[0].Name, ".v")
			text, err := emit.Verilog(tc.make())
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dir, top+".v"), text, 0o644))
			run(t, dir, yosys, "-q", "-p", "read_verilog "+top+".v; synth -top "+top+"; check -assert")
		})
	}
}
