package netlist_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

func parseFile(t *testing.T, path string) *netlist.Design {
	t.Helper()
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	d, err := netlist.Parse(path, string(text))
	require.NoError(t, err)
	return d
}

// The hand-written netlist parses, simulates as its comments say, and
// emits Verilog that Verilator accepts with every warning on.
func TestHandWritten(t *testing.T) {
	d := parseFile(t, "testdata/accum.net")
	require.Equal(t, "accum", d.Top)
	require.Len(t, d.Modules, 2)

	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	h := func(name string) rtlsim.Handle {
		hd, err := sim.Handle(name)
		require.NoError(t, err)
		return hd
	}
	sim.Reset()
	sum := func() uint64 { return sim.Peek(h("sum")).Uint64() }
	// Write 100, 50, 70, 9 to words 0..3 while reading word 3, which reads
	// 0 until the edge after its write (reads are synchronous, read-first).
	sim.PokeUint64(h("raddr"), 3)
	sim.PokeUint64(h("we"), 1)
	for i, v := range []uint64{100, 50, 70, 9} {
		sim.PokeUint64(h("waddr"), uint64(i))
		sim.PokeUint64(h("wdata"), v)
		sim.Step(1)
	}
	sim.PokeUint64(h("we"), 0)
	require.Equal(t, uint64(0), sum())
	sim.Step(1) // word = 9
	require.Equal(t, uint64(0), sum())
	sim.PokeUint64(h("raddr"), 0)
	sim.Step(1) // sum = 9, word = 100
	require.Equal(t, uint64(9), sum())
	sim.PokeUint64(h("raddr"), 1)
	sim.Step(2) // sum = 109, then 159; word = 50
	require.Equal(t, uint64(159), sum())
	require.Equal(t, uint64(0), sim.Peek(h("big")).Uint64())
	sim.Step(1) // sum = 209 > 200
	require.Equal(t, uint64(209), sum())
	require.Equal(t, uint64(1), sim.Peek(h("big")).Uint64())
	require.NoError(t, sim.Close())

	v, err := emit.Verilog(d)
	require.NoError(t, err)
	require.Contains(t, string(v), "module accum")
	tooltest.Require(t, "verilator")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "accum.v"), v, 0o644))
	require.NoError(t, lint.Tools[0].Run(context.Background(), dir, "accum", "accum.v"))
}
