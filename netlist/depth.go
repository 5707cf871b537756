package netlist

import "fmt"

// Levels is the logic depth a cell adds to a combinational path: one for
// an operator, zero for pure wiring (copies, constants, bit selects,
// concatenations and extensions), which costs no gate.
func (op Op) Levels() int {
	switch op {
	case OpBuf, OpConst, OpSlice, OpConcat, OpZext, OpSext:
		return 0
	}
	return 1
}

// none marks "no path" in depth tables.
const none = -1

// modDepth summarizes one module's combinational paths as seen from its
// ports, so a parent never needs to look inside it.
type modDepth struct {
	inToOut  map[int]map[int]int // output port index -> input port index -> depth
	srcToOut map[int]int         // output port index -> depth from a register, memory or constant inside
	inToSink map[int]int         // input port index -> depth to a register or memory inside
	internal int                 // the longest path that starts and ends inside (register to register)
	where    string              // where internal ends, for the report
}

// PathReport is the result of LongestPath.
type PathReport struct {
	// Levels is the number of operator levels (see Op.Levels) on the
	// longest combinational path of the whole design, between registers,
	// memories and ports, through the hierarchy.
	Levels int
	// End names the module and net where that path ends.
	End string
}

func (r PathReport) String() string { return fmt.Sprintf("%d levels, ending at %s", r.Levels, r.End) }

// LongestPath returns the longest combinational path of a checked design,
// counted in netlist operator levels: the figure that stays constant as a
// systolic array grows, and grows with a global stall or broadcast. It
// summarizes each module once, so its cost is linear in the size of the
// netlist, not of the flattened design.
func LongestPath(d *Design) (PathReport, error) {
	if err := Check(d); err != nil {
		return PathReport{}, err
	}
	sums := map[string]*modDepth{}
	for _, m := range d.Modules {
		sums[m.Name] = depthOf(d, m, sums)
	}
	top := sums[d.Top]
	best := PathReport{Levels: top.internal, End: top.where}
	topMod := d.TopModule()
	for o, ins := range top.inToOut {
		for _, v := range ins {
			if v > best.Levels {
				best = PathReport{Levels: v, End: d.Top + "." + topMod.PortName(topMod.Ports[o])}
			}
		}
	}
	for o, v := range top.srcToOut {
		if v > best.Levels {
			best = PathReport{Levels: v, End: d.Top + "." + topMod.PortName(topMod.Ports[o])}
		}
	}
	for _, v := range top.inToSink {
		if v > best.Levels {
			best = PathReport{Levels: v, End: d.Top + " (a register input)"}
		}
	}
	return best, nil
}

// arrival is the depth at which a net's value settles: from internal
// sources, and from each input port.
type arrival struct {
	src int
	in  map[int]int
}

func depthOf(d *Design, m *Module, sums map[string]*modDepth) *modDepth {
	drv, _ := m.Drivers(d)
	inIdx := map[NetID]int{}
	for i, p := range m.Ports {
		if p.Dir == In {
			inIdx[p.Net] = i
		}
	}
	arr := make([]*arrival, len(m.Nets))
	var visit func(id NetID) *arrival
	visit = func(id NetID) *arrival {
		if a := arr[id]; a != nil {
			return a
		}
		a := &arrival{src: none, in: map[int]int{}}
		arr[id] = a
		merge := func(b *arrival, add int) {
			if b.src != none {
				a.src = max(a.src, b.src+add)
			}
			for i, v := range b.in {
				if old, ok := a.in[i]; !ok || v+add > old {
					a.in[i] = v + add
				}
			}
		}
		dr := drv[id]
		switch dr.Kind {
		case DrvInput:
			a.in[inIdx[id]] = 0
		case DrvReg, DrvMemRead:
			a.src = 0
		case DrvCell:
			c := m.Cells[dr.Index]
			if len(c.In) == 0 {
				a.src = 0
			}
			for _, in := range c.In {
				merge(visit(in), c.Op.Levels())
			}
		case DrvInst:
			inst := m.Insts[dr.Index]
			child := d.Module(inst.Module)
			cs := sums[inst.Module]
			o := portIndex(child, inst.Conns[dr.Sub].Port)
			if v, ok := cs.srcToOut[o]; ok {
				a.src = max(a.src, v)
			}
			for ci, v := range cs.inToOut[o] {
				if n := connNet(inst, child.PortName(child.Ports[ci])); n != NoNet {
					merge(visit(n), v)
				}
			}
		}
		return a
	}

	sum := &modDepth{inToOut: map[int]map[int]int{}, srcToOut: map[int]int{}, inToSink: map[int]int{}, internal: none}
	sink := func(id NetID, add int, where string) {
		if id == NoNet {
			return
		}
		a := visit(id)
		if a.src != none && a.src+add > sum.internal {
			sum.internal, sum.where = a.src+add, where
		}
		for i, v := range a.in {
			if old, ok := sum.inToSink[i]; !ok || v+add > old {
				sum.inToSink[i] = v + add
			}
		}
	}
	for _, r := range m.Regs {
		where := m.Name + "." + m.Nets[r.Q].Name
		for _, id := range []NetID{r.D, r.En, r.Reset} {
			sink(id, 0, where)
		}
	}
	for _, mem := range m.Mems {
		where := m.Name + "." + mem.Name
		for _, rp := range mem.Reads {
			sink(rp.Addr, 0, where)
			sink(rp.En, 0, where)
		}
		for _, wp := range mem.Writes {
			sink(wp.Addr, 0, where)
			sink(wp.Data, 0, where)
			sink(wp.En, 0, where)
		}
	}
	for _, inst := range m.Insts {
		child := d.Module(inst.Module)
		cs := sums[inst.Module]
		if cs.internal > sum.internal {
			sum.internal, sum.where = cs.internal, inst.Name+"/"+cs.where
		}
		for ci, v := range cs.inToSink {
			sink(connNet(inst, child.PortName(child.Ports[ci])), v, inst.Name+"/"+child.Name)
		}
	}
	for o, p := range m.Ports {
		if p.Dir != Out {
			continue
		}
		a := visit(p.Net)
		if a.src != none {
			sum.srcToOut[o] = a.src
		}
		if len(a.in) > 0 {
			sum.inToOut[o] = a.in
		}
	}
	return sum
}

func portIndex(m *Module, name string) int {
	for i, p := range m.Ports {
		if m.PortName(p) == name {
			return i
		}
	}
	return none
}

func connNet(inst Instance, port string) NetID {
	for _, c := range inst.Conns {
		if c.Port == port {
			return c.Net
		}
	}
	return NoNet
}

// UnregisteredOutputs returns the output ports of module m that are not
// driven straight from a register (through copies only), in port order.
// A systolic array's PE must return none, so that no combinational path
// runs from one PE into the next.
func UnregisteredOutputs(d *Design, m *Module) []string {
	drv, _ := m.Drivers(d)
	var out []string
	for _, p := range m.Ports {
		if p.Dir != Out {
			continue
		}
		id := p.Net
		for drv[id].Kind == DrvCell && m.Cells[drv[id].Index].Op == OpBuf {
			id = m.Cells[drv[id].Index].In[0]
		}
		if drv[id].Kind != DrvReg {
			out = append(out, m.PortName(p))
		}
	}
	return out
}
