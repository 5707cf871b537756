package netlist_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

const propText = `design top

module top {
  clock clk
  input clk: 1
  input rst: 1
  input a: 1
  input b: 1
  output y: 1
  cell y = and(a, b)
  assert y en a reset rst "y when \"a\"" @ "top.go":12
  assume b "b always"
  cover y reset rst "y_seen" @ "top.go":14:3
}
`

func TestPropertyText(t *testing.T) {
	d, err := netlist.Parse("p.net", propText)
	require.NoError(t, err)
	m := d.TopModule()
	id := func(n string) netlist.NetID { return m.NetByName(n) }
	want := []netlist.Property{
		{Kind: netlist.Assert, Cond: id("y"), En: id("a"), Reset: id("rst"), Msg: `y when "a"`, Pos: netlist.Pos{File: "top.go", Line: 12}},
		{Kind: netlist.Assume, Cond: id("b"), En: netlist.NoNet, Reset: netlist.NoNet, Msg: "b always"},
		{Kind: netlist.Cover, Cond: id("y"), En: netlist.NoNet, Reset: id("rst"), Msg: "y_seen", Pos: netlist.Pos{File: "top.go", Line: 14, Col: 3}},
	}
	if diff := cmp.Diff(want, m.Props); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
	require.Equal(t, propText, netlist.Format(d))
	roundTrip(t, "props", d)
}

func TestPropertyErrors(t *testing.T) {
	head := "  input clk: 1\n  input rst: 1\n  input a: 1\n  input w: 2\n"
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown net", "  assert x \"m\"", `9:10: module top: unknown net "x"`},
		{"wide condition", "  assert w \"m\"", `9:3: module top: w: assert condition must be 1 bit, is 2 bits`},
		{"wide enable", "  cover a en w \"c\"", `9:3: module top: w: cover enable must be 1 bit, is 2 bits`},
		{"empty message", "  assume a \"\"", `9:3: module top: a: assume "": empty message`},
		{"control character", "  assert a \"x\\ty\"", `non-printing character '\t'`},
		{"cover name", "  cover a \"a b\"", `must be an identifier`},
		{"long message", "  assert a \"" + strings.Repeat("m", netlist.MaxPropMsg+1) + "\"", `longer than 256 bytes`},
		{"duplicate cover", "  cover a \"c\"\n  cover a \"c\"", `10:3: module top: c: name collision: two cover points of this name`},
		{"no message", "  assert a", `syntax error`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := netlist.Parse("t.net", clocked(head+tc.body))
			require.ErrorContains(t, err, tc.want)
		})
	}
	_, err := netlist.Parse("t.net", "design top\nmodule top {\n  input a: 1\n  assert a \"m\"\n}\n")
	require.ErrorContains(t, err, "module has assertions or cover points but no clock")
}
