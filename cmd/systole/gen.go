package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/examples"
)

// defaultExample is the example gen and sim use without --example.
const defaultExample = "counter"

// lookupExample returns the example called name, or reports a usage error
// of command cmd (ok false, with the exit code).
func lookupExample(cmd, name string, stderr io.Writer) (e examples.Entry, code int, ok bool) {
	e, ok = examples.ByName(name)
	if !ok {
		return e, usageError(stderr, cmd, "unknown example %q (have %s)", name, strings.Join(examples.Names(), ", ")), false
	}
	return e, exitOK, true
}

func runGen(args []string, stdout, stderr io.Writer) int {
	f := newFlags("gen", "[--example NAME] [-o DIR] [--cycles N] [--json]",
		"Gen elaborates an example, writes its Verilog to DIR/<top module>.v, and, as a\n"+
			"smoke test, simulates it in rtlsim for N cycles of random inputs after a reset,\n"+
			"writing the waveform to DIR/<top module>.vcd (--cycles 0 skips this).")
	name := f.String("example", defaultExample, "the example to generate (see 'systole examples')")
	dir := f.String("o", "out", "the directory to write to; created if missing")
	cycles := f.Int("cycles", 100, "cycles to simulate after writing the Verilog; 0 for none")
	asJSON := f.Bool("json", false, "report what was written as JSON")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	if *cycles < 0 {
		return usageError(stderr, "gen", "--cycles %d: want a count of at least 0", *cycles)
	}
	e, code, ok := lookupExample("gen", *name, stderr)
	if !ok {
		return code
	}

	design, err := elaborate.Elaborate(e.Gen)
	if err != nil {
		return failure(stderr, "gen", err)
	}
	text, err := emit.Verilog(design)
	if err != nil {
		return failure(stderr, "gen", err)
	}
	path := filepath.Join(*dir, design.Top+".v")
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return failure(stderr, "gen", err)
	}
	if err := os.WriteFile(path, text, 0o644); err != nil {
		return failure(stderr, "gen", err)
	}
	files := []string{path}
	if *cycles > 0 {
		vcd := filepath.Join(*dir, design.Top+".vcd")
		if _, err := simulate(design, *cycles, 1, vcd); err != nil {
			return failure(stderr, "gen", err)
		}
		files = append(files, vcd)
	}

	if *asJSON {
		return writeJSON(stdout, stderr, "gen", struct {
			Example string   `json:"example"`
			Top     string   `json:"top"`
			Files   []string `json:"files"`
		}{e.Name, design.Top, files})
	}
	modules := "modules"
	if len(design.Modules) == 1 {
		modules = "module"
	}
	fmt.Fprintf(stdout, "wrote %s (%s: %d %s, %d bytes)\n", path, design.Top, len(design.Modules), modules, len(text))
	if *cycles > 0 {
		fmt.Fprintf(stdout, "wrote %s (rtlsim: reset, then %d cycles of random inputs)\n", files[1], *cycles)
	}
	return exitOK
}

// writeJSON prints v as indented JSON.
func writeJSON(stdout, stderr io.Writer, cmd string, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return failure(stderr, cmd, err)
	}
	return exitOK
}
