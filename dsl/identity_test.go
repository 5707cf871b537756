package dsl_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
)

// TestFuncIdentitySurvivesGC instantiates Funcs that die right after
// their instantiation, with a collection between them, so the allocator
// may hand a dead Func's address to the next one: every Func must still
// be a module of its own.
func TestFuncIdentitySurvivesGC(t *testing.T) {
	const children = 24
	for round := range 4 {
		top := dsl.Func("top", func(m *dsl.Module) {
			for i := range children {
				runtime.GC()
				child := dsl.Func(fmt.Sprintf("c%d", i), func(m *dsl.Module) {
					m.Output("o", dsl.UInt(8)).Set(dsl.U(8, uint64(i)))
				})
				m.Output(fmt.Sprintf("o%d", i), dsl.UInt(8)).Set(m.Instance(fmt.Sprintf("u%d", i), child).Port("o"))
			}
		})
		d, err := elaborate.Elaborate(top)
		require.NoError(t, err, "round %d", round)
		require.Len(t, d.Modules, children+1, "round %d: a Func shared another's module", round)
	}
}
