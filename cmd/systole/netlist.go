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

// writeNetlist writes the text form of d to dir/<top>.net, top being the
// Verilog name of the top module.
func writeNetlist(d *netlist.Design, top, dir string) (string, error) {
	path := filepath.Join(dir, top+".net")
	return path, os.WriteFile(path, []byte(netlist.Format(d)), 0o644)
}

type emitCmd struct {
	flowFlags `embed:""`
	outputFlag
	File string `arg:"" name:"FILE.net" help:"The netlist file."`
	JSON bool   `name:"json" help:"Report what was written as JSON."`
}

func (emitCmd) Help() string {
	return "Emit reads a netlist file (the text form that 'systole gen --netlist' writes,\n" +
		"see docs/netlist.md), checks it and writes its Verilog to DIR/<top>.v, the\n" +
		"same bytes that gen writes for the same design."
}

func (c *emitCmd) Run(e *env) error {
	d, err := readNetlist(c.File)
	if err != nil {
		return err
	}
	if d, err = c.apply(d); err != nil {
		return err
	}
	out, err := emit.Emit(d)
	if err != nil {
		return err
	}
	warnRenamed(e.stderr, "emit", out)
	v := out.Verilog()
	path := filepath.Join(c.Out, out.Top+".v")
	if err := os.MkdirAll(c.Out, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, v, 0o644); err != nil {
		return err
	}
	if c.JSON {
		return writeJSON(e.stdout, struct {
			Top   string   `json:"top"`
			Files []string `json:"files"`
		}{out.Top, []string{path}})
	}
	fmt.Fprintf(e.stdout, "wrote %s (%s: %d bytes)\n", path, out.Top, len(v))
	return nil
}

// simNetlist is 'systole sim FILE.net': the netlist with inputs at zero or
// from a stimulus file.
func simNetlist(path, stim string, cycles int, vcd string, asJSON bool, stdout io.Writer) error {
	d, err := readNetlist(path)
	if err != nil {
		return err
	}
	var st *stimulus.Stimulus
	if stim != "" {
		text, err := limits.ReadFile(stim)
		if err != nil {
			return err
		}
		if st, err = stimulus.Parse(stim, string(text)); err != nil {
			return err
		}
	}
	var trace *os.File
	var w io.Writer
	if vcd != "" {
		if trace, err = os.Create(vcd); err != nil {
			return err
		}
		defer trace.Close()
		w = trace
	}
	outs, err := stimulus.Run(d, st, cycles, w)
	if err == nil && trace != nil {
		err = trace.Close()
	}
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(stdout, struct {
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
	return nil
}

type lintCmd struct {
	Path string `arg:"" name:"DIR|FILE.v" help:"A Verilog file, or a directory whose .v files are linted together."`
	Top  string `placeholder:"NAME" help:"The top module (default: the tools find it, the module no other instantiates)."`
	JSON bool   `name:"json" help:"Print the verdicts as JSON."`
}

func (lintCmd) Help() string {
	return "Lint runs Verilator (--lint-only -Wall) and Yosys (synth; check -assert), each\n" +
		"when installed, on FILE.v or on every .v file of DIR, and reports each tool's\n" +
		"verdict: pass, fail (with its output) or not installed. Any output of a tool\n" +
		"is a failure. It exits 1 when a tool fails. It judges the Verilog, not the\n" +
		"names of its files: Verilator's DECLFILENAME is off, and without --top the\n" +
		"tools find the top module themselves."
}

func (c *lintCmd) Run(e *env) error {
	dir, files, err := verilogFiles(c.Path)
	if err != nil {
		return err
	}
	vs := lint.Judge(context.Background(), dir, c.Top, files, "verilator", "yosys")
	failed := 0
	for _, v := range vs {
		if v.Ran && !v.Pass {
			failed++
		}
	}
	if c.JSON {
		if err := writeJSON(e.stdout, vs); err != nil {
			return err
		}
	} else {
		for _, v := range vs {
			switch {
			case !v.Ran:
				fmt.Fprintf(e.stdout, "%-9s not installed, skipped\n", v.Tool)
			case v.Pass:
				fmt.Fprintf(e.stdout, "%-9s pass\n", v.Tool)
			default:
				fmt.Fprintf(e.stdout, "%-9s FAIL\n", v.Tool)
				for _, l := range strings.Split(v.Out, "\n") {
					fmt.Fprintf(e.stdout, "    %s\n", l)
				}
			}
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d tools failed on %s", failed, len(vs), c.Path)
	}
	return nil
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
