package emit

import (
	"strconv"

	"github.com/systole-hdl/systole/netlist"
)

const (
	// genPrefix starts every name the emitter makes up: generated nets,
	// dummy wires for unconnected instance outputs, the loop variable of the
	// simulation-only initial block. A user name never gets it added.
	genPrefix = "_T_"
	// unusedName is the module's sink for unused nets and bits. Verilator's
	// default --unused-regexp ("*unused*") exempts it from UNUSEDSIGNAL.
	unusedName = "_unused"
)

// namespace hands out the identifiers of one Verilog scope: the module names
// of a design, or the nets, memories and instances of one module.
type namespace struct {
	taken map[string]bool
	next  int // the next number to try for a generated name
}

func newNamespace() *namespace { return &namespace{taken: map[string]bool{}} }

// claim takes name exactly, if it is free and no reserved word.
func (ns *namespace) claim(name string) bool {
	if reserved[name] || ns.taken[name] {
		return false
	}
	ns.taken[name] = true
	return true
}

// escape takes the first free name of name_, name_1, name_2, ... for a user
// name that is a reserved word or collides.
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

// gen takes the next free generated name, _T_<n>.
func (ns *namespace) gen() string {
	for {
		cand := genPrefix + strconv.Itoa(ns.next)
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

// moduleNames are the Verilog names of everything in one module.
type moduleNames struct {
	net  []string // by NetID
	mem  []string // by index in Module.Mems
	inst []string // by index in Module.Insts
	// param[i][v] names value v of Module.Enums[i] as a localparam.
	param [][]string
	ns    *namespace
}

// nameModule names the nets, memories and instances of m, whose Verilog
// module name is self. User names come first, in a fixed order (nets by
// id, then memories, then instances); ports always count as user names,
// even when marked Generated, since a port name is the module's interface.
// Generated nets then get _T_<n> in net order, skipping every name a user
// took.
//
// Besides the reserved words, _unused and self are taken from the start:
// Verilator rejects a signal named like the top module (the top instance
// bears the module's name), and a module's names do not depend on whether
// it is the top.
func nameModule(m *netlist.Module, self string) *moduleNames {
	ns := newNamespace()
	ns.taken[unusedName] = true
	ns.taken[self] = true
	isPort := make([]bool, len(m.Nets))
	for _, p := range m.Ports {
		isPort[p.Net] = true
	}
	var user []string
	var userNet []int
	for i, n := range m.Nets {
		if !n.Generated || isPort[i] {
			user = append(user, n.Name)
			userNet = append(userNet, i)
		}
	}
	for _, mem := range m.Mems {
		user = append(user, mem.Name)
	}
	for _, inst := range m.Insts {
		user = append(user, inst.Name)
	}
	for i := range m.Enums {
		for v := range m.Enums[i].Names {
			user = append(user, m.Enums[i].ParamName(v))
		}
	}
	all := ns.assign(user)

	mn := &moduleNames{net: make([]string, len(m.Nets)), ns: ns}
	for k, i := range userNet {
		mn.net[i] = all[k]
	}
	all = all[len(userNet):]
	mn.mem, all = all[:len(m.Mems)], all[len(m.Mems):]
	mn.inst, all = all[:len(m.Insts)], all[len(m.Insts):]
	for i := range m.Enums {
		n := len(m.Enums[i].Names)
		mn.param = append(mn.param, all[:n])
		all = all[n:]
	}
	for i, n := range m.Nets {
		if n.Generated && !isPort[i] {
			mn.net[i] = ns.gen()
		}
	}
	return mn
}
