package rtlsim

import (
	"fmt"
	"strconv"
	"strings"

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
	g.check()
}

// check writes the model's check, as Sim.checkEdge makes it: every
// property in order, with its words as constants, skipped while its reset
// is 1 or its enable 0; a cover adds its condition to its hits, a failed
// assertion or assumption stops the check.
func (g *goGen) check() {
	s := g.s
	g.p("// check checks the properties before an edge, counting the covers hit;\n// on a failure it records the error and reports false.\nfunc (m *Model) check() bool {\n\tst := &m.st.w\n")
	for _, p := range s.props {
		if s.propInfo[p.info].Kind == netlist.Cover {
			g.p("\tif m.hits == nil {\n\t\tm.hits = make([]uint64, len(Properties))\n\t}\n")
			break
		}
	}
	for i, p := range s.props {
		var guard []string
		if p.rst >= 0 {
			guard = append(guard, fmt.Sprintf("st[%d] == 0", g.l.w(uint32(p.rst))))
		}
		if p.en >= 0 {
			guard = append(guard, fmt.Sprintf("st[%d] != 0", g.l.w(uint32(p.en))))
		}
		cond := fmt.Sprintf("st[%d]", g.l.w(uint32(p.cond)))
		if s.propInfo[p.info].Kind == netlist.Cover {
			if len(guard) == 0 {
				g.p("\tm.hits[%d] += %s\n", i, cond)
			} else {
				g.p("\tif %s {\n\t\tm.hits[%d] += %s\n\t}\n", strings.Join(guard, " && "), i, cond)
			}
			continue
		}
		g.p("\tif %s {\n\t\treturn m.fail(%d)\n\t}\n", strings.Join(append(guard, cond+" == 0"), " && "), i)
	}
	g.p("\treturn true\n}\n\n")
}

// goPropsAPI is the fixed part of the property checks of a model with
// properties.
const goPropsAPI = `// fail records the failure of Properties[i] and reports false.
func (m *Model) fail(i int) bool {
	m.err = &AssertionError{Property: &Properties[i], Cycle: m.cycle}
	return false
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
