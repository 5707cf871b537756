package netlist_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// roundTrip requires Parse(Format(d)) to equal d in every field, and the
// text of the result to equal the text of d.
func roundTrip(t *testing.T, name string, d *netlist.Design) {
	t.Helper()
	text := netlist.Format(d)
	got, err := netlist.Parse(name+".net", text)
	require.NoError(t, err, "%s:\n%s", name, text)
	if diff := cmp.Diff(d, got); diff != "" {
		t.Fatalf("%s: Parse(Format(d)) differs from d (-want +got):\n%s", name, diff)
	}
	require.Equal(t, text, netlist.Format(got))
}

func TestRoundTripExamples(t *testing.T) {
	for _, e := range examples.All() {
		d, err := elaborate.Elaborate(e.Gen)
		require.NoError(t, err)
		roundTrip(t, e.Name, d)
	}
}

// gridConfigs are the systolic regression grid's configurations and the
// default core.
func gridConfigs() []systolic.Config {
	return append(regress.Grid(os.Getenv(regress.EnvLong) == "1"), systolic.Default())
}

func TestRoundTripCores(t *testing.T) {
	for _, c := range gridConfigs() {
		if testing.Short() && c.Rows*c.Cols > 16 {
			continue // the fast inner loop: the small cores only
		}
		g, err := systolic.New(c)
		require.NoError(t, err)
		d, err := elaborate.Elaborate(g)
		require.NoError(t, err)
		roundTrip(t, d.Top, d)
	}
}

func TestRoundTripRandom(t *testing.T) {
	n := int64(100)
	switch {
	case tooltest.Long():
		n = 1000
	case testing.Short():
		n = 10
	}
	for seed := range n {
		d, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err, "seed %d", seed)
		roundTrip(t, d.Top, d)
	}
}

// TestReplaceableRoundTrip covers the replaceable flag in the text form,
// with and without a position, and a module that is merely called
// replaceable.
func TestReplaceableRoundTrip(t *testing.T) {
	text := `design top

module replaceable {
  input a: 1
  output y: 1
  cell y = buf(a)
}

module mem_4x8 replaceable @ "lib/mem.go":12 {
  input a: 1
  output y: 1
  cell y = not(a)
}

module top replaceable {
  input a: 1
  output y: 1
  output z: 1
  inst r: replaceable(a = a, y = y)
  inst m: mem_4x8(a = a, y = z)
}
`
	d, err := netlist.Parse("t.net", text)
	require.NoError(t, err)
	require.NoError(t, netlist.Check(d))
	var got []bool
	for _, m := range d.Modules {
		got = append(got, m.Replaceable)
	}
	require.Equal(t, []bool{false, true, true}, got)
	require.Equal(t, text, netlist.Format(d))
	roundTrip(t, "replaceable", d)
	require.Equal(t, "MEM_4X8_EXTERN", netlist.ExternMacro("mem_4x8"))
}
