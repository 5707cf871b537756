package main

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzArgs: no command line makes the parser panic; each is either ready
// to run a command, or handled with exit code 0 (help, printed on stdout)
// or 2 (a usage error: one or more lines on stderr, each naming systole),
// never another code. Commands are not run: this is the parsing. The
// seeds run in every go test.
func FuzzArgs(f *testing.F) {
	for _, s := range []string{
		"", "--help", "frob", "gen", "gen --rows 4 --cols 8 -o out --json", "gen -rows=2 -o=x", "gen --rows x",
		"gen --rows", "gen --example counter --rows 4", "gen extra", "sim --gap NaN", "sim x.net --vcd x.net --cycles -1",
		"sim --jobs 1000000000", "emit", "emit a.net b.net", "emit /dev/zero -o d", "lint --top top;write_verilog", "lint d --json",
		"examples --json=maybe", "sweep --rows 1..9223372036854775807*2", "sweep merge -o out sh -q", "sweep merge",
		"sweep --spec tiny --shard 0/2 --resume", "bench --icarus-cycles -5", "bench --lanes 0 --json /bad/path",
		"help gen", "help frob", "completion bash", "completion tcsh", "-- gen", "gen -- --rows", "sim --seed=18446744073709551616",
		"gen --signed=maybe", "gen --no-signed --dataflow os", "sweep --lint=false --no-synth --cache=", "-h", "gen -h",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Fields(line)
		if len(args) > 24 {
			args = args[:24]
		}
		var stdout, stderr bytes.Buffer
		ctx, e, code, done := parseArgs(args, &stdout, &stderr)
		if !done {
			if ctx == nil || e == nil || ctx.Command() == "" {
				t.Fatalf("%q: ready to run, but no command selected", args)
			}
			return
		}
		switch code {
		case exitOK:
			if stdout.Len() == 0 || stderr.Len() != 0 {
				t.Errorf("%q: exit 0 without help on stdout (stderr %q)", args, stderr.String())
			}
		case exitUsage:
			msg := strings.TrimSuffix(stderr.String(), "\n")
			if msg == "" {
				t.Fatalf("%q: exit 2 without a message", args)
			}
			for _, l := range strings.Split(msg, "\n") {
				if !strings.HasPrefix(l, "systole") {
					t.Errorf("%q: stderr line %q does not name systole", args, l)
				}
			}
		default:
			t.Errorf("%q: exit code %d from parsing", args, code)
		}
	})
}
