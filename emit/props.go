package emit

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/netlist"
)

// FailPrefix opens the line a simulator prints when an assertion or
// assumption of the emitted Verilog fails, before it calls $finish:
//
//	systole: FILE:LINE: assertion failed, instance TOP.u of module M: MESSAGE
//
// (or "assumption failed"), the same words as rtlsim's AssertionError
// without the cycle, which the simulator's harness counts.
const FailPrefix = "systole: "

// CoverPrefix opens the line a simulator prints at each hit of a cover
// point of the emitted Verilog, when it runs with the plusarg CoverPlusarg
// (+systole_covers):
//
//	systole-cover: TOP.u near_limit
//
// the instance (%m) and the cover's name. Counting the lines gives the
// counts rtlsim keeps (Verilog-2005 has no final block to print totals).
const CoverPrefix = "systole-cover: "

// CoverPlusarg is the plusarg that turns on the cover lines.
const CoverPlusarg = "systole_covers"

// props writes the module's properties in two guarded forms: for formal
// tools (Yosys read_verilog -formal defines FORMAL) immediate assert,
// assume and cover statements in a clocked block, labelled by PropLabel;
// for simulators (neither FORMAL nor SYNTHESIS) a Verilog-2005 check that
// prints the failure and calls $finish, at the edge where the property is
// sampled, as rtlsim stops, and for each cover point a line at each hit
// (see CoverPrefix). Synthesis sees neither.
func (e *modEmitter) props(b *bytes.Buffer) error {
	m := e.m
	if len(m.Props) == 0 {
		return nil
	}
	n := e.names.Nets
	guard := func(p netlist.Property, extra string) string {
		var cs []string
		if p.Reset != netlist.NoNet {
			cs = append(cs, "!"+n[p.Reset])
		}
		if p.En != netlist.NoNet {
			cs = append(cs, n[p.En])
		}
		if extra != "" {
			cs = append(cs, extra)
		}
		if len(cs) == 0 {
			return ""
		}
		return "if (" + strings.Join(cs, " && ") + ") "
	}
	clk := n[m.Clock]
	b.WriteString("  // Assertions, assumptions and cover points, sampled at the clock edge.\n")
	b.WriteString("`ifdef FORMAL\n")
	fmt.Fprintf(b, "  always @(posedge %s) begin\n", clk)
	for i, p := range m.Props {
		fmt.Fprintf(b, "    %s%s: %s (%s);%s\n", guard(p, ""), PropLabel(m, i), p.Kind, n[p.Cond], e.comment(p.Pos))
	}
	b.WriteString("  end\n`else\n`ifndef SYNTHESIS\n")
	fmt.Fprintf(b, "  always @(posedge %s) begin\n", clk)
	for _, p := range m.Props {
		if p.Kind == netlist.Cover {
			fmt.Fprintf(b, "    %s%s\n", strings.TrimSuffix(guard(p, n[p.Cond]+" && $test$plusargs(\""+CoverPlusarg+"\")"), " "), e.comment(p.Pos))
			fmt.Fprintf(b, "      $display(\"%s%%m %%s\", %s);\n", CoverPrefix, verilogString(p.Msg))
			continue
		}
		what := "assertion"
		if p.Kind == netlist.Assume {
			what = "assumption"
		}
		fmt.Fprintf(b, "    %sbegin%s\n", guard(p, "!"+n[p.Cond]), e.comment(p.Pos))
		fmt.Fprintf(b, "      $display(\"%s%%s: %s failed, instance %%m of module %%s: %%s\", %s, %s, %s);\n",
			FailPrefix, what, verilogString(p.Pos.String()), verilogString(m.Name), verilogString(p.Msg))
		b.WriteString("      $finish;\n    end\n")
	}
	b.WriteString("  end\n`endif\n`endif\n")
	return nil
}

// PropLabel is the Verilog label of property i of m in its formal form,
// "systole_assert_3" for an assertion that is m.Props[3]: formal tools name
// the property by it (Yosys: the cell "dut.u.systole_assert_3" of instance
// u), so a proof can say which property failed.
func PropLabel(m *netlist.Module, i int) string {
	return fmt.Sprintf("systole_%s_%d", m.Props[i].Kind, i)
}

// verilogString quotes s as a Verilog string literal: backslash and quote
// escaped, every byte outside printable ASCII as an octal escape (so a
// UTF-8 message prints as the same bytes).
func verilogString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
