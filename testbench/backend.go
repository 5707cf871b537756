package testbench

import (
	"fmt"
	"io"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Port is a signal of a Backend, looked up once by name with Backend.Port
// and then used for every Poke and Peek. It is a small value, only
// meaningful to the Backend that returned it.
type Port struct {
	Name  string
	Width int
	// Input reports whether the port is an input of the top module that
	// Poke may drive (the clock is not).
	Input bool
	id    int32
}

// Backend is a cycle-based simulation of one design, driven the way a
// testbench drives a circuit: poke the inputs, peek the settled outputs,
// take a rising clock edge.
//
// Misuse (a Poke of a port that is not an input, a value of another width)
// and failures of the simulator are sticky errors: the call does nothing
// and Err reports the first; Close reports it too.
type Backend interface {
	// Port looks up a signal by name. Every backend knows the top-level
	// ports; rtlsim also knows internal nets ("u1.x").
	Port(name string) (Port, error)
	// Poke sets an input to v, of exactly the port's width.
	Poke(p Port, v bits.Value)
	// PokeUint64 sets an input to v truncated (or zero-extended) to its
	// width.
	PokeUint64(p Port, v uint64)
	// Peek returns the value of p, settled after the pokes so far.
	Peek(p Port) bits.Value
	// PeekUint64 returns the low 64 bits of Peek(p).
	PeekUint64(p Port) uint64
	// Step takes one rising edge of the clock.
	Step()
	// Reset holds the top's rst input at 1 for one Step, then sets it back
	// to 0; it does nothing when the top has no rst.
	Reset()
	// Cycle returns the number of edges taken so far.
	Cycle() uint64
	// Err returns the first error, or nil.
	Err() error
	// Close ends the simulation and returns the first error.
	Close() error
}

// RTLSim is the Backend of systole's own simulator.
type RTLSim struct {
	sim   *rtlsim.Sim
	hs    []rtlsim.Handle // by Port.id
	ids   map[string]int32
	input map[string]bool
}

// NewRTLSim compiles d with rtlsim.
func NewRTLSim(d *netlist.Design) (*RTLSim, error) { return NewRTLSimWith(d, rtlsim.Options{}) }

// NewRTLSimWith compiles d with rtlsim.CompileWith: opts.Models are the Go
// models of the design's black boxes.
func NewRTLSimWith(d *netlist.Design, opts rtlsim.Options) (*RTLSim, error) {
	sim, err := rtlsim.CompileWith(d, opts)
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	b := &RTLSim{sim: sim, ids: map[string]int32{}, input: map[string]bool{}}
	for _, p := range sim.Inputs() {
		b.input[p.Name] = true
	}
	if top := d.TopModule(); top != nil && top.Clock != netlist.NoNet {
		delete(b.input, top.Nets[top.Clock].Name)
	}
	return b, nil
}

// Sim returns the underlying simulator.
func (b *RTLSim) Sim() *rtlsim.Sim { return b.sim }

// Port implements Backend.
func (b *RTLSim) Port(name string) (Port, error) {
	h, err := b.sim.Handle(name)
	if err != nil {
		return Port{}, fmt.Errorf("testbench: %w", err)
	}
	id, ok := b.ids[name]
	if !ok {
		id = int32(len(b.hs))
		b.hs = append(b.hs, h)
		b.ids[name] = id
	}
	return Port{Name: name, Width: b.sim.Width(h), Input: b.input[name], id: id}, nil
}

func (b *RTLSim) h(p Port) rtlsim.Handle {
	if p.id < 0 || int(p.id) >= len(b.hs) {
		return rtlsim.Handle{} // rtlsim records the misuse
	}
	return b.hs[p.id]
}

// Poke implements Backend.
func (b *RTLSim) Poke(p Port, v bits.Value) { b.sim.Poke(b.h(p), v) }

// PokeUint64 implements Backend.
func (b *RTLSim) PokeUint64(p Port, v uint64) { b.sim.PokeUint64(b.h(p), v) }

// Peek implements Backend.
func (b *RTLSim) Peek(p Port) bits.Value { return b.sim.Peek(b.h(p)) }

// PeekUint64 implements Backend.
func (b *RTLSim) PeekUint64(p Port) uint64 { return b.sim.PeekUint64(b.h(p)) }

// Step implements Backend.
func (b *RTLSim) Step() { b.sim.Step(1) }

// Reset implements Backend.
func (b *RTLSim) Reset() { b.sim.Reset() }

// Cycle implements Backend.
func (b *RTLSim) Cycle() uint64 { return b.sim.Cycle() }

// Err implements Backend.
func (b *RTLSim) Err() error { return b.sim.Err() }

// Close implements Backend; it also ends a trace started by TraceVCD.
func (b *RTLSim) Close() error { return b.sim.Close() }

// TraceVCD starts a Value Change Dump of every named net to w (see
// rtlsim.Sim.TraceVCD); Close flushes it.
func (b *RTLSim) TraceVCD(w io.Writer) error { return b.sim.TraceVCD(w) }

// String returns "rtlsim".
func (b *RTLSim) String() string { return "rtlsim" }
