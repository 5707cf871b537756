package elaborate

import (
	"github.com/systole-hdl/systole/internal/dslir"
	"github.com/systole-hdl/systole/netlist"
)

var propKinds = [...]netlist.PropKind{
	dslir.PropAssert: netlist.Assert,
	dslir.PropAssume: netlist.Assume,
	dslir.PropCover:  netlist.Cover,
}

// property lowers an Assert, Assume or Cover: checked where the path
// condition holds, outside the module's reset. netlist.Check judges the
// message.
func (l *lowering) property(s *dslir.Stmt, path netlist.NetID) {
	cond := l.bool(s.Value, s.Pos, s.Prop.String()+" condition")
	l.m.Props = append(l.m.Props, netlist.Property{Kind: propKinds[s.Prop], Cond: cond, En: path,
		Reset: l.reset, Msg: s.Msg, Pos: npos(s.Pos)})
}

// hasProperty reports whether blk or a block nested in it declares a
// property, which needs the module's clock.
func hasProperty(blk *dslir.Block) bool {
	for _, s := range blk.Stmts {
		switch s.Kind {
		case dslir.Property:
			return true
		case dslir.When:
			for _, b := range s.Chain.Branches {
				if hasProperty(b.Body) {
					return true
				}
			}
			if s.Chain.Otherwise != nil && hasProperty(s.Chain.Otherwise) {
				return true
			}
		}
	}
	return false
}
