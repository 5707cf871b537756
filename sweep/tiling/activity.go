package tiling

import (
	"fmt"

	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// This file counts what the RTL does while a GEMM runs, for the energy
// model (package energy): on every clock edge, the multiply-accumulates the
// PEs perform, the register bits written, and the words the core's
// memories read and write. It reads the enables the simulation settles
// to before each edge, so the counts are the RTL's own, not a model's:
//
//   - a register is written on an edge when its enable is 1 (always, for
//     a register without one), and counts its width in bits;
//   - a multiplier performs a MAC on an edge when a register its product
//     reaches (through combinational cells of its module) is written; the
//     ws PE's accumulator has no enable, so it multiplies on every edge,
//     the os PE's only on a k-step;
//   - a memory read port reads a word on an edge when its enable is 1
//     (always, without one), a write port writes one when its enable is 1;
//     the memories of the ws accumulator stage (module <top>_acc) are
//     also counted apart, in words.
//
// The plan is made once per design from the netlist, with each enable
// named by its canonical flattened net (an input port's net is its
// parent's), so a net that enables many registers is peeked once a cycle.

// Activity is what the RTL did over a GEMM: every edge from the reset to
// the last C beat.
type Activity struct {
	Edges     int64 `json:"edges"`      // clock edges
	MACs      int64 `json:"hw_macs"`    // multiply-accumulates performed (padding and idle PEs included)
	RegBits   int64 `json:"reg_bits"`   // register bits written
	MemReads  int64 `json:"mem_reads"`  // bits read from the core's memories (the accumulator's included)
	MemWrites int64 `json:"mem_writes"` // bits written to them
	// AccReads and AccWrites are the words (rows of Cols sums) read from
	// and written to the ws core's accumulator memory (the memories in
	// its <top>_acc stage).
	AccReads  int64 `json:"acc_reads"`
	AccWrites int64 `json:"acc_writes"`
}

// activityPlan is what to count on every edge.
type activityPlan struct {
	nets []string // the enable nets to peek, by canonical name
	// Per edge, always: bits of registers without an enable, MACs of
	// multipliers that feed one, bits of read ports without an enable.
	alwaysRegBits, alwaysMACs, alwaysReadBits, alwaysAccReads int64
	regBits, readBits, writeBits                              []int64 // by net: bits written or read when it is 1
	accReads, accWrites                                       []int64 // by net: accumulator words read or written when it is 1
	macs                                                      []macGroup
}

// macGroup is a multiplier whose product reaches registers enabled by
// nets (indices into plan.nets): one MAC on an edge where any is 1.
type macGroup struct{ nets []int }

// planActivity walks d's hierarchy from the top.
func planActivity(d *netlist.Design) (*activityPlan, error) {
	top := d.TopModule()
	if top == nil {
		return nil, fmt.Errorf("tiling: activity: no top module %q", d.Top)
	}
	p := &activityPlan{}
	index := map[string]int{}
	netIndex := func(name string) int {
		i, ok := index[name]
		if !ok {
			i = len(p.nets)
			index[name] = i
			p.nets = append(p.nets, name)
			p.regBits, p.readBits, p.writeBits = append(p.regBits, 0), append(p.readBits, 0), append(p.writeBits, 0)
			p.accReads, p.accWrites = append(p.accReads, 0), append(p.accWrites, 0)
		}
		return i
	}
	accStage := d.Top + "_acc" // the ws accumulator stage's module
	var walk func(m *netlist.Module, path string, canon map[netlist.NetID]string, depth int, inAcc bool) error
	walk = func(m *netlist.Module, path string, canon map[netlist.NetID]string, depth int, inAcc bool) error {
		if depth > 64 {
			return fmt.Errorf("tiling: activity: instances nested more than 64 deep at %s", path)
		}
		name := func(id netlist.NetID) string {
			if n, ok := canon[id]; ok {
				return n
			}
			return path + m.Nets[id].Name
		}
		for _, r := range m.Regs {
			w := int64(m.Nets[r.Q].Width)
			if r.En == netlist.NoNet {
				p.alwaysRegBits += w
				continue
			}
			p.regBits[netIndex(name(r.En))] += w
		}
		words := int64(0) // accumulator words a port moves
		if inAcc {
			words = 1
		}
		for _, mem := range m.Mems {
			for _, rd := range mem.Reads {
				if rd.En == netlist.NoNet {
					p.alwaysReadBits += int64(mem.Width)
					p.alwaysAccReads += words
				} else {
					i := netIndex(name(rd.En))
					p.readBits[i] += int64(mem.Width)
					p.accReads[i] += words
				}
			}
			for _, wr := range mem.Writes {
				i := netIndex(name(wr.En))
				p.writeBits[i] += int64(mem.Width)
				p.accWrites[i] += words
			}
		}
		planMACs(m, p, name, netIndex)
		for _, inst := range m.Insts {
			child := d.Module(inst.Module)
			if child == nil {
				return fmt.Errorf("tiling: activity: %s%s: no module %q", path, inst.Name, inst.Module)
			}
			cc := map[netlist.NetID]string{}
			for _, conn := range inst.Conns {
				for _, port := range child.Ports {
					if child.Nets[port.Net].Name == conn.Port {
						cc[port.Net] = name(conn.Net)
					}
				}
			}
			if err := walk(child, path+inst.Name+".", cc, depth+1, inAcc || inst.Module == accStage); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(top, "", map[netlist.NetID]string{}, 0, false); err != nil {
		return nil, err
	}
	return p, nil
}

// planMACs finds m's multipliers and the registers each one's product
// reaches through m's combinational cells.
func planMACs(m *netlist.Module, p *activityPlan, name func(netlist.NetID) string, netIndex func(string) int) {
	readers := map[netlist.NetID][]int{} // net → cells reading it
	for i, c := range m.Cells {
		for _, in := range c.In {
			readers[in] = append(readers[in], i)
		}
	}
	regsOf := map[netlist.NetID][]int{} // D net → registers
	for i, r := range m.Regs {
		regsOf[r.D] = append(regsOf[r.D], i)
	}
	for _, c := range m.Cells {
		if c.Op != netlist.OpMul {
			continue
		}
		seen := map[netlist.NetID]bool{c.Out: true}
		work := []netlist.NetID{c.Out}
		always, any := false, false
		var g macGroup
		for len(work) > 0 && !always {
			n := work[len(work)-1]
			work = work[:len(work)-1]
			for _, ri := range regsOf[n] {
				any = true
				if m.Regs[ri].En == netlist.NoNet {
					always = true
					break
				}
				g.nets = append(g.nets, netIndex(name(m.Regs[ri].En)))
			}
			for _, ci := range readers[n] {
				if out := m.Cells[ci].Out; !seen[out] {
					seen[out] = true
					work = append(work, out)
				}
			}
		}
		switch {
		case always:
			p.alwaysMACs++
		case any:
			p.macs = append(p.macs, g)
		}
	}
}

// activityCounter is a testbench component that counts one GEMM's
// activity by the plan.
type activityCounter struct {
	plan  *activityPlan
	ports []testbench.Port
	val   []bool
	a     Activity
}

func newActivityCounter(b *testbench.Bench, plan *activityPlan) *activityCounter {
	k := &activityCounter{plan: plan, ports: make([]testbench.Port, len(plan.nets)), val: make([]bool, len(plan.nets))}
	for i, n := range plan.nets {
		k.ports[i] = b.Port(n)
	}
	b.Add(k)
	return k
}

func (k *activityCounter) Drive(*testbench.Bench) {}

// Sample runs after the inputs are driven and the logic settles, before
// the edge: the enables it peeks are the ones the edge acts on.
func (k *activityCounter) Sample(b *testbench.Bench) {
	be, p := b.Backend(), k.plan
	k.a.Edges++
	k.a.RegBits += p.alwaysRegBits
	k.a.MACs += p.alwaysMACs
	k.a.MemReads += p.alwaysReadBits
	k.a.AccReads += p.alwaysAccReads
	for i, port := range k.ports {
		on := be.PeekUint64(port)&1 == 1
		k.val[i] = on
		if on {
			k.a.RegBits += p.regBits[i]
			k.a.MemReads += p.readBits[i]
			k.a.MemWrites += p.writeBits[i]
			k.a.AccReads += p.accReads[i]
			k.a.AccWrites += p.accWrites[i]
		}
	}
	for _, g := range p.macs {
		for _, i := range g.nets {
			if k.val[i] {
				k.a.MACs++
				break
			}
		}
	}
}
