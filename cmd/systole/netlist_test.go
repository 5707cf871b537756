package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/tooltest"
)

// The netlist commands: gen --netlist, emit, sim FILE.net and lint.
func TestNetlistCommands(t *testing.T) {
	hand, err := filepath.Abs("../../netlist/testdata/accum.net")
	require.NoError(t, err)
	for _, tc := range []struct {
		name   string
		setup  string // a stimulus file written to $DIR/s.stim
		args   []string
		code   int
		stdout []string
		stderr string
		files  []string
	}{
		{name: "help lists them", args: []string{"--help"}, stdout: []string{"emit ", "lint "}},
		{name: "emit help", args: []string{"emit", "--help"}, stdout: []string{"Usage: systole emit <FILE.net>", "-o"}},
		{name: "lint help", args: []string{"lint", "--help"}, stdout: []string{"Usage: systole lint <DIR|FILE.v>", "-top"}},
		{name: "gen netlist example", args: []string{"gen", "--example", "counter", "--netlist", "--cycles", "0", "-o", "$DIR"},
			stdout: []string{"wrote $DIR/Counter_8.net (netlist text)"}, files: []string{"Counter_8.v", "Counter_8.net"}},
		{name: "gen netlist core", args: []string{"gen", "--rows=2", "--cols=2", "--netlist", "-o", "$DIR"},
			stdout: []string{"wrote $DIR/systolic_ws_2x2_i8_a32.net"}, files: []string{"systolic_ws_2x2_i8_a32.net"}},
		{name: "emit hand-written", args: []string{"emit", hand, "-o", "$DIR"}, stdout: []string{"wrote $DIR/accum.v (accum: "}, files: []string{"accum.v"}},
		{name: "emit json", args: []string{"emit", "--json", hand, "-o=$DIR"}, stdout: []string{`"top": "accum"`}},
		{name: "emit no file", args: []string{"emit"}, code: 2, stderr: `systole emit: expected "<FILE.net>"`},
		{name: "emit two files", args: []string{"emit", "a.net", "b.net"}, code: 2, stderr: `systole emit: unexpected argument b.net`},
		{name: "emit missing", args: []string{"emit", "$DIR/nope.net"}, code: 1, stderr: "systole emit: open $DIR/nope.net: no such file or directory"},
		{name: "emit bad netlist", args: []string{"emit", "$DIR/file.txt"}, code: 2, stderr: "systole emit: $DIR/file.txt:1:1: syntax error: unexpected token \"<EOF>\""},
		{name: "sim netlist zero", args: []string{"sim", hand, "--cycles", "3"},
			stdout: []string{"reset, then 3 cycles, inputs held at 0", "sum = 8'h00", "big = 1'h0"}},
		{name: "sim netlist stimulus", setup: "# fill word 0, then sum it\n0 we=1 wdata=8'd100\n1 we=0\n",
			args:   []string{"sim", hand, "--cycles", "6", "--stimulus", "$DIR/s.stim", "--vcd", "$DIR/a.vcd"},
			stdout: []string{"inputs from $DIR/s.stim", "sum = 8'h90", "big = 1'h0", "wrote $DIR/a.vcd"}, files: []string{"a.vcd"}},
		{name: "sim netlist json", args: []string{"sim", "--json", hand}, stdout: []string{`"top": "accum"`, `"name": "sum"`}},
		{name: "sim stimulus not an input", setup: "0 sum=1\n", args: []string{"sim", hand, "--stimulus", "$DIR/s.stim"},
			code: 2, stderr: "systole sim: $DIR/s.stim:1: sum is not an input of accum that a stimulus can drive"},
		{name: "sim stimulus too wide", setup: "2 wdata=300\n", args: []string{"sim", hand, "--stimulus", "$DIR/s.stim"},
			code: 2, stderr: "systole sim: $DIR/s.stim:1: wdata: 300 does not fit in 8 bits"},
		{name: "sim stimulus order", setup: "2 we=1\n1 we=0\n", args: []string{"sim", hand, "--stimulus", "$DIR/s.stim"},
			code: 2, stderr: "systole sim: $DIR/s.stim:2: cycle 1 does not come after cycle 2"},
		{name: "sim stimulus without netlist", args: []string{"sim", "--stimulus", "x"}, code: 2, stderr: "systole sim: --stimulus needs a netlist file"},
		{name: "lint missing", args: []string{"lint", "$DIR/nope"}, code: 1, stderr: "systole lint: stat $DIR/nope: no such file or directory"},
		{name: "lint no file", args: []string{"lint"}, code: 2, stderr: `systole lint: expected "<DIR|FILE.v>"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "file.txt"), nil, 0o644))
			if tc.setup != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "s.stim"), []byte(tc.setup), 0o644))
			}
			res := runArgs(dir, tc.args...)
			require.Equal(t, tc.code, res.code, "exit code; stderr: %s", res.stderr)
			for _, s := range tc.stdout {
				require.Contains(t, res.stdout, strings.ReplaceAll(s, "$DIR", dir))
			}
			if tc.stderr == "" {
				require.Empty(t, res.stderr)
			} else {
				require.Contains(t, res.stderr, strings.ReplaceAll(tc.stderr, "$DIR", dir))
				require.Equal(t, 1, strings.Count(res.stderr, "\n"), "errors are one line")
			}
			for _, f := range tc.files {
				info, err := os.Stat(filepath.Join(dir, f))
				require.NoError(t, err)
				require.NotZero(t, info.Size(), f)
			}
		})
	}
}

// emit of the netlist that gen wrote is byte-identical to gen's Verilog,
// for every example and a core; and lint passes on it.
func TestEmitMatchesGen(t *testing.T) {
	for _, args := range [][]string{
		{"--example", "counter"}, {"--example", "alu"}, {"--example", "mac"}, {"--example", "adder130"}, {"--example", "fifo"},
		{"--rows=3", "--cols=2", "--dataflow=os"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := t.TempDir()
			gen := filepath.Join(dir, "gen")
			res := runArgs(dir, append([]string{"gen", "--netlist", "--cycles", "0", "-o", gen}, args...)...)
			require.Equal(t, 0, res.code, res.stderr)
			nets, err := filepath.Glob(filepath.Join(gen, "*.net"))
			require.NoError(t, err)
			require.Len(t, nets, 1)
			res = runArgs(dir, "emit", nets[0], "-o", filepath.Join(dir, "emit"))
			require.Equal(t, 0, res.code, res.stderr)
			base := strings.TrimSuffix(filepath.Base(nets[0]), ".net") + ".v"
			want, err := os.ReadFile(filepath.Join(gen, base))
			require.NoError(t, err)
			got, err := os.ReadFile(filepath.Join(dir, "emit", base))
			require.NoError(t, err)
			require.Equal(t, string(want), string(got))
		})
	}
}

func TestLintVerdicts(t *testing.T) {
	tooltest.Require(t, "verilator")
	dir := t.TempDir()
	res := runArgs(dir, "gen", "--example", "counter", "--cycles", "0", "-o", dir)
	require.Equal(t, 0, res.code, res.stderr)
	res = runArgs(dir, "lint", dir)
	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, "verilator pass")
	res = runArgs(dir, "lint", filepath.Join(dir, "Counter_8.v"), "--json")
	require.Equal(t, 0, res.code, res.stderr)
	require.Contains(t, res.stdout, `"tool": "verilator"`)

	bad := filepath.Join(dir, "bad.v")
	require.NoError(t, os.WriteFile(bad, []byte("module bad(input a, output y);\n  wire w;\n  assign y = a;\nendmodule\n"), 0o644))
	res = runArgs(dir, "lint", bad)
	require.Equal(t, 1, res.code)
	require.Contains(t, res.stdout, "verilator FAIL")
	require.Contains(t, res.stderr, "systole lint: ")
	res = runArgs(dir, "lint", dir)
	require.Equal(t, 1, res.code, "two top modules, one with warnings")
	require.Contains(t, res.stdout, "MULTITOP")

	// Lint judges the Verilog, not the file name: a user's file named
	// otherwise than its module (and holding a hierarchy) passes.
	user := t.TempDir()
	res = runArgs(user, "gen", "--rows=2", "--cols=2", "-o", "$DIR/g")
	require.Equal(t, 0, res.code, res.stderr)
	v, err := os.ReadFile(filepath.Join(user, "g", "systolic_ws_2x2_i8_a32.v"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(user, "fir4.v"), v, 0o644))
	res = runArgs(user, "lint", "$DIR/fir4.v")
	require.Equal(t, 0, res.code, res.stdout)
	require.Contains(t, res.stdout, "verilator pass")
}
