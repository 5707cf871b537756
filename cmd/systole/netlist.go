package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/stimulus"
	"github.com/systole-hdl/systole/limits"
	"github.com/systole-hdl/systole/netlist"
)

// readNetlist parses and checks a netlist file.
func readNetlist(path string) (*netlist.Design, error) {
	text, err := limits.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return netlist.Parse(path, string(text))
}

// writeNetlist writes the text form of d to dir/<top>.net.
func writeNetlist(d *netlist.Design, dir string) (string, error) {
	path := filepath.Join(dir, d.Top+".net")
	return path, os.WriteFile(path, []byte(netlist.Format(d)), 0o644)
}

func runEmit(args []string, stdout, stderr io.Writer) int {
	f := newFlags("emit", "FILE.net [-o DIR] [--json]",
		"Emit reads a netlist file (the text form that 'systole gen --netlist' writes,\n"+
			"see docs/netlist.md), checks it and writes its Verilog to DIR/<top>.v, the\n"+
			"same bytes that gen writes for the same design.")
	dir := f.String("o", "out", "the directory to write to; created if missing")
	asJSON := f.Bool("json", false, "report what was written as JSON")
	f.maxArgs = 1
	if code, done := f.parse(flagsFirst(f, args), stdout, stderr); done {
		return code
	}
	if f.NArg() != 1 {
		return usageError(stderr, "emit", "want one netlist file")
	}
	d, err := readNetlist(f.Arg(0))
	if err != nil {
		return failure(stderr, "emit", err)
	}
	v, err := emit.Verilog(d)
	if err != nil {
		return failure(stderr, "emit", err)
	}
	path := filepath.Join(*dir, d.Top+".v")
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return failure(stderr, "emit", err)
	}
	if err := os.WriteFile(path, v, 0o644); err != nil {
		return failure(stderr, "emit", err)
	}
	if *asJSON {
		return writeJSON(stdout, stderr, "emit", struct {
			Top   string   `json:"top"`
			Files []string `json:"files"`
		}{d.Top, []string{path}})
	}
	fmt.Fprintf(stdout, "wrote %s (%s: %d bytes)\n", path, d.Top, len(v))
	return exitOK
}

// simNetlist is 'systole sim FILE.net': the netlist with inputs at zero or
// from a stimulus file.
func simNetlist(path, stim string, cycles int, vcd string, asJSON bool, stdout, stderr io.Writer) int {
	d, err := readNetlist(path)
	if err != nil {
		return failure(stderr, "sim", err)
	}
	var st *stimulus.Stimulus
	if stim != "" {
		text, err := limits.ReadFile(stim)
		if err != nil {
			return failure(stderr, "sim", err)
		}
		if st, err = stimulus.Parse(stim, string(text)); err != nil {
			return failure(stderr, "sim", err)
		}
	}
	var trace *os.File
	var w io.Writer
	if vcd != "" {
		if trace, err = os.Create(vcd); err != nil {
			return failure(stderr, "sim", err)
		}
		defer trace.Close()
		w = trace
	}
	outs, err := stimulus.Run(d, st, cycles, w)
	if err == nil && trace != nil {
		err = trace.Close()
	}
	if err != nil {
		return failure(stderr, "sim", err)
	}
	if asJSON {
		return writeJSON(stdout, stderr, "sim", struct {
			Netlist  string            `json:"netlist"`
			Top      string            `json:"top"`
			Cycles   int               `json:"cycles"`
			Stimulus string            `json:"stimulus,omitempty"`
			Outputs  []stimulus.Output `json:"outputs"`
			VCD      string            `json:"vcd,omitempty"`
		}{path, d.Top, cycles, stim, outs, vcd})
	}
	from := "inputs held at 0"
	if stim != "" {
		from = "inputs from " + stim
	}
	fmt.Fprintf(stdout, "%s (%s): reset, then %d cycles, %s\n", path, d.Top, cycles, from)
	width := 0
	for _, o := range outs {
		width = max(width, len(o.Name))
	}
	for _, o := range outs {
		fmt.Fprintf(stdout, "  %-*s = %s\n", width, o.Name, o.Value)
	}
	if vcd != "" {
		fmt.Fprintf(stdout, "wrote %s\n", vcd)
	}
	return exitOK
}

func runLint(args []string, stdout, stderr io.Writer) int {
	f := newFlags("lint", "DIR|FILE.v [--top NAME] [--json]",
		"Lint runs Verilator (--lint-only -Wall) and Yosys (synth; check -assert), each\n"+
			"when installed, on FILE.v or on every .v file of DIR, and reports each tool's\n"+
			"verdict: pass, fail (with its output) or not installed. Any output of a tool\n"+
			"is a failure. It exits 1 when a tool fails.")
	top := f.String("top", "", "the top module (default: the base name of FILE.v, or of the one .v file of DIR)")
	asJSON := f.Bool("json", false, "print the verdicts as JSON")
	f.maxArgs = 1
	if code, done := f.parse(flagsFirst(f, args), stdout, stderr); done {
		return code
	}
	if f.NArg() != 1 {
		return usageError(stderr, "lint", "want a directory or a .v file")
	}
	dir, files, err := verilogFiles(f.Arg(0))
	if err != nil {
		return failure(stderr, "lint", err)
	}
	if *top == "" {
		if len(files) != 1 {
			return usageError(stderr, "lint", "%s has %d .v files: name the top module with --top", f.Arg(0), len(files))
		}
		*top = strings.TrimSuffix(files[0], ".v")
	}
	vs := lint.Judge(context.Background(), dir, *top, files, "verilator", "yosys")
	failed := 0
	for _, v := range vs {
		if v.Ran && !v.Pass {
			failed++
		}
	}
	if *asJSON {
		if code := writeJSON(stdout, stderr, "lint", vs); code != exitOK {
			return code
		}
	} else {
		for _, v := range vs {
			switch {
			case !v.Ran:
				fmt.Fprintf(stdout, "%-9s not installed, skipped\n", v.Tool)
			case v.Pass:
				fmt.Fprintf(stdout, "%-9s pass\n", v.Tool)
			default:
				fmt.Fprintf(stdout, "%-9s FAIL\n", v.Tool)
				for _, l := range strings.Split(v.Out, "\n") {
					fmt.Fprintf(stdout, "    %s\n", l)
				}
			}
		}
	}
	if failed > 0 {
		fmt.Fprintf(stderr, "systole lint: %d of %d tools failed on %s\n", failed, len(vs), f.Arg(0))
		return exitFail
	}
	return exitOK
}

// verilogFiles returns the directory and the .v files (relative to it) of a
// path that is a .v file or a directory.
func verilogFiles(path string) (dir string, files []string, err error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", nil, err
	}
	if !info.IsDir() {
		return filepath.Dir(path), []string{filepath.Base(path)}, nil
	}
	matches, err := filepath.Glob(filepath.Join(path, "*.v"))
	if err != nil {
		return "", nil, err
	}
	for _, m := range matches {
		files = append(files, filepath.Base(m))
	}
	if len(files) == 0 {
		return "", nil, fmt.Errorf("%s has no .v files", path)
	}
	return path, files, nil
}

// flagsFirst moves the positional arguments of args after the flags, so
// that 'systole emit FILE.net -o DIR' parses like 'systole emit -o DIR
// FILE.net'. A flag's value (the argument after a non-boolean flag given
// without "=") stays with its flag; "--" ends the flags.
func flagsFirst(f *flags, args []string) []string {
	var flagArgs, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		flagArgs = append(flagArgs, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") {
			continue
		}
		if fl := f.Lookup(name); fl != nil {
			if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				continue
			}
			if i+1 < len(args) {
				i++
				flagArgs = append(flagArgs, args[i])
			}
		}
	}
	if len(pos) > 0 && pos[0] != "--" {
		pos = append([]string{"--"}, pos...)
	}
	return append(flagArgs, pos...)
}
