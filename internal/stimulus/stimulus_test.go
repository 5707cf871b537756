package stimulus_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/stimulus"
	"github.com/systole-hdl/systole/netlist"
)

func TestRun(t *testing.T) {
	text, err := os.ReadFile("../../netlist/testdata/accum.net")
	require.NoError(t, err)
	d, err := netlist.Parse("accum.net", string(text))
	require.NoError(t, err)
	s, err := stimulus.Parse("s", "# fill word 3, read it\n0 we=1 waddr=3 wdata=0x9 raddr=2'd3\n1 we=0\n")
	require.NoError(t, err)
	outs, err := stimulus.Run(d, s, 4, nil) // word 3 reads 9 from edge 1, summed at edges 2 and 3
	require.NoError(t, err)
	require.Equal(t, []stimulus.Output{{"sum", 8, "8'h12"}, {"big", 1, "1'h0"}}, outs)

	outs, err = stimulus.Run(d, nil, 10, nil)
	require.NoError(t, err)
	require.Equal(t, "8'h00", outs[0].Value)
}

func TestErrors(t *testing.T) {
	for text, want := range map[string]string{
		"x we=1":         `s:1: "x" is not a cycle number`,
		"\n-1 we=1":      `s:2: "-1" is not a cycle number`,
		"1 we=1\n1 we=0": "s:2: cycle 1 does not come after cycle 1",
		"0 we":           `s:1: "we": want INPUT=VALUE`,
		"0 =1":           `s:1: "=1": want INPUT=VALUE`,
	} {
		_, err := stimulus.Parse("s", text)
		require.EqualError(t, err, want)
	}
	text, err := os.ReadFile("../../netlist/testdata/accum.net")
	require.NoError(t, err)
	d, err := netlist.Parse("accum.net", string(text))
	require.NoError(t, err)
	for text, want := range map[string]string{
		"0 clk=1":   "s:1: clk is not an input of accum that a stimulus can drive",
		"0 we=2'b1": "s:1: we: 2'b1 is 2 bits, the input 1",
		"0 we=x":    `s:1: we: "x" is not a sized literal or an unsigned number`,
		"0 we=1'hz": `s:1: we: bits: "1'hz" has invalid digits for base 16`,
		"9 we=1":    "s:1: cycle 9 is not among the 5 cycles simulated",
	} {
		s, err := stimulus.Parse("s", text)
		require.NoError(t, err)
		_, err = stimulus.Run(d, s, 5, nil)
		require.EqualError(t, err, want)
	}
}
