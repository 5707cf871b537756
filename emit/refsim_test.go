package emit_test

import (
	"math/big"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// refSim is a slow, obvious simulator of one flat module, written from the
// netlist package doc with netlist.Eval for the cells. The emitted Verilog,
// run by Icarus and Verilator, must match it cycle for cycle.
type refSim struct {
	m   *netlist.Module
	val []bits.Value
	mem [][]bits.Value
}

func newRefSim(m *netlist.Module) *refSim {
	s := &refSim{m: m, val: make([]bits.Value, len(m.Nets)), mem: make([][]bits.Value, len(m.Mems))}
	for i, n := range m.Nets {
		s.val[i] = bits.New(n.Width)
	}
	for i, mem := range m.Mems {
		s.mem[i] = make([]bits.Value, mem.Depth)
		for j := range s.mem[i] {
			s.mem[i][j] = bits.New(mem.Width)
		}
	}
	return s
}

// settle evaluates the cells until nothing changes; netlist.Check has ruled
// out loops, so that takes at most one pass per cell.
func (s *refSim) settle() {
	for range len(s.m.Cells) + 1 {
		changed := false
		for _, c := range s.m.Cells {
			in := make([]bits.Value, len(c.In))
			for i, id := range c.In {
				in[i] = s.val[id]
			}
			v := netlist.Eval(c.Op, c.Signed, c.Lo, c.Value, in, s.m.Nets[c.Out].Width)
			if !v.Equal(s.val[c.Out]) {
				s.val[c.Out], changed = v, true
			}
		}
		if !changed {
			return
		}
	}
	panic("refSim: cells do not settle")
}

func (s *refSim) high(id netlist.NetID) bool { return id == netlist.NoNet || s.val[id].Bit(0) == 1 }

// word returns the index of the word at address addr, or -1 beyond depth.
func (s *refSim) word(addr netlist.NetID, depth int) int {
	a := s.val[addr].Big()
	if a.Cmp(big.NewInt(int64(depth))) >= 0 {
		return -1
	}
	return int(a.Int64())
}

// clock applies one rising clock edge, then settles.
func (s *refSim) clock() {
	next := map[netlist.NetID]bits.Value{}
	for _, r := range s.m.Regs {
		switch {
		case r.Reset != netlist.NoNet && s.high(r.Reset):
			next[r.Q] = r.Init
		case s.high(r.En):
			next[r.Q] = s.val[r.D]
		}
	}
	for i, mem := range s.m.Mems {
		for _, rp := range mem.Reads {
			if !s.high(rp.En) {
				continue
			}
			if a := s.word(rp.Addr, mem.Depth); a >= 0 {
				next[rp.Data] = s.mem[i][a]
			} else {
				next[rp.Data] = bits.New(mem.Width)
			}
		}
		for _, wp := range mem.Writes {
			if a := s.word(wp.Addr, mem.Depth); a >= 0 && s.high(wp.En) {
				s.mem[i][a] = s.val[wp.Data]
			}
		}
	}
	for id, v := range next {
		s.val[id] = v
	}
	s.settle()
}
