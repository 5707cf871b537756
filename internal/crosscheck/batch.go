package crosscheck

import (
	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// RTLSimLanes runs d in an rtlsim.Batch of len(stims) lanes, lane l on
// stims[l] (of one length), with the protocol of RTLSim: in every cycle,
// set every lane's inputs, record its settled outputs, then take one clock
// edge in all of them. It returns the trace of every lane.
func RTLSimLanes(d *netlist.Design, spec vsim.Spec, stims []vsim.Stimulus) ([]vsim.Trace, error) {
	b, err := rtlsim.CompileBatch(d, len(stims))
	if err != nil {
		return nil, err
	}
	ins, outs, err := portHandles(b.Handle, spec)
	if err != nil {
		return nil, err
	}
	traces := make([]vsim.Trace, len(stims))
	for l := range traces {
		traces[l] = make(vsim.Trace, len(stims[0]))
	}
	for c := range stims[0] {
		for l, stim := range stims {
			for i, v := range stim[c] {
				b.PokeLane(ins[i], l, v)
			}
		}
		for l := range stims {
			rec := make([]bits.Value, len(outs))
			for i, h := range outs {
				rec[i] = b.PeekLane(h, l)
			}
			traces[l][c] = rec
		}
		b.Step(1)
	}
	return traces, b.Err()
}
