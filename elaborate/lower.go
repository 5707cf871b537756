package elaborate

import (
	"fmt"
	"strconv"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

// lowering holds the state of lowering one module.
type lowering struct {
	dm    *dslir.Module
	m     *netlist.Module
	errs  *netlist.ErrorList
	label string
	infos map[*dslir.Module]*modInfo

	nets   map[*dslir.Node]netlist.NetID
	users  map[string]dslir.Pos // user names taken
	taken  map[string]bool      // every net name taken
	tmp    int
	clock  netlist.NetID
	reset  netlist.NetID
	one    netlist.NetID // the constant 1'b1, made on demand
	driver map[netlist.NetID]int
	slab   []netlist.NetID     // what cellInputs carves cell inputs from
	enums  map[*dslir.Enum]int // index in m.Enums
	// noModel: the module is a black box without a DSL model, whose
	// outputs the black box drives
	noModel bool
}

// enumNet records that net id holds values of the enum e.
func (l *lowering) enumNet(e *dslir.Enum, id netlist.NetID) {
	i, ok := l.enums[e]
	if !ok {
		if l.enums == nil {
			l.enums = map[*dslir.Enum]int{}
		}
		i = len(l.m.Enums)
		l.enums[e] = i
		l.m.Enums = append(l.m.Enums, netlist.Enum{Name: e.Name, Width: l.netWidth(id), Names: e.Names, Pos: npos(e.Pos)})
	}
	l.m.Enums[i].Nets = append(l.m.Enums[i].Nets, id)
}

func (l *lowering) errorf(pos dslir.Pos, signal, format string, args ...any) *netlist.Error {
	return l.errs.Add(npos(pos), l.label, signal, format, args...)
}

func lowerModule(dm *dslir.Module, infos map[*dslir.Module]*modInfo, errs *netlist.ErrorList) *modInfo {
	// Size the tables for the declared nets: an array's top module has
	// hundreds of thousands of instance connections.
	users := len(dm.Ports) + len(dm.Wires) + len(dm.Regs) + len(dm.Mems) + len(dm.Insts)
	named := users
	for _, in := range dm.Insts {
		named += len(in.Ports)
	}
	l := &lowering{
		dm: dm, errs: errs, label: modLabel(dm), infos: infos,
		m:     &netlist.Module{Name: dm.Name, Replaceable: dm.Replaceable, Pos: npos(dm.Pos), Clock: netlist.NoNet},
		nets:  make(map[*dslir.Node]netlist.NetID, named),
		users: make(map[string]dslir.Pos, users), taken: make(map[string]bool, named),
		clock: netlist.NoNet, reset: netlist.NoNet, one: netlist.NoNet,
		driver: make(map[netlist.NetID]int, named),
	}
	if named > 0 {
		l.m.Nets = make([]netlist.Net, 0, named)
	}
	if n := len(dm.Body.Stmts); n > 0 {
		l.m.Cells = make([]netlist.Cell, 0, n) // about one copy per assignment
	}
	info := &modInfo{m: l.m, clockName: "clk"}
	info.needsClock = len(dm.Regs) > 0 || len(dm.Mems) > 0 || hasProperty(dm.Body)
	info.needsReset = dm.ResetNode != nil
	for _, in := range dm.Insts {
		ci := infos[in.Module]
		info.needsClock = info.needsClock || ci.needsClock
		info.needsReset = info.needsReset || ci.needsReset
	}
	if dm.Extern != nil {
		l.externInfo(info)
		l.noModel = !hasModel(dm)
	}
	l.declare(info)
	env := newEnv(nil)
	for _, r := range dm.Regs {
		env.set(r, val{net: l.nets[r]})
	}
	var mems memPorts
	l.block(dm.Body, env, netlist.NoNet, &mems)
	l.finish(env, &mems)
	if dm.Extern != nil {
		l.extern()
	}
	return info
}

// usable returns w, or 1 in place of a width outside 1..netlist.MaxWidth
// (reported where it is declared).
func usable(w int) int {
	if w < 1 || w > netlist.MaxWidth {
		return 1
	}
	return w
}

// width returns a usable width for n: 1 in place of a width checkWidth
// reports.
func (l *lowering) width(n *dslir.Node) int {
	if n.Type.Width < 1 || n.Type.Width > netlist.MaxWidth {
		return 1
	}
	return n.Type.Width
}

// userName reserves a name given by the user, reporting invalid names and
// collisions.
func (l *lowering) userName(name string, pos dslir.Pos, what string) bool {
	if !validIdent(name) {
		l.errorf(pos, name, "invalid %s name %q: use letters, digits and underscores, not starting with a digit", what, name)
		return false
	}
	if prev, ok := l.users[name]; ok {
		l.errorf(pos, name, "name collision: %s %q is already declared", what, name).
			Notes = []string{"first declared at " + prev.String()}
		return false
	}
	l.users[name] = pos
	l.taken[name] = true
	return true
}

// fresh returns a name not taken, based on base.
func (l *lowering) fresh(base string) string {
	name := base
	for i := 1; l.taken[name] || l.users[name] != (dslir.Pos{}); i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	l.taken[name] = true
	return name
}

func (l *lowering) temp(width int, pos dslir.Pos) netlist.NetID {
	for {
		l.tmp++
		name := "_t" + strconv.Itoa(l.tmp)
		if !l.taken[name] {
			l.taken[name] = true
			return l.m.AddNet(name, width, true, npos(pos))
		}
	}
}

// checkWidth reports a width below 1 or above netlist.MaxWidth, and
// returns whether the width is usable.
func (l *lowering) checkWidth(n *dslir.Node) bool {
	switch w := n.Type.Width; {
	case w < 1:
		l.errorf(n.Pos, n.Describe(), "zero or negative width %d: widths must be at least 1", w)
	case w > netlist.MaxWidth:
		l.errorf(n.Pos, n.Describe(), "width %d is wider than the widest supported, %d bits (netlist.MaxWidth)", w, netlist.MaxWidth)
	default:
		return true
	}
	return false
}

// declare makes the ports, named nets and instance connection nets.
func (l *lowering) declare(info *modInfo) {
	dm := l.dm
	// User names first, so that implicit and derived names avoid them.
	for _, p := range dm.Ports {
		l.userName(p.Name, p.Pos, "port")
	}
	for _, w := range dm.Wires {
		l.userName(w.Name, w.Pos, "wire")
	}
	for _, r := range dm.Regs {
		l.userName(r.Name, r.Pos, "register")
	}
	for _, mem := range dm.Mems {
		l.userName(mem.Name, mem.Pos, "memory")
	}
	for _, in := range dm.Insts {
		l.userName(in.Name, in.Pos, "instance")
	}
	implicit := func(name, kind string, pos dslir.Pos) netlist.NetID {
		if prev, ok := l.users[name]; ok {
			l.errorf(prev, name, "name collision: %q is the implicit %s port of the module", name, kind)
		}
		l.taken[name] = true
		id := l.m.AddNet(name, 1, false, npos(pos))
		l.m.Ports = append(l.m.Ports, netlist.Port{Dir: netlist.In, Net: id})
		return id
	}
	if info.needsClock {
		l.clock = implicit(info.clockName, "clock", dm.Pos)
		l.m.Clock = l.clock
	}
	if info.needsReset {
		l.reset = implicit("rst", "reset", dm.Pos)
		if dm.ResetNode != nil {
			l.nets[dm.ResetNode] = l.reset
		}
	}
	named := func(n *dslir.Node) netlist.NetID {
		if l.checkWidth(n) && n.Err != "" {
			// A problem found while recording (a reset value that does
			// not fit the register).
			l.errorf(n.Pos, n.Name, "%s", n.Err)
		}
		id := l.m.AddNet(n.Name, l.width(n), false, npos(n.Pos))
		l.nets[n] = id
		if e := n.Type.Enum; e != nil {
			l.enumNet(e, id)
		}
		return id
	}
	for _, p := range dm.Ports {
		id := named(p)
		dir := netlist.In
		if p.Kind == dslir.Output {
			dir = netlist.Out
		}
		l.m.Ports = append(l.m.Ports, netlist.Port{Dir: dir, Net: id})
	}
	for _, w := range dm.Wires {
		named(w)
	}
	for _, r := range dm.Regs {
		named(r)
	}
	l.fixDuplicateNames()
	for _, mem := range dm.Mems {
		for i, rd := range mem.Reads {
			l.nets[rd] = l.m.AddNet(l.fresh(fmt.Sprintf("%s_rdata%d", mem.Name, i)), usable(mem.Type.Width), false, npos(rd.Pos))
		}
	}
	for _, in := range dm.Insts {
		for _, cp := range in.Module.Ports {
			n := instPortNode(in, cp.Name)
			if n == nil {
				continue
			}
			l.nets[n] = l.m.AddNet(l.fresh(in.Name+"_"+cp.Name), usable(cp.Type.Width), false, npos(n.Pos))
		}
	}
}

// fixDuplicateNames renames the later of two nets given one name (already
// reported as a collision) so that the netlist stays well formed.
func (l *lowering) fixDuplicateNames() {
	seen := map[string]bool{}
	for i := range l.m.Nets {
		n := &l.m.Nets[i]
		if seen[n.Name] || !validIdent(n.Name) {
			n.Name = l.fresh("_dup")
		}
		seen[n.Name] = true
	}
}

// instPortNode returns the parent-side node of a child port, if the user
// made one.
func instPortNode(in *dslir.Inst, port string) *dslir.Node {
	for _, p := range in.Ports {
		if p.Port == port && p.Err == "" {
			return p
		}
	}
	return nil
}

func validIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		ok := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9'
		if !ok {
			return false
		}
	}
	return true
}

// cell appends a cell and returns its output net, a new temporary.
func (l *lowering) cell(op netlist.Op, width int, pos dslir.Pos, in ...netlist.NetID) netlist.NetID {
	out := l.temp(width, pos)
	l.m.Cells = append(l.m.Cells, netlist.Cell{Op: op, Out: out, In: l.cellInputs(in...), Pos: npos(pos)})
	l.driver[out] = len(l.m.Cells) - 1
	return out
}

// cellInputs returns a copy of ids for a cell's inputs, carved from a
// shared block: a large module has hundreds of thousands of cells, and
// one small allocation each is a large part of lowering's time. The copy's
// capacity is its length, so that an append to it cannot reach its
// neighbour.
func (l *lowering) cellInputs(ids ...netlist.NetID) []netlist.NetID {
	if len(l.slab)+len(ids) > cap(l.slab) {
		l.slab = make([]netlist.NetID, 0, max(4096, len(ids)))
	}
	n := len(l.slab)
	l.slab = append(l.slab, ids...)
	return l.slab[n:len(l.slab):len(l.slab)]
}

func (l *lowering) constant(v bits.Value, pos dslir.Pos) netlist.NetID {
	out := l.temp(v.Width(), pos)
	l.m.Cells = append(l.m.Cells, netlist.Cell{Op: netlist.OpConst, Out: out, Value: v, Pos: npos(pos)})
	l.driver[out] = len(l.m.Cells) - 1
	return out
}

func (l *lowering) netWidth(id netlist.NetID) int { return l.m.Nets[id].Width }

// extend widens id to w bits, by sign or zero extension.
func (l *lowering) extend(id netlist.NetID, signed bool, w int, pos dslir.Pos) netlist.NetID {
	have := l.netWidth(id)
	switch {
	case have == w:
		return id
	case have > w:
		c := l.cell(netlist.OpSlice, w, pos, id)
		return c
	case signed:
		return l.cell(netlist.OpSext, w, pos, id)
	}
	return l.cell(netlist.OpZext, w, pos, id)
}

func (l *lowering) and(a, b netlist.NetID, pos dslir.Pos) netlist.NetID {
	switch {
	case a == netlist.NoNet:
		return b
	case b == netlist.NoNet:
		return a
	}
	return l.cell(netlist.OpAnd, 1, pos, a, b)
}

func (l *lowering) not(a netlist.NetID, pos dslir.Pos) netlist.NetID {
	return l.cell(netlist.OpNot, 1, pos, a)
}
