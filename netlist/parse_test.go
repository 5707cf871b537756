package netlist_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// header and a clocked module around body, so that a case's first body line
// is line 5 of the text.
func clocked(body string) string {
	return "design top\n\nmodule top {\n  clock clk\n" + body + "\n}\n"
}

// Each case is a text and the errors Parse must report, in order, each as
// "line:col: substring of the message" (the file name is "t.net").
func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want []string
	}{
		// Syntax: the token found and what was expected.
		{"empty", "", []string{`1:1: syntax error: unexpected token "<EOF>" (expected "design" and the name of the top module)`}},
		{"no design", "module m {}", []string{`1:1: syntax error: unexpected token "module" (expected "design" and the name of the top module)`}},
		{"missing comma", clocked("  cell y = add(a b)"), []string{`5:18: syntax error: unexpected token "b" (expected ")")`}},
		{"missing width", clocked("  input clk:\n  wire y: 8"), []string{`6:3: syntax error: unexpected token "wire" (expected Number`}},
		{"bad character", clocked("  input clk: 1;"), []string{`5:15: syntax error: unexpected character ';'`}},
		{"unclosed module", "design top\nmodule top {\n  input a: 1\n", []string{`4:1: syntax error: unexpected token "<EOF>"`}},
		{"unknown statement", clocked("  net a: 1"), []string{`5:3: syntax error: unexpected token "net" (expected "}")`}},
		{"literal without digits", clocked("  cell y = const 8'"), []string{`5:19: syntax error: unexpected character '\''`}},

		// Tokens that parse but do not convert.
		{"unknown net", clocked("  input clk: 1\n  output y: 8\n  cell y = buf(x)"), []string{`7:16: module top: unknown net "x"`}},
		{"unknown op", clocked("  input clk: 1\n  output y: 8\n  cell y = frob(clk)"), []string{`7:12: module top: unknown op "frob"`}},
		{"bad literal", clocked("  input clk: 1\n  output y: 4\n  cell y = const 4'h1f"), []string{`7:18: module top: invalid literal: bits: "4'h1f" does not fit in 4 bits`}},
		{"bad digits", clocked("  input clk: 1\n  output y: 4\n  cell y = const 4'hxz"), []string{`7:18: module top: invalid literal`}},
		{"huge width", clocked("  input clk: 1\n  wire y: 99999999999"), []string{`6:11: module top: invalid width 99999999999`}},
		{"too wide", clocked("  input clk: 1\n  wire y: 16777217"), []string{`6:11: module top: width 16777217 is wider than the widest supported`}},
		{"bad position", clocked("  input clk: 1 @ \"a\\qb\":3"), []string{`5:16: module top: invalid file name`}},
		{"second clock", clocked("  input clk: 1\n  clock clk"), []string{`6:9: module top: second clock statement; the first is at 4:9`}},

		// Check's messages, at the offending element.
		{"top missing", "design nope\nmodule m {\n}\n", []string{`1:1: top module "nope" is not in the design`}},
		{"width mismatch", clocked("  input clk: 1\n  input a: 8\n  input b: 4\n  output y: 8\n  cell y = add(a, b)"),
			[]string{`9:3: module top: y: width mismatch: add input 1 is 4 bits, output is 8 bits`}},
		{"bad width", clocked("  input clk: 1\n  input a: 0"), []string{`6:3: module top: a: width 0: widths must be at least 1`}},
		{"two drivers", clocked("  input clk: 1\n  input a: 8\n  output y: 8\n  cell y = buf(a)\n  cell y = not(a)"),
			[]string{`7:3: module top: y: two drivers`, "note: driven by buf at t.net:8:3", "note: driven by not at t.net:9:3"}},
		{"undriven", clocked("  input clk: 1\n  output y: 8 @ \"top.go\":12"),
			[]string{`6:3: module top: y: undriven output`, "note: source: top.go:12"}},
		{"loop", clocked("  input clk: 1\n  wire a: 8\n  wire b: 8\n  cell a = not(b)\n  cell b = not(a)"),
			[]string{`7:3: module top: b: combinational loop: b -> a -> b`, "note: b at t.net:7:3", "note: a at t.net:6:3"}},
		{"collision", clocked("  input clk: 1\n  wire a: 8\n  wire a: 8"),
			[]string{`7:3: module top: a: name collision: net declared twice`, "note: first declared at t.net:6:3"}},
		{"reg width", clocked("  input clk: 1\n  input d: 4\n  output q: 8\n  reg q = d"),
			[]string{`8:3: module top: q: width mismatch: 8-bit register assigned 4-bit d`}},
		{"clock not a port", "design top\nmodule top {\n  wire clk: 1\n  clock clk\n}\n",
			[]string{`2:1: module top: clk: clock must be an input port`}},
		{"no clock", "design top\nmodule top {\n  input d: 1\n  output q: 1\n  reg q = d\n}\n",
			[]string{`2:1: module top: module has registers or memories but no clock`}},
		{"write without enable", clocked("  input clk: 1\n  input a: 2\n  input d: 8\n  mem m: 8 depth 4 {\n    write [a] = d\n  }"),
			[]string{`9:5: module top: m: memory write port has no enable`}},
		{"read width", clocked("  input clk: 1\n  input a: 2\n  output q: 4\n  mem m: 8 depth 4 {\n    read q = [a]\n  }"),
			[]string{`9:5: module top: q: width mismatch: 4-bit read data of 8-bit memory m`}},
		{"memory depth", clocked("  input clk: 1\n  mem m: 8 depth 0 {\n  }"),
			[]string{`6:3: module top: m: memory of 0 words of 8 bits`}},
		{"unknown module", clocked("  input clk: 1\n  inst u: child()"),
			[]string{`6:3: module top: u: instance of unknown module "child"`}},
		{"unconnected input", "design top\nmodule c {\n  input a: 1\n}\nmodule top {\n  inst u: c()\n}\n",
			[]string{`6:3: module top: u.a: unconnected instance input`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := netlist.Parse("t.net", tc.text)
			require.Error(t, err)
			var list netlist.ErrorList
			require.ErrorAs(t, err, &list)
			got := err.Error()
			if len(list) == 1 {
				require.NotContains(t, got, "errors:")
			}
			// The first error starts the text; the rest follow in order.
			rest := got
			if i := strings.Index(rest, "t.net:"); i >= 0 {
				rest = rest[i:]
			}
			for _, w := range tc.want {
				if !strings.HasPrefix(w, "note:") {
					w = "t.net:" + w
				}
				i := strings.Index(rest, w)
				require.GreaterOrEqual(t, i, 0, "want %q in:\n%s", w, got)
				rest = rest[i+len(w):]
			}
			nErr := 0
			for _, w := range tc.want {
				if !strings.HasPrefix(w, "note:") {
					nErr++
				}
			}
			require.Len(t, list, nErr, "got:\n%s", got)
		})
	}
}
