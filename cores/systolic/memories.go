package systolic

import (
	"fmt"

	"github.com/systole-hdl/systole/netlist"
)

// Memory is a memory module of a core in the manifest: a replaceable
// module (lib.Mem1R1W) that a chip flow can swap for an SRAM macro
// wrapper by defining ExternMacro and adding its own module of the same
// name and ports.
type Memory struct {
	Module string `json:"module"`
	Depth  int    `json:"depth"`
	Width  int    `json:"width"`
	// Ports names the port kind, "<reads>r<writes>w": "1r1w".
	Ports string `json:"ports"`
	// Bits is Depth * Width.
	Bits int64 `json:"bits"`
	// ExternMacro is the Verilog macro whose definition leaves the
	// module's own definition out (its upper-cased name + "_EXTERN").
	ExternMacro string `json:"extern_macro"`
	// Interface is the module's ports, the clock included.
	Interface []Port `json:"interface"`
	// Instances are the instance paths of the module from the top,
	// dot-separated, in design order.
	Instances []string `json:"instances"`
}

// memories lists the replaceable memory modules of d that the top
// instantiates, in design order, with their instance paths. A replaceable
// module holds one memory, whose read and write port counts give Ports.
func memories(d *netlist.Design) []Memory {
	paths := map[string][]string{}
	var walk func(m *netlist.Module, path string)
	walk = func(m *netlist.Module, path string) {
		if m == nil {
			return
		}
		for _, in := range m.Insts {
			child := d.Module(in.Module)
			if child != nil && child.Replaceable {
				paths[child.Name] = append(paths[child.Name], path+in.Name)
				continue
			}
			walk(child, path+in.Name+".")
		}
	}
	walk(d.TopModule(), "")
	var out []Memory
	for _, m := range d.Modules {
		if !m.Replaceable || len(m.Mems) != 1 || len(paths[m.Name]) == 0 {
			continue
		}
		mem := m.Mems[0]
		entry := Memory{Module: m.Name, Depth: mem.Depth, Width: mem.Width,
			Ports: fmt.Sprintf("%dr%dw", len(mem.Reads), len(mem.Writes)), Bits: int64(mem.Depth) * int64(mem.Width),
			ExternMacro: netlist.ExternMacro(m.Name), Instances: paths[m.Name]}
		for _, p := range m.Ports {
			n := m.Nets[p.Net]
			entry.Interface = append(entry.Interface, Port{Name: n.Name, Dir: p.Dir.String(), Width: n.Width})
		}
		out = append(out, entry)
	}
	return out
}
