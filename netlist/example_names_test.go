package netlist_test

import (
	"fmt"

	"github.com/systole-hdl/systole/netlist"
)

// Legalize decides the names every back end prints: here a keyword port
// and a keyword instance are escaped, and a temporary keeps its _t name.
func ExampleLegalize() {
	d, err := netlist.Parse("ex.net", `design top
module inv {
  input a: 1
  output y: 1
  cell y = not(a)
}
module top {
  input reg: 1
  output q: 1
  wire _t4: 1 generated
  cell _t4 = not(reg)
  inst always: inv(a = _t4, y = q)
}
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	n := netlist.Legalize(d)
	for _, r := range n.Renamed() {
		fmt.Println(r)
	}
	fmt.Println(n.Module("top").Nets)
	// Output:
	// port reg of top is reg_: a reserved word of Verilog, SystemVerilog or C++
	// instance always of top is always_: a reserved word of Verilog, SystemVerilog or C++
	// [reg_ q _t4]
}
