package netlist

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// PropKind says what a Property is.
type PropKind uint8

const (
	// Assert is a property the design promises: a simulator stops with an
	// error when it fails, and a proof must show it always holds.
	Assert PropKind = iota
	// Assume is a property of the design's environment (its inputs): a
	// simulator checks it like an assertion, and a proof takes it as given.
	Assume
	// Cover is a condition whose occurrences a simulator counts and a proof
	// tries to reach; it never fails.
	Cover
)

var propKinds = [...]string{Assert: "assert", Assume: "assume", Cover: "cover"}

func (k PropKind) String() string {
	if int(k) < len(propKinds) {
		return propKinds[k]
	}
	return fmt.Sprintf("PropKind(%d)", k)
}

// PropKindByName returns the kind called name ("assert", "assume",
// "cover").
func PropKindByName(name string) (PropKind, bool) {
	for k, s := range propKinds {
		if s == name {
			return PropKind(k), true
		}
	}
	return 0, false
}

// MaxPropMsg is the longest message or cover name a Property may have, in
// bytes.
const MaxPropMsg = 256

// Property is an assertion, an assumption or a cover point of a module.
// It is sampled at every rising edge of the module's clock where Reset
// (when there is one) is 0 and En (when there is one) is 1, with the values
// the nets have just before the edge: an Assert or Assume fails when Cond
// is 0 there, a Cover is hit when Cond is 1.
type Property struct {
	Kind  PropKind
	Cond  NetID // 1 bit
	En    NetID // 1 bit, or NoNet: always enabled
	Reset NetID // 1 bit, or NoNet: checked in reset too
	// Msg is the message of an Assert or Assume (printed on failure) or the
	// name of a Cover (an identifier, unique among the module's covers).
	Msg string
	Pos Pos
}

// checkProps validates the properties of m.
func (c *checker) checkProps(m *Module) {
	errs := &c.errs
	if len(m.Props) > 0 && m.Clock == NoNet {
		errs.Add(m.Props[0].Pos, m.Name, "", "module has assertions or cover points but no clock")
	}
	covers := map[string]Pos{}
	for _, p := range m.Props {
		if int(p.Kind) >= len(propKinds) {
			errs.Add(p.Pos, m.Name, "", "invalid property kind %d", p.Kind)
			continue
		}
		for _, f := range []struct {
			what     string
			id       NetID
			optional bool
		}{{p.Kind.String() + " condition", p.Cond, false}, {p.Kind.String() + " enable", p.En, true}, {p.Kind.String() + " reset", p.Reset, true}} {
			switch {
			case f.optional && f.id == NoNet:
			case !m.hasNet(f.id):
				errs.Add(p.Pos, m.Name, "", "%s refers to net %d, which does not exist", f.what, f.id)
			case m.Nets[f.id].Width != 1:
				errs.Add(p.Pos, m.Name, m.Nets[f.id].Name, "%s must be 1 bit, is %d bits", f.what, m.Nets[f.id].Width)
			}
		}
		cond := ""
		if m.hasNet(p.Cond) {
			cond = m.Nets[p.Cond].Name
		}
		if msg := propMsgProblem(p); msg != "" {
			errs.Add(p.Pos, m.Name, cond, "%s %q: %s", p.Kind, p.Msg, msg)
		}
		if p.Kind == Cover {
			if prev, dup := covers[p.Msg]; dup {
				errs.Add(p.Pos, m.Name, p.Msg, "name collision: two cover points of this name").
					Notes = []string{"first declared at " + prev.String()}
			}
			covers[p.Msg] = p.Pos
		}
	}
}

// propMsgProblem says what is wrong with the message or name of p, or "".
func propMsgProblem(p Property) string {
	switch {
	case p.Msg == "":
		return "empty message"
	case len(p.Msg) > MaxPropMsg:
		return fmt.Sprintf("longer than %d bytes", MaxPropMsg)
	case p.Kind == Cover && !isIdent(p.Msg):
		return "a cover name must be an identifier (a letter or _, then letters, digits, _ or $)"
	case !utf8.ValidString(p.Msg):
		return "not valid UTF-8"
	}
	for _, r := range p.Msg {
		if !unicode.IsPrint(r) {
			return fmt.Sprintf("contains the non-printing character %q", r)
		}
	}
	return ""
}
