package rtlsim

import (
	"strconv"

	"github.com/systole-hdl/systole/netlist"
)

// props writes the design's properties into a generated model: a table
// of them, the check its Step makes before each edge (as Sim.checkEdge),
// and the error a failure stops it with, worded as an AssertionError.
func (g *goGen) props() {
	s := g.s
	if len(s.props) == 0 {
		g.p("// Properties lists the design's assertions, assumptions and cover points: it has none.\n")
		g.p("var Properties = []Property{}\n\n")
		g.p("func (m *Model) check() bool { return true }\n\n")
		return
	}
	g.p("// Properties lists the design's assertions, assumptions and cover\n// points, as rtlsim.Sim.Properties.\n")
	g.p("var Properties = []Property{\n")
	for _, p := range s.props {
		info := s.propInfo[p.info]
		what := "assertion"
		if info.Kind == netlist.Assume {
			what = "assumption"
		}
		g.p("\t{Kind: %q, Msg: %q, Instance: %q, Module: %q, Pos: %q, cond: %d, en: %d, rst: %d,\n\t\thead: %q, tail: %q},\n",
			info.Kind.String(), info.Msg, info.Instance, info.Module, info.Pos.String(), g.l.wInt(int(p.cond)), g.l.wInt(int(p.en)), g.l.wInt(int(p.rst)),
			info.Pos.String()+": "+what+" failed in cycle ", ", "+info.Where()+": "+info.Msg)
	}
	g.p("}\n\n")
	g.p("%s\n", goPropsAPI)
}

// goPropsAPI is the fixed part of the property checks of a model with
// properties.
const goPropsAPI = `// check checks the properties before an edge, counting the covers hit;
// on a failure it records the error and reports false.
func (m *Model) check() bool {
	if m.hits == nil {
		m.hits = make([]uint64, len(Properties))
	}
	for i := range Properties {
		p := &Properties[i]
		if p.rst >= 0 && m.st.w[p.rst] != 0 || p.en >= 0 && m.st.w[p.en] == 0 {
			continue
		}
		c := m.st.w[p.cond]
		switch {
		case p.Kind == "cover":
			m.hits[i] += c
		case c == 0:
			m.err = &AssertionError{Property: p, Cycle: m.cycle}
			return false
		}
	}
	return true
}

// AssertionError is a failed assertion or assumption: the model stopped
// before the edge where it failed.
type AssertionError struct {
	Property *Property
	Cycle    uint64
}

func (e *AssertionError) Error() string {
	return e.Property.head + strconv.FormatUint(e.Cycle, 10) + e.Property.tail
}
`

// goPropsTypes is the part of every model that declares properties, with
// or without any: the Property type, Err and Hits.
const goPropsTypes = `// Property is an assertion, an assumption or a cover point.
type Property struct {
	Kind                         string // "assert", "assume" or "cover"
	Msg, Instance, Module, Pos   string
	cond, en, rst                int
	head, tail                   string
}

// Err returns the failed assertion or assumption (an *AssertionError)
// that stopped the model, or nil. Step does nothing once it is set.
func (m *Model) Err() error { return m.err }

// Hits returns how many times Properties[i], a cover point, was hit.
func (m *Model) Hits(i int) uint64 {
	if m.hits == nil {
		return 0
	}
	return m.hits[i]
}
`

// propImports are the imports the property checks add.
func (g *goGen) propImports() []string {
	if len(g.s.props) == 0 {
		return nil
	}
	return []string{strconv.Quote("strconv")}
}
