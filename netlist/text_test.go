package netlist_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/randdesign"
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

// gridConfigs are the configurations of the systolic regression grid
// (cores/systolic/regress, grid_test.go's grid), with the long ones under
// SYSTOLE_LONG=1.
func gridConfigs() []systolic.Config {
	cfg := func(df systolic.Dataflow, rows, cols, in, acc int, signed bool) systolic.Config {
		return systolic.Config{Rows: rows, Cols: cols, InWidth: in, AccWidth: acc, Signed: signed, Dataflow: df}
	}
	g := []systolic.Config{
		cfg(systolic.WS, 1, 1, 8, 32, true),
		cfg(systolic.OS, 1, 1, 8, 32, true),
		cfg(systolic.WS, 1, 6, 4, 9, false),
		cfg(systolic.OS, 1, 6, 4, 9, false),
		cfg(systolic.WS, 4, 4, 8, 32, true),
		cfg(systolic.OS, 4, 4, 8, 32, true),
		cfg(systolic.WS, 3, 5, 16, 40, true),
		cfg(systolic.OS, 5, 3, 16, 40, true),
		cfg(systolic.WS, 6, 2, 8, 12, false),
		cfg(systolic.OS, 2, 6, 8, 12, true),
		cfg(systolic.WS, 8, 8, 4, 6, true),
		cfg(systolic.OS, 8, 8, 4, 6, false),
		cfg(systolic.WS, 6, 1, 16, 33, false),
		cfg(systolic.OS, 6, 1, 16, 33, false),
		systolic.Default(),
	}
	if os.Getenv("SYSTOLE_LONG") == "1" {
		for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
			g = append(g,
				cfg(df, 16, 16, 8, 32, true),
				cfg(df, 12, 7, 8, 20, false),
				cfg(df, 7, 12, 16, 64, true),
				cfg(df, 32, 32, 8, 32, true),
				cfg(df, 2, 32, 32, 64, true))
		}
	}
	return g
}

func TestRoundTripCores(t *testing.T) {
	for _, c := range gridConfigs() {
		g, err := systolic.New(c)
		require.NoError(t, err)
		d, err := elaborate.Elaborate(g)
		require.NoError(t, err)
		roundTrip(t, d.Top, d)
	}
}

func TestRoundTripRandom(t *testing.T) {
	n := int64(300)
	if testing.Short() {
		n = 50
	}
	for seed := range n {
		d, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err, "seed %d", seed)
		roundTrip(t, d.Top, d)
	}
}
