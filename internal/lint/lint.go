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
	{"yosys", func(top string, files []string) []string {
		synth := "synth -auto-top"
		if top != "" {
			synth = "synth -top " + top
		}
		quoted := make([]string, len(files))
		for i, f := range files {
			quoted[i] = `"` + f + `"` // Run refuses a name with a quote or line break
		}
		return []string{"-q", "-p", "read_verilog " + strings.Join(quoted, " ") + "; " + synth + "; check -assert"}
	}},
}

// Run runs the tool on files (relative to dir) with top as the top module.
// It fails when the tool exits non-zero or prints anything.
func (t Tool) Run(ctx context.Context, dir, top string, files ...string) error {
	for _, f := range files {
		if strings.ContainsAny(f, "\"\n\r") {
			return fmt.Errorf("%s: a file name with a quote or a line break cannot be passed to %s", f, t.Name)
		}
	}
	if strings.ContainsAny(top, " \t\"';\n\r") {
		return fmt.Errorf("top module %q: not a Verilog identifier", top)
	}
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
