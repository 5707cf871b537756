package regress_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/testbench"
)

// outcome is one seed's Run: its result and its error's text.
type outcome struct {
	Result regress.Result
	Err    string
}

// runSingle runs Run with seed on a fresh single-lane rtlsim, its error
// composed as a lane's is (the backend's errors joined).
func runSingle(t *testing.T, c systolic.Config, o regress.Options, seed uint64) outcome {
	be, err := testbench.NewRTLSim(elab(t, c))
	require.NoError(t, err)
	b := testbench.New(be, seed)
	res, err := regress.Run(b, c, o)
	if err == nil {
		err = b.Err()
	}
	out := outcome{Result: res}
	if err = errors.Join(err, be.Close()); err != nil {
		out.Err = err.Error()
	}
	return out
}

// RunSeeds gives every seed what Run gives it alone, with lanes that finish
// at different cycles and lanes that time out.
func TestRunSeedsMatchesRun(t *testing.T) {
	seeds := []uint64{1, 2, 3, 4, 5, 6, 7}
	for _, tc := range []struct {
		c systolic.Config
		o regress.Options
	}{
		{systolic.Config{Rows: 4, Cols: 3, InWidth: 8, AccWidth: 20, Signed: true, Dataflow: systolic.WS},
			regress.Options{Jobs: 5, MinRows: 1, MaxRows: 12, Gap: 0.3, Backpressure: 0.3}},
		{systolic.Config{Rows: 3, Cols: 5, InWidth: 4, AccWidth: 8, Dataflow: systolic.OS},
			regress.Options{Jobs: 5, MinRows: 1, MaxRows: 12, Gap: 0.2, Backpressure: 0.4}},
		// A bound that some seeds' traffic fits and others' does not.
		{systolic.Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS},
			regress.Options{Jobs: 6, MinRows: 1, MaxRows: 16, Gap: 0.2, Backpressure: 0.2, MaxCycles: 90}},
	} {
		t.Run(tc.c.TopName(), func(t *testing.T) {
			results, errs, err := regress.RunSeeds(tc.c, tc.o, seeds)
			require.NoError(t, err)
			cycles := map[int]bool{}
			failed := 0
			for i, s := range seeds {
				got := outcome{Result: results[i]}
				if errs[i] != nil {
					got.Err = errs[i].Error()
					failed++
				}
				want := runSingle(t, tc.c, tc.o, s)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("seed %d: lane differs from a single-lane run (-single +lane):\n%s", s, diff)
				}
				cycles[got.Result.Cycles] = true
			}
			if tc.o.MaxCycles > 0 {
				require.True(t, failed > 0 && failed < len(seeds), "%d of %d seeds time out; want some", failed, len(seeds))
			} else {
				require.Zero(t, failed)
				require.Greater(t, len(cycles), 3, "the seeds should take different numbers of cycles")
			}
		})
	}
}

func TestRunSeedsInvalid(t *testing.T) {
	_, _, err := regress.RunSeeds(systolic.Config{Rows: 0, Cols: 2, InWidth: 8, AccWidth: 16}, regress.Options{Jobs: 1, MinRows: 1, MaxRows: 1}, []uint64{1})
	require.Error(t, err)
	_, errs, err := regress.RunSeeds(systolic.Default(), regress.Options{}, []uint64{1, 2})
	require.NoError(t, err)
	for _, err := range errs {
		require.ErrorContains(t, err, "want jobs >= 1")
	}
}

// BenchmarkGridSeeds runs 16 seeds of traffic on every configuration of the
// grid (SYSTOLE_LONG=1 for the larger ones), one seed after the other on
// single-lane rtlsim and as the lanes of one batch per configuration.
func BenchmarkGridSeeds(b *testing.B) {
	const n = 16
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i + 1)
	}
	opts := func(c systolic.Config) regress.Options {
		k := c.Rows + c.Cols
		return regress.Options{Jobs: 8, MinRows: 1, MaxRows: 2 * k, Gap: 0.3, Backpressure: 0.3}
	}
	b.Run("single", func(b *testing.B) {
		for b.Loop() {
			for _, c := range grid() {
				d := elab(b, c)
				for _, s := range seeds {
					be, err := testbench.NewRTLSim(d)
					require.NoError(b, err)
					_, err = regress.Run(testbench.New(be, s), c, opts(c))
					require.NoError(b, err)
				}
			}
		}
	})
	b.Run("single-reused", func(b *testing.B) {
		for b.Loop() {
			for _, c := range grid() {
				be, err := testbench.NewRTLSim(elab(b, c))
				require.NoError(b, err)
				for _, s := range seeds {
					_, err = regress.Run(testbench.New(be, s), c, opts(c))
					require.NoError(b, err)
				}
			}
		}
	})
	b.Run("lanes", func(b *testing.B) {
		for b.Loop() {
			for _, c := range grid() {
				_, errs, err := regress.RunSeeds(c, opts(c), seeds)
				require.NoError(b, err)
				require.NoError(b, errors.Join(errs...))
			}
		}
	})
}
