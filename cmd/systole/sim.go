package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

func runSim(args []string, stdout, stderr io.Writer) int {
	f := newFlags("sim", "FILE.net [--cycles N] [--stimulus FILE] [--vcd FILE] [--json] | [core flags] [--backend rtlsim|verilator] [--seed S] [--jobs N] [--gap P] [--backpressure P] [--vcd FILE] [--json] | --example NAME [--cycles N] [--seed S] [--vcd FILE] [--json]",
		"Sim runs the random matrix-multiply regression on the systolic-array core that\n"+
			"the flags describe: random weight tiles and batches of A (ws), or random tiles\n"+
			"of depth K (os), with random input gaps and output backpressure, every row of\n"+
			"C checked against the plain-Go reference model. It prints pass or fail, the\n"+
			"cycles, the MACs per cycle and the utilization of the PEs, and exits 1 on a\n"+
			"failure.\n\n"+
			"With --example it simulates an example instead: one reset edge, then N cycles\n"+
			"in which every input (but the clock and reset) takes a random value from the\n"+
			"seed, printing the outputs after the last cycle.\n\n"+
			"With a netlist file (see docs/netlist.md) it simulates that design: one reset\n"+
			"edge, then N cycles with every input held at 0, or driven from the --stimulus\n"+
			"file (its format is in docs/netlist.md), printing the outputs after the last\n"+
			"cycle.")
	core := coreFlags(f)
	backend := f.String("backend", "rtlsim", "the simulator: rtlsim or verilator (the emitted Verilog)")
	jobs := f.Int("jobs", 8, "ws batches or os tiles of traffic")
	gap := f.Float64("gap", 0, "probability of an idle cycle on each input stream (0: full rate)")
	bp := f.Float64("backpressure", 0, "probability of c_ready low in a cycle (0: always ready)")
	name := f.String("example", "", "simulate this example instead of the core (see 'systole examples')")
	cycles := f.Int("cycles", 100, "with --example: the number of cycles after the reset")
	seed := f.Uint64("seed", 1, "the seed of the random traffic")
	vcd := f.String("vcd", "", "write a VCD waveform of the run to this file (rtlsim)")
	asJSON := f.Bool("json", false, "print the result as JSON")
	stim := f.String("stimulus", "", "with FILE.net: drive the inputs from this stimulus file")
	f.maxArgs = 1
	if code, done := f.parse(flagsFirst(f, args), stdout, stderr); done {
		return code
	}
	if *cycles < 0 {
		return usageError(stderr, "sim", "--cycles %d: want a count of at least 0", *cycles)
	}
	if f.NArg() == 1 {
		return simNetlist(f.Arg(0), *stim, *cycles, *vcd, *asJSON, stdout, stderr)
	}
	if *stim != "" {
		return usageError(stderr, "sim", "--stimulus needs a netlist file")
	}
	if *name == "" {
		c := core()
		if err := c.Validate(); err != nil {
			return usageError(stderr, "sim", "%v", err)
		}
		if *jobs < 1 || *gap < 0 || *gap >= 1 || *bp < 0 || *bp >= 1 {
			return usageError(stderr, "sim", "want --jobs >= 1 and --gap, --backpressure in [0, 1)")
		}
		n := c.Rows + c.Cols
		o := regress.Options{Jobs: *jobs, MinRows: 1, MaxRows: 2 * n, Gap: *gap, Backpressure: *bp}
		if *gap == 0 && *bp == 0 {
			// Full rate: batches long enough for zero-bubble boundaries.
			o.MinRows, o.MaxRows = n, 2*n
		}
		res, err := simCore(c, *backend, *seed, o, *vcd)
		if err != nil {
			return failure(stderr, "sim", err)
		}
		if *asJSON {
			if code := writeJSON(stdout, stderr, "sim", res); code != exitOK {
				return code
			}
		} else {
			printSim(stdout, c, res)
		}
		if !res.Pass {
			return exitFail
		}
		return exitOK
	}
	e, code, ok := lookupExample("sim", *name, stderr)
	if !ok {
		return code
	}

	design, err := elaborate.Elaborate(e.Gen)
	if err != nil {
		return failure(stderr, "sim", err)
	}
	outs, err := simulate(design, *cycles, *seed, *vcd)
	if err != nil {
		return failure(stderr, "sim", err)
	}

	if *asJSON {
		return writeJSON(stdout, stderr, "sim", struct {
			Example string   `json:"example"`
			Top     string   `json:"top"`
			Cycles  int      `json:"cycles"`
			Seed    uint64   `json:"seed"`
			Outputs []output `json:"outputs"`
			VCD     string   `json:"vcd,omitempty"`
		}{e.Name, design.Top, *cycles, *seed, outs, *vcd})
	}
	fmt.Fprintf(stdout, "%s (%s): reset, then %d cycles of random inputs (seed %d)\n", e.Name, design.Top, *cycles, *seed)
	width := 0
	for _, o := range outs {
		width = max(width, len(o.Name))
	}
	for _, o := range outs {
		fmt.Fprintf(stdout, "  %-*s = %s\n", width, o.Name, o.Value)
	}
	if *vcd != "" {
		fmt.Fprintf(stdout, "wrote %s\n", *vcd)
	}
	return exitOK
}

// output is one output's value after a simulation.
type output struct {
	Name  string `json:"name"`
	Width int    `json:"width"`
	Value string `json:"value"`
}

// simulate runs design in rtlsim: one reset edge, then cycles cycles in
// which every input but the clock and reset takes a random value from seed.
// It writes a VCD to vcd unless vcd is "", and returns the final outputs.
func simulate(design *netlist.Design, cycles int, seed uint64, vcd string) (outs []output, err error) {
	sim, err := rtlsim.Compile(design)
	if err != nil {
		return nil, err
	}
	var trace *os.File
	if vcd != "" {
		if trace, err = os.Create(vcd); err != nil {
			return nil, err
		}
		if err := sim.TraceVCD(trace); err != nil {
			return nil, errors.Join(err, trace.Close())
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
	err = sim.Close()
	if trace != nil {
		err = errors.Join(err, trace.Close())
	}
	return outs, err
}

// randomValue returns a uniformly random width-bit value.
func randomValue(r *rand.Rand, width int) bits.Value {
	words := make([]uint64, bits.Words(width))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(width, words)
}
