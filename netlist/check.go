package netlist

import (
	"fmt"
	"slices"
	"strings"
)

// Check validates a design from any source: names, widths against each op's
// rule, exactly one driver per net, instance connections, clocking, and the
// absence of combinational loops (through instances too). It returns every
// problem found as an ErrorList, or nil.
func Check(d *Design) error {
	c := checker{d: d, deps: map[string][][]int{}}
	c.run()
	return c.errs.Err()
}

type checker struct {
	d    *Design
	errs ErrorList
	// deps holds, per checked module, for each port index of an output the
	// indices of the input ports it depends on combinationally.
	deps map[string][][]int
}

func (c *checker) run() {
	if c.d == nil {
		c.errs.Add(Pos{}, "", "", "nil design")
		return
	}
	seen := map[string]bool{}
	for _, m := range c.d.Modules {
		if m == nil {
			c.errs.Add(Pos{}, "", "", "nil module in design")
			continue
		}
		if m.Name == "" || !isIdent(m.Name) {
			c.errs.Add(m.Pos, m.Name, "", "invalid module name %q", m.Name)
		}
		if seen[m.Name] {
			c.errs.Add(m.Pos, m.Name, "", "duplicate module name")
			continue
		}
		c.module(m, seen)
		seen[m.Name] = true
	}
	if c.d.TopModule() == nil {
		c.errs.Add(Pos{}, "", "", "top module %q is not in the design", c.d.Top)
	}
	c.checkLimits()
}

// isIdent reports whether s is a plain identifier: a letter or underscore,
// then letters, digits, underscores or '$'.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' ||
			i > 0 && (r >= '0' && r <= '9' || r == '$')
		if !ok {
			return false
		}
	}
	return true
}

func (c *checker) module(m *Module, done map[string]bool) {
	errs := &c.errs
	n := NetID(len(m.Nets))
	valid := func(id NetID) bool { return id >= 0 && id < n }
	name := func(id NetID) string {
		if valid(id) {
			return m.Nets[id].Name
		}
		return fmt.Sprintf("<net %d>", id)
	}
	width := func(id NetID) int {
		if valid(id) {
			return m.Nets[id].Width
		}
		return 0
	}
	ref := func(pos Pos, what string, id NetID, optional bool) bool {
		if optional && id == NoNet {
			return true
		}
		if !valid(id) {
			errs.Add(pos, m.Name, "", "%s refers to net %d, which does not exist", what, id)
			return false
		}
		return true
	}
	oneBit := func(pos Pos, what string, id NetID) {
		if ref(pos, what, id, true) && id != NoNet && width(id) != 1 {
			errs.Add(pos, m.Name, name(id), "%s must be 1 bit, is %d bits", what, width(id))
		}
	}

	names := make(map[string]NetID, len(m.Nets))
	for i, net := range m.Nets {
		id := NetID(i)
		if !isIdent(net.Name) {
			errs.Add(net.Pos, m.Name, net.Name, "invalid net name")
		} else if prev, dup := names[net.Name]; dup {
			errs.Add(net.Pos, m.Name, net.Name, "name collision: net declared twice").
				Notes = []string{"first declared at " + m.Nets[prev].Pos.String()}
		} else {
			names[net.Name] = id
		}
		if net.Width < 1 {
			errs.Add(net.Pos, m.Name, net.Name, "width %d: widths must be at least 1", net.Width)
		}
	}
	portNets := map[NetID]bool{}
	for _, p := range m.Ports {
		if !ref(m.Pos, "port", p.Net, false) {
			continue
		}
		if portNets[p.Net] {
			errs.Add(m.Nets[p.Net].Pos, m.Name, name(p.Net), "net is more than one port")
		}
		portNets[p.Net] = true
	}
	if m.Clock != NoNet {
		if ref(m.Pos, "clock", m.Clock, false) {
			if p, ok := m.Port(name(m.Clock)); !ok || p.Dir != In || p.Net != m.Clock {
				errs.Add(m.Pos, m.Name, name(m.Clock), "clock must be an input port")
			}
			oneBit(m.Pos, "clock", m.Clock)
		}
	} else if len(m.Regs) > 0 || len(m.Mems) > 0 {
		errs.Add(m.Pos, m.Name, "", "module has registers or memories but no clock")
	}

	var ins []int // input widths of a cell
	for _, cell := range m.Cells {
		// valid(id) || ref(...): the message is made only for a bad reference.
		ok := valid(cell.Out) || ref(cell.Pos, cell.Op.String()+" output", cell.Out, false)
		ins = ins[:0]
		for _, in := range cell.In {
			ok = (valid(in) || ref(cell.Pos, cell.Op.String()+" input", in, false)) && ok
			ins = append(ins, width(in))
		}
		if !ok {
			continue
		}
		if msg := CheckShape(cell.Op, ins, width(cell.Out), cell.Lo); msg != "" {
			errs.Add(cell.Pos, m.Name, name(cell.Out), "width mismatch: %s", msg)
		}
		if cell.Op == OpConst && cell.Value.Width() != width(cell.Out) {
			errs.Add(cell.Pos, m.Name, name(cell.Out), "width mismatch: %d-bit constant drives %d-bit net",
				cell.Value.Width(), width(cell.Out))
		}
	}
	for _, r := range m.Regs {
		if !ref(r.Pos, "register output", r.Q, false) || !ref(r.Pos, "register input", r.D, false) {
			continue
		}
		if width(r.D) != width(r.Q) {
			errs.Add(r.Pos, m.Name, name(r.Q), "width mismatch: %d-bit register assigned %d-bit %s",
				width(r.Q), width(r.D), name(r.D))
		}
		oneBit(r.Pos, "register enable", r.En)
		oneBit(r.Pos, "register reset", r.Reset)
		if r.Reset != NoNet && r.Init.Width() != width(r.Q) {
			errs.Add(r.Pos, m.Name, name(r.Q), "width mismatch: %d-bit reset value for %d-bit register",
				r.Init.Width(), width(r.Q))
		}
	}
	// Memories and instances share one name space with the nets.
	scoped := map[string]string{}
	for _, mem := range m.Mems {
		if mem.Width < 1 || mem.Depth < 1 {
			errs.Add(mem.Pos, m.Name, mem.Name, "memory of %d words of %d bits: both must be at least 1", mem.Depth, mem.Width)
		}
		if !isIdent(mem.Name) {
			errs.Add(mem.Pos, m.Name, mem.Name, "invalid memory name")
		} else if _, dup := names[mem.Name]; dup {
			errs.Add(mem.Pos, m.Name, mem.Name, "name collision: memory has the name of a net")
		} else if kind, dup := scoped[mem.Name]; dup {
			errs.Add(mem.Pos, m.Name, mem.Name, "name collision: memory has the name of a%s", kind)
		}
		scoped[mem.Name] = " memory"
		if len(mem.Init) > mem.Depth {
			errs.Add(mem.Pos, m.Name, mem.Name, "%d initial words for a memory of %d", len(mem.Init), mem.Depth)
		}
		for i, w := range mem.Init {
			if w.Width() != mem.Width {
				errs.Add(mem.Pos, m.Name, mem.Name, "width mismatch: initial word %d is %d bits, the memory's words %d", i, w.Width(), mem.Width)
				break
			}
		}
		for _, rp := range mem.Reads {
			ref(rp.Pos, "memory read address", rp.Addr, false)
			oneBit(rp.Pos, "memory read enable", rp.En)
			if ref(rp.Pos, "memory read data", rp.Data, false) && width(rp.Data) != mem.Width {
				errs.Add(rp.Pos, m.Name, name(rp.Data), "width mismatch: %d-bit read data of %d-bit memory %s",
					width(rp.Data), mem.Width, mem.Name)
			}
		}
		for _, wp := range mem.Writes {
			ref(wp.Pos, "memory write address", wp.Addr, false)
			if wp.En == NoNet {
				errs.Add(wp.Pos, m.Name, mem.Name, "memory write port has no enable: use a constant 1 for a write on every edge")
				continue
			}
			if !ref(wp.Pos, "memory write enable", wp.En, false) {
				continue
			}
			oneBit(wp.Pos, "memory write enable", wp.En)
			if ref(wp.Pos, "memory write data", wp.Data, false) && width(wp.Data) != mem.Width {
				errs.Add(wp.Pos, m.Name, name(wp.Data), "width mismatch: %d-bit write data of %d-bit memory %s",
					width(wp.Data), mem.Width, mem.Name)
			}
		}
	}
	instNames := make(map[string]bool, len(m.Insts))
	connected := map[string]bool{} // ports of one instance, cleared for each
	for _, inst := range m.Insts {
		if !isIdent(inst.Name) {
			errs.Add(inst.Pos, m.Name, inst.Name, "invalid instance name")
		} else if instNames[inst.Name] {
			errs.Add(inst.Pos, m.Name, inst.Name, "name collision: two instances of this name")
		} else if _, dup := names[inst.Name]; dup {
			errs.Add(inst.Pos, m.Name, inst.Name, "name collision: instance has the name of a net")
		} else if kind, dup := scoped[inst.Name]; dup {
			errs.Add(inst.Pos, m.Name, inst.Name, "name collision: instance has the name of a%s", kind)
		}
		instNames[inst.Name] = true
		child := c.d.Module(inst.Module)
		if child == nil {
			errs.Add(inst.Pos, m.Name, inst.Name, "instance of unknown module %q", inst.Module)
			continue
		}
		if !done[inst.Module] {
			errs.Add(inst.Pos, m.Name, inst.Name, "module %s is instantiated before it is defined, or recursively", inst.Module)
			continue
		}
		clear(connected)
		for _, conn := range inst.Conns {
			p, ok := child.Port(conn.Port)
			if !ok {
				errs.Add(inst.Pos, m.Name, inst.Name, "module %s has no port %q", inst.Module, conn.Port)
				continue
			}
			if connected[conn.Port] {
				errs.Add(inst.Pos, m.Name, inst.Name+"."+conn.Port, "port connected twice")
			}
			connected[conn.Port] = true
			if !valid(conn.Net) && !ref(inst.Pos, "connection of "+inst.Name+"."+conn.Port, conn.Net, false) {
				continue
			}
			if p.Net == child.Clock && conn.Net != m.Clock {
				errs.Add(inst.Pos, m.Name, inst.Name+"."+conn.Port,
					"clock port of %s must be connected to this module's clock (one clock domain)", inst.Module)
			}
			if pw := child.Nets[p.Net].Width; pw != width(conn.Net) {
				errs.Add(inst.Pos, m.Name, inst.Name+"."+conn.Port, "width mismatch: %d-bit port connected to %d-bit %s",
					pw, width(conn.Net), name(conn.Net))
			}
		}
		for _, p := range child.Ports {
			if p.Dir == In && child.hasNet(p.Net) && !connected[child.PortName(p)] {
				errs.Add(inst.Pos, m.Name, inst.Name+"."+child.PortName(p), "unconnected instance input")
			}
		}
	}
	var declared [][]int
	if m.Extern != nil {
		declared = c.checkExtern(m)
		if len(m.Props) > 0 {
			errs.Add(m.Props[0].Pos, m.Name, "", "black box: a black box cannot carry assertions, assumptions or covers (its Verilog does not)")
		}
	}
	c.checkProps(m)
	c.clockAsData(m)
	c.checkEnums(m)
	if len(*errs) > 0 {
		// Driver and loop analysis assume well-formed references.
		for _, e := range *errs {
			if e.Module == m.Name {
				return
			}
		}
	}

	drv, extra := m.Drivers(c.d)
	for id, more := range extra {
		e := errs.Add(m.Nets[id].Pos, m.Name, name(id), "two drivers")
		e.Notes = append(e.Notes, "driven by "+m.Describe(drv[id]))
		for _, dr := range more {
			e.Notes = append(e.Notes, "driven by "+m.Describe(dr))
		}
	}
	for i, dr := range drv {
		if dr.Kind == DrvNone && !(m.Extern != nil && !m.HasBody() && portNets[NetID(i)]) {
			net := m.Nets[i]
			what := "undriven wire"
			if portNets[NetID(i)] {
				what = "undriven output"
			}
			errs.Add(net.Pos, m.Name, net.Name, "%s", what)
		}
	}
	fanin := c.combFanin(m, drv)
	c.loops(m, fanin)
	deps := portDeps(m, fanin)
	if m.Extern != nil {
		// Parents see the declared paths; a body must not have more.
		c.checkModel(m, deps, declared)
		deps = declared
	}
	c.deps[m.Name] = deps
}

// combFanin returns, for every net, the nets it depends on combinationally.
func (c *checker) combFanin(m *Module, drv []Driver) [][]NetID {
	fanin := make([][]NetID, len(m.Nets))
	for id, dr := range drv {
		switch dr.Kind {
		case DrvCell:
			fanin[id] = m.Cells[dr.Index].In
		case DrvInst:
			inst := m.Insts[dr.Index]
			child := c.d.Module(inst.Module)
			childDeps := c.deps[inst.Module]
			if childDeps == nil { // the child has errors
				continue
			}
			outIdx := slices.IndexFunc(child.Ports, func(p Port) bool { return child.PortName(p) == inst.Conns[dr.Sub].Port })
			if outIdx < 0 {
				continue
			}
			for _, inIdx := range childDeps[outIdx] {
				inName := child.PortName(child.Ports[inIdx])
				for _, conn := range inst.Conns {
					if conn.Port == inName {
						fanin[id] = append(fanin[id], conn.Net)
					}
				}
			}
		}
	}
	return fanin
}

// loops reports every combinational loop, listing the nets around it.
func (c *checker) loops(m *Module, fanin [][]NetID) {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(m.Nets))
	type frame struct {
		id   NetID
		next int
	}
	var stack []frame
	for root := range m.Nets {
		if color[root] != white {
			continue
		}
		stack = append(stack[:0], frame{id: NetID(root)})
		color[root] = grey
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			if top.next == len(fanin[top.id]) {
				color[top.id] = black
				stack = stack[:len(stack)-1]
				continue
			}
			nb := fanin[top.id][top.next]
			top.next++
			switch color[nb] {
			case white:
				color[nb] = grey
				stack = append(stack, frame{id: nb})
			case grey:
				start := slices.IndexFunc(stack, func(f frame) bool { return f.id == nb })
				// The stack runs from a net to its fanin; print in signal-flow
				// order, naming the user's nets (temporaries only when the loop
				// has no named net).
				var path, all []string
				net := m.Nets[nb]
				for i := len(stack) - 1; i >= start; i-- {
					n := m.Nets[stack[i].id]
					all = append(all, n.Name)
					if !n.Generated {
						if len(path) == 0 {
							net = n
						}
						path = append(path, n.Name)
					}
				}
				if len(path) == 0 {
					path = all
				}
				path = append(path, path[0])
				e := c.errs.Add(net.Pos, m.Name, net.Name, "combinational loop: %s", strings.Join(path, " -> "))
				for i := len(stack) - 1; i >= start; i-- {
					if n := m.Nets[stack[i].id]; !n.Generated {
						e.Notes = append(e.Notes, fmt.Sprintf("%s at %s", n.Name, n.Pos))
					}
				}
			}
		}
	}
}

// portDeps returns, for each port index that is an output, the input port
// indices it depends on combinationally. It assumes fanin has no loop.
func portDeps(m *Module, fanin [][]NetID) [][]int {
	inIdx := map[NetID]int{}
	for i, p := range m.Ports {
		if p.Dir == In {
			inIdx[p.Net] = i
		}
	}
	memo := make([][]int, len(m.Nets))
	done := make([]bool, len(m.Nets))
	var visit func(id NetID) []int
	visit = func(id NetID) []int {
		if done[id] {
			return memo[id]
		}
		done[id] = true // loops were reported; do not recurse forever
		var set []int
		if i, ok := inIdx[id]; ok {
			set = []int{i}
		}
		for _, f := range fanin[id] {
			for _, x := range visit(f) {
				if !slices.Contains(set, x) {
					set = append(set, x)
				}
			}
		}
		slices.Sort(set)
		memo[id] = set
		return set
	}
	deps := make([][]int, len(m.Ports))
	for i, p := range m.Ports {
		if p.Dir == Out {
			deps[i] = visit(p.Net)
		}
	}
	return deps
}

// clockAsData reports every read of the clock other than clocking: as a
// cell input, a register or memory port, or a child's non-clock port.
func (c *checker) clockAsData(m *Module) {
	if m.Clock == NoNet {
		return
	}
	bad := func(pos Pos, id NetID, what string) {
		if id == m.Clock {
			c.errs.Add(pos, m.Name, m.Nets[m.Clock].Name, "the clock is read as data by %s; clocks only clock registers and memories", what)
		}
	}
	for _, cell := range m.Cells {
		for _, in := range cell.In {
			if in == m.Clock { // before making the message
				bad(cell.Pos, in, "a "+cell.Op.String()+" cell")
			}
		}
	}
	for _, r := range m.Regs {
		for _, id := range []NetID{r.D, r.En, r.Reset} {
			bad(r.Pos, id, "a register")
		}
	}
	for _, mem := range m.Mems {
		for _, rp := range mem.Reads {
			for _, id := range []NetID{rp.Addr, rp.En} {
				bad(rp.Pos, id, "memory "+mem.Name)
			}
		}
		for _, wp := range mem.Writes {
			for _, id := range []NetID{wp.Addr, wp.Data, wp.En} {
				bad(wp.Pos, id, "memory "+mem.Name)
			}
		}
	}
	for _, inst := range m.Insts {
		child := c.d.Module(inst.Module)
		if child == nil {
			continue
		}
		for _, conn := range inst.Conns {
			if conn.Net != m.Clock {
				continue
			}
			if p, ok := child.Port(conn.Port); ok && p.Net != child.Clock {
				bad(inst.Pos, conn.Net, "port "+conn.Port+" of instance "+inst.Name)
			}
		}
	}
}
