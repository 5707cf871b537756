package rtlsim

import (
	"fmt"
	"sort"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// A Model is the behaviour of a black box (netlist.Extern) in Go: what
// rtlsim runs in place of the user's Verilog. Its contract:
//
//   - Eval sets the outputs from the model's state and the inputs in p.
//     It must not change the state: rtlsim calls it whenever the inputs
//     may have changed, several times per cycle when black boxes feed
//     one another. A registered output (one the black box's Comb does not
//     list) must depend on the state only; a combinational output only on
//     the state and the inputs its Comb path names. An output Eval leaves
//     alone keeps its last value (zero at first).
//   - Edge advances the state at each rising edge of the design's clock
//     (one clock domain; a black box without a clock port gets them too),
//     with the inputs in p settled just before the edge, as a Verilog
//     always @(posedge) block sees them (a reset input is one of them).
//     Outputs set in Edge are ignored; Eval follows.
//
// Check rejects combinational loops through the declared paths; a model
// whose outputs still do not settle (they depend on inputs it does not
// declare, or it is not a function of its inputs) stops the simulation
// with an error naming the instance.
type Model interface {
	Eval(p *Pins)
	Edge(p *Pins)
}

// BlackBox describes one black box instance to the constructor of its
// model.
type BlackBox struct {
	// Instance is the hierarchical instance path, "u1.ram".
	Instance string
	// Module is the black box's module: its ports (Pins are indexed like
	// Module.Ports) and its Extern (Verilog name, parameters).
	Module *netlist.Module
}

// Port returns the index of the port called name in Module.Ports, the
// index Pins takes, or -1.
func (b BlackBox) Port(name string) int {
	for i, p := range b.Module.Ports {
		if b.Module.PortName(p) == name {
			return i
		}
	}
	return -1
}

// Param returns the Verilog parameter called name.
func (b BlackBox) Param(name string) (netlist.Param, bool) {
	for _, p := range b.Module.Extern.Params {
		if p.Name == name {
			return p, true
		}
	}
	return netlist.Param{}, false
}

// Models maps the Verilog module name of a black box to the constructor
// of its Go model, called once per instance when the design compiles. A
// Go model given for a black box with a DSL model replaces the DSL model
// (in Sim; Batch and WriteGo run DSL models only).
type Models map[string]func(BlackBox) (Model, error)

// Options are the choices of CompileWith.
type Options struct {
	// Models are the Go models of the design's black boxes: every black
	// box without a DSL model needs one; a black box with a DSL model runs
	// it unless Models has a model for it too.
	Models Models
	// flat keeps every word of the interpreter's state a flat word (no
	// width classes; see narrow.go): the tests' reference.
	flat bool
}

// Pins are the values of a black box's ports, indexed like its module's
// Ports, as its Model sees them: Eval and Edge read the inputs and Eval
// sets the outputs. A misuse (an index out of range, setting an input)
// changes nothing and stops the simulation with an error (Sim.Err).
type Pins struct {
	words  [][]uint64
	width  []int
	output []bool
	box    string
	err    error
}

func (p *Pins) pin(i int, set bool) bool {
	switch {
	case i < 0 || i >= len(p.words):
		p.misuse(fmt.Errorf("rtlsim: black box %s: model used port index %d of %d", p.box, i, len(p.words)))
	case set && !p.output[i]:
		p.misuse(fmt.Errorf("rtlsim: black box %s: model set port %d, an input", p.box, i))
	default:
		return true
	}
	return false
}

func (p *Pins) misuse(err error) {
	if p.err == nil {
		p.err = err
	}
}

// Width returns the width of port i, or 0.
func (p *Pins) Width(i int) int {
	if !p.pin(i, false) {
		return 0
	}
	return p.width[i]
}

// Uint64 returns the low 64 bits of port i.
func (p *Pins) Uint64(i int) uint64 {
	if !p.pin(i, false) {
		return 0
	}
	return p.words[i][0]
}

// Value returns the value of port i.
func (p *Pins) Value(i int) bits.Value {
	if !p.pin(i, false) {
		return bits.Value{}
	}
	return bits.FromWords(p.width[i], p.words[i])
}

// Words appends the value of port i to dst as little-endian 64-bit words
// and returns the extended slice.
func (p *Pins) Words(i int, dst []uint64) []uint64 {
	if !p.pin(i, false) {
		return dst
	}
	return append(dst, p.words[i]...)
}

// SetUint64 sets output i to v, truncated to its width (zero above 64
// bits).
func (p *Pins) SetUint64(i int, v uint64) {
	if !p.pin(i, true) {
		return
	}
	w := p.words[i]
	clear(w)
	w[0] = v & topMask(uint32(p.width[i]))
	if p.width[i] >= 64 {
		w[0] = v
	}
}

// Set sets output i to v, which must have the port's width.
func (p *Pins) Set(i int, v bits.Value) {
	if !p.pin(i, true) {
		return
	}
	if v.Width() != p.width[i] {
		p.misuse(fmt.Errorf("rtlsim: black box %s: model set %d-bit port %d to a %d-bit value", p.box, p.width[i], i, v.Width()))
		return
	}
	for k := range p.words[i] {
		p.words[i][k] = v.Word(k)
	}
}

// simBox is one black box instance with a Go model.
type simBox struct {
	name  string // instance path
	model Model
	pins  Pins
	ports []boxPort // by port index
}

// boxPort is where a black box port sits in the state.
type boxPort struct {
	off, n uint32
	out    bool
}

// flatBox is a black box instance found by flatten.
type flatBox struct {
	path string
	m    *netlist.Module
	nets []int32 // flat net of each port, by port index
}

// addBox records an instance of a black box that a Go model runs.
func (c *compiler) addBox(m *netlist.Module, path string, local []int32) {
	fb := flatBox{path: strings.TrimSuffix(path, "."), m: m}
	for _, p := range m.Ports {
		fb.nets = append(fb.nets, local[p.Net])
	}
	c.boxes = append(c.boxes, fb)
}

// boxInputs calls need on every net a black box reads.
func (c *compiler) boxInputs(need func(int32)) {
	for _, fb := range c.boxes {
		for i, p := range fb.m.Ports {
			if p.Dir == netlist.In && p.Net != fb.m.Clock {
				need(fb.nets[i])
			}
		}
	}
}

// makeBoxes builds the models of the black boxes.
func (c *compiler) makeBoxes(s *Sim, models Models) error {
	var missing []string
	for _, fb := range c.boxes {
		ctor := models[fb.m.Extern.Verilog]
		if ctor == nil {
			missing = append(missing, fmt.Sprintf("%s (Verilog module %s)", fb.path, fb.m.Extern.Verilog))
			continue
		}
		model, err := ctor(BlackBox{Instance: fb.path, Module: fb.m})
		if err != nil {
			return fmt.Errorf("rtlsim: black box %s: model: %w", fb.path, err)
		}
		if model == nil {
			return fmt.Errorf("rtlsim: black box %s: the model constructor returned no model", fb.path)
		}
		b := &simBox{name: fb.path, model: model, pins: Pins{box: fb.path}}
		for i, p := range fb.m.Ports {
			n := s.nets[fb.nets[i]]
			w := nwords(n.width)
			b.ports = append(b.ports, boxPort{off: n.off, n: w, out: p.Dir == netlist.Out})
			b.pins.words = append(b.pins.words, make([]uint64, w))
			b.pins.width = append(b.pins.width, int(n.width))
			b.pins.output = append(b.pins.output, p.Dir == netlist.Out)
		}
		s.boxes = append(s.boxes, b)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("rtlsim: black box without a model: %s: give each a Go model (rtlsim.CompileWith, Options.Models by Verilog name) or a DSL model", strings.Join(missing, ", "))
	}
	return nil
}

// boxOutputs calls f with the state words of every black box output.
func (s *Sim) boxOutputs(f func(off, n uint32)) {
	for _, b := range s.boxes {
		for _, p := range b.ports {
			if p.out {
				f(p.off, p.n)
			}
		}
	}
}

// call runs one method of a black box's model, turning a panic or a misuse
// of its Pins into an error that stops the simulation.
func (s *Sim) call(b *simBox, what string, f func(*Pins)) bool {
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("rtlsim: black box %s: model %s panicked in cycle %d: %v", b.name, what, s.cycle, r)
			}
		}()
		f(&b.pins)
		return b.pins.err
	}()
	if err != nil {
		s.fail(err)
		s.stopped = true
		return false
	}
	return true
}

// loadInputs copies a black box's inputs from the state into its Pins.
func (s *Sim) loadInputs(b *simBox) {
	for i, p := range b.ports {
		if !p.out {
			copy(b.pins.words[i], s.state[p.off:p.off+p.n])
		}
	}
}

// settleBoxes evaluates the black boxes after the logic settled, and
// settles the logic their outputs reach again, until nothing changes: one
// round per black box on a chain of combinational paths, and a last one
// that changes nothing.
func (s *Sim) settleBoxes() {
	for round := 0; !s.stopped; round++ {
		changed := false
		for _, b := range s.boxes {
			s.loadInputs(b)
			if !s.call(b, "Eval", b.model.Eval) {
				return
			}
			for i, p := range b.ports {
				if !p.out {
					continue
				}
				st := s.state[p.off : p.off+p.n]
				for k, w := range b.pins.words[i] {
					if st[k] != w {
						st[k] = w
						changed = true
					}
				}
			}
		}
		if !changed {
			return
		}
		if round > len(s.boxes) {
			s.fail(fmt.Errorf("rtlsim: black boxes did not settle in cycle %d: a model's outputs depend combinationally on inputs its black box does not declare (netlist.Extern.Comb), or Eval is not a function of its state and inputs", s.cycle))
			s.stopped = true
			return
		}
		s.eval(s.xin, s.inBlocks)
		s.lazyDirty = len(s.lazy) > 0
	}
}

// edgeBoxes gives every black box the rising edge, with its settled
// inputs.
func (s *Sim) edgeBoxes() {
	for _, b := range s.boxes {
		s.loadInputs(b)
		if !s.call(b, "Edge", b.model.Edge) {
			return
		}
	}
}

// noGoModels refuses a compiled form that cannot call Go models.
func (s *Sim) noGoModels(what string) error {
	if len(s.boxes) == 0 {
		return nil
	}
	return fmt.Errorf("rtlsim: %s cannot run black box %s, which has a Go model: only Sim calls Go models (a black box with a DSL model runs everywhere)", what, s.boxes[0].name)
}
