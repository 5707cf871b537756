// Package lint runs the external tools that judge emitted Verilog —
// Verilator's linter with every warning on, Icarus Verilog's compiler and
// Yosys's synthesis and design check — and treats any output as a failure:
// systole's Verilog must be clean without waivers.
package lint

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// Tool is one checker.
type Tool struct {
	Name string // the program
	args func(top string, files []string) []string
}

// Tools are the checkers, in the order a person would run them.
var Tools = []Tool{
	{"verilator", func(top string, files []string) []string {
		return append([]string{"--lint-only", "-Wall", "--top-module", top}, files...)
	}},
	{"iverilog", func(top string, files []string) []string {
		return append([]string{"-g2005", "-Wall", "-s", top, "-o", "/dev/null"}, files...)
	}},
	{"yosys", func(top string, files []string) []string {
		return []string{"-q", "-p", "read_verilog " + strings.Join(files, " ") + "; synth -top " + top + "; check -assert"}
	}},
}

// Run runs the tool on files (relative to dir) with top as the top module.
// It fails when the tool exits non-zero or prints anything.
func (t Tool) Run(ctx context.Context, dir, top string, files ...string) error {
	args := t.args(top, files)
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
	return nil
}
