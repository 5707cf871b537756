package netlist

import (
	"fmt"
	"strconv"
	"strings"
)

const (
	// TempPrefix starts the name of every temporary: the nets elaboration
	// makes (Net.Generated) and the few wires a back end adds. Legalize
	// keeps a generated net's name when it has this prefix and is free, so
	// a temporary has the same name in the netlist text and in the Verilog.
	TempPrefix = "_t"
	// SinkName is reserved in every module for a back end's sink of unused
	// nets (emit's wire _unused, which Verilator's default --unused-regexp
	// exempts from UNUSEDSIGNAL).
	SinkName = "_unused"
)

// Reserved reports whether name is a word no back end accepts as a name: a
// keyword of Verilog-2005 or SystemVerilog-2017 (tools read .v files as
// SystemVerilog), or a C++ or SystemC word (Verilator compiles names into
// C++).
func Reserved(name string) bool { return reserved[name] }

// LegalName is the name Legalize gives a module or port called name when
// nothing else collides with it: name itself, or name_ for a reserved word.
func LegalName(name string) string {
	if reserved[name] {
		return name + "_"
	}
	return name
}

// Names are the names of a design in every back end, decided once by
// Legalize: emit prints them, and testbenches, manifests and file names
// use them, so no consumer parses emitted text to learn a name.
type Names struct {
	mods    []ModuleNames // in design order
	byName  map[string]int
	top     string
	renamed []Rename
}

// ModuleNames are the names in one module. Every slice is indexed like the
// module's own (Nets by NetID, Mems, Insts).
type ModuleNames struct {
	Name  string // the module's name
	Nets  []string
	Mems  []string
	Insts []string
	// Unconnected[i][j] names a wire for port j of instance i's module when
	// that port is an output the netlist leaves unconnected, else "".
	Unconnected [][]string
	// Scratch is a free temporary for a back end's own use (emit's loop
	// variable in the initialization of memories).
	Scratch string
	// Params[i][v] names value v of the module's Enums[i] as a constant
	// (emit's localparam): Enum.ParamName, unless that collides.
	Params [][]string
}

// Rename is one name that Legalize changed.
type Rename struct {
	Module string // the netlist name of the module (for a module: its own)
	Kind   string // "module", "port", "net", "memory", "instance" or "enum value"
	From   string
	To     string
	Pos    Pos
}

func (r Rename) String() string {
	in := ""
	if r.Kind != "module" {
		in = " of " + r.Module
	}
	return fmt.Sprintf("%s %s%s is %s: %s", r.Kind, r.From, in, r.To, r.why())
}

func (r Rename) why() string {
	switch {
	case reserved[r.From]:
		return "a reserved word of Verilog, SystemVerilog or C++"
	case r.From == SinkName:
		return "reserved for the sink of unused nets"
	case r.From == r.Module:
		return "the name of its own module (Verilator names the top instance after it)"
	case r.Kind == "net" && !strings.HasPrefix(r.From, TempPrefix):
		return "a temporary without the " + TempPrefix + " prefix"
	}
	return "the name collides with another"
}

// Legalize decides the names of d, which must have passed Check. A user
// name (a net whose Generated is false, every port, memory, instance and
// module) stays as it is unless it is Reserved, SinkName, the name of its
// own module, or taken by another user name of its scope; it then gets the
// first free of name_, name_1, name_2, ..., after every name that stays has
// been taken. A generated net keeps its name when that starts with
// TempPrefix and is free; the others, then the wires for unconnected
// instance outputs and the scratch name, get TempPrefix and the lowest
// free number.
func Legalize(d *Design) *Names {
	n := &Names{byName: make(map[string]int, len(d.Modules))}
	// A black box is instantiated by its Verilog name, which no other
	// module may take; several black boxes may share one.
	ns := newNamespace()
	var mods []string
	for _, m := range d.Modules {
		if m.Extern != nil {
			ns.taken[m.Extern.Verilog] = true
		} else {
			mods = append(mods, m.Name)
		}
	}
	assigned := ns.assign(mods)
	legal := make([]string, len(d.Modules))
	for i, m := range d.Modules {
		if m.Extern != nil {
			legal[i] = m.Extern.Verilog
			continue
		}
		legal[i], assigned = assigned[0], assigned[1:]
	}
	for i, m := range d.Modules {
		n.byName[m.Name] = i
		if m.Extern == nil && legal[i] != m.Name {
			n.renamed = append(n.renamed, Rename{m.Name, "module", m.Name, legal[i], m.Pos})
		}
	}
	if i, ok := n.byName[d.Top]; ok {
		n.top = legal[i]
	}
	n.mods = make([]ModuleNames, len(d.Modules))
	for i, m := range d.Modules {
		n.mods[i] = n.module(d, m, legal[i])
	}
	return n
}

// Top is the top module's name.
func (n *Names) Top() string { return n.top }

// Module returns the names in the module whose netlist name is name, or
// nil.
func (n *Names) Module(name string) *ModuleNames {
	if i, ok := n.byName[name]; ok {
		return &n.mods[i]
	}
	return nil
}

// Renamed lists every user name that Legalize changed, in design order.
func (n *Names) Renamed() []Rename { return n.renamed }

func (n *Names) module(d *Design, m *Module, self string) ModuleNames {
	ns := newNamespace()
	ns.taken[SinkName] = true
	ns.taken[self] = true
	isPort := make([]bool, len(m.Nets))
	for _, p := range m.Ports {
		isPort[p.Net] = true
	}
	type item struct {
		kind, name string
		pos        Pos
		dst        *string
	}
	mn := ModuleNames{Name: self, Nets: make([]string, len(m.Nets)), Mems: make([]string, len(m.Mems)),
		Insts: make([]string, len(m.Insts))}
	var user []item
	for i, net := range m.Nets {
		switch {
		case isPort[i]:
			user = append(user, item{"port", net.Name, net.Pos, &mn.Nets[i]})
		case !net.Generated:
			user = append(user, item{"net", net.Name, net.Pos, &mn.Nets[i]})
		}
	}
	for i, mem := range m.Mems {
		user = append(user, item{"memory", mem.Name, mem.Pos, &mn.Mems[i]})
	}
	for i, inst := range m.Insts {
		user = append(user, item{"instance", inst.Name, inst.Pos, &mn.Insts[i]})
	}
	mn.Params = make([][]string, len(m.Enums))
	for i := range m.Enums {
		e := &m.Enums[i]
		mn.Params[i] = make([]string, len(e.Names))
		for v := range e.Names {
			user = append(user, item{"enum value", e.ParamName(v), e.Pos, &mn.Params[i][v]})
		}
	}
	list := make([]string, len(user))
	for i, u := range user {
		list[i] = u.name
	}
	if m.Extern != nil {
		// A black box's ports are the names in the user's Verilog.
		for _, p := range m.Ports {
			ns.taken[m.Nets[p.Net].Name] = true
		}
	}
	for i, name := range ns.assign(list) {
		if m.Extern != nil && user[i].kind == "port" {
			name = user[i].name
		}
		*user[i].dst = name
		if name != user[i].name {
			n.renamed = append(n.renamed, Rename{m.Name, user[i].kind, user[i].name, name, user[i].pos})
		}
	}
	// Temporaries: those that may keep their names first, then the rest.
	for i, net := range m.Nets {
		if net.Generated && !isPort[i] && strings.HasPrefix(net.Name, TempPrefix) && ns.claim(net.Name) {
			mn.Nets[i] = net.Name
		}
	}
	for i, net := range m.Nets {
		if net.Generated && !isPort[i] && mn.Nets[i] == "" {
			mn.Nets[i] = ns.temp()
		}
	}
	mn.Unconnected = make([][]string, len(m.Insts))
	for i := range m.Insts {
		inst := &m.Insts[i]
		child := d.Module(inst.Module)
		if child == nil {
			continue
		}
		connected := make(map[string]bool, len(inst.Conns))
		for _, c := range inst.Conns {
			connected[c.Port] = c.Net != NoNet
		}
		mn.Unconnected[i] = make([]string, len(child.Ports))
		for j, p := range child.Ports {
			if p.Dir == Out && !connected[child.PortName(p)] {
				mn.Unconnected[i][j] = ns.temp()
			}
		}
	}
	mn.Scratch = ns.temp()
	return mn
}

// namespace hands out the names of one scope: the module names of a
// design, or the nets, memories and instances of one module.
type namespace struct {
	taken map[string]bool
	next  int // the next number to try for a temporary
}

func newNamespace() *namespace { return &namespace{taken: map[string]bool{}} }

// claim takes name exactly, if it is free and not reserved.
func (ns *namespace) claim(name string) bool {
	if reserved[name] || ns.taken[name] {
		return false
	}
	ns.taken[name] = true
	return true
}

// escape takes the first free name of name_, name_1, name_2, ... for a user
// name that is reserved or collides.
func (ns *namespace) escape(name string) string {
	for i := 0; ; i++ {
		cand := name + "_"
		if i > 0 {
			cand += strconv.Itoa(i)
		}
		if ns.claim(cand) {
			return cand
		}
	}
}

// temp takes the free temporary with the lowest number not tried yet.
func (ns *namespace) temp() string {
	for {
		cand := TempPrefix + strconv.Itoa(ns.next)
		ns.next++
		if ns.claim(cand) {
			return cand
		}
	}
}

// assign names a list of user names in two passes, so that a user name
// that is fine as it is always keeps it, even when it looks like the
// escaped form of another (a user "reg_" keeps its name; "reg" then
// becomes "reg_1"). It returns the names in order.
func (ns *namespace) assign(user []string) []string {
	out := make([]string, len(user))
	kept := make([]bool, len(user))
	for i, name := range user {
		if ns.claim(name) {
			out[i], kept[i] = name, true
		}
	}
	for i, name := range user {
		if !kept[i] {
			out[i] = ns.escape(name)
		}
	}
	return out
}
