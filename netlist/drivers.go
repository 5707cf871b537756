package netlist

// DriverKind says what drives a net.
type DriverKind uint8

const (
	DrvNone    DriverKind = iota // undriven
	DrvInput                     // an input port of the module
	DrvCell                      // Cells[Index]
	DrvReg                       // Regs[Index]
	DrvMemRead                   // Mems[Index].Reads[Sub]
	DrvInst                      // Insts[Index].Conns[Sub], an output of the child
)

// Driver locates the driver of a net.
type Driver struct {
	Kind  DriverKind
	Index int
	Sub   int
}

// Drivers returns the driver of every net, and, for each net with more than
// one, the extra drivers. Nets out of range are skipped (Check reports them).
// For an instance connection the child's port direction decides whether the
// net is driven by it, so children are looked up in d; d may be nil when the
// module has no instances.
func (m *Module) Drivers(d *Design) (drv []Driver, extra map[NetID][]Driver) {
	drv = make([]Driver, len(m.Nets))
	set := func(n NetID, dr Driver) {
		if n < 0 || int(n) >= len(drv) {
			return
		}
		if drv[n].Kind != DrvNone {
			if extra == nil {
				extra = map[NetID][]Driver{}
			}
			extra[n] = append(extra[n], dr)
			return
		}
		drv[n] = dr
	}
	for _, p := range m.Ports {
		if p.Dir == In {
			set(p.Net, Driver{Kind: DrvInput})
		}
	}
	for i, c := range m.Cells {
		set(c.Out, Driver{Kind: DrvCell, Index: i})
	}
	for i, r := range m.Regs {
		set(r.Q, Driver{Kind: DrvReg, Index: i})
	}
	for i, mem := range m.Mems {
		for j, rp := range mem.Reads {
			set(rp.Data, Driver{Kind: DrvMemRead, Index: i, Sub: j})
		}
	}
	for i, inst := range m.Insts {
		var child *Module
		if d != nil {
			child = d.Module(inst.Module)
		}
		if child == nil {
			continue
		}
		for j, c := range inst.Conns {
			if p, ok := child.Port(c.Port); ok && p.Dir == Out {
				set(c.Net, Driver{Kind: DrvInst, Index: i, Sub: j})
			}
		}
	}
	return drv, extra
}

// Describe names a driver for messages.
func (m *Module) Describe(dr Driver) string {
	switch dr.Kind {
	case DrvInput:
		return "input port"
	case DrvCell:
		c := m.Cells[dr.Index]
		return c.Op.String() + " at " + c.Pos.String()
	case DrvReg:
		return "register at " + m.Regs[dr.Index].Pos.String()
	case DrvMemRead:
		return "read port of memory " + m.Mems[dr.Index].Name
	case DrvInst:
		inst := m.Insts[dr.Index]
		return "output " + inst.Conns[dr.Sub].Port + " of instance " + inst.Name + " at " + inst.Pos.String()
	}
	return "nothing"
}
