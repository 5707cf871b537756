package emit

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// enumParams writes a localparam for every value of every enum of the
// module, and a comment naming the nets that hold the enum's values.
func (e *modEmitter) enumParams(b *bytes.Buffer) error {
	for i := range e.m.Enums {
		en := &e.m.Enums[i]
		nets := make([]string, len(en.Nets))
		for j, id := range en.Nets {
			nets[j] = e.names.Nets[id]
		}
		fmt.Fprintf(b, "  // enum %s: %s%s\n", en.Name, strings.Join(nets, ", "), e.at(en.Pos))
		for v := range en.Names {
			fmt.Fprintf(b, "  localparam %s%s = %s;\n", rng(en.Width), e.names.Params[i][v], bits.FromUint64(en.Width, uint64(v)))
		}
	}
	return nil
}

// enumConsts finds the constants that stand for an enum's values: those
// assigned to an enum's net (through copies and muxes) or compared with
// one. They are written as the value's localparam.
func (e *modEmitter) enumConsts() {
	m := e.m
	if len(m.Enums) == 0 {
		return
	}
	// of[id] is 1 + the index of the enum net id holds values of.
	of := make([]int, len(m.Nets))
	var work []netlist.NetID
	for i := range m.Enums {
		for _, id := range m.Enums[i].Nets {
			of[id] = i + 1
			work = append(work, id)
		}
	}
	driver := make([]int, len(m.Nets))
	for i := range driver {
		driver[i] = -1
	}
	for i, c := range m.Cells {
		driver[c.Out] = i
	}
	regD := map[netlist.NetID]netlist.NetID{}
	for _, r := range m.Regs {
		regD[r.Q] = r.D
	}
	mark := func(id netlist.NetID, enum int) {
		if id >= 0 && of[id] == 0 && m.Nets[id].Width == m.Enums[enum-1].Width {
			of[id] = enum
			work = append(work, id)
		}
	}
	// Backwards from the enum nets through what drives them.
	for len(work) > 0 {
		id := work[len(work)-1]
		work = work[:len(work)-1]
		if d, ok := regD[id]; ok {
			mark(d, of[id])
		}
		if d := driver[id]; d >= 0 {
			c := &m.Cells[d]
			switch c.Op {
			case netlist.OpBuf:
				mark(c.In[0], of[id])
			case netlist.OpMux:
				mark(c.In[1], of[id])
				mark(c.In[2], of[id])
			}
		}
	}
	// Constants compared with a value of an enum.
	for _, c := range m.Cells {
		if (c.Op == netlist.OpEq || c.Op == netlist.OpNe) && len(c.In) == 2 {
			a, b := c.In[0], c.In[1]
			if of[a] != 0 {
				mark(b, of[a])
			}
			if of[b] != 0 {
				mark(a, of[b])
			}
		}
	}
	e.enumOf = of
}

// enumConst returns the localparam that a constant cell writes, or "".
func (e *modEmitter) enumConst(c *netlist.Cell) string {
	if e.enumOf == nil || e.enumOf[c.Out] == 0 {
		return ""
	}
	i := e.enumOf[c.Out] - 1
	v := c.Value.Uint64()
	if c.Value.Width() > 64 || v >= uint64(len(e.m.Enums[i].Names)) {
		return ""
	}
	return e.names.Params[i][v]
}

// enumValue writes the value v of net id: its localparam when id holds an
// enum's values and v is one, else the literal.
func (e *modEmitter) enumValue(id netlist.NetID, v bits.Value) string {
	if e.enumOf != nil && e.enumOf[id] != 0 {
		i := e.enumOf[id] - 1
		if x := v.Uint64(); v.Width() <= 64 && x < uint64(len(e.m.Enums[i].Names)) {
			return e.names.Params[i][x]
		}
	}
	return v.String()
}
