package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/examples"
)

// result is what one run of the command line printed and returned.
type result struct {
	code           int
	stdout, stderr string
}

// runArgs runs the command line in-process, with $DIR in the arguments
// replaced by dir.
func runArgs(dir string, args ...string) result {
	for i := range args {
		args[i] = strings.ReplaceAll(args[i], "$DIR", dir)
	}
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string // substrings
		stderr string   // substring; "" requires an empty stderr
		lines  int      // lines of stderr (errors); 0 means 1
		files  []string // must exist afterwards, relative to $DIR
	}{
		{name: "no command", args: nil, code: 2, stderr: "systole: missing command (gen, sim, emit, lint, examples, sweep, bench, prove, help, completion)"},
		{name: "unknown command", args: []string{"frob"}, code: 2, stderr: `systole: unknown command "frob"; run 'systole --help'`},
		{name: "top help", args: []string{"--help"}, stdout: []string{"Usage: systole <command>", "gen ", "sim ", "examples "}},
		{name: "top -h", args: []string{"-h"}, stdout: []string{"Usage: systole <command>"}},
		{name: "help", args: []string{"help"}, stdout: []string{"Usage: systole <command>"}},
		{name: "help gen", args: []string{"help", "gen"}, stdout: []string{"Usage: systole gen", "-example", "-o"}},
		{name: "help help", args: []string{"help", "help"}, stdout: []string{"Usage: systole help [<command> ...]"}},
		{name: "help unknown", args: []string{"help", "frob"}, code: 2, stderr: `systole help: unknown command "frob"`},
		{name: "help two", args: []string{"help", "gen", "sim"}, code: 2, stderr: `systole help: unexpected argument "sim"`},

		{name: "gen help", args: []string{"gen", "--help"}, stdout: []string{"Usage: systole gen", "-rows", "-dataflow", "(default \"ws\")"}},
		{name: "gen default", args: []string{"gen", "-o", "$DIR/out"},
			stdout: []string{"wrote $DIR/out/systolic_ws_16x16_i8_a32.v\n", "wrote $DIR/out/systolic_ws_16x16_i8_a32.json\n"},
			files:  []string{"out/systolic_ws_16x16_i8_a32.v", "out/systolic_ws_16x16_i8_a32.f", "out/systolic_ws_16x16_i8_a32.json", "out/systolic_ws_16x16_i8_a32.h"}},
		{name: "gen os core", args: []string{"gen", "--dataflow", "os", "--rows", "4", "--cols", "3", "--signed=false", "--in-width", "4", "--acc-width", "12", "--top", "mm", "-o", "$DIR", "--json"},
			stdout: []string{`"top": "mm"`}, files: []string{"mm.v", "mm.f", "mm.json", "mm.h"}},
		{name: "gen bad core", args: []string{"gen", "--rows", "300", "--acc-width", "4"}, code: 2,
			lines: 2, stderr: "systole gen: systolic: rows 300: want 1..256\nsystole gen: systolic: acc_width 4: want in_width+1 (9)..64; run 'systole gen --help'\n"},
		{name: "gen bf16", args: []string{"gen", "--format", "bf16", "--rows", "2", "--cols", "3", "-o", "$DIR"},
			stdout: []string{"wrote $DIR/systolic_ws_2x3_bf16.v\n"}, files: []string{"systolic_ws_2x3_bf16.v", "systolic_ws_2x3_bf16.json", "systolic_ws_2x3_bf16.h"}},
		{name: "gen os fp8e4m3", args: []string{"gen", "--dataflow=os", "--rows=2", "--cols=2", "--format=fp8e4m3", "--in-width=8", "--no-signed", "-o", "$DIR"},
			files: []string{"systolic_os_2x2_fp8e4m3.v"}, stdout: []string{"systolic_os_2x2_fp8e4m3.h"}},
		{name: "gen float int flags", args: []string{"gen", "--format", "fp16", "--in-width", "8", "--acc-width", "40", "--signed"}, code: 2, lines: 3,
			stderr: "systole gen: systolic: in_width 8: format fp16 has 16-bit operands\nsystole gen: systolic: acc_width 40: format fp16 accumulates in fp32 (32)\nsystole gen: systolic: signed: format fp16 carries its own sign"},
		{name: "gen bad format", args: []string{"gen", "--format", "fp4"}, code: 2, stderr: `systole gen: systolic: format "fp4": want one of int, fp8e4m3, fp8e5m2, bf16, fp16`},
		{name: "gen counter", args: []string{"gen", "--example", "counter", "-o", "$DIR/out"},
			stdout: []string{"wrote $DIR/out/Counter_8.v (Counter_8: 1 module, "}, files: []string{"out/Counter_8.v", "out/Counter_8.vcd"}},
		{name: "gen fifo", args: []string{"gen", "--example", "fifo", "-o", "$DIR"},
			stdout: []string{"FIFO_8_8.v"}, files: []string{"FIFO_8_8.v"}},
		{name: "gen json", args: []string{"gen", "--example=adder130", "-o=$DIR", "--json"},
			stdout: []string{`"top": "WideAdder_130"`, `"$DIR/WideAdder_130.v"`}, files: []string{"WideAdder_130.v"}},
		{name: "gen unknown example", args: []string{"gen", "--example", "nope"}, code: 2,
			stderr: `systole gen: unknown example "nope" (have counter, alu, mac, adder130, fifo, rom, sram); run 'systole gen --help'`},
		{name: "gen bad flag", args: []string{"gen", "--bogus"}, code: 2, stderr: "systole gen: unknown flag --bogus; run 'systole gen --help'"},
		{name: "gen extra argument", args: []string{"gen", "counter"}, code: 2, stderr: `systole gen: unexpected argument counter`},
		{name: "gen unwritable", args: []string{"gen", "-o", "$DIR/file.txt/sub"}, code: 1, stderr: "systole gen: mkdir $DIR/file.txt: not a directory"},

		{name: "sim help", args: []string{"sim", "-help"}, stdout: []string{"Usage: systole sim", "-cycles", "-seed", "-vcd"}},
		{name: "sim default", args: []string{"sim"},
			stdout: []string{"PASS systolic_ws_16x16_i8_a32 on rtlsim (seed 1)", "MACs/cycle, utilization"}},
		{name: "sim os gaps", args: []string{"sim", "--dataflow=os", "--rows=3", "--cols=5", "--gap=0.3", "--backpressure=0.5", "--seed=4", "--json"},
			stdout: []string{`"pass": true`, `"backend": "rtlsim"`}},
		{name: "sim core vcd", args: []string{"sim", "--rows=2", "--cols=2", "--vcd", "$DIR/core.vcd"},
			stdout: []string{"PASS systolic_ws_2x2_i8_a32", "wrote $DIR/core.vcd"}, files: []string{"core.vcd"}},
		{name: "sim fp16 os", args: []string{"sim", "--format=fp16", "--dataflow=os", "--rows=2", "--cols=3", "--gap=0.2", "--backpressure=0.3"},
			stdout: []string{"PASS systolic_os_2x3_fp16 on rtlsim (seed 1)"}},
		{name: "sim bf16", args: []string{"sim", "--format", "bf16", "--rows=3", "--cols=2", "--json"}, stdout: []string{`"pass": true`, `"top": "systolic_ws_3x2_bf16"`}},
		{name: "sim bad backend", args: []string{"sim", "--rows=2", "--backend=icarus"}, code: 2, stderr: `systole sim: --backend "icarus": want rtlsim or verilator`},
		{name: "sim bad gap", args: []string{"sim", "--gap=1"}, code: 2, stderr: "systole sim: --gap 1, --backpressure 0: want probabilities in [0, 1)"},
		{name: "sim counter", args: []string{"sim", "--example", "counter"},
			stdout: []string{"counter (Counter_8): reset, then 100 cycles of random inputs (seed 1)", "count = 8'h"}},
		{name: "sim vcd", args: []string{"sim", "--example", "fifo", "--cycles", "50", "--vcd", "$DIR/fifo.vcd"},
			stdout: []string{"FIFO_8_8", "out_valid = 1'h", "wrote $DIR/fifo.vcd"}, files: []string{"fifo.vcd"}},
		{name: "sim zero cycles", args: []string{"sim", "--example", "mac", "--cycles", "0"}, stdout: []string{"acc = 32'h00000000"}},
		{name: "sim wide", args: []string{"sim", "--example", "adder130", "--seed", "7"}, stdout: []string{"sum   = 130'h"}},
		{name: "sim negative cycles", args: []string{"sim", "--cycles", "-1"}, code: 2, stderr: "systole sim: --cycles -1: want a count of at least 0"},
		{name: "sim bad seed", args: []string{"sim", "--seed", "x"}, code: 2, stderr: `systole sim: --seed: expected a valid 64 bit uint but got "x"`},
		{name: "sim unknown example", args: []string{"sim", "--example", "nope"}, code: 2, stderr: `systole sim: unknown example "nope"`},
		{name: "sim vcd unwritable", args: []string{"sim", "--example", "counter", "--vcd", "$DIR/file.txt/x.vcd"}, code: 1, stderr: "systole sim: open $DIR/file.txt/x.vcd: not a directory"},

		{name: "examples", args: []string{"examples"}, stdout: []string{"counter   8-bit counter", "fifo      "}},
		{name: "examples json", args: []string{"examples", "--json"}, stdout: []string{`"name": "alu"`}},
		{name: "examples help", args: []string{"examples", "--help"}, stdout: []string{"Usage: systole examples"}},
		{name: "examples extra", args: []string{"examples", "x"}, code: 2, stderr: `systole examples: unexpected argument x`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "file.txt"), nil, 0o644))
			res := runArgs(dir, tc.args...)
			require.Equal(t, tc.code, res.code, "exit code; stderr: %s", res.stderr)
			for _, s := range tc.stdout {
				require.Contains(t, res.stdout, strings.ReplaceAll(s, "$DIR", dir))
			}
			if tc.stderr == "" {
				require.Empty(t, res.stderr)
			} else {
				require.Contains(t, res.stderr, strings.ReplaceAll(tc.stderr, "$DIR", dir))
				require.Equal(t, max(tc.lines, 1), strings.Count(res.stderr, "\n"), "errors are one line each")
				for _, l := range strings.SplitAfter(strings.TrimSuffix(res.stderr, "\n"), "\n") {
					require.True(t, strings.HasPrefix(l, "systole"), "every error line names the command: %q", l)
				}
				require.Empty(t, res.stdout)
			}
			for _, f := range tc.files {
				info, err := os.Stat(filepath.Join(dir, f))
				require.NoError(t, err)
				require.NotZero(t, info.Size(), f)
			}
		})
	}
}

// Every example can be generated and simulated.
func TestEveryExample(t *testing.T) {
	for _, e := range examples.All() {
		t.Run(e.Name, func(t *testing.T) {
			dir := t.TempDir()
			res := runArgs(dir, "gen", "--example", e.Name, "-o", dir, "--json")
			require.Equal(t, 0, res.code, res.stderr)
			var gen struct{ Files []string }
			require.NoError(t, json.Unmarshal([]byte(res.stdout), &gen))
			// The Verilog, the file lists when the example has black boxes,
			// and the smoke run's waveform.
			if e.Name == "sram" {
				require.Len(t, gen.Files, 4)
				require.True(t, strings.HasSuffix(gen.Files[1], ".f") && strings.HasSuffix(gen.Files[2], ".icarus.f"), "%v", gen.Files)
			} else {
				require.Len(t, gen.Files, 2)
			}
			text, err := os.ReadFile(gen.Files[0])
			require.NoError(t, err)
			require.Contains(t, string(text), "module ")
			wave, err := os.ReadFile(gen.Files[len(gen.Files)-1])
			require.NoError(t, err)
			require.Contains(t, string(wave), "$enddefinitions $end")

			res = runArgs(dir, "sim", "--example", e.Name, "--cycles", "300", "--vcd", filepath.Join(dir, "t.vcd"))
			require.Equal(t, 0, res.code, res.stderr)
			vcd, err := os.ReadFile(filepath.Join(dir, "t.vcd"))
			require.NoError(t, err)
			require.Contains(t, string(vcd), "$enddefinitions $end")
		})
	}
}

// A seed gives the same run every time; another seed another run.
func TestSimSeed(t *testing.T) {
	out := func(seed string) string {
		res := runArgs("", "sim", "--example", "adder130", "--json", "--seed", seed)
		require.Equal(t, 0, res.code, res.stderr)
		var sum struct {
			Seed    uint64
			Outputs []struct{ Name, Value string }
		}
		require.NoError(t, json.Unmarshal([]byte(res.stdout), &sum))
		require.Equal(t, "sum", sum.Outputs[0].Name)
		return sum.Outputs[0].Value
	}
	require.Equal(t, out("5"), out("5"))
	require.NotEqual(t, out("5"), out("6"))
}

// TestMain lets the test binary act as the systole command, so that
// TestExitCodes can check what a shell sees.
func TestMain(m *testing.M) {
	if os.Getenv("SYSTOLE_TEST_AS_MAIN") == "1" {
		main()
	}
	os.Exit(m.Run())
}

func TestExitCodes(t *testing.T) {
	for args, want := range map[string]int{"examples": 0, "gen --example nope": 2, "sim --vcd /dev/null/x": 1} {
		cmd := exec.Command(os.Args[0], strings.Fields(args)...)
		cmd.Env = append(os.Environ(), "SYSTOLE_TEST_AS_MAIN=1")
		out, _ := cmd.CombinedOutput()
		require.Equal(t, want, cmd.ProcessState.ExitCode(), "systole %s: %s", args, out)
	}
}
