package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

func runSim(args []string, stdout, stderr io.Writer) int {
	f := newFlags("sim", "[--example NAME] [--cycles N] [--seed S] [--vcd FILE] [--json]",
		"Sim elaborates an example and simulates it with rtlsim: one reset edge, then N\n"+
			"cycles in which every input (but the clock and reset) takes a random value from\n"+
			"the seed. It prints the outputs after the last cycle.")
	name := f.String("example", defaultExample, "the example to simulate (see 'systole examples')")
	cycles := f.Int("cycles", 100, "the number of cycles after the reset")
	seed := f.Uint64("seed", 1, "the seed of the random inputs")
	vcd := f.String("vcd", "", "write a VCD waveform of the run to this file")
	asJSON := f.Bool("json", false, "print the summary as JSON")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	if *cycles < 0 {
		return usageError(stderr, "sim", "--cycles %d: want a count of at least 0", *cycles)
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
