package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/kong"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/version"
)

// everyCommand lists the path of every visible command, subcommands
// included ("gen", "sweep merge").
func everyCommand(t *testing.T) [][]string {
	var c cli
	p, err := newParser(&c, nil, nil)
	require.NoError(t, err)
	var paths [][]string
	var visit func(n *kong.Node, path []string)
	visit = func(n *kong.Node, path []string) {
		for _, ch := range n.Children {
			if !ch.Hidden {
				sub := append(append([]string{}, path...), ch.Name)
				paths = append(paths, sub)
				visit(ch, sub)
			}
		}
	}
	visit(p.Model.Node, nil)
	return paths
}

// Every command has --help (and -h, and 'systole help CMD'), exit 0, with
// its own usage line.
func TestHelpEveryCommand(t *testing.T) {
	paths := everyCommand(t)
	require.Contains(t, paths, []string{"sweep", "merge"})
	for _, path := range paths {
		usage := "Usage: systole " + strings.Join(path, " ")
		for _, args := range [][]string{append(path, "--help"), append(path, "-h"), append([]string{"help"}, path...)} {
			r := runArgs("", args...)
			require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
			require.Contains(t, r.stdout, usage, "%v", args)
			require.Empty(t, r.stderr)
		}
	}
	// sweep's help shows the flags of its run, the default.
	r := runArgs("", "sweep", "--help")
	require.Contains(t, r.stdout, "--workload=LIST")
	require.Contains(t, r.stdout, "systole sweep merge")
}

// Every kind of usage error exits 2 from the real binary (kong's own code
// is 80), one line on stderr naming the command.
func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range []string{
		"", "frob", "gen --bogus", "gen --rows x", "gen --rows", "gen extra", "emit", "emit a.net b.net",
		"lint", "sweep merge", "sweep --bogus", "sweep merge --rows 3", "completion", "completion tcsh",
		"help frob", "sim --cycles -1", "gen --rows 0", "bench --lanes 0", "examples --json=maybe",
	} {
		cmd := exec.Command(os.Args[0], strings.Fields(args)...)
		cmd.Env = append(os.Environ(), "SYSTOLE_TEST_AS_MAIN=1")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		_ = cmd.Run()
		require.Equal(t, exitUsage, cmd.ProcessState.ExitCode(), "systole %s: %s", args, stderr.String())
		require.True(t, strings.HasPrefix(stderr.String(), "systole"), "systole %s: %q", args, stderr.String())
		require.Contains(t, stderr.String(), "--help'\n", "systole %s", args)
	}
}

// Flags may follow the arguments, and Go flag package spellings (-help,
// -rows=2, -o=DIR) keep working.
func TestFlagsAfterArguments(t *testing.T) {
	dir := t.TempDir()
	hand, err := filepath.Abs("../../netlist/testdata/accum.net")
	require.NoError(t, err)

	r := runArgs(dir, "emit", hand, "-o", "$DIR/e", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.FileExists(t, filepath.Join(dir, "e", "accum.v"))

	r = runArgs(dir, "sim", hand, "--cycles", "3", "--json")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.Contains(t, r.stdout, `"cycles": 3`)

	r = runArgs(dir, "gen", "-rows=2", "-cols", "2", "-o=$DIR/g", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.FileExists(t, filepath.Join(dir, "g", "systolic_ws_2x2_i8_a32.v"))

	// The example: sweep merge with -o before and -q after the
	// arguments.
	r = runArgs(dir, "sweep", "--spec", "tiny", "--rows", "2", "--cols", "2", "--lint=false", "--no-synth", "--cache", "",
		"--shard", "0/2", "-o", "$DIR/sh", "-q")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runArgs(dir, "sweep", "$DIR/sh", "--shard", "1/2", "--spec", "tiny", "--rows=2", "--cols=2", "--lint=false", "--no-synth", "--cache=", "-o", "$DIR/sh", "-q")
	require.Equal(t, exitUsage, r.code, "sweep takes no arguments: %s", r.stdout)
	r = runArgs(dir, "sweep", "--shard", "1/2", "--spec", "tiny", "--rows=2", "--cols=2", "--lint=false", "--no-synth", "--cache=", "-o", "$DIR/sh", "-q")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = runArgs(dir, "sweep", "merge", "-o", "$DIR/merged", "$DIR/sh", "-q")
	require.Equal(t, exitOK, r.code, r.stderr)
	require.NotContains(t, r.stdout, "rows, 0 failed", "-q: no summary")
	rows, err := report.ReadJSONL(filepath.Join(dir, "merged", "sweep.jsonl"))
	require.NoError(t, err)
	require.Len(t, rows, 4) // tiny at 2x2: two dataflows, two GEMMs
}

// The completion scripts name every command and flag; bash's completes.
func TestCompletion(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		r := runArgs("", "completion", sh)
		require.Equal(t, exitOK, r.code, r.stderr)
		for _, w := range []string{"gen", "merge", "acc-width", "workload"} {
			require.Contains(t, r.stdout, w, sh)
		}
		require.NotContains(t, r.stdout, "elab-child", "hidden flags stay hidden")
	}
	bash := tooltest.Require(t, "bash")
	script := filepath.Join(t.TempDir(), "systole.bash")
	require.NoError(t, os.WriteFile(script, []byte(runArgs("", "completion", "bash").stdout), 0o644))
	complete := func(words ...string) string {
		cmd := exec.Command(bash, "-c", `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _systole; echo "${COMPREPLY[*]}"`,
			"x", script)
		cmd.Args = append(cmd.Args, words...)
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
		return strings.TrimSpace(string(out))
	}
	require.Equal(t, "sim sweep", complete("systole", "s"))
	require.Equal(t, "merge", complete("systole", "sweep", "m"))
	require.Equal(t, "--workload --workload-file", complete("systole", "sweep", "--work"))
	require.Equal(t, "--output", complete("systole", "sweep", "merge", "--out"))
	require.Equal(t, "--acc-rows --acc-width", complete("systole", "gen", "--rows", "4", "--acc"))
	require.Empty(t, complete("systole", "sweep", "merge", "--work"))
}

// --version prints the version that every output is stamped with.
func TestVersionFlag(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"gen", "--version"}} {
		r := runArgs("", args...)
		require.Equal(t, exitOK, r.code, "%v: %s", args, r.stderr)
		require.Equal(t, "systole "+version.Systole+"\n", r.stdout, "%v", args)
	}
}
