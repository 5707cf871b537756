package bench

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// checkGoModel builds the Go model of d and requires it to replay t to the
// output hash of the interpreter, every output of every cycle folded in.
func checkGoModel(t *testing.T, d *netlist.Design, tr *Traffic) {
	t.Helper()
	tooltest.Require(t, "go")
	spec := vsim.SpecOf(d)
	cycles := len(tr.Words)
	var m *GoModel
	for _, sh := range Shapes {
		r, err := NewRunner(d, spec, sh)
		require.NoError(t, err)
		r.Run(tr, 0, cycles)
		require.NoError(t, r.Err())
		if m == nil {
			// WriteGo of a Sim that has run is that of a fresh one.
			m, err = BuildGo(context.Background(), r.Sim, spec, t.TempDir())
			require.NoError(t, err)
		}
		res, err := m.Run(context.Background(), tr, cycles, sh.After(spec.Outputs))
		require.NoError(t, err)
		require.Equal(t, cycles, res.Cycles)
		require.Equal(t, hex64(r.Hash), hex64(res.Hash), "%s: the Go model disagrees with the interpreter", sh)
	}
}

// TestGoModelRandomDesigns: the Go models of random designs (every
// operator at widths up to 130 bits, memories, registers with reset and
// enable, hierarchy) agree with the interpreter on random stimulus.
func TestGoModelRandomDesigns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Go programs")
	}
	const designs, cycles = 60, 200
	g := make([]dsl.Generator, designs)
	for i := range g {
		g[i] = randdesign.New(int64(5000+i), randdesign.Default)
	}
	d, err := elaborate.Elaborate(crosscheck.Wrap("gomodel", g))
	require.NoError(t, err)
	spec := vsim.SpecOf(d)
	stim := crosscheck.RandomStimulus(rand.New(rand.NewSource(1)), spec.Inputs, cycles, "rst")
	checkGoModel(t, d, TrafficFrom(spec.Inputs, stim))
}

// TestGoModelCores: both dataflows of the systolic core, signed and
// unsigned, on the bench traffic.
func TestGoModelCores(t *testing.T) {
	if testing.Short() {
		t.Skip("builds Go programs")
	}
	for _, c := range []systolic.Config{
		{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS},
		{Rows: 3, Cols: 5, InWidth: 16, Signed: false, AccWidth: 48, Dataflow: systolic.OS},
	} {
		t.Run(fmt.Sprintf("%s_%dx%d", c.Dataflow, c.Rows, c.Cols), func(t *testing.T) {
			d, err := Elaborated(c)
			require.NoError(t, err)
			spec := vsim.SpecOf(d)
			checkGoModel(t, d, NewTraffic(spec.Inputs, 600, 9))
		})
	}
}
