package netlist

import (
	"fmt"
	"math/bits"
	"strings"
)

// Enum is a named set of values of a module's nets: the states of a state
// machine. Value i of the enum is the Width-bit number i, named Names[i].
// Back ends show the names: emit declares each value as a localparam
// named Name_Value (state_Idle), and a net of the enum is declared with a
// comment naming it.
type Enum struct {
	Name  string
	Width int
	Names []string
	// Nets lists the module's nets that hold values of the enum.
	Nets []NetID
	Pos  Pos
}

// ParamName is the name of value i as a constant: Name_Names[i] (Legalize
// changes it if it collides with another name of the module).
func (e *Enum) ParamName(i int) string { return e.Name + "_" + e.Names[i] }

// checkEnums checks the enums of m: valid, distinct names, a width that
// holds every value, and nets of that width that exist.
func (c *checker) checkEnums(m *Module) {
	enums := map[string]bool{}
	for _, e := range m.Enums {
		errs := &c.errs
		if !isIdent(e.Name) || enums[e.Name] {
			errs.Add(e.Pos, m.Name, e.Name, "invalid or duplicate enum name %q", e.Name)
		}
		enums[e.Name] = true
		if len(e.Names) == 0 {
			errs.Add(e.Pos, m.Name, e.Name, "enum %s has no values", e.Name)
			continue
		}
		if e.Width < 1 || e.Width < bits.Len(uint(len(e.Names)-1)) {
			errs.Add(e.Pos, m.Name, e.Name, "enum %s of %d values does not fit in %d bits", e.Name, len(e.Names), e.Width)
		}
		names := map[string]bool{}
		for _, v := range e.Names {
			if !isIdent(v) || names[v] {
				errs.Add(e.Pos, m.Name, e.Name, "enum %s: invalid or duplicate value name %q", e.Name, v)
			}
			names[v] = true
		}
		for _, id := range e.Nets {
			switch {
			case id < 0 || int(id) >= len(m.Nets):
				errs.Add(e.Pos, m.Name, e.Name, "enum %s refers to net %d, which does not exist", e.Name, id)
			case m.Nets[id].Width != e.Width:
				errs.Add(e.Pos, m.Name, m.Nets[id].Name, "net %s of enum %s is %d bits, the enum %d", m.Nets[id].Name, e.Name, m.Nets[id].Width, e.Width)
			}
		}
	}
}

// formatEnum writes the text form of an enum:
//
//	enum state: 2 (Idle, Run, Done) nets (state, next) @ "fsm.go":12
func (f *formatter) enum(e *Enum) {
	fmt.Fprintf(f.b, "  enum %s: %d (%s)", e.Name, e.Width, strings.Join(e.Names, ", "))
	if len(e.Nets) > 0 {
		names := make([]string, len(e.Nets))
		for i, id := range e.Nets {
			names[i] = f.net(id)
		}
		fmt.Fprintf(f.b, " nets (%s)", strings.Join(names, ", "))
	}
	fmt.Fprintf(f.b, "%s\n", at(e.Pos))
}
