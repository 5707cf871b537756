package main

import (
	"github.com/systole-hdl/systole/netlist"
)

// flowFlags are a chip flow's conventions for the generated top's clock
// and reset ports, embedded in every command that writes Verilog.
type flowFlags struct {
	Clock       string `placeholder:"NAME" help:"The top's clock port name (default clk)."`
	Reset       string `placeholder:"NAME" help:"The top's reset port name (default rst; rst_n with --reset-active low)."`
	ResetActive string `default:"high" enum:"high,low" placeholder:"high|low" help:"The reset's polarity: high or low; synchronous either way."`
}

func (f *flowFlags) conventions() netlist.Conventions {
	return netlist.Conventions{Clock: f.Clock, Reset: f.Reset, ResetActiveLow: f.ResetActive == "low"}
}

// apply applies the conventions to d; a bad name is a usage error.
func (f *flowFlags) apply(d *netlist.Design) (*netlist.Design, error) {
	d, err := f.conventions().Apply(d)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return d, nil
}
