package rtlsim

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// A net that holds an enum's values is declared with a comment naming them.
func TestVCDEnum(t *testing.T) {
	d, err := netlist.Parse("fsm.net", `design fsm
module fsm {
  clock clk
  input clk: 1
  input go: 2
  output s: 2
  wire n: 2
  cell n = buf(go)
  reg s = n
  enum st: 2 (Idle, Busy) nets (s, n)
}
`)
	require.NoError(t, err)
	sim, err := Compile(d)
	require.NoError(t, err)
	var b strings.Builder
	require.NoError(t, sim.TraceVCD(&b))
	sim.Step(1)
	require.NoError(t, sim.Close())
	require.Contains(t, b.String(), "$var wire 2 # s [1:0] $end\n$comment s is enum st: 0=Idle 1=Busy $end\n")
	require.Contains(t, b.String(), "$comment n is enum st: 0=Idle 1=Busy $end\n")
}
