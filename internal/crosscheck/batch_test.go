package crosscheck_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/vsim"
)

// TestBatchRandomDesigns runs random designs (every operator, widths up
// to 130 bits, so every width class and instructions that mix them;
// memories; hierarchy) in an rtlsim.Batch whose lanes fill no whole
// number of tiles, each lane on its own random stimulus, and compares
// every output of every lane in every cycle with a single-lane rtlsim run.
func TestBatchRandomDesigns(t *testing.T) {
	const perBatch, lanes, cycles = 8, 19, 64
	designs := int64(48)
	if testing.Short() {
		designs = 2 * perBatch
	}
	for first := int64(1); first <= designs; first += perBatch {
		t.Run(fmt.Sprintf("designs%d", first), func(t *testing.T) {
			g := make([]dsl.Generator, perBatch)
			for i := range g {
				g[i] = randdesign.New(first+int64(i), randdesign.Default)
			}
			d, err := elaborate.Elaborate(crosscheck.Wrap("batch", g))
			require.NoError(t, err)
			spec := vsim.SpecOf(d)
			stims := make([]vsim.Stimulus, lanes)
			for l := range stims {
				stims[l] = crosscheck.RandomStimulus(rand.New(rand.NewSource(first*1000+int64(l))), spec.Inputs, cycles, "rst")
			}
			got, err := crosscheck.RTLSimLanes(d, spec, stims)
			require.NoError(t, err)
			for l, stim := range stims {
				want, err := crosscheck.RTLSim(d, spec, stim)
				require.NoError(t, err)
				for c := range want {
					for i, w := range want[c] {
						if !got[l][c][i].Equal(w) {
							t.Fatalf("cycle %d lane %d output %s: batch %v, single lane %v", c, l, spec.Outputs[i].Name, got[l][c][i], w)
						}
					}
				}
			}
		})
	}
}
