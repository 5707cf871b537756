package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/tooltest"
)

// gen --example sram and emit of its netlist write file lists naming the
// user's SRAM Verilog with the design's, which Verilator (-F, from another
// directory) and Icarus (-c) read.
func TestBlackBoxFileLists(t *testing.T) {
	dir := t.TempDir()
	r := runArgs(dir, "gen", "--example", "sram", "--netlist", "--cycles", "0", "-o", "$DIR/gen")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "wrote "+dir+"/gen/Scratchpad_16_8.f (file list, with the black boxes' Verilog)")
	sram, err := filepath.Abs(filepath.Join("..", "..", "examples", "sram_sp.v"))
	require.NoError(t, err)
	abs, err := os.ReadFile(filepath.Join(dir, "gen", "Scratchpad_16_8.icarus.f"))
	require.NoError(t, err)
	require.Equal(t, []string{sram, filepath.Join(dir, "gen", "Scratchpad_16_8.v")}, strings.Split(strings.TrimSpace(string(abs)), "\n")[1:])
	rel, err := os.ReadFile(filepath.Join(dir, "gen", "Scratchpad_16_8.f"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(rel)), "\n")[1:]
	require.Len(t, lines, 2)
	require.Equal(t, sram, filepath.Clean(filepath.Join(dir, "gen", lines[0])), "relative to the list")
	require.Equal(t, "Scratchpad_16_8.v", lines[1])

	r = runArgs(dir, "emit", "$DIR/gen/Scratchpad_16_8.net", "-o", "$DIR/emit")
	require.Equal(t, 0, r.code, r.stderr)
	again, err := os.ReadFile(filepath.Join(dir, "emit", "Scratchpad_16_8.icarus.f"))
	require.NoError(t, err)
	require.Equal(t, strings.Replace(string(abs), "/gen/", "/emit/", 1), string(again))

	t.Run("verilator", func(t *testing.T) {
		verilator := tooltest.Require(t, "verilator")
		cmd := exec.Command(verilator, "--lint-only", "-Wall", "-Wno-DECLFILENAME", "-F", filepath.Join(dir, "gen", "Scratchpad_16_8.f"))
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Empty(t, strings.TrimSpace(string(out)))
	})
	t.Run("lint", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		r := runArgs(dir, "lint", "$DIR/gen/Scratchpad_16_8.f")
		require.Equal(t, 0, r.code, r.stdout+r.stderr)
		require.Contains(t, r.stdout, "verilator pass")
	})
	t.Run("icarus", func(t *testing.T) {
		iverilog := tooltest.Require(t, "iverilog")
		cmd := exec.Command(iverilog, "-g2005", "-Wall", "-o", os.DevNull, "-c", filepath.Join(dir, "gen", "Scratchpad_16_8.icarus.f"))
		cmd.Dir = t.TempDir()
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		require.Empty(t, strings.TrimSpace(string(out)))
	})
}

// A black box's file that does not exist is an error, and nothing is
// written.
func TestBlackBoxMissingFile(t *testing.T) {
	dir := t.TempDir()
	net := filepath.Join(dir, "bb.net")
	require.NoError(t, os.WriteFile(net, []byte(`design T
module B {
  extern vendor_ip
  file "`+filepath.Join(dir, "nowhere.v")+`"
  input i: 1
  output o: 1
}
module T {
  input i: 1
  output o: 1
  inst u: B(i = i, o = o)
}
`), 0o644))
	r := runArgs(dir, "emit", "$DIR/bb.net", "-o", "$DIR/out")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "black box file: stat "+filepath.Join(dir, "nowhere.v")+": no such file or directory")
	_, err := os.Stat(filepath.Join(dir, "out", "T.v"))
	require.True(t, os.IsNotExist(err), "nothing written")
}

// lint reads a file list's names, and refuses options in it.
func TestLintFileListOptions(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "x.f")
	require.NoError(t, os.WriteFile(list, []byte("// a list\n-y rtl\n"), 0o644))
	r := runArgs(dir, "lint", list)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, list+`:2: "-y rtl" is an option: a file list for lint holds only file names`)
	require.NoError(t, os.WriteFile(list, []byte("// nothing\n\n"), 0o644))
	r = runArgs(dir, "lint", list)
	require.Contains(t, r.stderr, "lists no files")
}
