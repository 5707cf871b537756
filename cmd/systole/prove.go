package main

import (
	"context"
	"fmt"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/formal"
	"github.com/systole-hdl/systole/netlist"
)

type proveCmd struct {
	coreFlags `embed:""`
	outputFlag
	File    string `arg:"" optional:"" name:"FILE.net" help:"Prove the assertions of this netlist file instead of the core."`
	Example string `placeholder:"NAME" help:"Prove the assertions of this example instead of the core (see 'systole examples')."`
	Depth   int    `default:"20" placeholder:"N" help:"Cycles after the reset that the bounded check covers, and the length of the induction."`
	JSON    bool   `name:"json" help:"Print the result as JSON."`
}

func (proveCmd) Help() string {
	return "Prove hands the assertions of a design (the core the flags describe, an\n" +
		"example, or a netlist file) to Yosys and yosys-smtbmc with the z3 solver.\n" +
		"The design starts from its reset, as in 'systole sim'; its assumptions are\n" +
		"taken as given. For each assertion it reports one of:\n\n" +
		"  proved   it holds in every cycle (k-induction of length N closed);\n" +
		"  bounded  it holds for the first N cycles after the reset, but the\n" +
		"           induction did not prove it for every cycle (a bounded proof);\n" +
		"  FAILED   a counterexample breaks it: its waveform DIR/cex_K.vcd, its\n" +
		"           inputs as a stimulus file DIR/cex_K.stim, and the 'systole sim'\n" +
		"           command that replays it in rtlsim from DIR/<top>.net.\n\n" +
		"Every counterexample is replayed in rtlsim before it is reported, and must\n" +
		"fail there at the same cycle. The exit code is 0 when every assertion holds\n" +
		"(proved, or bounded to the depth asked), 1 on a counterexample or when a\n" +
		"tool fails, 2 on a usage error."
}

func (p *proveCmd) Run(e *env) error {
	if p.Depth < 1 || p.Depth > formal.MaxDepth {
		return usagef("--depth %d: want 1 to %d", p.Depth, formal.MaxDepth)
	}
	if p.File != "" && p.Example != "" {
		return usagef("give a netlist file or --example, not both")
	}
	var d *netlist.Design
	var err error
	switch {
	case p.File != "":
		d, err = readNetlist(p.File)
	case p.Example != "":
		ex, lerr := lookupExample(p.Example)
		if lerr != nil {
			return lerr
		}
		d, err = elaborate.Elaborate(ex.Gen)
	default:
		c := p.config()
		if verr := c.Validate(); verr != nil {
			return usageError{verr.Error()}
		}
		d, err = elaborateCore(c)
	}
	if err != nil {
		return err
	}
	rep, err := formal.Prove(context.Background(), d, formal.Options{Depth: p.Depth, Dir: p.Out})
	if err != nil {
		return err
	}
	if p.JSON {
		if err := writeJSON(e.stdout, rep); err != nil {
			return err
		}
	} else {
		printProof(e, rep)
	}
	if rep.Failed() {
		return errReported
	}
	return nil
}

// printProof prints a Report, one assertion a line (a counterexample adds
// its files and replay command).
func printProof(e *env, rep *formal.Report) {
	w := e.stdout
	fmt.Fprintf(w, "%s: %d assertion(s), depth %d (Yosys, yosys-smtbmc, %s)\n", rep.Top, len(rep.Results), rep.Depth, rep.Solver)
	count := map[formal.Status]int{}
	for _, r := range rep.Results {
		count[r.Status]++
		fmt.Fprintf(w, "  %-8s %s (%s): ", r.Status, r.Prop.Name(), r.Prop.Pos)
		switch r.Status {
		case formal.Proved:
			fmt.Fprintf(w, "holds in every cycle (induction)\n")
		case formal.Bounded:
			fmt.Fprintf(w, "holds for %d cycles after the reset (bounded; the induction did not close)\n", r.Depth)
		case formal.Failed:
			fmt.Fprintf(w, "fails at the edge of cycle %d\n", r.Cycle)
			fmt.Fprintf(w, "           counterexample: %s (inputs: %s)\n", r.VCD, r.Stimulus)
			fmt.Fprintf(w, "           replay: %s\n", r.Replay)
			if r.Note != "" {
				fmt.Fprintf(w, "           (%s)\n", r.Note)
			}
		}
	}
	fmt.Fprintf(w, "%d proved, %d bounded, %d failed\n", count[formal.Proved], count[formal.Bounded], count[formal.Failed])
}
