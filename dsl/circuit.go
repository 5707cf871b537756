package dsl

import (
	"fmt"
	"reflect"
	"runtime/debug"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/limits"
)

// Generator describes a module. Its parameters are its Go fields (or the
// variables a Func closes over); Build declares the module's ports and
// logic on m.
//
// Instantiating a generator with parameters already seen reuses that
// module definition, so identical parameterizations become one module.
// Two generator values are the same parameterization when they have the
// same type and equal values, compared field by field through pointers
// (see the identity rules below); a Func is its own parameterization.
//
// The module name is ModuleName() when the generator has that method;
// otherwise the type name followed by its integer, boolean and string field
// values (Counter{Width: 8} is Counter_8). Two different parameterizations
// that would get one name get _1, _2... suffixes in the order they are
// first instantiated, so names are deterministic.
type Generator interface {
	Build(m *Module)
}

// Func returns a Generator for a plain function, named name. Go cannot
// compare what two closures capture, so each Func value is its own
// parameterization: instantiating one Func value many times makes one
// module, while two Func calls make two modules even with one name (the
// second gets a _1 suffix). To share a module, build the Func once and
// instantiate that value.
func Func(name string, build func(m *Module)) Generator {
	return &funcGen{name: name, build: build, id: funcIDs.Add(1)}
}

// funcIDs numbers the Func values of the process. A Func is identified by
// its number, not its address: the garbage collector may free a Func while
// its module is still being built (nothing reads it after its build
// function starts) and give the address to the next Func, which would then
// look like an instantiation of the first.
var funcIDs atomic.Uint64

type funcGen struct {
	name  string
	build func(*Module)
	id    uint64
}

func (f *funcGen) Build(m *Module) {
	if f.build != nil {
		f.build(m)
	}
}
func (f *funcGen) ModuleName() string { return f.name }

type circuit struct {
	defs  map[string]*dslir.Module // by key
	names map[string]bool
	stack []*Module
	out   *dslir.Circuit
	// building maps the keys of the modules being recorded (the stack) to
	// their modules, to find a generator that instantiates itself.
	building map[string]*Module
	uniq     int // keys given to generators that are never shared
}

func (c *circuit) current() *Module { return c.stack[len(c.stack)-1] }

func init() {
	dslir.Record = func(top any) (*dslir.Circuit, error) {
		g, _ := top.(Generator)
		return record(g)
	}
}

// record runs the top generator and every generator it instantiates, and
// returns the recorded description. elaborate (what users call) reaches it
// through dslir.Record, so that the description's types stay out of dsl's
// API; a panic in generator code is returned as an error with the panic's
// position.
func record(top Generator) (out *dslir.Circuit, err error) {
	c := &circuit{defs: map[string]*dslir.Module{}, names: map[string]bool{}, out: &dslir.Circuit{},
		building: map[string]*Module{}}
	defer func() {
		for _, m := range c.out.Modules {
			m.Builder = nil
		}
		for _, m := range c.stack {
			m.ir.Builder = nil
			m.done = true
		}
		if r := recover(); r != nil {
			out = nil
			if be, ok := r.(*BuildError); ok {
				err = be
				return
			}
			err = fmt.Errorf("generator panicked: %v\n%s", r, debug.Stack())
		}
	}()
	if top == nil {
		return nil, fmt.Errorf("nil top generator")
	}
	c.out.Top, _ = c.define(top, "", srcPos{})
	return c.out, nil
}

// define returns the module g describes, recording it on first use. It
// returns an error message, and no module, for a generator that
// instantiates itself or a chain of instances deeper than
// MaxInstanceDepth.
func (c *circuit) define(g Generator, path string, pos srcPos) (*dslir.Module, string) {
	key := c.genKey(g)
	if b, ok := c.building[key]; ok {
		var names []string
		for i := len(c.stack) - 1; i >= 0; i-- {
			names = append(names, c.stack[i].ir.Name)
			if c.stack[i] == b {
				break
			}
		}
		slices.Reverse(names)
		return nil, fmt.Sprintf("instantiation cycle: module %s instantiates itself: %s -> %s",
			b.ir.Name, strings.Join(names, " -> "), b.ir.Name)
	}
	if d, ok := c.defs[key]; ok {
		return d, ""
	}
	// The depth limit (limits.Depth, levels below the top) stops a
	// generator that instantiates itself with ever-changing parameters
	// before it exhausts the stack.
	if err := limits.Depth.Check("instance "+path, int64(len(c.stack))); err != nil {
		return nil, err.Error() + "; does a generator instantiate itself with ever-changing parameters?"
	}
	name := genName(g)
	if c.names[name] {
		i := 1
		for c.names[fmt.Sprintf("%s_%d", name, i)] {
			i++
		}
		name = fmt.Sprintf("%s_%d", name, i)
	}
	c.names[name] = true
	if path == "" {
		path = name
	}
	d := &dslir.Module{Name: name, Key: key, Pos: pos, Path: path, Body: &dslir.Block{}}
	c.defs[key] = d
	m := &Module{ir: d, c: c, cur: d.Body}
	d.Builder = c
	c.stack = append(c.stack, m)
	c.building[key] = m
	g.Build(m)
	m.done = true
	delete(c.building, key)
	c.stack = c.stack[:len(c.stack)-1]
	c.out.Modules = append(c.out.Modules, d)
	return d, ""
}

func genName(g Generator) string {
	if n, ok := g.(interface{ ModuleName() string }); ok {
		return n.ModuleName()
	}
	v := reflect.ValueOf(g)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	parts := []string{t.Name()}
	if parts[0] == "" {
		parts[0] = "Module"
	}
	if v.Kind() == reflect.Struct {
		for i := 0; i < v.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			f := v.Field(i)
			switch f.Kind() {
			case reflect.Bool:
				if f.Bool() {
					parts = append(parts, "1")
				} else {
					parts = append(parts, "0")
				}
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				parts = append(parts, strings.ReplaceAll(fmt.Sprint(f.Int()), "-", "m"))
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				parts = append(parts, fmt.Sprint(f.Uint()))
			case reflect.String:
				if s := identPart(f.String()); s != "" {
					parts = append(parts, s)
				}
			}
		}
	}
	return strings.Join(parts, "_")
}

// identPart keeps the identifier characters of s.
func identPart(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Inst is a child module instance. Its ports are reached by name with Port
// (or as a bundle with Bundle): assign the child's inputs with Set, read its
// outputs like any signal.
type Inst struct {
	ir *dslir.Inst
	m  *Module
}

// Instance instantiates the module that g describes as a child of m.
func (m *Module) Instance(name string, g Generator) *Inst {
	pos := callerPos()
	if m.done {
		late(m.ir, pos, "Instance")
		return &Inst{ir: &dslir.Inst{Name: name, Module: &dslir.Module{Name: "<late>"}, Owner: m.ir, Pos: pos, Broken: true}, m: m}
	}
	if g == nil {
		m.recordError(pos, name, "instance "+name+": nil generator")
		return &Inst{ir: &dslir.Inst{Name: name, Module: &dslir.Module{Name: "<nil>"}, Owner: m.ir, Pos: pos, Broken: true}, m: m}
	}
	child, msg := m.c.define(g, m.ir.Path+"."+name, pos)
	if msg != "" {
		m.recordError(pos, name, msg)
		return &Inst{ir: &dslir.Inst{Name: name, Module: &dslir.Module{Name: genName(g)}, Owner: m.ir, Pos: pos, Broken: true}, m: m}
	}
	in := &dslir.Inst{Name: name, Module: child, Owner: m.ir, Pos: pos}
	m.ir.Insts = append(m.ir.Insts, in)
	return &Inst{ir: in, m: m}
}

// Module returns the name of the instantiated module definition.
func (i *Inst) Module() string { return i.ir.Module.Name }

// Port returns the child's port called name, as a signal of the parent.
// A port the child does not have is reported by elaborate.
func (i *Inst) Port(name string) Signal {
	if i.m.stale() {
		late(i.m.ir, callerPos(), "Inst.Port")
		return Signal{&dslir.Node{Kind: dslir.Invalid, Pos: callerPos(), Err: "port of instance " + i.ir.Name + " after its parent's generator returned"}}
	}
	if i.ir.Broken {
		// Reported where it was instantiated; its ports read as nothing.
		return Signal{&dslir.Node{Kind: dslir.Invalid, Owner: i.ir.Owner, Pos: callerPos(), Inst: i.ir, Port: name}}
	}
	for _, p := range i.ir.Ports {
		if p.Port == name {
			return Signal{p}
		}
	}
	n := &dslir.Node{Kind: dslir.InstPort, Owner: i.ir.Owner, Pos: callerPos(), Inst: i.ir, Port: name}
	found := false
	for _, p := range i.ir.Module.Ports {
		if p.Name == name {
			n.Type, n.PortOut, found = p.Type, p.Kind == dslir.Output, true
		}
	}
	if !found {
		n.Err = fmt.Sprintf("module %s has no port %q", i.ir.Module.Name, name)
	}
	i.ir.Ports = append(i.ir.Ports, n)
	return Signal{n}
}

// PortInfo describes a port of a module definition.
type PortInfo struct {
	Name   string
	Type   Type
	Output bool
}

// Ports lists the child's declared ports in order (the implicit clock and
// reset are not among them: they are connected automatically).
func (i *Inst) Ports() []PortInfo {
	ps := make([]PortInfo, len(i.ir.Module.Ports))
	for k, p := range i.ir.Module.Ports {
		ps[k] = PortInfo{Name: p.Name, Type: fromIR(p.Type), Output: p.Kind == dslir.Output}
	}
	return ps
}
