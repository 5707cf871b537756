package testbench

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Coverer is a Backend that counts the design's cover points: rtlsim and
// Verilator do (vsim.Icarus.RunCovers counts them in Icarus).
type Coverer interface {
	Covers() []rtlsim.CoverCount
}

// Covers implements Coverer: the hits of every cover point so far.
func (b *RTLSim) Covers() []rtlsim.CoverCount { return b.sim.Covers() }

// CoverReport formats cover counts one per line, as
// "u.near_limit (top.go:12): 3 hits"; a cover never hit says so.
func CoverReport(cs []rtlsim.CoverCount) string {
	var b strings.Builder
	for _, c := range cs {
		name := c.Msg
		if c.Instance != "" {
			name = c.Instance + "." + name
		}
		fmt.Fprintf(&b, "%s (%s): ", name, c.Pos)
		switch c.Count {
		case 0:
			b.WriteString("never hit\n")
		case 1:
			b.WriteString("1 hit\n")
		default:
			fmt.Fprintf(&b, "%d hits\n", c.Count)
		}
	}
	return b.String()
}

// MemoryBackdoor is a Backend whose memories a test can read and write
// directly, without a port: rtlsim, and the Verilator backend built with
// VerilatorOptions.Backdoor. Memories are named like nets: "ram",
// "u1.ram". A write takes effect at once; the read ports see it from the
// next edge.
type MemoryBackdoor interface {
	PeekMem(name string, addr int) (bits.Value, error)
	PokeMem(name string, addr int, v bits.Value) error
}

// PeekMem implements MemoryBackdoor.
func (b *RTLSim) PeekMem(name string, addr int) (bits.Value, error) { return b.sim.PeekMem(name, addr) }

// PokeMem implements MemoryBackdoor.
func (b *RTLSim) PokeMem(name string, addr int, v bits.Value) error {
	return b.sim.PokeMem(name, addr, v)
}

// Covers implements Coverer: the hits of every cover point so far (until
// Close, after it), in rtlsim's order (each module's points, then its
// instances'), counted from the lines the emitted Verilog prints at each
// hit. An error reading them is recorded for Err, and the counts are then
// zero.
func (v *Verilator) Covers() []rtlsim.CoverCount {
	counts := v.final
	if counts == nil && v.Err() == nil {
		var err error
		if counts, err = v.sess.Covers(); err != nil {
			v.fail(fmt.Errorf("testbench: %w", err))
		}
	}
	var out []rtlsim.CoverCount
	var walk func(m *netlist.Module, inst, vpath string)
	walk = func(m *netlist.Module, inst, vpath string) {
		for _, p := range m.Props {
			if p.Kind != netlist.Cover {
				continue
			}
			key := p.Msg
			if vpath != "" {
				key = vpath + "." + p.Msg
			}
			out = append(out, rtlsim.CoverCount{PropInfo: rtlsim.PropInfo{Kind: p.Kind, Msg: p.Msg, Instance: inst,
				Module: m.Name, Pos: p.Pos}, Count: counts[key]})
		}
		names := v.names.Module(m.Name)
		for i, in := range m.Insts {
			child := v.design.Module(in.Module)
			if child == nil || child.Extern != nil {
				continue
			}
			ci, cv := in.Name, names.Insts[i]
			if inst != "" {
				ci, cv = inst+"."+ci, vpath+"."+cv
			}
			walk(child, ci, cv)
		}
	}
	walk(v.design.TopModule(), "", "")
	return out
}
