package netlist_test

import (
	"fmt"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/netlist"
)

// The counter of the examples, as docs/netlist.md shows it.
func ExampleFormat() {
	d, err := elaborate.Elaborate(examples.Counter{Width: 8})
	if err != nil {
		panic(err)
	}
	fmt.Print(netlist.Format(d))
	// Output:
	// design Counter_8
	//
	// module Counter_8 {
	//   clock clk
	//   input clk: 1
	//   input rst: 1
	//   input en: 1 @ "examples/counter.go":20
	//   output count: 8 @ "examples/counter.go":21
	//   wire value: 8 @ "examples/counter.go":23
	//   wire _t1: 8 generated @ "examples/counter.go":25
	//   wire _t2: 8 generated @ "examples/counter.go":25
	//   cell _t1 = const 8'h01 @ "examples/counter.go":25
	//   cell _t2 = add(value, _t1) @ "examples/counter.go":25
	//   cell count = buf(value) @ "examples/counter.go":27
	//   reg value = _t2 en en reset rst init 8'h00 @ "examples/counter.go":23
	// }
}

// A text that reads but is not a valid design: Check's message, at the
// line and column of the element.
func ExampleParse() {
	_, err := netlist.Parse("t.net", `design top
module top {
  input a: 8
  output y: 4 @ "top.go":7
}
`)
	fmt.Println(err)
	// Output:
	// t.net:4:3: module top: y: undriven output
	// 	note: source: top.go:7
}
