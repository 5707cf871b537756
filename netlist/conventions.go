package netlist

import (
	"errors"
	"fmt"
	"slices"
)

// Conventions are a chip flow's names and polarity for the clock and
// reset ports of a design's top module. The zero value keeps systole's own:
// clk, and a synchronous active-high reset named rst.
type Conventions struct {
	Clock string // the clock port's name; "" keeps clk
	Reset string // the reset port's name; "" keeps rst (rst_n when active low)
	// ResetActiveLow makes the reset port active low: the top then resets
	// while it is 0. The reset stays synchronous, sampled at the clock edge
	// like every register's (the IR has no asynchronous reset).
	ResetActiveLow bool
}

// IsZero reports whether c keeps systole's conventions.
func (c Conventions) IsZero() bool { return c == Conventions{} }

// ResetName is the name of the reset port under c.
func (c Conventions) ResetName() string {
	switch {
	case c.Reset != "":
		return c.Reset
	case c.ResetActiveLow:
		return "rst_n"
	}
	return "rst"
}

// ClockName is the name of the clock port under c.
func (c Conventions) ClockName() string {
	if c.Clock != "" {
		return c.Clock
	}
	return "clk"
}

// Apply returns d with its top module's clock and reset ports renamed and,
// for an active-low reset, the reset port inverted into the top's rst net,
// which every register and instance keeps using. d itself is not changed:
// the top module is copied, the other modules shared. The top's clock is
// its Clock net; its reset is its 1-bit input named rst. A name that is
// not an identifier, is Reserved or collides with another name of the
// top is an error (with the name to use instead, for a reserved word).
func (c Conventions) Apply(d *Design) (*Design, error) {
	if c.IsZero() {
		return d, nil
	}
	top := d.TopModule()
	if top == nil {
		return nil, fmt.Errorf("netlist: top module %q is not in the design", d.Top)
	}
	var errs []error
	check := func(what, name string) {
		switch {
		case !isIdent(name):
			errs = append(errs, fmt.Errorf("%s port name %q: not a Verilog identifier", what, name))
		case reserved[name]:
			errs = append(errs, fmt.Errorf("%s port name %q: a reserved word of Verilog, SystemVerilog or C++; use %q", what, name, LegalName(name)))
		}
	}
	m := *top
	m.Nets = slices.Clone(top.Nets)
	m.Ports = slices.Clone(top.Ports)
	taken := map[string]bool{}
	for _, n := range m.Nets {
		taken[n.Name] = true
	}
	rename := func(what string, id NetID, name string) {
		check(what, name)
		if old := m.Nets[id].Name; name != old && taken[name] {
			errs = append(errs, fmt.Errorf("%s port name %q: %s already has a net of that name", what, name, m.Name))
		}
		m.Nets[id].Name = name
	}
	if c.Clock != "" {
		if m.Clock == NoNet {
			errs = append(errs, fmt.Errorf("clock port name %q: %s has no clock", c.Clock, m.Name))
		} else {
			rename("clock", m.Clock, c.Clock)
		}
	}
	if c.Reset != "" || c.ResetActiveLow {
		rst, ok := m.Port("rst")
		switch {
		case !ok || rst.Dir != In || m.Nets[rst.Net].Width != 1:
			errs = append(errs, fmt.Errorf("reset port %q: %s has no 1-bit rst input", c.ResetName(), m.Name))
		case !c.ResetActiveLow:
			rename("reset", rst.Net, c.Reset)
		default:
			// rst becomes a wire, ~rst_n, and the port a new net.
			name := c.ResetName()
			check("reset", name)
			if taken[name] {
				errs = append(errs, fmt.Errorf("reset port name %q: %s already has a net of that name", name, m.Name))
			}
			pos := m.Nets[rst.Net].Pos
			port := m.AddNet(name, 1, false, pos)
			for i, p := range m.Ports {
				if p.Net == rst.Net {
					m.Ports[i].Net = port
				}
			}
			m.Cells = append(slices.Clone(top.Cells), Cell{Op: OpNot, Out: rst.Net, In: []NetID{port}, Pos: pos})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	out := *d
	out.Modules = slices.Clone(d.Modules)
	for i, mod := range out.Modules {
		if mod == top {
			out.Modules[i] = &m
		}
	}
	return &out, nil
}
