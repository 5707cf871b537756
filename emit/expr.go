package emit

import (
	"fmt"
	mbits "math/bits"
	"strings"

	"github.com/systole-hdl/systole/netlist"
)

// expr returns the Verilog expression of a cell, over the names of its input
// nets. Every cell drives a net of its own and reads only whole nets (or a
// part-select of one), so no expression needs a part-select of an
// expression, and each is exactly as wide as the net it is assigned to:
// Verilog's context-determined widths then match netlist.Eval, with no
// WIDTH warning.
func (e *modEmitter) expr(c *netlist.Cell) (string, error) {
	x := e.exprString(c)
	if x == "" {
		return "", fmt.Errorf("%s: module %s: op %v has no Verilog form", c.Pos, e.m.Name, c.Op)
	}
	return x, nil
}

func (e *modEmitter) exprString(c *netlist.Cell) string {
	info := c.Op.Info()
	in := func(i int) string { return e.names.Nets[c.In[i]] }
	w := func(id netlist.NetID) int { return e.m.Nets[id].Width }
	switch c.Op {
	case netlist.OpConst:
		if p := e.enumConst(c); p != "" {
			return p
		}
		return c.Value.String()
	case netlist.OpBuf:
		return in(0)
	case netlist.OpSshr:
		// >>> fills with the sign only when its left operand is signed. The
		// amount is unsigned, of any width; >= the width gives all sign bits.
		return fmt.Sprintf("$signed(%s) >>> %s", in(0), e.shiftAmount(c))
	case netlist.OpMux:
		return fmt.Sprintf("%s ? %s : %s", in(0), in(1), in(2))
	case netlist.OpConcat:
		parts := make([]string, len(c.In))
		for i := range c.In {
			parts[i] = in(i)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case netlist.OpSlice:
		return sel(in(0), w(c.In[0]), c.Lo+w(c.Out)-1, c.Lo)
	case netlist.OpZext:
		n := w(c.Out) - w(c.In[0])
		if n == 0 {
			return in(0)
		}
		return fmt.Sprintf("{%s, %s}", zero(n), in(0))
	case netlist.OpSext:
		iw := w(c.In[0])
		n := w(c.Out) - iw
		switch {
		case n == 0:
			return in(0)
		case iw == 1:
			return fmt.Sprintf("{%d{%s}}", n+1, in(0))
		}
		return fmt.Sprintf("{{%d{%s}}, %s}", n, sel(in(0), iw, iw-1, iw-1), in(0))
	}
	switch info.Shape {
	case netlist.ShapeReduce:
		iw := w(c.In[0])
		if iw == 1 {
			// A 1-bit reduction is the bit itself. Verilator 5.006 stops
			// with an internal error on some ^x of a 1-bit x.
			return in(0)
		}
		if c.Op == netlist.OpRedXor && iw > 64 {
			return xorChunks(in(0), iw)
		}
		return info.Verilog + in(0)
	case netlist.ShapeSame:
		if len(c.In) == 1 {
			return info.Verilog + in(0)
		}
		return fmt.Sprintf("%s %s %s", in(0), info.Verilog, in(1))
	case netlist.ShapeShift:
		return fmt.Sprintf("%s %s %s", in(0), info.Verilog, e.shiftAmount(c))
	case netlist.ShapeCompare:
		if info.Signed && c.Signed {
			return fmt.Sprintf("$signed(%s) %s $signed(%s)", in(0), info.Verilog, in(1))
		}
		return fmt.Sprintf("%s %s %s", in(0), info.Verilog, in(1))
	}
	return ""
}

// xorChunks returns the xor reduction of a w-bit net, w > 64, as the xor
// of the reductions of its 64-bit words (the last one possibly a single
// bit, written as that bit). Verilator 5.006 stops with an internal error
// ("Reduction over single bit value should have been folded") on ^x of a
// wide x that its optimizer folds down to one bit, such as x = ~{0, b};
// on operands of at most 64 bits it folds the reduction first.
func xorChunks(name string, w int) string {
	var parts []string
	for lo := 0; lo < w; lo += 64 {
		hi := min(lo+63, w-1)
		if hi == lo {
			parts = append(parts, sel(name, w, hi, lo))
			continue
		}
		parts = append(parts, "(^"+sel(name, w, hi, lo)+")")
	}
	return strings.Join(parts, " ^ ")
}

// shiftAmount returns the amount operand of a shift. Verilog defines a
// shift by an amount of any width, and so does netlist.Eval, but Verilator
// 5.006 handles neither of two cases: it gets a shift by an amount wider
// than 64 bits wrong when the value shifted fits in 64 bits (it shifts by
// the low word modulo the word size), and it stops ("Value too wide for
// 32-bits expected in this context") when an amount wider than 32 bits
// folds to a constant of 2^32 or more, as ~x of a zero x does. An amount
// wider than 32 bits is therefore narrowed to the k bits that can hold
// the value's width w, saturating to all ones (>= w) when any higher bit
// is set, which gives the same result in every tool.
func (e *modEmitter) shiftAmount(c *netlist.Cell) string {
	amt := c.In[1]
	name := e.names.Nets[amt]
	aw := e.m.Nets[amt].Width
	k := mbits.Len(uint(e.m.Nets[c.In[0]].Width))
	if aw <= 32 || aw <= k {
		return name
	}
	return fmt.Sprintf("((|%s) ? %s : %s)", sel(name, aw, aw-1, k), sizedUint(k, 1<<k-1), sel(name, aw, k-1, 0))
}
