package rtlsim

import (
	"fmt"

	"github.com/systole-hdl/systole/netlist"
)

// Properties: every assertion and assumption of the design is checked, and
// every cover point counted, at each clock edge, with the values the nets
// settle to just before it (what the registers sample). The nets they read
// are hot (computed by every eval), so a check is a few loads per
// property; a design without properties pays nothing.

// flatProp is a property of the flattened design.
type flatProp struct {
	cond, en, rst int32 // en and rst are -1 when absent
	info          PropInfo
}

// PropInfo describes one property of the flattened design.
type PropInfo struct {
	Kind netlist.PropKind
	// Msg is an assertion's message or a cover point's name.
	Msg string
	// Instance is the instance path of the module that declares it:
	// "" for the top, "u1.u2" for instance u2 of instance u1.
	Instance string
	Module   string
	Pos      netlist.Pos
}

// Where names the instance: "top module M" or "instance u1.u2 of module M".
func (p PropInfo) Where() string {
	if p.Instance == "" {
		return "top module " + p.Module
	}
	return "instance " + p.Instance + " of module " + p.Module
}

// AssertionError is a failed assertion or assumption: the simulation
// stopped at the edge where it failed, which was not taken. Cycle is the
// number of edges taken before it (the Cycle() of the simulator when it
// stopped), so the same failure in Verilator or Icarus is at the same
// cycle.
type AssertionError struct {
	PropInfo
	Cycle uint64
	// Lane is the lane of a Batch that failed (0 for a Sim).
	Lane int
}

func (e *AssertionError) Error() string {
	what := "assertion"
	if e.Kind == netlist.Assume {
		what = "assumption"
	}
	return fmt.Sprintf("%s: %s failed in cycle %d, %s: %s", e.Pos, what, e.Cycle, e.Where(), e.Msg)
}

// CoverCount is how often a cover point was hit.
type CoverCount struct {
	PropInfo
	Count uint64
}

// simProp is a property in the layout: state offsets.
type simProp struct {
	kind          netlist.PropKind
	cond, en, rst int64 // en and rst are -1 when absent
	info          int   // index into Sim.propInfo
	cover         int   // index into Sim.coverHits, for a Cover
}

// flattenProps adds the properties of one instance of m.
func (c *compiler) flattenProps(m *netlist.Module, path string, local []int32) {
	inst := path
	if inst != "" {
		inst = inst[:len(inst)-1] // without the trailing '.'
	}
	for _, p := range m.Props {
		fp := flatProp{cond: local[p.Cond], en: -1, rst: -1,
			info: PropInfo{Kind: p.Kind, Msg: p.Msg, Instance: inst, Module: m.Name, Pos: p.Pos}}
		if p.En != netlist.NoNet {
			fp.en = local[p.En]
		}
		if p.Reset != netlist.NoNet {
			fp.rst = local[p.Reset]
		}
		c.props = append(c.props, fp)
	}
}

// propNets marks the nets the properties read as needed every eval.
func (c *compiler) propNets(need func(int32)) {
	for _, p := range c.props {
		need(p.cond)
		need(p.en)
		need(p.rst)
	}
}

// layoutProps gives the Sim its properties, by state offset.
func (c *compiler) layoutProps(s *Sim) {
	off := func(g int32) int64 {
		if g < 0 {
			return -1
		}
		return int64(s.nets[g].off)
	}
	for _, p := range c.props {
		sp := simProp{kind: p.info.Kind, cond: off(p.cond), en: off(p.en), rst: off(p.rst), info: len(s.propInfo), cover: -1}
		if p.info.Kind == netlist.Cover {
			sp.cover = len(s.coverHits)
			s.coverHits = append(s.coverHits, 0)
		}
		s.propInfo = append(s.propInfo, p.info)
		s.props = append(s.props, sp)
	}
}

// checkProps checks the properties against the settled state before an
// edge: it counts the covers hit and returns the first failure, or nil.
// at(off) reads the word at a state offset.
func checkProps(props []simProp, hits []uint64, at func(int64) uint64) *simProp {
	var failed *simProp
	for i := range props {
		p := &props[i]
		if p.rst >= 0 && at(p.rst) != 0 || p.en >= 0 && at(p.en) == 0 {
			continue
		}
		c := at(p.cond)
		switch {
		case p.kind == netlist.Cover:
			hits[p.cover] += c
		case c == 0 && failed == nil:
			failed = p
		}
	}
	return failed
}

// checkEdge checks the properties before the edge about to be taken and
// stops the simulation on a failure, which it records for Err; it reports
// whether to take the edge.
func (s *Sim) checkEdge() bool {
	if s.stopped {
		return false
	}
	if len(s.props) == 0 {
		return true
	}
	p := checkProps(s.props, s.coverHits, func(off int64) uint64 { return s.word(uint32(off)) })
	if p == nil {
		return true
	}
	s.stopped = true
	s.failure = &AssertionError{PropInfo: s.propInfo[p.info], Cycle: s.cycle}
	if s.err == nil {
		s.err = s.failure
	}
	return false
}

// Properties returns every assertion, assumption and cover point of the
// flattened design, instance by instance (depth first, the top's first).
func (s *Sim) Properties() []PropInfo { return append([]PropInfo(nil), s.propInfo...) }

// Covers returns how many times each cover point was hit so far: at how
// many edges, outside reset and where its When conditions held, its
// condition was 1. They are in the order of Properties.
func (s *Sim) Covers() []CoverCount { return covers(s.props, s.propInfo, s.coverHits) }

func covers(props []simProp, info []PropInfo, hits []uint64) []CoverCount {
	var out []CoverCount
	for _, p := range props {
		if p.kind == netlist.Cover {
			out = append(out, CoverCount{PropInfo: info[p.info], Count: hits[p.cover]})
		}
	}
	return out
}

// Failure returns the assertion or assumption that stopped the
// simulation, or nil. Err reports it too.
func (s *Sim) Failure() *AssertionError { return s.failure }
