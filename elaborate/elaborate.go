package elaborate

import (
	"errors"
	"fmt"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

// step is one named phase of elaboration over the whole design.
type step struct {
	name string
	run  func(e *elab)
}

// steps is the pipeline, in order.
var steps = []step{
	{"lower", (*elab).lower},
	{"fold", func(e *elab) { e.eachModule(foldConstants) }},
	{"cse", func(e *elab) { e.eachModule(mergeCommon) }},
	{"coalesce", func(e *elab) { e.eachModule(coalesceCopies) }},
	{"dce", func(e *elab) { e.eachModule(removeDead) }},
	{"check", (*elab).check},
}

type elab struct {
	circuit *dslir.Circuit
	design  *netlist.Design
	errs    netlist.ErrorList
	infos   map[*dslir.Module]*modInfo
}

// modInfo is what a parent needs to know of a lowered child.
type modInfo struct {
	m          *netlist.Module
	needsClock bool
	needsReset bool
	// clockName is the name of the clock port: clk, or a black box's own.
	clockName string
}

// Elaborate records the generator top (and everything it instantiates),
// checks it and returns its netlist. Errors are a netlist.ErrorList with
// every problem found, or a *dsl.BuildError for a misuse that stopped the
// generator itself.
func Elaborate(top dsl.Generator) (*netlist.Design, error) {
	if top == nil {
		return nil, fmt.Errorf("elaborate: nil top generator")
	}
	c, err := dslir.Record(top)
	if err != nil {
		return nil, err
	}
	e := &elab{circuit: c, infos: map[*dslir.Module]*modInfo{}}
	for _, s := range steps {
		s.run(e)
		if s.name == "lower" && len(e.errs) > 0 {
			// Later steps assume a well-formed netlist; still run the check
			// for loops, which lowering cannot see.
			e.check()
			break
		}
	}
	if len(e.errs) > 0 {
		return nil, e.errs.Err()
	}
	return e.design, nil
}

// MustElaborate is Elaborate for generators known to be correct, such as
// in examples and tests; it panics on error.
func MustElaborate(top dsl.Generator) *netlist.Design {
	d, err := Elaborate(top)
	if err != nil {
		panic(err)
	}
	return d
}

func (e *elab) eachModule(f func(m *netlist.Module)) {
	for _, m := range e.design.Modules {
		f(m)
	}
}

func (e *elab) lower() {
	e.design = &netlist.Design{Top: e.circuit.Top.Name}
	for _, dm := range e.circuit.Modules {
		info := lowerModule(dm, e.infos, &e.errs)
		e.infos[dm] = info
		e.design.Modules = append(e.design.Modules, info.m)
	}
}

// check runs netlist.Check and keeps the errors lowering did not already
// report.
func (e *elab) check() {
	err := netlist.Check(e.design)
	var list netlist.ErrorList
	if !errors.As(err, &list) {
		if err != nil {
			e.errs.Add(netlist.Pos{}, "", "", "%v", err)
		}
		return
	}
	// Lowering reports with more context; keep Check's only for places
	// lowering said nothing about.
	type key struct {
		pos    netlist.Pos
		signal string
	}
	seen := map[key]bool{}
	for _, x := range e.errs {
		seen[key{x.Pos, x.Signal}] = true
	}
	for _, x := range list {
		if !seen[key{x.Pos, x.Signal}] {
			e.errs = append(e.errs, x)
		}
	}
}

func npos(p dslir.Pos) netlist.Pos { return netlist.Pos{File: p.File, Line: p.Line} }

func modLabel(dm *dslir.Module) string {
	if dm.Path != "" && dm.Path != dm.Name {
		return fmt.Sprintf("%s (%s)", dm.Name, dm.Path)
	}
	return dm.Name
}
