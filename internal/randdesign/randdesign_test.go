package randdesign_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/randdesign"
)

// Every random design is valid and the same seed gives the same netlist.
func TestDesignsElaborate(t *testing.T) {
	for seed := int64(0); seed < 300; seed++ {
		d, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err, "seed %d", seed)
		again, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err)
		require.Equal(t, d, again, "seed %d", seed)
	}
}
