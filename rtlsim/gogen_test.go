package rtlsim

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// TestWriteGo: the generated source parses, is the same every time, and
// names the ports; a bad package name is an error. Building and running
// generated models against the interpreter is internal/bench's
// TestGoModelRandomDesigns and TestGoModelCores.
func TestWriteGo(t *testing.T) {
	b := newMod("acc")
	b.clk()
	x, q := b.in("x", 8), b.out("q", 8)
	rst := b.in("rst", 1)
	b.reg(q, b.op("sum", 8, netlist.OpAdd, q, x), netlist.NoNet, rst, v("8'd3"))
	s := compile(t, design(b))
	var one, two bytes.Buffer
	require.NoError(t, s.WriteGo(&one, "accmodel"))
	require.NoError(t, s.WriteGo(&two, "accmodel"))
	require.Equal(t, one.String(), two.String())
	f, err := parser.ParseFile(token.NewFileSet(), "model.go", one.Bytes(), 0)
	require.NoError(t, err)
	require.Equal(t, "accmodel", f.Name.Name)
	require.Contains(t, one.String(), `{Name: "x", Width: 8,`)
	require.Contains(t, one.String(), `{Name: "q", Width: 8,`)
	require.NotContains(t, one.String(), `Name: "clk"`)

	for _, bad := range []string{"not-a-name", "func", ""} {
		err = s.WriteGo(&one, bad)
		require.ErrorContains(t, err, fmt.Sprintf("%q is not a Go package name", bad))
	}
}
