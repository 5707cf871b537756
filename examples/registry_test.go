package examples

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
)

func TestRegistry(t *testing.T) {
	all := All()
	require.Equal(t, all, All(), "the order is deterministic")
	require.Len(t, Names(), len(all))
	seen := map[string]bool{}
	for i, e := range all {
		require.Equal(t, e.Name, Names()[i])
		require.False(t, seen[e.Name], "duplicate name %s", e.Name)
		seen[e.Name] = true
		require.NotEmpty(t, e.Doc, e.Name)
		require.NotContains(t, e.Doc, "\n", e.Name)
		got, ok := ByName(e.Name)
		require.True(t, ok, e.Name)
		require.Equal(t, e, got)

		d, err := elaborate.Elaborate(e.Gen)
		require.NoError(t, err, e.Name)
		_, err = emit.Verilog(d)
		require.NoError(t, err, e.Name)
	}
	_, ok := ByName("")
	require.False(t, ok)

	all[0].Name = "changed"
	require.NotEqual(t, "changed", All()[0].Name, "All returns a copy")
}
