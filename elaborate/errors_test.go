package elaborate_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/netlist"
)

// expectation is one ERROR comment of misuse_test.go.
type expectation struct {
	line int
	rx   *regexp.Regexp
	hit  bool
}

var errorComment = regexp.MustCompile(`// ERROR "((?:[^"\\]|\\.)*)"`)

// cases maps each dsl.Func name in file to the expectations on the lines
// of its call.
func cases(t *testing.T, file string) map[string][]*expectation {
	src, err := os.ReadFile(file)
	require.NoError(t, err)
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, src, parser.ParseComments)
	require.NoError(t, err)
	lines := strings.Split(string(src), "\n")
	out := map[string][]*expectation{}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Func" || len(call.Args) != 2 {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok {
			return true
		}
		name, _ := strconv.Unquote(lit.Value)
		from, to := fset.Position(call.Pos()).Line, fset.Position(call.End()).Line
		if _, nested := out[name]; nested {
			return true
		}
		var exps []*expectation
		for l := from; l <= to; l++ {
			for _, m := range errorComment.FindAllStringSubmatch(lines[l-1], -1) {
				rx := strings.ReplaceAll(m[1], `\"`, `"`)
				exps = append(exps, &expectation{line: l, rx: regexp.MustCompile(rx)})
			}
		}
		out[name] = exps
		return true
	})
	return out
}

// misuseFiles lists the files of ERROR cases and the generators of each.
func misuseFiles() map[string][]dsl.Generator {
	return map[string][]dsl.Generator{
		"misuse_test.go":   append(misuse, misuseMore...),
		"traps_test.go":    traps,
		"features_test.go": featureMisuse,
		"blackbox_test.go": blackBoxMisuse,
	}
}

func TestMisuse(t *testing.T) {
	for file, gens := range misuseFiles() {
		testMisuse(t, file, gens)
	}
}

func testMisuse(t *testing.T, file string, gens []dsl.Generator) {
	all := cases(t, file)
	for _, g := range gens {
		name := g.(interface{ ModuleName() string }).ModuleName()
		t.Run(name, func(t *testing.T) {
			exps := all[name]
			require.NotEmpty(t, exps, "case %s has no ERROR comments", name)
			_, err := elaborate.Elaborate(g)
			require.Error(t, err)
			var list netlist.ErrorList
			require.True(t, errors.As(err, &list), "want an ErrorList, have %T: %v", err, err)
			for _, e := range list {
				require.Equal(t, "elaborate/"+file, e.Pos.File, "error without the user's position: %v", e)
				if name != "badParameter" { // a generator's own message names what it likes
					require.NotEmpty(t, e.Signal, "error names no signal: %v", e)
				}
				require.Contains(t, e.Error(), fmt.Sprintf("%s:%d", file, e.Pos.Line))
				matched := false
				for _, x := range exps {
					if x.line == e.Pos.Line && x.rx.MatchString(e.Error()) {
						x.hit, matched = true, true
					}
				}
				require.True(t, matched, "unexpected error: %v", e)
			}
			for _, x := range exps {
				require.True(t, x.hit, "line %d: no error matching %q; have:\n%v", x.line, x.rx, err)
			}
		})
	}
}

// A panic in generator code is an error, not a crash.
func TestGeneratorPanic(t *testing.T) {
	_, err := elaborate.Elaborate(dsl.Func("boom", func(m *dsl.Module) {
		var xs []int
		_ = xs[3]
	}))
	require.ErrorContains(t, err, "generator panicked")
}

// Assigning to a constant has no module to record in; it is still an error
// with the user's line.
func TestAssignConstant(t *testing.T) {
	_, err := elaborate.Elaborate(dsl.Func("k", func(m *dsl.Module) {
		dsl.U(4, 1).Set(dsl.U(4, 2))
	}))
	require.ErrorContains(t, err, "errors_test.go:")
	require.ErrorContains(t, err, "cannot assign to constant 4'h1")
}
