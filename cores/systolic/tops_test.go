package systolic

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/rtlsim"
)

// twoOfEach is a design holding two cores of each dataflow with the same
// parameters and different top names, each instance's ports brought out
// as <instance>_<port>.
func twoOfEach(t *testing.T) dsl.Generator {
	t.Helper()
	var cores []dsl.Generator
	var names []string
	for _, df := range []Dataflow{WS, OS} {
		for _, top := range []string{"left", "right"} {
			c := Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 12, Signed: df == OS, Dataflow: df,
				Top: fmt.Sprintf("%s_%s", top, df)}
			g, err := New(c)
			require.NoError(t, err)
			cores = append(cores, g)
			names = append(names, c.Top)
		}
	}
	return dsl.Func("two_of_each", func(m *dsl.Module) {
		for i, g := range cores {
			u := m.Instance("u_"+names[i], g)
			for _, p := range u.Ports() {
				ext := "u_" + names[i] + "_" + p.Name
				if p.Output {
					m.Output(ext, p.Type).Set(u.Port(p.Name))
				} else {
					u.Port(p.Name).Set(m.Input(ext, p.Type))
				}
			}
		}
	})
}

// Every module of a generated core carries its top's name, so cores with
// different tops share a design: no module is shared or renamed.
func TestModuleNamesCarryTop(t *testing.T) {
	d, err := elaborate.Elaborate(twoOfEach(t))
	require.NoError(t, err)
	for _, m := range d.Modules {
		if m.Name == d.Top {
			continue
		}
		ok := false
		for _, top := range []string{"left_ws", "right_ws", "left_os", "right_os"} {
			ok = ok || m.Name == top || strings.HasPrefix(m.Name, top+"_")
		}
		require.True(t, ok, "module %s does not carry its core's top name", m.Name)
	}
}

// Two cores of each dataflow with different tops lint clean and simulate
// together in one Verilator build, cycle for cycle as rtlsim does, under
// random inputs (with a reset in the middle).
func TestTwoCoresOfEachInOneBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	d, err := elaborate.Elaborate(twoOfEach(t))
	require.NoError(t, err)
	text, err := emit.Verilog(d)
	require.NoError(t, err)
	dir := t.TempDir()
	src := filepath.Join(dir, d.Top+".v")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	require.NoError(t, lint.Tools[0].Run(context.Background(), dir, d.Top, d.Top+".v"))

	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	rst, err := sim.Handle("rst")
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(1, 2))
	var stim vsim.Stimulus
	var trace vsim.Trace
	for cycle := range 300 {
		for _, p := range sim.Inputs() {
			if !p.Clock {
				words := make([]uint64, (p.Width+63)/64)
				for i := range words {
					words[i] = r.Uint64()
				}
				sim.Poke(p.Handle, bits.FromWords(p.Width, words))
			}
		}
		sim.PokeUint64(rst, b2u(cycle == 0 || cycle == 150))
		sim.Step(0)
		stim, trace = recordCycle(sim, stim, trace)
		sim.Step(1)
	}
	spec := replaySpec(t, twoOfEach(t), sim)
	ctx := context.Background()
	model, err := (&vsim.Verilator{}).Build(ctx, spec)
	require.NoError(t, err)
	got, err := model.Run(ctx, stim)
	require.NoError(t, err)
	require.Empty(t, vsim.Diff(spec.Outputs, got, trace, 10), "Verilator vs rtlsim over %d cycles", len(stim))
}
