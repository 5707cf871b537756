package lint_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
)

const clean = `module top (input wire [3:0] a, output wire [3:0] y);
  assign y = ~a;
endmodule
`

// Unused input bits and a width mismatch: Verilator -Wall warns about
// both; Yosys and Icarus accept the file, so for them a syntax error.
const warns = `module top (input wire [3:0] a, input wire b, output wire [3:0] y);
  assign y = a[1:0];
endmodule
`

const broken = `module top (input wire a, output wire y);
  assign y = a +;
endmodule
`

func TestTools(t *testing.T) {
	for _, tool := range lint.Tools {
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			dir := t.TempDir()
			write := func(text string) {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "top.v"), []byte(text), 0o644))
			}
			write(clean)
			require.NoError(t, tool.Run(context.Background(), dir, "top", "top.v"))
			bad := broken
			if tool.Name == "verilator" {
				bad = warns
			}
			write(bad)
			err := tool.Run(context.Background(), dir, "top", "top.v")
			require.Error(t, err)
			t.Logf("rejected as expected: %v", err)
		})
	}
}

// The tools judge the Verilog, not the file name: fir4.v holding FIR4_8_0
// (and the module it instantiates) passes without naming the top, and a
// file name with a space reaches every tool as one argument.
func TestFileNameFree(t *testing.T) {
	const fir = `module FIR4_8_0 (input wire [7:0] a, output wire [7:0] y);
  stage s (.a(a), .y(y));
endmodule
module stage (input wire [7:0] a, output wire [7:0] y);
  assign y = ~a;
endmodule
`
	for _, tool := range lint.Tools {
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			dir := t.TempDir()
			for _, name := range []string{"fir4.v", "my fir.v"} {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(fir), 0o644))
				require.NoError(t, tool.Run(context.Background(), dir, "", name))
				require.NoError(t, tool.Run(context.Background(), dir, "FIR4_8_0", name))
			}
			require.ErrorContains(t, tool.Run(context.Background(), dir, "a;b", "fir4.v"), "not a Verilog identifier")
		})
	}
}

// Defect 13: a --top of 'top; write_verilog X.v' ran the injected Yosys
// commands. Names are validated as identifiers and file names never enter
// a script, so odd file names are read as files.
func TestNamesNeverInterpreted(t *testing.T) {
	for _, tool := range lint.Tools {
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "top.v"), []byte(clean), 0o644))
			for _, top := range []string{"top; write_verilog X.v", "top -o X", "-top"} {
				err := tool.Run(context.Background(), dir, top, "top.v")
				require.ErrorContains(t, err, "is not a Verilog identifier", "%q", top)
			}
			// File names a script or an option parser would misread.
			for _, name := range []string{"a b; write_verilog X.v", "-Wno-fatal.v", "+define+X.v"} {
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(clean), 0o644))
				require.NoError(t, tool.Run(context.Background(), dir, "top", name), "%q", name)
			}
			_, err := os.Stat(filepath.Join(dir, "X.v"))
			require.ErrorIs(t, err, os.ErrNotExist, "an injected command ran")
		})
	}
}

// A pass is remembered by content: the same files again do not run the
// tool; changed files do, and a failure is never remembered.
func TestPassCache(t *testing.T) {
	real := tooltest.Require(t, "verilator")
	bin, dir := t.TempDir(), t.TempDir()
	calls := filepath.Join(bin, "calls")
	wrapper := "#!/bin/sh\necho x >> " + calls + "\nexec " + real + " \"$@\"\n"
	require.NoError(t, os.WriteFile(filepath.Join(bin, "verilator"), []byte(wrapper), 0o755))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv(lint.EnvCache, t.TempDir())
	count := func() int {
		data, _ := os.ReadFile(calls)
		return strings.Count(string(data), "x")
	}
	tool := lint.Tools[0]
	write := func(text string) { require.NoError(t, os.WriteFile(filepath.Join(dir, "top.v"), []byte(text), 0o644)) }
	write(clean)
	require.NoError(t, tool.Run(context.Background(), dir, "top", "top.v"))
	require.NoError(t, tool.Run(context.Background(), dir, "top", "top.v"))
	require.Equal(t, 1, count(), "the second run is remembered")
	write(warns)
	require.Error(t, tool.Run(context.Background(), dir, "top", "top.v"))
	require.Error(t, tool.Run(context.Background(), dir, "top", "top.v"))
	require.Equal(t, 3, count(), "failures run every time")
	t.Setenv(lint.EnvCache, "off")
	write(clean)
	require.NoError(t, tool.Run(context.Background(), dir, "top", "top.v"))
	require.Equal(t, 4, count(), "no cache")
}
