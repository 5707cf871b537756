package randdesign_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// Every random design is valid and the same seed gives the same netlist.
func TestDesignsElaborate(t *testing.T) {
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
		again, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err)
		require.Equal(t, d, again, "seed %d", seed)
	}
}
