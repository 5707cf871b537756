package netlist

import (
	"fmt"
	"strconv"
	"strings"
)

// Format returns the text form of d, which Parse reads back into a design
// equal to d, field for field. docs/netlist.md describes the form; in short:
//
//	design Counter_8
//
//	module Counter_8 {
//	  clock clk
//	  input clk: 1
//	  input rst: 1
//	  input en: 1 @ "examples/counter.go":20
//	  output count: 8 @ "examples/counter.go":21
//	  wire value: 8 @ "examples/counter.go":23
//	  wire _t1: 8 generated @ "examples/counter.go":25
//	  ...
//	  cell _t1 = const 8'h01 @ "examples/counter.go":25
//	  cell _t2 = add(value, _t1) @ "examples/counter.go":25
//	  reg value = _t2 en en reset rst init 8'h00 @ "examples/counter.go":23
//	}
//
// Nets are declared in NetID order and referred to by name; ports in the
// order of their input and output declarations. An element's source
// position, when it has one, follows it as `@ "file":line` (or
// `"file":line:col`).
//
// Format writes any design, but only a design whose net names are distinct
// identifiers (as Check requires) reads back unchanged.
func Format(d *Design) string {
	var b strings.Builder
	f := formatter{b: &b}
	if d == nil {
		return ""
	}
	fmt.Fprintf(&b, "design %s\n", d.Top)
	for _, m := range d.Modules {
		if m != nil {
			f.module(m)
		}
	}
	return b.String()
}

type formatter struct {
	b *strings.Builder
	m *Module
}

// at returns the position attribute of p, with its leading space, or "".
func at(p Pos) string {
	if p == (Pos{}) {
		return ""
	}
	s := fmt.Sprintf(" @ %s:%d", strconv.Quote(p.File), p.Line)
	if p.Col != 0 {
		s += fmt.Sprintf(":%d", p.Col)
	}
	return s
}

// net names a net of the current module; an id out of range gets a name no
// identifier has, so the text does not read back (such a design fails Check
// anyway).
func (f *formatter) net(id NetID) string {
	if f.m.hasNet(id) {
		return f.m.Nets[id].Name
	}
	return fmt.Sprintf("<net %d>", id)
}

func (f *formatter) module(m *Module) {
	f.m = m
	b := f.b
	repl := ""
	if m.Replaceable {
		repl = " replaceable"
	}
	fmt.Fprintf(b, "\nmodule %s%s%s {\n", m.Name, repl, at(m.Pos))
	if x := m.Extern; x != nil {
		fmt.Fprintf(b, "  extern %s%s\n", x.Verilog, at(x.Pos))
		for _, p := range x.Params {
			v := strconv.FormatInt(p.Int, 10)
			if p.IsString {
				v = strconv.Quote(p.Str)
			}
			fmt.Fprintf(b, "  param %s = %s\n", p.Name, v)
		}
		for _, file := range x.Files {
			fmt.Fprintf(b, "  file %s\n", strconv.Quote(file))
		}
		for _, cp := range x.Comb {
			ins := make([]string, len(cp.In))
			for i, in := range cp.In {
				ins[i] = f.net(in)
			}
			fmt.Fprintf(b, "  comb %s from (%s)\n", f.net(cp.Out), strings.Join(ins, ", "))
		}
	}
	if m.Clock != NoNet {
		fmt.Fprintf(b, "  clock %s\n", f.net(m.Clock))
	}
	dirs := map[NetID]Dir{}
	ordered := true
	for i, p := range m.Ports {
		if _, dup := dirs[p.Net]; dup || i > 0 && p.Net <= m.Ports[i-1].Net {
			ordered = false
		}
		dirs[p.Net] = p.Dir
	}
	if !ordered {
		// Ports out of net order: list them, and declare every net a wire.
		names := make([]string, len(m.Ports))
		for i, p := range m.Ports {
			names[i] = p.Dir.String() + " " + f.net(p.Net)
		}
		fmt.Fprintf(b, "  ports(%s)\n", strings.Join(names, ", "))
		dirs = nil
	}
	for i, n := range m.Nets {
		kind := "wire"
		if dir, ok := dirs[NetID(i)]; ok {
			kind = dir.String()
		}
		gen := ""
		if n.Generated {
			gen = " generated"
		}
		fmt.Fprintf(b, "  %s %s: %d%s%s\n", kind, n.Name, n.Width, gen, at(n.Pos))
	}
	for _, c := range m.Cells {
		f.cell(c)
	}
	for _, r := range m.Regs {
		fmt.Fprintf(b, "  reg %s = %s", f.net(r.Q), f.net(r.D))
		if r.En != NoNet {
			fmt.Fprintf(b, " en %s", f.net(r.En))
		}
		if r.Reset != NoNet {
			fmt.Fprintf(b, " reset %s", f.net(r.Reset))
		}
		if r.Init.IsValid() {
			fmt.Fprintf(b, " init %s", r.Init)
		}
		fmt.Fprintf(b, "%s\n", at(r.Pos))
	}
	for _, mem := range m.Mems {
		fmt.Fprintf(b, "  mem %s: %d depth %d%s {\n", mem.Name, mem.Width, mem.Depth, at(mem.Pos))
		for i := 0; i < len(mem.Init); i += 8 {
			words := make([]string, 0, 8)
			for _, w := range mem.Init[i:min(i+8, len(mem.Init))] {
				words = append(words, w.String())
			}
			fmt.Fprintf(b, "    init %s\n", strings.Join(words, " "))
		}
		for _, rp := range mem.Reads {
			fmt.Fprintf(b, "    read %s = [%s]%s%s\n", f.net(rp.Data), f.net(rp.Addr), f.en(rp.En), at(rp.Pos))
		}
		for _, wp := range mem.Writes {
			fmt.Fprintf(b, "    write [%s] = %s%s%s\n", f.net(wp.Addr), f.net(wp.Data), f.en(wp.En), at(wp.Pos))
		}
		fmt.Fprintf(b, "  }\n")
	}
	for i := range m.Enums {
		f.enum(&m.Enums[i])
	}
	for _, inst := range m.Insts {
		conns := make([]string, len(inst.Conns))
		for i, c := range inst.Conns {
			conns[i] = c.Port + " = " + f.net(c.Net)
		}
		fmt.Fprintf(b, "  inst %s: %s(%s)%s\n", inst.Name, inst.Module, strings.Join(conns, ", "), at(inst.Pos))
	}
	for _, p := range m.Props {
		f.prop(p)
	}
	fmt.Fprintf(b, "}\n")
}

func (f *formatter) en(id NetID) string {
	if id == NoNet {
		return ""
	}
	return " en " + f.net(id)
}

func (f *formatter) cell(c Cell) {
	b := f.b
	fmt.Fprintf(b, "  cell %s = %s", f.net(c.Out), c.Op)
	if len(c.In) > 0 || c.Op != OpConst {
		ins := make([]string, len(c.In))
		for i, in := range c.In {
			ins[i] = f.net(in)
		}
		fmt.Fprintf(b, "(%s)", strings.Join(ins, ", "))
	}
	if c.Signed {
		b.WriteString(" signed")
	}
	if c.Lo != 0 {
		fmt.Fprintf(b, " lo %d", c.Lo)
	}
	if c.Value.IsValid() {
		fmt.Fprintf(b, " %s", c.Value)
	}
	fmt.Fprintf(b, "%s\n", at(c.Pos))
}
