package elaborate

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

// val is the value a target has at a point of a module body: the net it is
// assigned, or NoNet before any assignment; partial marks a value assigned
// on some paths through When blocks but not all.
type val struct {
	net     netlist.NetID
	partial bool
	first   dslir.Pos // the first assignment, for messages
}

// env maps targets to values. A When branch gets a child env that records
// only what the branch assigns, so merging costs what the branch did, not
// the size of the module.
type env struct {
	parent *env
	order  []*dslir.Node
	vals   map[*dslir.Node]val
}

func newEnv(parent *env) *env { return &env{parent: parent, vals: map[*dslir.Node]val{}} }

func (e *env) get(n *dslir.Node) val {
	for x := e; x != nil; x = x.parent {
		if v, ok := x.vals[n]; ok {
			return v
		}
	}
	return val{net: netlist.NoNet}
}

func (e *env) set(n *dslir.Node, v val) {
	if _, ok := e.vals[n]; !ok {
		e.order = append(e.order, n)
	}
	if old := e.get(n); old.first != (dslir.Pos{}) {
		v.first = old.first
	}
	e.vals[n] = v
}

type memRead struct {
	mem *dslir.Mem
	rp  netlist.MemRead
}

type memWrite struct {
	mem *dslir.Mem
	wp  netlist.MemWrite
}

type memPorts struct {
	reads  []memRead
	writes []memWrite
}

// block lowers the statements of blk; path is the condition under which
// the block runs (NoNet: always).
func (l *lowering) block(blk *dslir.Block, e *env, path netlist.NetID, mems *memPorts) {
	for _, s := range blk.Stmts {
		switch s.Kind {
		case dslir.Assign:
			l.assign(s, e)
		case dslir.When:
			l.when(s, e, path, mems)
		case dslir.MemWrite:
			l.memWrite(s, path, mems)
		case dslir.MemRd:
			en := path
			if s.En != nil {
				en = l.and(path, l.bool(s.En, s.Pos, "memory read enable"), s.Pos)
			}
			l.checkOwner(s.Mem.Owner, s.Mem.Name, s.Pos)
			mems.reads = append(mems.reads, memRead{mem: s.Mem, rp: netlist.MemRead{
				Addr: l.expr(s.Addr, s.Pos), En: en, Data: l.nets[s.Read], Pos: npos(s.Pos)}})
		case dslir.Property:
			l.property(s, path)
		case dslir.Error:
			e := l.errorf(s.Pos, s.Signal, "%s", s.Msg)
			if s.Signal == "" && l.dm.Pos.Line > 0 && l.dm.Pos.File != s.Pos.File {
				// A generator's own check (Module.Errorf) in another
				// file, such as a library block's: say where the user
				// instantiated it.
				e.Notes = append(e.Notes, fmt.Sprintf("module %s is instantiated at %s", l.dm.Name, l.dm.Pos))
			}
		}
	}
}

func (l *lowering) checkOwner(owner *dslir.Module, name string, pos dslir.Pos) bool {
	if owner != l.dm {
		l.errorf(pos, name, "%s belongs to module %s, not %s", name, owner.Name, l.dm.Name)
		return false
	}
	return true
}

// bool lowers a condition, which must be 1 bit.
func (l *lowering) bool(n *dslir.Node, pos dslir.Pos, what string) netlist.NetID {
	id := l.expr(n, pos)
	if w := l.netWidth(id); w != 1 {
		l.errorf(pos, n.Describe(), "width mismatch: %s is %d bits, must be 1 (Bool)", what, w)
		return l.constant(bits.New(1), pos)
	}
	return id
}

func (l *lowering) assign(s *dslir.Stmt, e *env) {
	t, v := s.Target, s.Value
	target := t.Describe()
	switch {
	case t.Inst != nil && t.Inst.Broken:
		return // the instance's own error says it all
	case t.Owner != l.dm && t.Owner != nil:
		l.errorf(s.Pos, target, "cannot assign a signal of module %s in module %s", t.Owner.Name, l.dm.Name).
			Notes = []string{target + " is declared at " + t.Pos.String()}
		return
	case t.Kind == dslir.Input:
		l.errorf(s.Pos, target, "cannot assign to input port %s: inputs are driven from outside the module", target)
		return
	case t.Kind == dslir.InstPort && t.PortOut:
		l.errorf(s.Pos, target, "two drivers: %s is an output of instance %s, which drives it", target, t.Inst.Name)
		return
	case t.Kind == dslir.MemRead:
		l.errorf(s.Pos, target, "two drivers: %s is driven by its memory", target)
		return
	case t.Kind == dslir.Reset:
		l.errorf(s.Pos, target, "cannot assign to the implicit reset")
		return
	case t.Kind == dslir.InstPort && t.Err != "":
		l.errorf(t.Pos, target, "%s", t.Err)
		return
	case t.Kind != dslir.Output && t.Kind != dslir.Wire && t.Kind != dslir.Reg && t.Kind != dslir.InstPort:
		l.errorf(s.Pos, target, "cannot assign to %s: only outputs, wires, registers and instance inputs can be assigned", target)
		return
	}
	id := l.expr(v, s.Pos)
	switch {
	case t.Type.Width >= 1 && t.Type.Width <= netlist.MaxWidth && l.netWidth(id) != t.Type.Width:
		l.errorf(s.Pos, target, "width mismatch: cannot assign %d-bit %s to %d-bit %s; use ZeroExtend, SignExtend or Trunc",
			l.netWidth(id), v.Describe(), t.Type.Width, target)
	case v.Type.Signed != t.Type.Signed:
		l.errorf(s.Pos, target, "type mismatch: cannot assign %s %s to %s %s; convert with AsUInt or AsSInt",
			v.Type, v.Describe(), t.Type, target)
	default:
		e.set(t, val{net: id, first: s.Pos})
		return
	}
	// Count the rejected assignment as made, so it is reported once.
	e.set(t, val{net: l.constant(bits.New(l.width(t)), s.Pos), first: s.Pos})
}

func (l *lowering) when(s *dslir.Stmt, e *env, path netlist.NetID, mems *memPorts) {
	ch := s.Chain
	conds := make([]netlist.NetID, len(ch.Branches))
	branches := make([]*env, len(ch.Branches))
	none := netlist.NoNet // no earlier branch taken
	for i, b := range ch.Branches {
		c := l.bool(b.Cond, b.Pos, "When condition")
		conds[i] = c
		taken := l.and(none, c, b.Pos)
		branches[i] = newEnv(e)
		l.block(b.Body, branches[i], l.and(path, taken, b.Pos), mems)
		none = l.and(none, l.not(c, b.Pos), b.Pos)
	}
	other := newEnv(e)
	if ch.Otherwise != nil {
		l.block(ch.Otherwise, other, l.and(path, none, ch.OtherPos), mems)
	}
	// Every target any branch assigned, in first-assignment order.
	var targets []*dslir.Node
	seen := map[*dslir.Node]bool{}
	for _, b := range append(branches, other) {
		for _, t := range b.order {
			if !seen[t] {
				seen[t] = true
				targets = append(targets, t)
			}
		}
	}
	for _, t := range targets {
		v := other.get(t)
		for i := len(branches) - 1; i >= 0; i-- {
			v = l.merge(conds[i], branches[i].get(t), v, ch.Branches[i].Pos)
		}
		e.set(t, v)
	}
}

// merge returns c ? a : b for values that may be unassigned.
func (l *lowering) merge(c netlist.NetID, a, b val, pos dslir.Pos) val {
	first := a.first
	if first == (dslir.Pos{}) {
		first = b.first
	}
	switch {
	case a.net == b.net:
		return val{net: a.net, partial: a.partial || b.partial, first: first}
	case a.net == netlist.NoNet:
		return val{net: b.net, partial: true, first: first}
	case b.net == netlist.NoNet:
		return val{net: a.net, partial: true, first: first}
	}
	return val{net: l.cell(netlist.OpMux, l.netWidth(a.net), pos, c, a.net, b.net),
		partial: a.partial || b.partial, first: first}
}

func (l *lowering) memWrite(s *dslir.Stmt, path netlist.NetID, mems *memPorts) {
	if !l.checkOwner(s.Mem.Owner, s.Mem.Name, s.Pos) {
		return
	}
	data := l.expr(s.Data, s.Pos)
	if w := l.netWidth(data); w != s.Mem.Type.Width && s.Mem.Type.Width >= 1 && s.Mem.Type.Width <= netlist.MaxWidth {
		l.errorf(s.Pos, s.Data.Describe(), "width mismatch: cannot write %d-bit %s to %d-bit memory %s",
			w, s.Data.Describe(), s.Mem.Type.Width, s.Mem.Name)
		return
	}
	en := path
	if en == netlist.NoNet {
		en = l.constOne(s.Pos)
	}
	mems.writes = append(mems.writes, memWrite{mem: s.Mem, wp: netlist.MemWrite{
		Addr: l.expr(s.Addr, s.Pos), Data: data, En: en, Pos: npos(s.Pos)}})
}

func (l *lowering) constOne(pos dslir.Pos) netlist.NetID {
	if l.one == netlist.NoNet {
		l.one = l.constant(bits.FromUint64(1, 1), pos)
	}
	return l.one
}

// drive makes net out equal to in with a copy cell.
func (l *lowering) drive(out, in netlist.NetID, pos dslir.Pos) {
	l.m.Cells = append(l.m.Cells, netlist.Cell{Op: netlist.OpBuf, Out: out, In: l.cellInputs(in), Pos: npos(pos)})
	l.driver[out] = len(l.m.Cells) - 1
}

// finish drives every target with its final value and adds registers,
// memories and instances.
func (l *lowering) finish(e *env, mems *memPorts) {
	dm := l.dm
	comb := func(n *dslir.Node, what string) {
		id := l.nets[n]
		v := e.get(n)
		switch {
		case v.net == netlist.NoNet:
			l.errorf(n.Pos, n.Name, "undriven %s: %s is never assigned", what, n.Name)
			l.drive(id, l.constant(bits.New(l.netWidth(id)), n.Pos), n.Pos)
			return
		case v.partial:
			l.errorf(n.Pos, n.Name, "undriven %s on some paths: %s is not assigned on every path through When; assign a default first, or add an Otherwise", what, n.Name).
				Notes = []string{"first assigned at " + v.first.String()}
		}
		l.drive(id, v.net, v.first)
	}
	for _, p := range dm.Ports {
		if p.Kind == dslir.Output && !l.noModel {
			comb(p, "output")
		}
	}
	for _, w := range dm.Wires {
		comb(w, "wire")
	}
	for _, r := range dm.Regs {
		l.register(r, e.get(r))
	}
	for _, mem := range dm.Mems {
		nm := netlist.Mem{Name: mem.Name, Width: mem.Type.Width, Depth: mem.Depth, Init: mem.Init, Pos: npos(mem.Pos)}
		if mem.Type.Width < 1 || mem.Depth < 1 || mem.Type.Width > netlist.MaxWidth {
			l.errorf(mem.Pos, mem.Name, "memory of %d words of %d bits: both must be at least 1, and the width at most %d (netlist.MaxWidth)", mem.Depth, mem.Type.Width, netlist.MaxWidth)
			for _, rd := range mem.Reads {
				id := l.nets[rd]
				l.drive(id, l.constant(bits.New(l.netWidth(id)), rd.Pos), rd.Pos)
			}
			continue
		}
		for _, r := range mems.reads {
			if r.mem == mem {
				nm.Reads = append(nm.Reads, r.rp)
			}
		}
		for _, w := range mems.writes {
			if w.mem == mem {
				nm.Writes = append(nm.Writes, w.wp)
			}
		}
		l.m.Mems = append(l.m.Mems, nm)
	}
	for _, in := range dm.Insts {
		l.instance(in, e)
	}
}

func (l *lowering) register(r *dslir.Node, v val) {
	q := l.nets[r]
	reg := netlist.Reg{Q: q, D: v.net, En: netlist.NoNet, Reset: netlist.NoNet, Pos: npos(r.Pos)}
	if reg.D == netlist.NoNet {
		reg.D = q
	}
	// A value that holds unless a condition is true is an enable.
	if i, ok := l.driver[reg.D]; ok {
		c := l.m.Cells[i]
		if c.Op == netlist.OpMux && c.In[2] == q && l.m.Nets[reg.D].Generated {
			reg.En, reg.D = c.In[0], c.In[1]
		}
	}
	if r.Enable != nil {
		reg.En = l.and(l.bool(r.Enable, r.Pos, "register enable"), reg.En, r.Pos)
	}
	if r.Init != nil {
		reg.Reset, reg.Init = l.reset, *r.Init
	}
	l.m.Regs = append(l.m.Regs, reg)
}

func (l *lowering) instance(in *dslir.Inst, e *env) {
	child := l.infos[in.Module]
	ni := netlist.Instance{Name: in.Name, Module: in.Module.Name, Pos: npos(in.Pos)}
	if child.needsClock {
		ni.Conns = append(ni.Conns, netlist.Conn{Port: child.clockName, Net: l.clock})
	}
	if child.needsReset {
		ni.Conns = append(ni.Conns, netlist.Conn{Port: "rst", Net: l.reset})
	}
	for _, cp := range in.Module.Ports {
		n := instPortNode(in, cp.Name)
		if n == nil {
			if cp.Kind == dslir.Input {
				l.errorf(in.Pos, in.Name+"."+cp.Name, "unconnected instance input: %s of %s is never assigned", cp.Name, in.Module.Name)
			}
			continue
		}
		id := l.nets[n]
		if cp.Kind == dslir.Input {
			v := e.get(n)
			switch {
			case v.net == netlist.NoNet:
				l.errorf(n.Pos, in.Name+"."+cp.Name, "unconnected instance input: %s of %s is never assigned", cp.Name, in.Module.Name)
				l.drive(id, l.constant(bits.New(l.netWidth(id)), n.Pos), n.Pos)
			case v.partial:
				l.errorf(n.Pos, in.Name+"."+cp.Name, "instance input is not assigned on every path").
					Notes = []string{"first assigned at " + v.first.String()}
				fallthrough
			default:
				l.drive(id, v.net, v.first)
			}
		}
		ni.Conns = append(ni.Conns, netlist.Conn{Port: cp.Name, Net: id})
	}
	l.m.Insts = append(l.m.Insts, ni)
}
