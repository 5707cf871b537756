package elaborate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
)

// The traps: builder uses that silently made wrong hardware (or crashed)
// before, each now an error at the user's line (checked by TestMisuse).

var traps = []dsl.Generator{
	dsl.Func("initDoesNotFit", func(m *dsl.Module) {
		a := m.Input("a", dsl.UInt(4))
		r := m.Reg("r", dsl.UInt(4), dsl.Init(16)) // ERROR "r: reset value: constant 16 does not fit in UInt\(4\)"
		s := m.Reg("s", dsl.UInt(8), dsl.Init(-1)) // ERROR "s: reset value: constant -1 does not fit in UInt\(8\)"
		k := m.Reg("k", dsl.SInt(4), dsl.Init(8))  // ERROR "k: reset value: constant 8 does not fit in SInt\(4\)"
		r.Set(a)
		s.Set(a.ZeroExtend(8))
		k.Set(a.AsSInt())
		m.Output("y", dsl.UInt(4)).Set(r.Xor(s.Trunc(4)).Xor(k.AsUInt()))
	}),
	selfInstance(),
	cycleThroughOther(),
	deepRecursion(0),
	dsl.Func("sliceField", func(m *dsl.Module) {
		b := &struct {
			Valid dsl.Signal
			Lanes []dsl.Signal
			Pair  [2]dsl.Signal
		}{Valid: dsl.Proto(dsl.Bool())}
		m.OutputBundle("b", b) // ERROR "bundle field b_lanes .* is a Go slice: .* use a dsl.Vec" // ERROR "bundle field b_pair .* is a Go array"
		b.Valid.Set(dsl.B(true))
	}),
	dsl.Func("tooWide", func(m *dsl.Module) {
		w := m.Wire("w", dsl.UInt(1<<40)) // ERROR "w: width 1099511627776 is wider than the widest supported, 16777216 bits"
		w.Set(dsl.U(1<<40, 0))            // ERROR "width 1099511627776 is wider than the widest supported"
		a := m.Input("a", dsl.UInt(8))
		m.Output("y", dsl.UInt(1<<25)).Set(a.ZeroExtend(1 << 25)) // ERROR "y: width 33554432 is wider" // ERROR "ZeroExtend expression: width 33554432 is wider"
		mem := m.Mem("ram", dsl.UInt(1<<30), 4)                   // ERROR "ram: memory of 4 words of 1073741824 bits"
		mem.Write(dsl.U(2, 0), dsl.U(1<<30, 0))                   // ERROR "width 1073741824 is wider"
	}),
}

// selfInstance instantiates itself.
func selfInstance() dsl.Generator {
	var g dsl.Generator
	g = dsl.Func("selfInstance", func(m *dsl.Module) {
		u := m.Instance("u", g) // ERROR "u: instantiation cycle: module selfInstance instantiates itself: selfInstance -> selfInstance"
		m.Output("y", dsl.Bool()).Set(u.Port("y"))
	})
	return g
}

// cycleThroughOther instantiates a child that instantiates it.
func cycleThroughOther() dsl.Generator {
	var g dsl.Generator
	g = dsl.Func("cycleThroughOther", func(m *dsl.Module) {
		child := dsl.Func("cycleChild", func(m *dsl.Module) {
			u := m.Instance("back", g) // ERROR "back: instantiation cycle: module cycleThroughOther instantiates itself: cycleThroughOther -> cycleChild -> cycleThroughOther"
			m.Output("y", dsl.Bool()).Set(u.Port("y"))
		})
		u := m.Instance("u", child)
		m.Output("y", dsl.Bool()).Set(u.Port("y"))
	})
	return g
}

// deepRecursion instantiates itself with a new parameter at every level,
// without end.
func deepRecursion(n int) dsl.Generator {
	return dsl.Func("deepRecursion", func(m *dsl.Module) {
		a := m.Input("a", dsl.Bool())
		u := m.Instance("u", deepRecursion(n+1)) // ERROR "u: instance deepRecursion\.u\.u\..*: 65 levels of hierarchy, over the depth limit of 64 \(raise it with SYSTOLE_LIMIT_DEPTH"
		u.Port("a").Set(a.Not())
		m.Output("y", dsl.Bool()).Set(u.Port("y"))
	})
}

// Two Funcs of one name with different bodies are two modules (they shared
// the first one's before); one Func value instantiated twice is one.
func TestFuncIdentity(t *testing.T) {
	inv := dsl.Func("f", func(m *dsl.Module) { m.Output("o", dsl.Bool()).Set(m.Input("i", dsl.Bool()).Not()) })
	buf := dsl.Func("f", func(m *dsl.Module) { m.Output("o", dsl.Bool()).Set(m.Input("i", dsl.Bool())) })
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		a := m.Input("a", dsl.Bool())
		u, v, w := m.Instance("u", inv), m.Instance("v", buf), m.Instance("w", inv)
		u.Port("i").Set(a)
		v.Port("i").Set(a)
		w.Port("i").Set(a)
		m.Output("y", dsl.UInt(3)).Set(dsl.Cat(u.Port("o"), v.Port("o"), w.Port("o")))
		require.Equal(t, "f", u.Module())
		require.Equal(t, "f_1", v.Module())
		require.Equal(t, "f", w.Module())
	}))
	require.NoError(t, err)
	require.Len(t, d.Modules, 3)
}

// ptrGen holds its parameters behind a pointer.
type ptrGen struct{ P *ptrParams }

type ptrParams struct{ Width int }

func (g ptrGen) Build(m *dsl.Module) {
	m.Output("o", dsl.UInt(g.P.Width)).Set(m.Input("i", dsl.UInt(g.P.Width)))
}

// Generators with pointer fields share a module when the values pointed to
// are equal, and never when they differ, even through one pointer changed
// between two instantiations (before: %#v compared the addresses).
func TestPointerGeneratorIdentity(t *testing.T) {
	p := &ptrParams{Width: 4}
	d, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		a := m.Instance("a", ptrGen{P: p})
		b := m.Instance("b", ptrGen{P: &ptrParams{Width: 4}})
		p.Width = 6
		c := m.Instance("c", ptrGen{P: p})
		require.Equal(t, a.Module(), b.Module(), "equal parameters behind two pointers")
		require.NotEqual(t, a.Module(), c.Module(), "the parameters pointed to changed")
		for _, u := range []*dsl.Inst{a, b} {
			u.Port("i").Set(dsl.U(4, 1))
		}
		c.Port("i").Set(dsl.U(6, 1))
		m.Output("y", dsl.UInt(14)).Set(dsl.Cat(a.Port("o"), b.Port("o"), c.Port("o")))
	}))
	require.NoError(t, err)
	require.Len(t, d.Modules, 3)
	_, err = emit.Verilog(d)
	require.NoError(t, err)
}

// A Module kept and used after elaboration records every call as an error
// that Err returns; none panics and none changes the design.
func TestModuleAfterElaboration(t *testing.T) {
	var kept *dsl.Module
	var out dsl.Signal
	top := dsl.Func("keeper", func(m *dsl.Module) {
		kept = m
		out = m.Output("y", dsl.Bool())
		out.Set(m.Input("a", dsl.Bool()))
	})
	_, err := elaborate.Elaborate(top)
	require.NoError(t, err)
	require.NoError(t, kept.Err())

	require.NotPanics(t, func() {
		x := kept.Input("late", dsl.Bool())
		kept.Reg("r", dsl.Bool(), dsl.Init(0)).Set(x)
		kept.When(x, func() { t.Error("a late When ran its body") }).Otherwise(func() {})
		out.Set(dsl.B(false))
		kept.Mem("ram", dsl.UInt(8), 4).Write(dsl.U(2, 0), dsl.U(8, 0))
		kept.Instance("u", dsl.Func("child", func(m *dsl.Module) {}))
		kept.Errorf("late %d", 1)
		kept.Replaceable()
	})
	err = kept.Err()
	require.Error(t, err)
	for _, what := range []string{"Input", "Reg", "When", "Otherwise", "Set of y", "Mem", "Instance", "Errorf", "Replaceable"} {
		require.ErrorContains(t, err, what+" on module keeper after its generator returned")
	}
	require.ErrorContains(t, err, "elaborate/traps_test.go:")
	require.Equal(t, 11, strings.Count(err.Error(), "after its generator returned"), "%v", err)

	// The design is unchanged: elaborating again gives the same module.
	d, err := elaborate.Elaborate(top)
	require.NoError(t, err)
	require.Len(t, d.TopModule().Ports, 2)
	require.False(t, d.TopModule().Replaceable)
}

// dsl's public API names no internal type: every exported declaration of
// package dsl (functions, methods, types, exported fields, variables and
// constants) is read from its source and must not mention dslir.
func TestPublicAPINoInternalTypes(t *testing.T) {
	files, err := filepath.Glob("../dsl/*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		src, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := parser.ParseFile(fset, path, src, 0)
		require.NoError(t, err)
		mentions := func(n ast.Node) bool {
			found := false
			ast.Inspect(n, func(x ast.Node) bool {
				if id, ok := x.(*ast.Ident); ok && id.Name == "dslir" {
					found = true
				}
				return !found
			})
			return found
		}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() || d.Recv != nil && !exportedRecv(d.Recv) {
					continue
				}
				checked++
				require.False(t, mentions(d.Type), "%s: %s names an internal type", fset.Position(d.Pos()), d.Name)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if !s.Name.IsExported() {
							continue
						}
						checked++
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fld := range st.Fields.List {
								for _, n := range fld.Names {
									if n.IsExported() {
										require.False(t, mentions(fld.Type), "%s: field %s.%s names an internal type", fset.Position(fld.Pos()), s.Name, n)
									}
								}
							}
							continue
						}
						require.False(t, mentions(s.Type), "%s: type %s names an internal type", fset.Position(s.Pos()), s.Name)
					case *ast.ValueSpec:
						for i, n := range s.Names {
							if !n.IsExported() {
								continue
							}
							checked++
							if s.Type != nil {
								require.False(t, mentions(s.Type), "%s: %s names an internal type", fset.Position(n.Pos()), n)
							}
							if i < len(s.Values) {
								require.False(t, mentions(s.Values[i]), "%s: %s names an internal type", fset.Position(n.Pos()), n)
							}
						}
					}
				}
			}
		}
	}
	require.Greater(t, checked, 50)
}

func exportedRecv(r *ast.FieldList) bool {
	t := r.List[0].Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	if g, ok := t.(*ast.IndexExpr); ok {
		t = g.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}
