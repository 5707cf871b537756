package netlist

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/limits"
)

// MaxWidth is the widest net or memory word Parse accepts, so that a
// malformed width in untrusted text cannot make a back end exhaust memory.
const MaxWidth = limits.MaxWidth

// Parse reads the text form of a design (see Format and docs/netlist.md)
// from text, naming it name in messages, and checks the result with Check.
//
// Errors come as an ErrorList, each at name:line:col of the text: a syntax
// error says which token it found and what it expected; a reference to a
// net that is not declared, a malformed number or literal is blamed on the
// token; and a design that reads but is not valid gets Check's messages,
// blamed on the line of the offending element, with a note naming the
// element's own source position when it has one.
//
// The source positions of the design are the `@` attributes of the text,
// exactly: an element without one has the zero Pos.
func Parse(name, text string) (*Design, error) {
	ast, err := textParser.ParseString(name, text)
	if err != nil {
		return nil, syntaxError(name, text, err)
	}
	b := builder{name: name}
	d := b.file(ast)
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	if err := b.check(d); err != nil {
		return nil, err
	}
	return d, nil
}

// syntaxError converts a participle error to an ErrorList of one, saying
// which character or token it found and, where participle knows, what it
// expected.
func syntaxError(name, text string, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return ErrorList{{Pos: Pos{File: name, Line: 1, Col: 1}, Msg: "syntax error: " + err.Error()}}
	}
	p := perr.Position()
	msg := perr.Message()
	switch {
	case strings.Contains(msg, "invalid input text"):
		r := "end of input"
		if p.Offset >= 0 && p.Offset < len(text) {
			c, _ := utf8.DecodeRuneInString(text[p.Offset:])
			r = strconv.QuoteRune(c)
		}
		msg = "unexpected character " + r
	case !strings.Contains(msg, "(expected") && firstToken(text, p.Offset):
		msg += ` (expected "design" and the name of the top module)`
	}
	return ErrorList{{Pos: textPosition(name, p), Msg: "syntax error: " + msg}}
}

// firstToken reports whether only spaces and comments come before offset.
func firstToken(text string, offset int) bool {
	if offset > len(text) {
		offset = len(text)
	}
	for _, line := range strings.Split(text[:max(offset, 0)], "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "//") {
			return false
		}
	}
	return true
}

// textPosition converts a participle position, which may lack a line for
// an error at the end of the input.
func textPosition(name string, p lexer.Position) Pos {
	return Pos{File: name, Line: max(p.Line, 1), Col: max(p.Column, 1)}
}

// builder turns the syntax tree into a Design, recording the text position
// of every element (for Check's messages) alongside.
type builder struct {
	name string
	errs ErrorList
	top  Pos
	text []*modText
	// nets maps the net names of the module being built to their ids.
	nets map[string]NetID
	mod  string
}

// modText holds the text position of each element of one module, in the
// module's own order.
type modText struct {
	mod    Pos
	nets   []Pos
	cells  []Pos
	regs   []Pos
	mems   []Pos
	reads  [][]Pos
	writes [][]Pos
	insts  []Pos
	props  []Pos
	ext    Pos
}

func (b *builder) pos(p lexer.Position) Pos { return textPosition(b.name, p) }

func (b *builder) errorf(p lexer.Position, format string, args ...any) {
	b.errs.Add(b.pos(p), b.mod, "", format, args...)
}

func (b *builder) file(f *astFile) *Design {
	b.top = b.pos(f.Pos)
	d := &Design{Top: f.Top}
	for _, am := range f.Modules {
		d.Modules = append(d.Modules, b.module(am))
	}
	return d
}

// at converts a position attribute; nil is the zero Pos.
func (b *builder) at(a *sourcePos) Pos {
	if a == nil {
		return Pos{}
	}
	file, err := strconv.Unquote(a.File)
	if err != nil {
		b.errorf(a.Pos, "invalid file name %s in position", a.File)
	}
	p := Pos{File: file, Line: b.number(a.Pos, a.Line, "line")}
	if a.Col != nil {
		p.Col = b.number(a.Pos, *a.Col, "column")
	}
	return p
}

// number converts a decimal integer.
func (b *builder) number(p lexer.Position, s, what string) int {
	n, _ := b.parseNumber(p, s, what)
	return n
}

func (b *builder) parseNumber(p lexer.Position, s, what string) (int, bool) {
	n, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		b.errorf(p, "invalid %s %s: want a decimal number that fits in 32 bits", what, s)
		return 0, false
	}
	return int(n), true
}

// width converts a width, which must not exceed MaxWidth (Check judges the
// lower bound).
func (b *builder) width(p lexer.Position, s string) int {
	w, ok := b.parseNumber(p, s, "width")
	if ok && w > MaxWidth {
		b.errorf(p, "width %d is wider than the widest supported, %d bits", w, MaxWidth)
	}
	return w
}

func (b *builder) literal(l *literal) bits.Value {
	if l == nil {
		return bits.Value{}
	}
	v, err := bits.Parse(l.Value)
	if err != nil {
		b.errorf(l.Pos, "invalid literal: %v", err)
	}
	return v
}

// ref resolves a net reference; nil is NoNet.
func (b *builder) ref(r *netRef) NetID {
	if r == nil {
		return NoNet
	}
	id, ok := b.nets[r.Name]
	if !ok {
		b.errorf(r.Pos, "unknown net %q", r.Name)
		return NoNet
	}
	return id
}

func (b *builder) module(am *astModule) *Module {
	m := &Module{Name: am.Name, Replaceable: am.Replaceable, Pos: b.at(am.At), Clock: NoNet}
	t := &modText{mod: b.pos(am.Pos)}
	b.text = append(b.text, t)
	b.mod = am.Name
	b.nets = map[string]NetID{}
	defer func() { b.mod = "" }()

	// Nets first, so that an element may refer to a net declared after it.
	for _, it := range am.Items {
		n := it.Net
		if n == nil {
			continue
		}
		id := m.AddNet(n.Name, b.width(n.Width.Pos, n.Width.Value), n.Generated, b.at(n.At))
		t.nets = append(t.nets, b.pos(n.Pos))
		if _, dup := b.nets[n.Name]; !dup {
			b.nets[n.Name] = id
		}
		switch n.Kind {
		case "input":
			m.Ports = append(m.Ports, Port{Dir: In, Net: id})
		case "output":
			m.Ports = append(m.Ports, Port{Dir: Out, Net: id})
		}
	}
	clock := lexer.Position{}
	for _, it := range am.Items {
		switch {
		case it.Clock != nil:
			if clock.Line > 0 {
				b.errorf(it.Clock.Pos, "second clock statement; the first is at %d:%d", clock.Line, clock.Column)
			}
			clock = it.Clock.Pos
			m.Clock = b.ref(it.Clock)
		case it.Ports != nil:
			for _, p := range it.Ports.Ports {
				dir := In
				if p.Dir == "output" {
					dir = Out
				}
				m.Ports = append(m.Ports, Port{Dir: dir, Net: b.ref(p.Net)})
			}
		case it.Cell != nil:
			m.Cells = append(m.Cells, b.cell(it.Cell))
			t.cells = append(t.cells, b.pos(it.Cell.Pos))
		case it.Reg != nil:
			r := it.Reg
			m.Regs = append(m.Regs, Reg{Q: b.ref(r.Q), D: b.ref(r.D), En: b.ref(r.En), Reset: b.ref(r.Reset),
				Init: b.literal(r.Init), Pos: b.at(r.At)})
			t.regs = append(t.regs, b.pos(r.Pos))
		case it.Mem != nil:
			m.Mems = append(m.Mems, b.mem(it.Mem, t))
		case it.Inst != nil:
			m.Insts = append(m.Insts, b.inst(it.Inst))
			t.insts = append(t.insts, b.pos(it.Inst.Pos))
		case it.Enum != nil:
			ae := it.Enum
			e := Enum{Name: ae.Name, Width: b.width(ae.Width.Pos, ae.Width.Value), Names: ae.Names, Pos: b.at(ae.At)}
			for _, r := range ae.Nets {
				e.Nets = append(e.Nets, b.ref(r))
			}
			m.Enums = append(m.Enums, e)
		case it.Prop != nil:
			m.Props = append(m.Props, b.prop(it.Prop))
			t.props = append(t.props, b.pos(it.Prop.Pos))
		case it.Ext != nil, it.Param != nil, it.File != nil, it.Comb != nil:
			b.extern(m, it)
		}
	}
	return m
}

// extern applies one black box statement to m. extern must come before
// the module's other black box statements.
func (b *builder) extern(m *Module, it *astItem) {
	if it.Ext != nil {
		if m.Extern != nil {
			b.errorf(it.Ext.Pos, "second extern statement")
			return
		}
		m.Extern = &Extern{Verilog: it.Ext.Verilog, Pos: b.at(it.Ext.At)}
		b.text[len(b.text)-1].ext = b.pos(it.Ext.Pos)
		return
	}
	x := m.Extern
	if x == nil {
		pos := it.Param
		switch {
		case it.File != nil:
			b.errorf(it.File.Pos, "file statement in a module that is not extern")
		case it.Comb != nil:
			b.errorf(it.Comb.Pos, "comb statement in a module that is not extern")
		default:
			b.errorf(pos.Pos, "param statement in a module that is not extern")
		}
		return
	}
	switch {
	case it.Param != nil:
		ap := it.Param
		p := Param{Name: ap.Name}
		if ap.Str != nil {
			s, err := strconv.Unquote(*ap.Str)
			if err != nil {
				b.errorf(ap.Pos, "invalid string %s", *ap.Str)
			}
			p.IsString, p.Str = true, s
		} else {
			n, err := strconv.ParseInt(ap.Int.Value, 10, 64)
			if err != nil {
				b.errorf(ap.Int.Pos, "invalid parameter value %s: want a decimal number that fits in 64 bits", ap.Int.Value)
			}
			p.Int = n
		}
		x.Params = append(x.Params, p)
	case it.File != nil:
		f, err := strconv.Unquote(it.File.Path)
		if err != nil {
			b.errorf(it.File.Pos, "invalid file name %s", it.File.Path)
		}
		x.Files = append(x.Files, f)
	case it.Comb != nil:
		cp := CombPath{Out: b.ref(it.Comb.Out)}
		for _, in := range it.Comb.In {
			cp.In = append(cp.In, b.ref(in))
		}
		x.Comb = append(x.Comb, cp)
	}
}

func (b *builder) cell(ac *astCell) Cell {
	c := Cell{Out: b.ref(ac.Out), Signed: ac.Signed, Value: b.literal(ac.Value), Pos: b.at(ac.At)}
	op, ok := OpByName(ac.Op.Name)
	if !ok {
		b.errorf(ac.Op.Pos, "unknown op %q", ac.Op.Name)
	}
	c.Op = op
	for _, in := range ac.In {
		c.In = append(c.In, b.ref(in))
	}
	if ac.Lo != nil {
		c.Lo = b.number(ac.Lo.Pos, ac.Lo.Value, "low bit")
	}
	return c
}

func (b *builder) mem(am *astMem, t *modText) Mem {
	mem := Mem{Name: am.Name, Width: b.width(am.Width.Pos, am.Width.Value),
		Depth: b.number(am.Depth.Pos, am.Depth.Value, "depth"), Pos: b.at(am.At)}
	var reads, writes []Pos
	for _, p := range am.Ports {
		if r := p.Read; r != nil {
			mem.Reads = append(mem.Reads, MemRead{Addr: b.ref(r.Addr), En: b.ref(r.En), Data: b.ref(r.Data), Pos: b.at(r.At)})
			reads = append(reads, b.pos(r.Pos))
		}
		for _, l := range p.Init {
			mem.Init = append(mem.Init, b.literal(l))
		}
		if w := p.Write; w != nil {
			mem.Writes = append(mem.Writes, MemWrite{Addr: b.ref(w.Addr), Data: b.ref(w.Data), En: b.ref(w.En), Pos: b.at(w.At)})
			writes = append(writes, b.pos(w.Pos))
		}
	}
	t.mems = append(t.mems, b.pos(am.Pos))
	t.reads = append(t.reads, reads)
	t.writes = append(t.writes, writes)
	return mem
}

func (b *builder) inst(ai *astInst) Instance {
	inst := Instance{Name: ai.Name, Module: ai.Module, Pos: b.at(ai.At)}
	for _, c := range ai.Conns {
		inst.Conns = append(inst.Conns, Conn{Port: c.Port, Net: b.ref(c.Net)})
	}
	return inst
}

// check runs Check on a copy of d whose elements sit at their text
// positions, so every message points into the text. An error about an
// element with a source position of its own gets a note naming it; an
// error about the design as a whole is blamed on its design statement.
func (b *builder) check(d *Design) error {
	shadow := &Design{Top: d.Top}
	source := map[Pos]Pos{}
	place := func(own *Pos, text Pos) {
		if own.IsValid() {
			source[text] = *own
		}
		*own = text
	}
	for i, m := range d.Modules {
		t := b.text[i]
		c := *m
		c.Nets = append([]Net(nil), m.Nets...)
		c.Cells = append([]Cell(nil), m.Cells...)
		c.Regs = append([]Reg(nil), m.Regs...)
		c.Mems = append([]Mem(nil), m.Mems...)
		c.Insts = append([]Instance(nil), m.Insts...)
		c.Props = append([]Property(nil), m.Props...)
		place(&c.Pos, t.mod)
		for j := range c.Nets {
			place(&c.Nets[j].Pos, t.nets[j])
		}
		for j := range c.Cells {
			place(&c.Cells[j].Pos, t.cells[j])
		}
		for j := range c.Regs {
			place(&c.Regs[j].Pos, t.regs[j])
		}
		for j := range c.Mems {
			mem := &c.Mems[j]
			place(&mem.Pos, t.mems[j])
			mem.Reads = append([]MemRead(nil), mem.Reads...)
			mem.Writes = append([]MemWrite(nil), mem.Writes...)
			for k := range mem.Reads {
				place(&mem.Reads[k].Pos, t.reads[j][k])
			}
			for k := range mem.Writes {
				place(&mem.Writes[k].Pos, t.writes[j][k])
			}
		}
		for j := range c.Insts {
			place(&c.Insts[j].Pos, t.insts[j])
		}
		for j := range c.Props {
			place(&c.Props[j].Pos, t.props[j])
		}
		if m.Extern != nil {
			x := *m.Extern
			place(&x.Pos, t.ext)
			c.Extern = &x
		}
		shadow.Modules = append(shadow.Modules, &c)
	}
	err := Check(shadow)
	var list ErrorList
	if !errors.As(err, &list) {
		return err
	}
	for _, e := range list {
		if !e.Pos.IsValid() {
			e.Pos = b.top
		}
		if src, ok := source[e.Pos]; ok {
			e.Notes = append(e.Notes, "source: "+src.String())
		}
	}
	return list.Err()
}
