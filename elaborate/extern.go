package elaborate

import (
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

// hasModel reports whether a black box's generator built logic of its own:
// then that logic is the black box's simulation model.
func hasModel(dm *dslir.Module) bool {
	for _, st := range dm.Body.Stmts {
		if st.Kind != dslir.Error {
			return true
		}
	}
	return len(dm.Regs)+len(dm.Mems)+len(dm.Insts)+len(dm.Wires) > 0
}

// externInfo settles the implicit ports of a black box: its clock is the
// port the declaration names, and it has no implicit reset (its Verilog
// has only the ports it declares). After an error the implicit ports stay,
// so that the error is the only one.
func (l *lowering) externInfo(info *modInfo) {
	dm, x := l.dm, l.dm.Extern
	if x.Clock != "" {
		info.clockName = x.Clock
		info.needsClock = true
	} else if info.needsClock {
		// Reported; the implicit clk keeps the rest of the module well formed.
		l.errorf(x.Pos, dm.Name, "black box %s has registers, memories or clocked children in its model but declares no clock: declare it with BlackBox.Clock", dm.Name)
	}
	if info.needsReset {
		pos := x.Pos
		if dm.ResetNode != nil {
			pos = dm.ResetNode.Pos
		}
		l.errorf(pos, dm.Name, "black box %s uses the implicit reset, which a black box does not have: declare a reset input and drive it from the parent", dm.Name)
	}
}

// extern records the black box declaration of the lowered module.
func (l *lowering) extern() {
	dm, x := l.dm, l.dm.Extern
	nx := &netlist.Extern{Verilog: x.Verilog, Files: append([]string(nil), x.Files...), Pos: npos(x.Pos)}
	for _, p := range x.Params {
		nx.Params = append(nx.Params, netlist.Param{Name: p.Name, IsString: p.IsString, Int: p.Int, Str: p.Str})
	}
	port := func(n *dslir.Node, kind dslir.Kind, pos dslir.Pos, what string) (netlist.NetID, bool) {
		if n == nil || n.Owner != dm || n.Kind != kind {
			l.errorf(pos, dm.Name, "black box %s: a combinational path %s must be a port of the black box", dm.Name, what)
			return netlist.NoNet, false
		}
		return l.nets[n], true
	}
	for _, c := range x.Comb {
		out, ok := port(c.Out, dslir.Output, c.Pos, "starts at an output; it")
		if !ok {
			continue
		}
		cp := netlist.CombPath{Out: out}
		for _, in := range c.In {
			if id, ok := port(in, dslir.Input, c.Pos, "ends at inputs; each"); ok {
				cp.In = append(cp.In, id)
			}
		}
		nx.Comb = append(nx.Comb, cp)
	}
	l.m.Extern = nx
}
