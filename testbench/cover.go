package testbench

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/rtlsim"
)

// Coverer is a Backend that counts the design's cover points: rtlsim
// does (Verilator and Icarus run the assertions, not the covers).
type Coverer interface {
	Covers() []rtlsim.CoverCount
}

// Covers implements Coverer: the hits of every cover point so far.
func (b *RTLSim) Covers() []rtlsim.CoverCount { return b.sim.Covers() }

// CoverReport formats cover counts one per line, as
// "u.near_limit (top.go:12): 3 hits"; a cover never hit says so.
func CoverReport(cs []rtlsim.CoverCount) string {
	var b strings.Builder
	for _, c := range cs {
		name := c.Msg
		if c.Instance != "" {
			name = c.Instance + "." + name
		}
		fmt.Fprintf(&b, "%s (%s): ", name, c.Pos)
		switch c.Count {
		case 0:
			b.WriteString("never hit\n")
		case 1:
			b.WriteString("1 hit\n")
		default:
			fmt.Fprintf(&b, "%d hits\n", c.Count)
		}
	}
	return b.String()
}
