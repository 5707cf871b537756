package testbench

import (
	"errors"
	"fmt"

	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// A Probe reads nets of every lane of a RunLanesProbe run at once, on
// every edge of the batch: what a component's Sample would read in each
// lane before each edge, for a fraction of the cost of reading them lane
// by lane through the lanes' Backends (a counter of enables over a whole
// design, say).
type Probe struct {
	// Nets are the nets to read, by name (as Backend.Port takes them).
	Nets []string
	// Edge runs just before every edge of the batch (Reset's included),
	// once every running lane waits at its Step and every Poke is
	// applied: the values it reads are the ones the edge acts on, those
	// a Sample of each lane would have read. peek(i) returns the settled
	// low 64 bits of Nets[i] in every lane, lane l's at [l], in a slice
	// that the next peek reuses. Edge must not use the lanes' Backends.
	Edge func(peek func(i int) []uint64)
}

// RunLanesProbe is RunLanes with p reading every lane on every edge. It
// runs on a batch even with one lane. A net of p that d lacks is an
// error, as is an Edge of nil.
func RunLanesProbe(d *netlist.Design, lanes []Lane, p Probe) ([]error, error) {
	if len(lanes) == 0 {
		return nil, errors.New("testbench: RunLanes of no lanes")
	}
	if p.Edge == nil {
		return nil, errors.New("testbench: a Probe without an Edge")
	}
	batch, err := rtlsim.CompileBatch(d, len(lanes))
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	pr := &probe{edge: p.Edge, batch: batch, hs: make([]rtlsim.Handle, len(p.Nets))}
	for i, n := range p.Nets {
		if pr.hs[i], err = batch.Handle(n); err != nil {
			return nil, fmt.Errorf("testbench: probe: %w", err)
		}
	}
	pr.peek = func(i int) []uint64 {
		pr.buf = pr.batch.PeekLanes(pr.hs[i], pr.buf)
		return pr.buf
	}
	s := newScheduler(batch)
	s.probe = pr
	return s.runLanes(lanes).errs, nil
}

// probe is a Probe of a run, its nets resolved.
type probe struct {
	edge  func(peek func(i int) []uint64)
	peek  func(i int) []uint64
	batch *rtlsim.Batch
	hs    []rtlsim.Handle
	buf   []uint64
}
