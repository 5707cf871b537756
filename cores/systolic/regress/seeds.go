package regress

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/testbench"
)

// RunSeeds elaborates the core c once and runs Run on it once per seed,
// each on its own lane of one rtlsim batch (testbench.RunLanes), all in
// lockstep. It returns, by seed, what Run returns on a fresh single-lane
// simulation with that seed; the error is the configuration's or the
// compilation's, when nothing ran.
func RunSeeds(c systolic.Config, o Options, seeds []uint64) ([]Result, []error, error) {
	gen, err := systolic.New(c)
	if err != nil {
		return nil, nil, err
	}
	d, err := elaborate.Elaborate(gen)
	if err != nil {
		return nil, nil, err
	}
	results := make([]Result, len(seeds))
	lanes := make([]testbench.Lane, len(seeds))
	for i, s := range seeds {
		lanes[i] = testbench.Lane{Seed: s, Test: func(b *testbench.Bench) error {
			var err error
			results[i], err = Run(b, c, o)
			return err
		}}
	}
	errs, err := testbench.RunLanes(d, lanes)
	if err != nil {
		return nil, nil, fmt.Errorf("regress: %w", err)
	}
	return results, errs, nil
}
