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
	f := newFlags("gen", "[core flags] [-o DIR] [--json] | --example NAME [-o DIR] [--cycles N] [--json]",
		"Gen writes the systolic-array core that the flags describe (by default the\n"+
			"16x16, int8 signed, 32-bit accumulator, weight-stationary core) to DIR:\n"+
			"<top>.v (the Verilog), <top>.f (its file list), <top>.json (a manifest of the\n"+
			"parameters, ports, latency and cycle formula) and <top>.h (a C header of the\n"+
			"parameters for firmware).\n\n"+
			"With --example it writes an example's Verilog to DIR/<top>.v instead and, as a\n"+
			"smoke test, simulates it in rtlsim for N cycles of random inputs after a reset,\n"+
			"writing the waveform to DIR/<top>.vcd (--cycles 0 skips this).\n\n"+
			"With --netlist it also writes DIR/<top>.net, the design's netlist text, which\n"+
			"'systole emit' and 'systole sim FILE.net' read (see docs/netlist.md).\n\n"+
			"With --go it also writes DIR/<top>/model.go, package <top>: rtlsim's compiled\n"+
			"mode, the design as straight-line Go with a Model type (New, PokeUint64,\n"+
			"PeekUint64, Step, Reset) for a Go testbench to import and go build.")
	core := coreFlags(f)
	name := f.String("example", "", "generate this example instead of the core (see 'systole examples')")
	dir := f.String("o", "out", "the directory to write to; created if missing")
	cycles := f.Int("cycles", 100, "with --example: cycles to simulate after writing the Verilog; 0 for none")
	asJSON := f.Bool("json", false, "report what was written as JSON")
	withNet := f.Bool("netlist", false, "also write the design's netlist text to DIR/<top>.net (see docs/netlist.md)")
	withGo := f.Bool("go", false, "also write rtlsim's compiled Go model to DIR/<top>/model.go")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	if *cycles < 0 {
		return usageError(stderr, "gen", "--cycles %d: want a count of at least 0", *cycles)
	}
	if *name == "" {
		c := core()
		if err := c.Validate(); err != nil {
			return usageError(stderr, "gen", "%v", err)
		}
		paths, err := genCore(c, *dir, *withNet, *withGo)
		if err != nil {
			return failure(stderr, "gen", err)
		}
		if *asJSON {
			return writeJSON(stdout, stderr, "gen", struct {
				Top   string   `json:"top"`
				Files []string `json:"files"`
			}{c.TopName(), paths})
		}
		for _, p := range paths {
			fmt.Fprintf(stdout, "wrote %s\n", p)
		}
		return exitOK
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
	if *withNet {
		p, err := writeNetlist(design, *dir)
		if err != nil {
			return failure(stderr, "gen", err)
		}
		files = append(files, p)
	}
	if *withGo {
		p, err := writeGoModel(design, *dir)
		if err != nil {
			return failure(stderr, "gen", err)
		}
		files = append(files, p)
	}
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
	for _, p := range files[1:] {
		switch {
		case strings.HasSuffix(p, ".net"):
			fmt.Fprintf(stdout, "wrote %s (netlist text)\n", p)
		case strings.HasSuffix(p, ".go"):
			fmt.Fprintf(stdout, "wrote %s (rtlsim's compiled Go model)\n", p)
		}
	}
	if *cycles > 0 {
		fmt.Fprintf(stdout, "wrote %s (rtlsim: reset, then %d cycles of random inputs)\n", files[len(files)-1], *cycles)
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
