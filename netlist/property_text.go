package netlist

import (
	"fmt"
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"
)

// The text form of a property:
//
//	assert NET ["en" NET] ["reset" NET] STRING [pos]
//	assume NET ["en" NET] ["reset" NET] STRING [pos]
//	cover  NET ["en" NET] ["reset" NET] STRING [pos]

type astProp struct {
	Pos   lexer.Position
	Kind  string     `parser:"@('assert' | 'assume' | 'cover')"`
	Cond  *netRef    `parser:"@@"`
	En    *netRef    `parser:"('en' @@)?"`
	Reset *netRef    `parser:"('reset' @@)?"`
	Msg   string     `parser:"@String"`
	At    *sourcePos `parser:"@@?"`
}

func (f *formatter) prop(p Property) {
	fmt.Fprintf(f.b, "  %s %s%s", p.Kind, f.net(p.Cond), f.en(p.En))
	if p.Reset != NoNet {
		fmt.Fprintf(f.b, " reset %s", f.net(p.Reset))
	}
	fmt.Fprintf(f.b, " %s%s\n", strconv.Quote(p.Msg), at(p.Pos))
}

func (b *builder) prop(ap *astProp) Property {
	kind, _ := PropKindByName(ap.Kind) // the grammar admits only the kinds
	msg, err := strconv.Unquote(ap.Msg)
	if err != nil {
		b.errorf(ap.Pos, "invalid string %s", ap.Msg)
	}
	return Property{Kind: kind, Cond: b.ref(ap.Cond), En: b.ref(ap.En), Reset: b.ref(ap.Reset), Msg: msg, Pos: b.at(ap.At)}
}
