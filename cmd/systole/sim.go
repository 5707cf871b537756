package main

import (
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/alecthomas/kong"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/safefile"
	"github.com/systole-hdl/systole/limits"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/sweep/tiling"
)

type simCmd struct {
	coreFlags    `embed:""`
	File         string  `arg:"" optional:"" name:"FILE.net" help:"Simulate this netlist file instead of the core."`
	Backend      string  `default:"rtlsim" placeholder:"rtlsim|verilator" help:"The simulator: rtlsim or verilator (the emitted Verilog)."`
	Jobs         int     `default:"8" placeholder:"N" help:"ws batches or os tiles of traffic."`
	Gap          float64 `default:"0" placeholder:"P" help:"Probability of an idle cycle on each input stream (0: full rate)."`
	Backpressure float64 `default:"0" placeholder:"P" help:"Probability of c_ready low in a cycle (0: always ready)."`
	Example      string  `placeholder:"NAME" help:"Simulate this example instead of the core (see 'systole examples')."`
	Cycles       int     `default:"100" placeholder:"N" help:"With --example or FILE.net: the number of cycles after the reset."`
	Seed         uint64  `default:"1" placeholder:"S" help:"The seed of the random traffic."`
	VCD          string  `name:"vcd" placeholder:"FILE" help:"Write a VCD waveform of the run to this file (rtlsim)."`
	JSON         bool    `name:"json" help:"Print the result as JSON."`
	Stimulus     string  `placeholder:"FILE" help:"With FILE.net: drive the inputs from this stimulus file."`
	GEMM         string  `name:"gemm" placeholder:"MxKxN" help:"Run one whole GEMM C = A×B (A M×K, B K×N, random operands from --seed) through the core with the tiling driver, every element of C checked; reports the cycles."`
	forceFlag
}

// regressFlagNames are the flags of the core's regression only (and of
// --gemm, but for its traffic flags).
var regressFlagNames = append([]string{"backend", "gemm"}, regressTrafficFlags...)

// regressTrafficFlags shape the regression's random traffic.
var regressTrafficFlags = []string{"jobs", "gap", "backpressure"}

func (simCmd) Help() string {
	return "Sim runs the random matrix-multiply regression on the systolic-array core that\n" +
		"the flags describe: random weight tiles and batches of A (ws), or random tiles\n" +
		"of depth K (os), with random input gaps and output backpressure, every row of\n" +
		"C checked against the plain-Go reference model. It prints pass or fail, the\n" +
		"cycles, the MACs per cycle and the utilization of the PEs, and exits 1 on a\n" +
		"failure.\n\n" +
		"With --gemm MxKxN it runs one whole GEMM of any size through the core instead,\n" +
		"as the sweep's tiling driver does (ws: weight tiles and batches of A, the\n" +
		"K-tiles added by the core's accumulator with --acc-rows, else in Go; os: output\n" +
		"tiles of depth K), with random operands from --seed, inputs always valid and\n" +
		"c_ready held at 1, every element of C checked against the reference; it\n" +
		"prints the cycles beside the core's cycle formula.\n\n" +
		"With --example it simulates an example instead: one reset edge, then N cycles\n" +
		"in which every input (but the clock and reset) takes a random value from the\n" +
		"seed, printing the outputs after the last cycle.\n\n" +
		"With a netlist file (see docs/netlist.md) it simulates that design: one reset\n" +
		"edge, then N cycles with every input held at 0, or driven from the --stimulus\n" +
		"file (its format is in docs/netlist.md), printing the outputs after the last\n" +
		"cycle."
}

func (s *simCmd) Run(e *env, ctx *kong.Context) error {
	if s.Cycles < 0 {
		return usagef("--cycles %d: want a count of at least 0", s.Cycles)
	}
	if s.File != "" {
		if err := unused(ctx, "to a netlist file", append(append([]string{"example", "seed"}, coreFlagNames...), regressFlagNames...)...); err != nil {
			return err
		}
		return simNetlist(s.File, s.Stimulus, s.Cycles, s.VCD, s.JSON, s.Force, e.stdout)
	}
	if s.Stimulus != "" {
		return usagef("--stimulus needs a netlist file")
	}
	if s.GEMM != "" {
		if err := unused(ctx, "to --gemm (it runs the GEMM at full rate until every element is checked)", append([]string{"example", "cycles"}, regressTrafficFlags...)...); err != nil {
			return err
		}
		return s.runGEMM(e)
	}
	if s.Example == "" {
		if err := unused(ctx, "to the core's regression (it runs until every job is checked)", "cycles"); err != nil {
			return err
		}
		return s.runCore(e)
	}
	if err := unused(ctx, "to an example (its parameters are fixed; it gets random inputs)", append(coreFlagNames, regressFlagNames...)...); err != nil {
		return err
	}
	ex, err := lookupExample(s.Example)
	if err != nil {
		return err
	}
	design, err := elaborate.Elaborate(ex.Gen)
	if err != nil {
		return err
	}
	out, trace, err := optionalOutput(s.VCD, s.Force)
	if err != nil {
		return err
	}
	outs, err := simulate(design, s.Cycles, s.Seed, trace)
	if err := commitAfter(out, err); err != nil {
		return err
	}

	if s.JSON {
		return writeJSON(e.stdout, struct {
			Example string   `json:"example"`
			Top     string   `json:"top"`
			Cycles  int      `json:"cycles"`
			Seed    uint64   `json:"seed"`
			Outputs []output `json:"outputs"`
			VCD     string   `json:"vcd,omitempty"`
		}{ex.Name, design.Top, s.Cycles, s.Seed, outs, s.VCD})
	}
	fmt.Fprintf(e.stdout, "%s (%s): reset, then %d cycles of random inputs (seed %d)\n", ex.Name, design.Top, s.Cycles, s.Seed)
	width := 0
	for _, o := range outs {
		width = max(width, len(o.Name))
	}
	for _, o := range outs {
		fmt.Fprintf(e.stdout, "  %-*s = %s\n", width, o.Name, o.Value)
	}
	if s.VCD != "" {
		fmt.Fprintf(e.stdout, "wrote %s\n", s.VCD)
	}
	return nil
}

// runCore runs the random matmul regression on the core.
func (s *simCmd) runCore(e *env) error {
	c := s.config()
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	// NaN fails every comparison: the checks are written to reject it.
	if !(s.Gap >= 0 && s.Gap < 1) || !(s.Backpressure >= 0 && s.Backpressure < 1) {
		return usagef("--gap %v, --backpressure %v: want probabilities in [0, 1)", s.Gap, s.Backpressure)
	}
	if s.Jobs < 1 {
		return usagef("--jobs %d: want at least 1", s.Jobs)
	}
	if err := limits.Jobs.Check("--jobs", int64(s.Jobs)); err != nil {
		return usageError{err.Error()}
	}
	out, trace, err := s.backendOutput()
	if err != nil {
		return err
	}
	n := c.Rows + c.Cols
	o := regress.Options{Jobs: s.Jobs, MinRows: 1, MaxRows: 2 * n, Gap: s.Gap, Backpressure: s.Backpressure}
	if s.Gap == 0 && s.Backpressure == 0 {
		// Full rate: batches long enough for zero-bubble boundaries.
		o.MinRows, o.MaxRows = n, 2*n
	}
	res, err := simCore(c, s.Backend, s.Seed, o, s.VCD, trace)
	if err := commitAfter(out, err); err != nil { // a failing run's waveform is kept: it shows the failure
		return err
	}
	return s.result(e, res, res.Pass, func(w io.Writer) { printSim(w, c, res) })
}

// backendOutput checks --backend and --vcd and opens the waveform's
// output, if any (committed by the caller with commitAfter).
func (s *simCmd) backendOutput() (out *safefile.Set, trace io.Writer, err error) {
	if s.Backend != "rtlsim" && s.Backend != "verilator" {
		return nil, nil, usagef("--backend %q: want rtlsim or verilator", s.Backend)
	}
	if s.VCD != "" && s.Backend != "rtlsim" {
		return nil, nil, usagef("--vcd needs --backend rtlsim (re-run the same --seed on rtlsim for the waveform)")
	}
	return optionalOutput(s.VCD, s.Force)
}

// result prints a run's result, as JSON with --json, and fails (exit 1,
// already reported) when it did not pass.
func (s *simCmd) result(e *env, res any, pass bool, print func(io.Writer)) error {
	if s.JSON {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else {
		print(e.stdout)
	}
	if !pass {
		return errReported
	}
	return nil
}

// runGEMM runs one whole GEMM on the core (--gemm).
func (s *simCmd) runGEMM(e *env) error {
	c := s.config()
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	g, err := parseGEMM(s.GEMM)
	if err != nil {
		return err
	}
	if err := tiling.Check(c, g); err != nil {
		return usageError{err.Error()}
	}
	out, trace, err := s.backendOutput()
	if err != nil {
		return err
	}
	res, err := simGEMM(c, g, s.Backend, s.Seed, s.VCD, trace)
	if err := commitAfter(out, err); err != nil { // a failing run's waveform is kept: it shows the failure
		return err
	}
	return s.result(e, res, res.Pass, func(w io.Writer) { printGEMM(w, c, res) })
}

// output is one output's value after a simulation.
type output struct {
	Name  string `json:"name"`
	Width int    `json:"width"`
	Value string `json:"value"`
}

// simulate runs design in rtlsim: one reset edge, then cycles cycles in
// which every input but the clock and reset takes a random value from seed.
// It writes a VCD to trace unless trace is nil, and returns the final
// outputs.
func simulate(design *netlist.Design, cycles int, seed uint64, trace io.Writer) (outs []output, err error) {
	sim, err := rtlsim.Compile(design)
	if err != nil {
		return nil, err
	}
	if trace != nil {
		if err := sim.TraceVCD(trace); err != nil {
			return nil, err
		}
	}
	sim.Reset()
	var ins []rtlsim.PortInfo
	for _, p := range sim.Inputs() {
		if !p.Clock && !p.Reset {
			ins = append(ins, p)
		}
	}
	r := rand.New(rand.NewPCG(seed, 0))
	for range cycles {
		for _, p := range ins {
			sim.Poke(p.Handle, randomValue(r, p.Width))
		}
		sim.Step(1)
	}
	for _, p := range sim.Outputs() {
		outs = append(outs, output{p.Name, p.Width, sim.Peek(p.Handle).String()})
	}
	return outs, sim.Close()
}

// randomValue returns a uniformly random width-bit value.
func randomValue(r *rand.Rand, width int) bits.Value {
	words := make([]uint64, bits.Words(width))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(width, words)
}
