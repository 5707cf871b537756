package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// box is a design whose module B is a black box with the given statements
// (from line 3 on), instantiated by the top T.
func box(stmts string) string {
	return "design T\nmodule B {\n" + stmts + `
  input i: 4
  input j: 4
  output o: 4
  output p: 4
}
module T {
  input i: 4
  output o: 4
  output p: 4
  inst u: B(i = i, j = i, o = o, p = p)
}
`
}

// Black box declarations that read but are not valid are errors at the
// offending statement's line and column.
func TestExternErrors(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"param outside extern", box("  param N = 1"), []string{`3:3: module B: param statement in a module that is not extern`}},
		{"file outside extern", box("  file \"x.v\""), []string{`3:3: module B: file statement in a module that is not extern`}},
		{"two externs", box("  extern x\n  extern y"), []string{`4:3: module B: second extern statement`}},
		{"bad verilog name", box("  extern module"), []string{`3:3: module B: B: black box: invalid Verilog module name "module"`}},
		{"duplicate param", box("  extern x\n  param N = 1\n  param N = 2"), []string{`3:3: module B: N: black box: parameter N given twice`}},
		{"bad string", box("  extern x\n  param S = \"a\\\\b\""), []string{`3:3: module B: S: black box: parameter S: a string parameter must be printable ASCII`}},
		{"huge int", box("  extern x\n  param N = 99999999999999999999"), []string{`4:13: module B: invalid parameter value 99999999999999999999`}},
		{"comb from input", box("  extern x\n  comb i from (j)"), []string{`3:3: module B: i: black box: combinational path from i, which is not an output port`}},
		{"comb to output", box("  extern x\n  comb o from (p)"), []string{`3:3: module B: p: black box: output o depends on p, which is not an input port`}},
		{"comb twice", box("  extern x\n  comb o from (i)\n  comb o from (j)"), []string{`3:3: module B: o: black box: second combinational path declaration for output o`}},
		{"unknown net", box("  extern x\n  comb o from (k)"), []string{`4:16: module B: unknown net "k"`}},
		{"clash with a module", "design T\nmodule B {\n  extern T\n  output o: 1\n}\nmodule T {\n  output o: 1\n  inst u: B(o = o)\n}\n",
			[]string{`3:3: module B: B: black box: Verilog module name T is the name of a module of the design`}},
		{"property", "design T\nmodule B {\n  extern x\n  clock c\n  input c: 1\n  input i: 1\n  assert i \"m\"\n}\nmodule T {\n  input c: 1\n  input i: 1\n  clock c\n  inst u: B(c = c, i = i)\n}\n",
			[]string{`7:3: module B: black box: a black box cannot carry assertions`}},
		{"model path undeclared", box("  extern x\n  cell o = buf(i)\n  cell p = buf(j)"),
			[]string{`module B: o: black box model: output o depends combinationally on input i, which the black box does not declare`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := netlist.Parse("t.net", tc.text)
			require.Error(t, err)
			for _, w := range tc.want {
				require.Contains(t, err.Error(), w)
			}
		})
	}
}

// A black box with a declared path and a model that uses it is valid, and
// reads back the same; its instance sees only the declared paths, so a loop
// through an undeclared one is not a loop.
func TestExternValid(t *testing.T) {
	text := box("  extern x @ \"b.go\":7\n  param N = -3\n  param S = \"fast mode\"\n  file \"/ip/x.v\"\n  comb o from (i, j)")
	d, err := netlist.Parse("t.net", text)
	require.NoError(t, err)
	x := d.Module("B").Extern
	require.Equal(t, "x", x.Verilog)
	require.Equal(t, netlist.Pos{File: "b.go", Line: 7}, x.Pos)
	require.Equal(t, []netlist.Param{{Name: "N", Int: -3}, {Name: "S", IsString: true, Str: "fast mode"}}, x.Params)
	require.Equal(t, "-3", x.Params[0].Verilog())
	require.Equal(t, `"fast mode"`, x.Params[1].Verilog())
	require.Equal(t, []string{"/ip/x.v"}, d.ExternFiles())
	roundTrip(t, "extern", d)

	// p is registered: feeding it back to j is no loop.
	loopFree := "design T\nmodule B {\n  extern x\n  comb o from (i)\n  input i: 4\n  input j: 4\n  output o: 4\n  output p: 4\n}\n" +
		"module T {\n  input i: 4\n  output o: 4\n  wire p: 4\n  inst u: B(i = i, j = p, o = o, p = p)\n}\n"
	_, err = netlist.Parse("t.net", loopFree)
	require.NoError(t, err)
}
