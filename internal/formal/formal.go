package formal

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
)

// DefaultDepth is the depth of the bounded check and of the induction when
// Options leaves it 0.
const DefaultDepth = 20

// MaxDepth bounds Options.Depth: the solver's work grows quickly with it.
const MaxDepth = 10000

// Options configure Prove.
type Options struct {
	// Depth is the number of cycles after the reset the bounded check
	// covers, and the length of the induction; 0 means DefaultDepth.
	Depth int
	// Dir receives the counterexamples (cex_N.vcd, cex_N.stim) and the
	// design's netlist (<top>.net) that replays them; it is created when
	// missing. Required.
	Dir string
	// Yosys and SMTBMC are the executables; "" means yosys and
	// yosys-smtbmc on $PATH.
	Yosys, SMTBMC string
	// Solver is the SMT solver yosys-smtbmc runs; "" means z3.
	Solver string
	// Work is where the models are written and the tools run; "" means a
	// temporary directory, removed afterwards.
	Work string
}

// Status is the outcome for one assertion.
type Status int

const (
	// Proved: it holds in every reachable state (k-induction).
	Proved Status = iota
	// Bounded: it holds for the first Depth cycles after the reset; the
	// induction did not prove it for every cycle.
	Bounded
	// Failed: a counterexample breaks it.
	Failed
)

func (s Status) String() string {
	switch s {
	case Proved:
		return "proved"
	case Bounded:
		return "bounded"
	case Failed:
		return "FAILED"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// MarshalText writes the status in JSON.
func (s Status) MarshalText() ([]byte, error) { return []byte(strings.ToLower(s.String())), nil }

// Prop is one assertion of the flattened design.
type Prop struct {
	// Instance is the instance path ("" for the top, "u1.u2").
	Instance string `json:"instance"`
	Module   string `json:"module"`
	Msg      string `json:"message"`
	Pos      string `json:"pos"`
	// Cell is the name of the assertion in the Yosys model.
	Cell string `json:"-"`
}

// Name is the assertion's instance path and message, for reports.
func (p Prop) Name() string {
	if p.Instance == "" {
		return p.Module + ": " + p.Msg
	}
	return p.Instance + ": " + p.Msg
}

// Result is the outcome for one assertion.
type Result struct {
	Prop   Prop   `json:"assertion"`
	Status Status `json:"status"`
	// Depth is the bounded depth checked (Bounded, Proved) in cycles.
	Depth int `json:"depth"`
	// Cycle is the rtlsim cycle (Sim.Cycle) whose edge the counterexample
	// fails at (Failed).
	Cycle int `json:"cycle,omitempty"`
	// VCD is the solver's waveform of the counterexample, Stimulus the
	// same inputs as a stimulus file, Replay the command that replays it
	// in rtlsim (Failed).
	VCD      string `json:"vcd,omitempty"`
	Stimulus string `json:"stimulus,omitempty"`
	Replay   string `json:"replay,omitempty"`
	// Note says when the replay stops first on another assertion that
	// failed (rtlsim checks them all).
	Note string `json:"note,omitempty"`
}

// Report is the outcome of Prove.
type Report struct {
	Top     string   `json:"top"`
	Depth   int      `json:"depth"`
	Solver  string   `json:"solver"`
	Netlist string   `json:"netlist"`
	Results []Result `json:"results"`
}

// Failed reports whether any assertion has a counterexample.
func (r *Report) Failed() bool {
	for _, x := range r.Results {
		if x.Status == Failed {
			return true
		}
	}
	return false
}

// plainName matches what Prove hands to Yosys as a name: Verilog
// identifiers without '$' or escapes, joined by dots.
var plainName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)

// wrapperName is the module Prove wraps the top in; the top instance is
// "dut".
const wrapperName = "systole_formal"

// props lists the assertions of every instance of the design, depth first
// from the top, with the names Yosys gives their cells (from the
// instance names of the Verilog, which Legalize may have changed).
func props(d *netlist.Design) ([]Prop, error) {
	names := netlist.Legalize(d)
	var out []Prop
	var walk func(m *netlist.Module, path, vpath string) error
	walk = func(m *netlist.Module, path, vpath string) error {
		for i, p := range m.Props {
			if p.Kind != netlist.Assert {
				continue
			}
			cell := "dut." + emit.PropLabel(m, i)
			if vpath != "" {
				cell = "dut." + vpath + "." + emit.PropLabel(m, i)
			}
			if !plainName.MatchString(cell) {
				return fmt.Errorf("formal: %s: instance path %q is not made of plain identifiers, which Prove can hand to Yosys", p.Pos, path)
			}
			out = append(out, Prop{Instance: path, Module: m.Name, Msg: p.Msg, Pos: p.Pos.String(), Cell: cell})
		}
		mn := names.Module(m.Name)
		for i, inst := range m.Insts {
			child := d.Module(inst.Module)
			sub, vsub := inst.Name, mn.Insts[i]
			if path != "" {
				sub, vsub = path+"."+sub, vpath+"."+vsub
			}
			if err := walk(child, sub, vsub); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(d.TopModule(), "", ""); err != nil {
		return nil, err
	}
	return out, nil
}

// Prove proves the assertions of d (see the package documentation). The
// error is for what kept Prove from judging them (a tool missing or
// failing, a bad design); counterexamples are Results.
func Prove(ctx context.Context, d *netlist.Design, opts Options) (*Report, error) {
	if err := netlist.Check(d); err != nil {
		return nil, err
	}
	if opts.Depth == 0 {
		opts.Depth = DefaultDepth
	}
	if opts.Depth < 1 || opts.Depth > MaxDepth {
		return nil, fmt.Errorf("formal: depth %d: must be 1 to %d", opts.Depth, MaxDepth)
	}
	if opts.Dir == "" {
		return nil, errors.New("formal: no output directory")
	}
	if opts.Solver == "" {
		opts.Solver = "z3"
	}
	if !plainName.MatchString(opts.Solver) {
		return nil, fmt.Errorf("formal: solver %q is not a plain name", opts.Solver)
	}
	ps, err := props(d)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("formal: %w", err)
	}
	rep := &Report{Top: d.Top, Depth: opts.Depth, Solver: opts.Solver,
		Netlist: filepath.Join(opts.Dir, d.Top+".net")}
	if err := writeAtomic(rep.Netlist, []byte(netlist.Format(d))); err != nil {
		return nil, err
	}
	if len(ps) == 0 {
		return rep, nil
	}
	work := opts.Work
	if work == "" {
		if work, err = os.MkdirTemp("", "systole-prove-*"); err != nil {
			return nil, fmt.Errorf("formal: %w", err)
		}
		defer os.RemoveAll(work)
	}
	r, err := newRunner(ctx, d, opts, work)
	if err != nil {
		return nil, err
	}
	rep.Results, err = r.prove(ps, rep.Netlist)
	if err != nil {
		return nil, err
	}
	return rep, nil
}

// writeAtomic writes data to path through a temporary file in the same
// directory, so a reader never sees part of it.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".systole-*")
	if err != nil {
		return fmt.Errorf("formal: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("formal: %w", err)
	}
	return nil
}
