package elaborate

import (
	"strconv"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// foldConstants replaces every cell whose inputs are all constants by a
// constant, using the reference evaluation netlist.Eval. One forward pass
// suffices: lowering appends a cell after the cells of its operands.
func foldConstants(m *netlist.Module) {
	konst := make([]*bits.Value, len(m.Nets))
	var in []bits.Value
	for i := range m.Cells {
		c := &m.Cells[i]
		if c.Op == netlist.OpConst {
			konst[c.Out] = &c.Value
			continue
		}
		in = in[:0]
		all := true
		for _, id := range c.In {
			if konst[id] == nil {
				all = false
				break
			}
			in = append(in, *konst[id])
		}
		if !all {
			continue
		}
		v := netlist.Eval(c.Op, c.Signed, c.Lo, c.Value, in, m.Nets[c.Out].Width)
		*c = netlist.Cell{Op: netlist.OpConst, Out: c.Out, Value: v, Pos: c.Pos}
		konst[c.Out] = &c.Value
	}
}

// eachUse calls f with a pointer to every net reference of m that reads a
// net: cell inputs, register and memory port inputs, instance connections
// and ports. Passes that rename nets or count readers share it.
func eachUse(m *netlist.Module, f func(id *netlist.NetID)) {
	for i := range m.Cells {
		for j := range m.Cells[i].In {
			f(&m.Cells[i].In[j])
		}
	}
	for i := range m.Regs {
		r := &m.Regs[i]
		f(&r.D)
		f(&r.En)
		f(&r.Reset)
	}
	for i := range m.Mems {
		for j := range m.Mems[i].Reads {
			rp := &m.Mems[i].Reads[j]
			f(&rp.Addr)
			f(&rp.En)
		}
		for j := range m.Mems[i].Writes {
			wp := &m.Mems[i].Writes[j]
			f(&wp.Addr)
			f(&wp.Data)
			f(&wp.En)
		}
	}
	for i := range m.Insts {
		for j := range m.Insts[i].Conns {
			f(&m.Insts[i].Conns[j].Net)
		}
	}
	for i := range m.Ports {
		f(&m.Ports[i].Net)
	}
	for i := range m.Props {
		p := &m.Props[i]
		f(&p.Cond)
		f(&p.En)
		f(&p.Reset)
	}
}

// eachDef calls f with a pointer to every net reference of m that defines
// a net or names the clock: cell and register outputs, read data.
func eachDef(m *netlist.Module, f func(id *netlist.NetID)) {
	f(&m.Clock)
	for i := range m.Cells {
		f(&m.Cells[i].Out)
	}
	for i := range m.Regs {
		f(&m.Regs[i].Q)
	}
	for i := range m.Mems {
		for j := range m.Mems[i].Reads {
			f(&m.Mems[i].Reads[j].Data)
		}
	}
}

// readers counts the uses of every net.
func readers(m *netlist.Module) []int {
	n := make([]int, len(m.Nets))
	eachUse(m, func(id *netlist.NetID) {
		if *id >= 0 {
			n[*id]++
		}
	})
	return n
}

// coalesceCopies removes the copy in "temp = expr; name = temp" when the
// temporary has no other reader, so the cell drives the named net directly
// and the Verilog reads "assign name = expr".
func coalesceCopies(m *netlist.Module) {
	nread := readers(m)
	driver := make([]int, len(m.Nets))
	for i := range driver {
		driver[i] = -1
	}
	for i, c := range m.Cells {
		driver[c.Out] = i
	}
	keep := m.Cells[:0]
	drop := make([]bool, len(m.Cells))
	for i := range m.Cells {
		c := &m.Cells[i]
		if c.Op != netlist.OpBuf {
			continue
		}
		src := c.In[0]
		d := driver[src]
		if d < 0 || !m.Nets[src].Generated || nread[src] != 1 {
			continue
		}
		m.Cells[d].Out = c.Out
		driver[c.Out] = d
		drop[i] = true
	}
	for i, c := range m.Cells {
		if !drop[i] {
			keep = append(keep, c)
		}
	}
	m.Cells = keep
}

// removeDead deletes cells that drive only unread temporaries, then the
// temporaries nothing drives or reads, renumbering the nets.
func removeDead(m *netlist.Module) {
	for {
		nread := readers(m)
		keep := m.Cells[:0]
		removed := false
		for _, c := range m.Cells {
			if m.Nets[c.Out].Generated && nread[c.Out] == 0 {
				removed = true
				continue
			}
			keep = append(keep, c)
		}
		m.Cells = keep
		if !removed {
			break
		}
	}
	compactNets(m)
}

// compactNets drops generated nets with no driver and no reader.
func compactNets(m *netlist.Module) {
	nread := readers(m)
	used := make([]bool, len(m.Nets))
	for i := range m.Nets {
		used[i] = !m.Nets[i].Generated || nread[i] > 0
	}
	for _, c := range m.Cells {
		used[c.Out] = true
	}
	remap := make([]netlist.NetID, len(m.Nets))
	nets := m.Nets[:0]
	for i, n := range m.Nets {
		if used[i] {
			remap[i] = netlist.NetID(len(nets))
			nets = append(nets, n)
		} else {
			remap[i] = netlist.NoNet
		}
	}
	m.Nets = nets
	re := func(id *netlist.NetID) {
		if *id >= 0 {
			*id = remap[*id]
		}
	}
	eachUse(m, re)
	eachDef(m, re)
	for i := range m.Enums {
		for j := range m.Enums[i].Nets {
			re(&m.Enums[i].Nets[j])
		}
	}
}

// cseKey identifies a cell by what it computes.
type cseKey struct {
	op     netlist.Op
	signed bool
	lo     int
	value  string
	in     string
}

// mergeCommon merges temporaries computed by identical cells (the same
// constant made twice, the same mux from two When merges), so the Verilog
// says each thing once. Inputs are renamed as the pass goes, which relies on
// lowering's order: a cell comes after the cells of its operands.
func mergeCommon(m *netlist.Module) {
	remap := make([]netlist.NetID, len(m.Nets))
	for i := range remap {
		remap[i] = netlist.NetID(i)
	}
	seen := map[cseKey]netlist.NetID{}
	var in []byte
	for i := range m.Cells {
		c := &m.Cells[i]
		in = in[:0]
		for j, id := range c.In {
			c.In[j] = remap[id]
			in = append(strconv.AppendInt(in, int64(c.In[j]), 10), ',')
		}
		if !m.Nets[c.Out].Generated {
			continue
		}
		k := cseKey{op: c.Op, signed: c.Signed, lo: c.Lo, in: string(in)}
		if c.Op == netlist.OpConst {
			k.value = c.Value.String()
		} else {
			k.value = strconv.Itoa(m.Nets[c.Out].Width)
		}
		if prev, ok := seen[k]; ok {
			remap[c.Out] = prev
			continue
		}
		seen[k] = c.Out
	}
	eachUse(m, func(id *netlist.NetID) {
		if *id >= 0 {
			*id = remap[*id]
		}
	})
}
