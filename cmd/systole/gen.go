package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/examples"
)

// lookupExample returns the example called name, or a usage error.
func lookupExample(name string) (examples.Entry, error) {
	e, ok := examples.ByName(name)
	if !ok {
		return e, usagef("unknown example %q (have %s)", name, strings.Join(examples.Names(), ", "))
	}
	return e, nil
}

// outputFlag is -o/--output, the directory a command writes to.
type outputFlag struct {
	Out string `name:"output" short:"o" default:"out" placeholder:"DIR" help:"The directory to write to; created if missing."`
}

type genCmd struct {
	coreFlags `embed:""`
	flowFlags `embed:""`
	outputFlag
	forceFlag
	Example string `placeholder:"NAME" help:"Generate this example instead of the core (see 'systole examples')."`
	Cycles  int    `default:"100" placeholder:"N" help:"With --example: cycles to simulate after writing the Verilog; 0 for none."`
	JSON    bool   `name:"json" help:"Report what was written as JSON."`
	Netlist bool   `help:"Also write the design's netlist text to DIR/<top>.net (see docs/netlist.md)."`
	Go      bool   `help:"Also write rtlsim's compiled Go model to DIR/<top>/model.go."`
	Split   bool   `help:"Write one file per module, <module>.v, instead of one <top>.v."`
}

func (genCmd) Help() string {
	return "Gen writes the systolic-array core that the flags describe (by default the\n" +
		"16x16, int8 signed, 32-bit accumulator, weight-stationary core) to DIR:\n" +
		"<top>.v (the Verilog; with --split one <module>.v per module instead),\n" +
		"<top>.f (its file list for Verilator's -F, names relative to the list:\n" +
		"'verilator -F DIR/<top>.f' works from any directory), <top>.icarus.f (the\n" +
		"same with absolute names, for 'iverilog -c', which has no -F), <top>.json (a\n" +
		"manifest of the parameters, ports, latency, cycle formula and exactness) and\n" +
		"<top>.h (a C header of the parameters and port widths for firmware). When\n" +
		"--acc-width is too narrow for an exact sum of products it warns: results\n" +
		"then wrap (the manifest's min_exact_acc_width says how wide is exact).\n\n" +
		"--bias, --relu, --out-width (integer cores) and --out-format (float cores) add\n" +
		"the output stage: a bias vector stream, a ReLU sideband, and the conversion of\n" +
		"the results to W-bit integers (shifted right by a sideband, rounded half to\n" +
		"even, saturated) or to bf16, fp16, fp8e5m2 or fp8e4m3 (round to nearest even);\n" +
		"the README's \"Output stage\" has the ports and the arithmetic.\n\n" +
		"With --example it writes an example's Verilog to DIR/<top>.v instead and, as a\n" +
		"smoke test, simulates it in rtlsim for N cycles of random inputs after a reset,\n" +
		"writing the waveform to DIR/<top>.vcd (--cycles 0 skips this).\n\n" +
		"With --netlist it also writes DIR/<top>.net, the design's netlist text, which\n" +
		"'systole emit' and 'systole sim FILE.net' read (see docs/netlist.md).\n\n" +
		"--clock, --reset and --reset-active set a chip flow's conventions for the top:\n" +
		"its clock and reset port names and the reset's polarity (an active-low reset\n" +
		"port is inverted into the design's rst); the reset stays synchronous.\n\n" +
		"With --go it also writes DIR/<top>/model.go, package <top>: rtlsim's compiled\n" +
		"mode, the design as Go (straight-line code, loops over the repeated structure\n" +
		"of a large design) with a Model type (New, PokeUint64, PeekUint64, Step,\n" +
		"Reset) for a Go testbench to import and go build."
}

func (g *genCmd) Run(e *env, ctx *kong.Context) error {
	if g.Cycles < 0 {
		return usagef("--cycles %d: want a count of at least 0", g.Cycles)
	}
	if g.Example == "" {
		c := g.config()
		if err := c.Validate(); err != nil {
			return usageError{err.Error()}
		}
		paths, err := genCore(c, genOptions{dir: g.Out, split: g.Split, withNet: g.Netlist, withGo: g.Go, force: g.Force, flow: g.flowFlags}, e.stderr)
		if err != nil {
			return err
		}
		if g.JSON {
			return writeJSON(e.stdout, struct {
				Top   string   `json:"top"`
				Files []string `json:"files"`
			}{c.TopName(), paths})
		}
		for _, p := range paths {
			fmt.Fprintf(e.stdout, "wrote %s\n", p)
		}
		return nil
	}
	if err := unused(ctx, "to an example (its parameters are fixed)", coreFlagNames...); err != nil {
		return err
	}
	ex, err := lookupExample(g.Example)
	if err != nil {
		return err
	}
	design, err := elaborate.Elaborate(ex.Gen)
	if err != nil {
		return err
	}
	if design, err = g.apply(design); err != nil {
		return err
	}
	out, err := emit.Emit(design)
	if err != nil {
		return err
	}
	warnRenamed(e.stderr, "gen", out)
	text := out.Verilog()
	path := filepath.Join(g.Out, out.Top+".v")
	set := outputs(g.Force)
	if g.Split {
		for _, f := range out.Files {
			set.Add(filepath.Join(g.Out, f.Name), f.Text)
		}
	} else {
		set.Add(path, text)
	}
	if len(out.Extern) > 0 {
		// Black boxes: the file lists name the user's Verilog too.
		if err := addLists(set, out, g.Out, g.Split); err != nil {
			return err
		}
	}
	nVerilog := len(set.Paths())
	if g.Netlist {
		addNetlist(set, design, out.Top, g.Out)
	}
	if g.Go {
		if err := addGoModel(set, design, g.Out); err != nil {
			return err
		}
	}
	if err := set.Check(); err != nil { // before the simulation, which may take long
		return fileError(err)
	}
	if g.Cycles > 0 {
		trace, err := set.Create(filepath.Join(g.Out, out.Top+".vcd"), true)
		if err != nil {
			return fileError(err)
		}
		if _, err := simulate(design, g.Cycles, 1, trace); err != nil {
			set.Abort()
			return err
		}
	}
	if err := set.Commit(); err != nil {
		return fileError(err)
	}
	files := set.Paths()

	if g.JSON {
		return writeJSON(e.stdout, struct {
			Example string   `json:"example"`
			Top     string   `json:"top"`
			Files   []string `json:"files"`
		}{ex.Name, out.Top, files})
	}
	modules := "modules"
	if len(design.Modules) == 1 {
		modules = "module"
	}
	if g.Split {
		for _, p := range files[:nVerilog] {
			fmt.Fprintf(e.stdout, "wrote %s\n", p)
		}
	} else {
		fmt.Fprintf(e.stdout, "wrote %s (%s: %d %s, %d bytes)\n", path, out.Top, len(design.Modules), modules, len(text))
		for _, p := range files[1:nVerilog] {
			fmt.Fprintf(e.stdout, "wrote %s (file list, with the black boxes' Verilog)\n", p)
		}
	}
	for _, p := range files[nVerilog:] {
		switch {
		case strings.HasSuffix(p, ".net"):
			fmt.Fprintf(e.stdout, "wrote %s (netlist text)\n", p)
		case strings.HasSuffix(p, ".go"):
			fmt.Fprintf(e.stdout, "wrote %s (rtlsim's compiled Go model)\n", p)
		}
	}
	if g.Cycles > 0 {
		fmt.Fprintf(e.stdout, "wrote %s (rtlsim: reset, then %d cycles of random inputs)\n", files[len(files)-1], g.Cycles)
	}
	return nil
}

// warnRenamed tells, one line each on stderr, which names of the design
// the Verilog changes (keywords, collisions): the files are named after the
// Verilog names.
func warnRenamed(stderr io.Writer, cmd string, out *emit.Output) {
	for _, r := range out.Names.Renamed() {
		fmt.Fprintf(stderr, "systole %s: warning: %s\n", cmd, r)
	}
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
