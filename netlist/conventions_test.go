package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

const counterNet = `design top
module top {
  clock clk
  input clk: 1
  input rst: 1
  output q: 4
  wire one: 4
  wire next: 4
  cell one = const 4'h1
  cell next = add(q, one)
  reg q = next reset rst init 4'h0
}
`

func TestConventions(t *testing.T) {
	d, err := netlist.Parse("t.net", counterNet)
	require.NoError(t, err)
	before := netlist.Format(d)

	same, err := netlist.Conventions{}.Apply(d)
	require.NoError(t, err)
	require.Same(t, d, same)

	low, err := netlist.Conventions{Clock: "aclk", ResetActiveLow: true}.Apply(d)
	require.NoError(t, err)
	require.NoError(t, netlist.Check(low))
	require.Equal(t, before, netlist.Format(d), "the input design is not changed")
	text := netlist.Format(low)
	require.Contains(t, text, "ports(input aclk, input rst_n, output q)")
	require.Contains(t, text, "cell rst = not(rst_n)")
	require.Contains(t, text, "clock aclk")

	named, err := netlist.Conventions{Clock: "clk_i", Reset: "reset_i"}.Apply(d)
	require.NoError(t, err)
	require.Contains(t, netlist.Format(named), "input clk_i: 1\n  input reset_i: 1\n")
	require.Contains(t, netlist.Format(named), "reg q = next reset reset_i")

	_, err = netlist.Conventions{Clock: "always", Reset: "next", ResetActiveLow: true}.Apply(d)
	require.ErrorContains(t, err, `clock port name "always": a reserved word of Verilog, SystemVerilog or C++; use "always_"`)
	require.ErrorContains(t, err, `reset port name "next": top already has a net of that name`)
	_, err = netlist.Conventions{Reset: "9x"}.Apply(d)
	require.ErrorContains(t, err, `reset port name "9x": not a Verilog identifier`)
}
