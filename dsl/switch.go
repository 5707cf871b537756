package dsl

import (
	"fmt"

	"github.com/systole-hdl/systole/internal/dslir"
)

// SwitchChain continues a Switch with Is and Default.
type SwitchChain struct {
	m     *Module
	sel   Signal
	ch    *dslir.Chain
	seen  map[string]srcPos // case values (as bits) and where they were given
	ended bool              // Default was given
}

// Switch starts a switch over the value of sel: chain Is for each value
// and Default for the rest.
//
//	m.Switch(state).
//		Is(idle, func() { ... }).
//		Is(run, func() { ... }).
//		Default(func() { ... })
//
// It is When with one condition per case (sel == value), so it follows
// When's rules: Set statements inside a case apply only when sel has that
// value, the last active Set wins, and a signal assigned in some cases
// only must have a value before the Switch (or in Default). Case values
// are constants of sel's type: Go integers (see Operand), values of an
// Enum, or constants made with U, S or Const. Two cases with one value,
// a case that is not a constant, and Is after Default are errors.
func (m *Module) Switch(sel Signal) *SwitchChain {
	pos := callerPos()
	ch := &dslir.Chain{}
	if m.done {
		late(m.ir, pos, "Switch")
		return &SwitchChain{m: m, sel: sel, ch: ch, seen: map[string]srcPos{}}
	}
	m = m.live("Switch")
	m.record(&dslir.Stmt{Kind: dslir.When, Pos: pos, Chain: ch})
	return &SwitchChain{m: m, sel: sel, ch: ch, seen: map[string]srcPos{}}
}

// Is adds the case sel == v.
func (s *SwitchChain) Is(v Operand, body func()) *SwitchChain {
	pos := callerPos()
	if s.m.stale() {
		late(s.m.ir, pos, "Is")
		return s
	}
	sel := s.sel.get(pos)
	x := operand(v, fromIR(sel.Type), pos, "Is")
	switch {
	case s.ended:
		s.m.recordError(pos, sel.Describe(), "Is after Default in a Switch on "+sel.Describe())
		return s
	case x.Err == "" && x.Kind != dslir.Lit:
		s.m.recordError(pos, sel.Describe(), fmt.Sprintf("case %s of the Switch on %s is not a constant", x.Describe(), sel.Describe()))
		return s
	case x.Err == "":
		k := x.Lit.String()
		if first, dup := s.seen[k]; dup {
			s.m.recordError(pos, sel.Describe(), fmt.Sprintf("duplicate case %s in the Switch on %s (first at %s)", caseName(x), sel.Describe(), first))
			return s
		}
		s.seen[k] = pos
	}
	cond := newOp(pos, dslir.Eq, Bool(), 0, sel, x)
	b := &dslir.Branch{Cond: cond.n, Body: &dslir.Block{}, Pos: pos}
	s.ch.Branches = append(s.ch.Branches, b)
	s.m.in(b.Body, body)
	return s
}

// Default adds the case taken when no Is matches.
func (s *SwitchChain) Default(body func()) {
	pos := callerPos()
	if s.m.stale() {
		late(s.m.ir, pos, "Default")
		return
	}
	if s.ended {
		s.m.recordError(pos, s.sel.get(pos).Describe(), "second Default in one Switch")
		return
	}
	s.ended = true
	s.ch.Otherwise = &dslir.Block{}
	s.ch.OtherPos = pos
	s.m.in(s.ch.Otherwise, body)
}

// caseName names a case value for messages: its enum name, or its value.
func caseName(x *dslir.Node) string {
	if e := x.Type.Enum; e != nil {
		if i := x.Lit.Uint64(); i < uint64(len(e.Names)) {
			return e.Name + "." + e.Names[i]
		}
	}
	return x.Lit.String()
}
