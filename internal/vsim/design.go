package vsim

import "github.com/systole-hdl/systole/netlist"

// SpecOf describes the top of d: its clock, every other input (the
// stimulus drives them all) and every output, in port order.
func SpecOf(d *netlist.Design, sources ...string) Spec {
	top := d.TopModule()
	spec := Spec{Top: d.Top, Sources: sources}
	for _, p := range top.Ports {
		n := top.Nets[p.Net]
		switch {
		case p.Net == top.Clock:
			spec.Clock = n.Name
		case p.Dir == netlist.In:
			spec.Inputs = append(spec.Inputs, Port{Name: n.Name, Width: n.Width})
		default:
			spec.Outputs = append(spec.Outputs, Port{Name: n.Name, Width: n.Width})
		}
	}
	return spec
}
