// Package lint runs the external tools that judge emitted Verilog —
// Verilator's linter with every warning on, Icarus Verilog's compiler and
// Yosys's synthesis and design check — and treats any output as a failure:
// systole's Verilog must be clean without waivers.
package lint

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Tool is one checker.
type Tool struct {
	Name string // the program
	args func(top string, files []string) []string
}

// Tools are the checkers, in the order a person would run them. With top
// "" each tool finds the top module itself: the one no other instantiates.
var Tools = []Tool{
	{"verilator", func(top string, files []string) []string {
		// DECLFILENAME judges file names, not the Verilog: a user's fir4.v
		// holding FIR4_8_0, or one file holding a design's modules.
		args := []string{"--lint-only", "-Wall", "-Wno-DECLFILENAME"}
		if top != "" {
			args = append(args, "--top-module", top)
		}
		return append(args, files...)
	}},
	{"iverilog", func(top string, files []string) []string {
		args := []string{"-g2005", "-Wall", "-o", "/dev/null"}
		if top != "" {
			args = append(args, "-s", top)
		}
		return append(args, files...)
	}},
	// The files go to Yosys as arguments, which it reads before running
	// the script, never into the script, where a name with a ';' would be
	// a command.
	{"yosys", func(top string, files []string) []string {
		synth := "synth -auto-top"
		if top != "" {
			synth = "synth -top " + top
		}
		return append([]string{"-q", "-p", synth + "; check -assert"}, files...)
	}},
}

// Ident reports whether s is a simple Verilog identifier (a letter or
// underscore, then letters, digits, underscores or '$'): the only names
// lint passes to a tool, so that no tool can read one as a command, an
// option or a path.
func Ident(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && (r >= '0' && r <= '9' || r == '$')) {
			return false
		}
	}
	return s != ""
}

// fileArg makes a file name safe as a tool argument: a relative name
// starting with '-' or '+' (an option, a Verilator +define+) gets "./".
func fileArg(name string) string {
	if strings.HasPrefix(name, "-") || strings.HasPrefix(name, "+") {
		return "./" + name
	}
	return name
}

// Run runs the tool on files (relative to dir) with top as the top module.
// It fails when the tool exits non-zero or prints anything. A pass is
// remembered by content (see EnvCache): judging the same files again with
// the same tool and arguments costs nothing.
func (t Tool) Run(ctx context.Context, dir, top string, files ...string) error {
	if top != "" && !Ident(top) {
		return fmt.Errorf("%s: top module %q is not a Verilog identifier", t.Name, top)
	}
	safe := make([]string, len(files))
	for i, f := range files {
		if strings.ContainsAny(f, "\n\r\x00") {
			return fmt.Errorf("%s: file name %q holds a line break or NUL", t.Name, f)
		}
		safe[i] = fileArg(f)
	}
	args := t.args(top, safe)
	pass := passFile(t.Name, dir, args, files)
	if pass != "" {
		if _, err := os.Stat(pass); err == nil {
			return nil // the same tool passed the same files with the same arguments
		}
	}
	cmd := exec.CommandContext(ctx, t.Name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	out = bytes.TrimSpace(out)
	if err != nil || len(out) > 0 {
		if err == nil {
			err = fmt.Errorf("warnings")
		}
		return fmt.Errorf("%s %s: %w\n%s", t.Name, strings.Join(args, " "), err, out)
	}
	rememberPass(pass)
	return nil
}
