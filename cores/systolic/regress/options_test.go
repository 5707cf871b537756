package regress_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/testbench"
)

// Defect 1: a NaN probability was accepted and made every stream wait
// forever under a bound that never expired.
func TestOptionsRejected(t *testing.T) {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: systolic.WS}
	for _, o := range []regress.Options{
		{Jobs: 1, MinRows: 1, MaxRows: 1, Gap: math.NaN()},
		{Jobs: 1, MinRows: 1, MaxRows: 1, Backpressure: math.NaN()},
		{Jobs: 1, MinRows: 1, MaxRows: 1, Gap: 1},
		{Jobs: 1, MinRows: 1, MaxRows: 1, Backpressure: -0.5},
		{Jobs: 1, MinRows: 1, MaxRows: 1, MaxCycles: -1},
		{Jobs: 1 << 30, MinRows: 1, MaxRows: 1}, // 2.4 GB of traffic before the first cycle
	} {
		be, err := testbench.NewRTLSim(elab(t, c))
		require.NoError(t, err)
		_, err = regress.Run(testbench.New(be, 1), c, o)
		require.Error(t, err, "%+v", o)
		require.Regexp(t, `regress: (gap|max cycles|regress: \d+ jobs, over the jobs limit)|over the jobs limit`, err.Error())
		require.NoError(t, be.Close())
	}
}

// Defect 14: accepted probabilities this close to 1 slow the traffic far
// more than 20×; the cycle bound follows them and a correct core passes.
func TestNearlyIdleTraffic(t *testing.T) {
	for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
		c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: df}
		be, err := testbench.NewRTLSim(elab(t, c))
		require.NoError(t, err)
		res, err := regress.Run(testbench.New(be, 3), c, regress.Options{Jobs: 2, MinRows: 1, MaxRows: 3, Gap: 0.999, Backpressure: 0.99})
		require.NoError(t, err, "%s", df)
		require.Greater(t, res.Cycles, 1000, "%s: the traffic should be slow", df)
		require.NoError(t, be.Close())
	}
}

// A deep accumulator's clear sweep after reset (acc_rows cycles before
// the first row of A) fits in the cycle bound, and the last batch emits,
// so the run's cycle count covers all the work (utilization at most 1).
func TestDeepAccumulatorInBound(t *testing.T) {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: true, Dataflow: systolic.WS, AccRows: 5000}
	be, err := testbench.NewRTLSim(elab(t, c))
	require.NoError(t, err)
	res, err := regress.Run(testbench.New(be, 2), c, regress.Options{Jobs: 9, MinRows: 1, MaxRows: 6})
	require.NoError(t, err)
	require.NotZero(t, res.Beats)
	require.LessOrEqual(t, res.Utilization, 1.0)
	require.NoError(t, be.Close())
}
