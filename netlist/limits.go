package netlist

import "github.com/systole-hdl/systole/limits"

// Size is what a design amounts to once flattened: every instance of a
// module counts its nets, cells and bits again. Counts saturate at the
// largest int64 instead of wrapping.
type Size struct {
	Nets      int64 // nets (a port connected to a parent's net counts on both sides)
	Cells     int64 // cells, registers, memory ports and properties
	Bits      int64 // bits of every net and memory word
	Instances int64 // module instances below the top
	Depth     int64 // levels of hierarchy below the top
}

// SizeOf returns the flattened size of the design below its top module,
// computed per module (each module once, however often it is instantiated),
// so that it costs nothing like flattening. A module that instantiates
// itself, directly or not, or a missing module, counts as empty (Check
// reports both).
func SizeOf(d *Design) Size {
	memo := map[string]*Size{}
	var size func(m *Module) Size
	size = func(m *Module) Size {
		if s, ok := memo[m.Name]; ok {
			if s == nil {
				return Size{} // a cycle: Check reports it
			}
			return *s
		}
		memo[m.Name] = nil
		s := moduleSize(m)
		for _, inst := range m.Insts {
			child := d.Module(inst.Module)
			if child == nil {
				continue
			}
			cs := size(child)
			s.Nets = limits.Add(s.Nets, cs.Nets)
			s.Cells = limits.Add(s.Cells, cs.Cells)
			s.Bits = limits.Add(s.Bits, cs.Bits)
			s.Instances = limits.Add(s.Instances, limits.Add(cs.Instances, 1))
			s.Depth = max(s.Depth, cs.Depth+1)
		}
		memo[m.Name] = &s
		return s
	}
	if d == nil || d.TopModule() == nil {
		return Size{}
	}
	return size(d.TopModule())
}

// moduleSize is the size of m alone, without its instances.
func moduleSize(m *Module) Size {
	s := Size{Nets: int64(len(m.Nets)), Cells: int64(len(m.Cells) + len(m.Regs) + len(m.Props))}
	for _, n := range m.Nets {
		s.Bits = limits.Add(s.Bits, int64(max(n.Width, 0)))
	}
	for _, mem := range m.Mems {
		s.Cells += int64(len(mem.Reads) + len(mem.Writes))
		s.Bits = limits.Add(s.Bits, limits.Mul(int64(max(mem.Width, 0)), int64(max(mem.Depth, 0))))
	}
	return s
}

// checkLimits reports every limit of package limits the design exceeds:
// the width of each net and memory word and the depth of each memory where
// they are declared, then the flattened size at the top module.
func (c *checker) checkLimits() {
	var all int64 // bits of every module, each once
	for _, m := range c.d.Modules {
		if m == nil {
			continue
		}
		for _, n := range m.Nets {
			if err := limits.Width.Check("width", int64(n.Width)); err != nil {
				c.errs.Add(n.Pos, m.Name, n.Name, "%v", err)
			}
		}
		for _, mem := range m.Mems {
			if err := limits.Width.Check("word width", int64(mem.Width)); err != nil {
				c.errs.Add(mem.Pos, m.Name, mem.Name, "%v", err)
			}
			if err := limits.MemDepth.Check("depth", int64(mem.Depth)); err != nil {
				c.errs.Add(mem.Pos, m.Name, mem.Name, "%v", err)
			}
		}
		all = limits.Add(all, moduleSize(m).Bits)
	}
	top := c.d.TopModule()
	if top == nil {
		return
	}
	if err := limits.Bits.Check("the modules of design "+c.d.Top, all); err != nil {
		c.errs.Add(top.Pos, top.Name, "", "%v", err)
		return
	}
	s := SizeOf(c.d)
	subject := "design " + c.d.Top + " flattened"
	for _, lc := range []struct {
		l *limits.Limit
		n int64
	}{{limits.Nets, s.Nets}, {limits.Cells, s.Cells}, {limits.Bits, s.Bits}, {limits.Instances, s.Instances}, {limits.Depth, s.Depth}} {
		if err := lc.l.Check(subject, lc.n); err != nil {
			c.errs.Add(top.Pos, top.Name, "", "%v", err)
		}
	}
}
