package dsl

import (
	"path/filepath"
	"runtime"

	"github.com/systole-hdl/systole/internal/dslir"
)

// BlackBox is the declaration of a black box: a module the design
// instantiates but does not describe (an SRAM macro, vendor IP), defined
// in the user's own Verilog. Make one with Module.BlackBox in a
// generator's Build; the module's Input and Output ports are the black
// box's ports, by name and width.
//
// The emitted Verilog instantiates the Verilog module with its Params and
// defines nothing; the Files are listed with the emitted sources. rtlsim
// simulates a black box with a behavioural model: a DSL model when the
// generator also builds the logic that drives the outputs (registers,
// memories, assignments), or else a Go model given to rtlsim
// (rtlsim.Models).
//
// Every output is registered (it changes only at clock edges) unless Comb
// declares it combinational in some inputs. Elaboration finds
// combinational loops through black boxes by these declarations, and
// checks that a DSL model has no path they leave out.
type BlackBox struct {
	m  *Module
	ir *dslir.Extern
}

// BlackBox makes m a black box that instantiates the Verilog module
// called verilog. A module is a black box at most once.
func (m *Module) BlackBox(verilog string) *BlackBox {
	pos := callerPos()
	m = m.live("BlackBox")
	if m.ir.Extern != nil {
		m.recordError(pos, verilog, "module is already a black box (of Verilog module "+m.ir.Extern.Verilog+")")
		return &BlackBox{m: m, ir: &dslir.Extern{Verilog: verilog, Pos: pos}}
	}
	m.ir.Extern = &dslir.Extern{Verilog: verilog, Pos: pos}
	return &BlackBox{m: m, ir: m.ir.Extern}
}

// Param sets the integer Verilog parameter name of the instance.
func (b *BlackBox) Param(name string, v int64) *BlackBox {
	if b.late("BlackBox.Param") {
		return b
	}
	b.ir.Params = append(b.ir.Params, dslir.Param{Name: name, Int: v, Pos: callerPos()})
	return b
}

// ParamString sets the string Verilog parameter name of the instance.
func (b *BlackBox) ParamString(name, v string) *BlackBox {
	if b.late("BlackBox.ParamString") {
		return b
	}
	b.ir.Params = append(b.ir.Params, dslir.Param{Name: name, IsString: true, Str: v, Pos: callerPos()})
	return b
}

// File adds a Verilog file that defines the black box. A relative path is
// taken relative to the directory of the Go file that calls File (as an
// embed directive's patterns are), so a generator finds its Verilog from
// any working directory; the netlist records the absolute path.
func (b *BlackBox) File(path string) *BlackBox {
	if b.late("BlackBox.File") {
		return b
	}
	if !filepath.IsAbs(path) {
		if _, file, _, ok := runtime.Caller(1); ok && filepath.IsAbs(file) {
			path = filepath.Join(filepath.Dir(file), path)
		}
	}
	b.ir.Files = append(b.ir.Files, path)
	return b
}

// Clock declares the black box's clock input, called name: the module's
// implicit clock, which the parent connects to its own (one clock
// domain). Registers and memories of a DSL model run on it.
func (b *BlackBox) Clock(name string) *BlackBox {
	pos := callerPos()
	if b.late("BlackBox.Clock") {
		return b
	}
	if b.ir.Clock != "" {
		b.m.recordError(pos, name, "black box clock declared twice (first "+b.ir.Clock+")")
	} else {
		b.ir.Clock, b.ir.ClockPos = name, pos
	}
	return b
}

// Comb declares that output out depends combinationally on the inputs
// ins: within a cycle, out may change when they do. An output Comb never
// names is registered.
func (b *BlackBox) Comb(out Signal, ins ...Signal) *BlackBox {
	if b.late("BlackBox.Comb") {
		return b
	}
	c := dslir.Comb{Out: out.n, Pos: callerPos()}
	for _, in := range ins {
		c.In = append(c.In, in.n)
	}
	b.ir.Comb = append(b.ir.Comb, c)
	return b
}

// Model makes the generator g, a module with the black box's ports (by
// name), the black box's DSL model: the black box instantiates it as
// "model" and connects every port it has declared so far, so call Model
// after declaring them. It is the same as building the model in the black
// box's own Build, for a model written as a generator of its own (one
// that a test may also simulate alone). A port g lacks, or one it has
// beyond the black box's, is an error at this line.
func (b *BlackBox) Model(g Generator) *BlackBox {
	if b.late("BlackBox.Model") {
		return b
	}
	Helper()
	inst := b.m.Instance("model", g)
	for _, p := range b.m.ir.Ports {
		port := inst.Port(p.Name)
		if p.Kind == dslir.Input {
			port.Set(Signal{p})
		} else {
			Signal{p}.Set(port)
		}
	}
	return b
}

// late records a call after the module's generator returned, which changes
// nothing (see Module.Err), and reports whether it was one.
func (b *BlackBox) late(what string) bool {
	if !b.m.stale() {
		return false
	}
	late(b.m.ir, callerPos(), what)
	return true
}
