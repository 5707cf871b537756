package crosscheck

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Wrap returns a top module named name that instantiates every design as
// d0, d1, ... and brings each of their ports out as d<i>_<port>. The
// children share the top's clock and reset.
func Wrap(name string, designs []dsl.Generator) dsl.Generator {
	return dsl.Func(name, func(m *dsl.Module) {
		for i, g := range designs {
			u := m.Instance(fmt.Sprintf("d%d", i), g)
			for _, p := range u.Ports() {
				ext := fmt.Sprintf("d%d_%s", i, p.Name)
				if p.Output {
					m.Output(ext, p.Type).Set(u.Port(p.Name))
				} else {
					u.Port(p.Name).Set(m.Input(ext, p.Type))
				}
			}
		}
	})
}

// RandomStimulus returns cycles of random inputs. An input named reset is
// high in cycle 0 and then in about one cycle of thirty, so designs are
// reset in the middle of traffic too. Values favour all-zero and all-one
// patterns now and then, which reach corner cases that uniform values miss.
func RandomStimulus(r *rand.Rand, inputs []vsim.Port, cycles int, reset string) vsim.Stimulus {
	stim := make(vsim.Stimulus, cycles)
	for c := range stim {
		row := make([]bits.Value, len(inputs))
		for i, p := range inputs {
			if p.Name == reset {
				on := c == 0 || r.Intn(30) == 0
				row[i] = bits.FromUint64(1, map[bool]uint64{false: 0, true: 1}[on])
				continue
			}
			row[i] = RandomValue(r, p.Width)
		}
		stim[c] = row
	}
	return stim
}

// RandomValue returns a random value of width bits.
func RandomValue(r *rand.Rand, width int) bits.Value {
	words := make([]uint64, bits.Words(width))
	switch r.Intn(8) {
	case 0: // zero
	case 1:
		for i := range words {
			words[i] = ^uint64(0)
		}
	case 2: // a small number
		words[0] = uint64(r.Intn(4))
	default:
		for i := range words {
			words[i] = r.Uint64()
		}
	}
	return bits.FromWords(width, words)
}

// RTLSim runs d in rtlsim with the protocol of vsim: in every cycle, set
// the inputs, record the settled outputs, then take one clock edge.
func RTLSim(d *netlist.Design, spec vsim.Spec, stim vsim.Stimulus) (vsim.Trace, error) {
	sim, err := rtlsim.Compile(d)
	if err != nil {
		return nil, err
	}
	defer sim.Close()
	ins, outs, err := portHandles(sim.Handle, spec)
	if err != nil {
		return nil, err
	}
	trace := make(vsim.Trace, len(stim))
	for c, row := range stim {
		for i, v := range row {
			sim.Poke(ins[i], v)
		}
		rec := make([]bits.Value, len(outs))
		for i, h := range outs {
			rec[i] = sim.Peek(h)
		}
		trace[c] = rec
		sim.Step(1)
	}
	return trace, sim.Err()
}

// portHandles returns the handles of spec's inputs and outputs, by name.
func portHandles(handle func(string) (rtlsim.Handle, error), spec vsim.Spec) (ins, outs []rtlsim.Handle, err error) {
	of := func(ports []vsim.Port) ([]rtlsim.Handle, error) {
		hs := make([]rtlsim.Handle, len(ports))
		for i, p := range ports {
			if hs[i], err = handle(p.Name); err != nil {
				return nil, err
			}
		}
		return hs, nil
	}
	if ins, err = of(spec.Inputs); err != nil {
		return nil, nil, err
	}
	outs, err = of(spec.Outputs)
	return ins, outs, err
}

// Backend is an independent simulator of emitted Verilog.
type Backend interface {
	Run(ctx context.Context, spec vsim.Spec, stim vsim.Stimulus) (vsim.Trace, error)
}

// VerilatorBackend runs specs with Verilator, building (or reusing) a
// cached model.
type VerilatorBackend struct{ V vsim.Verilator }

func (b *VerilatorBackend) Run(ctx context.Context, spec vsim.Spec, stim vsim.Stimulus) (vsim.Trace, error) {
	m, err := b.V.Build(ctx, spec)
	if err != nil {
		return nil, err
	}
	return m.Run(ctx, stim)
}

// IcarusBackend runs specs with Icarus Verilog.
type IcarusBackend struct{}

func (IcarusBackend) Run(ctx context.Context, spec vsim.Spec, stim vsim.Stimulus) (vsim.Trace, error) {
	return vsim.RunIcarus(ctx, spec, stim)
}

// Mismatch is the first difference between the two simulators.
type Mismatch struct {
	Cycle  int
	Output string
	RTLSim bits.Value
	Other  bits.Value
	Diff   string // the first few differences, one per line
}

func (m *Mismatch) Error() string {
	return fmt.Sprintf("rtlsim and the Verilog differ first at cycle %d on %s: rtlsim %v, Verilog %v\n%s",
		m.Cycle, m.Output, m.RTLSim, m.Other, m.Diff)
}

// Result is the outcome of one cross-check.
type Result struct {
	Design   *netlist.Design
	Spec     vsim.Spec
	Stim     vsim.Stimulus
	Mismatch *Mismatch // nil when the traces agree
	// RTLSim and Other are the two traces.
	RTLSim, Other vsim.Trace

	build time.Duration // of the Verilator model, in Check
}

// Differing returns the names of the outputs that differ on some cycle, in
// output order.
func (r *Result) Differing() []string {
	var out []string
	for o, p := range r.Spec.Outputs {
		for c := range min(len(r.RTLSim), len(r.Other)) {
			if !r.RTLSim[c][o].Equal(r.Other[c][o]) {
				out = append(out, p.Name)
				break
			}
		}
	}
	return out
}

// Run emits d into dir, simulates it in rtlsim and in b on stim, and
// compares the traces. sim, when not nil, is the design rtlsim runs in
// place of d (a test of the checker gives it a deliberately broken copy).
func Run(ctx context.Context, b Backend, d, sim *netlist.Design, dir string, stim func(vsim.Spec) vsim.Stimulus) (*Result, error) {
	v, err := emit.Verilog(d)
	if err != nil {
		return nil, err
	}
	src := filepath.Join(dir, d.Top+".v")
	if err := os.WriteFile(src, v, 0o644); err != nil {
		return nil, err
	}
	spec := vsim.SpecOf(d, src)
	res := &Result{Design: d, Spec: spec, Stim: stim(spec)}
	want, err := b.Run(ctx, spec, res.Stim)
	if err != nil {
		return nil, err
	}
	if sim == nil {
		sim = d
	}
	got, err := RTLSim(sim, spec, res.Stim)
	if err != nil {
		return nil, err
	}
	res.Mismatch = compare(spec.Outputs, got, want)
	res.RTLSim, res.Other = got, want
	return res, nil
}

func compare(outs []vsim.Port, got, want vsim.Trace) *Mismatch {
	for c := range min(len(got), len(want)) {
		for o := range outs {
			if !got[c][o].Equal(want[c][o]) {
				return &Mismatch{Cycle: c, Output: outs[o].Name, RTLSim: got[c][o], Other: want[c][o],
					Diff: vsim.Diff(outs, got, want, 8)}
			}
		}
	}
	if len(got) != len(want) {
		return &Mismatch{Cycle: min(len(got), len(want)), Output: "(trace length)", Diff: vsim.Diff(outs, got, want, 8)}
	}
	return nil
}

// DesignOf returns the index i of the wrapped design d<i> an output of a
// Wrap top belongs to, or -1.
func DesignOf(output string) int {
	var i int
	if _, err := fmt.Sscanf(output, "d%d_", &i); err != nil || !strings.HasPrefix(output, fmt.Sprintf("d%d_", i)) {
		return -1
	}
	return i
}
