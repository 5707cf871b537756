package crosscheck_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
)

// TestFixtures replays every design a soak found failing (testdata/
// fixtures) on the stimulus it failed on, in Verilator and in Icarus
// against rtlsim: each must now build, run and agree.
func TestFixtures(t *testing.T) {
	fixtures, err := crosscheck.Fixtures(filepath.Join("testdata", "fixtures"))
	require.NoError(t, err)
	require.NotEmpty(t, fixtures, "testdata/fixtures holds the designs soaks found failing")
	backends := []struct {
		name string
		tool string
		b    crosscheck.Backend
	}{
		{"verilator", "verilator", &crosscheck.VerilatorBackend{V: xcheckVerilator}},
		{"icarus", "iverilog", crosscheck.IcarusBackend{}},
	}
	for _, f := range fixtures {
		for _, be := range backends {
			t.Run(f.Name+"/"+be.name, func(t *testing.T) {
				tooltest.Require(t, be.tool)
				t.Parallel()
				t.Logf("%s", f.Comment)
				var serr error
				res, err := crosscheck.Run(context.Background(), be.b, f.Design, nil, t.TempDir(), func(spec vsim.Spec) vsim.Stimulus {
					var stim vsim.Stimulus
					stim, serr = f.Stimulus(spec)
					return stim
				})
				require.NoError(t, serr)
				require.NoError(t, err)
				require.Nil(t, res.Mismatch)
			})
		}
	}
}

// A fixture reads back as it was saved, and a damaged one is an error that
// names the file and line.
func TestFixtureRoundTrip(t *testing.T) {
	seed := int64(3)
	d, err := elaborate.Elaborate(crosscheck.Wrap("xcheck", []dsl.Generator{randdesign.New(seed, randdesign.Default)}))
	require.NoError(t, err)
	spec := vsim.SpecOf(d)
	stim := crosscheck.WrapStimulus(spec, []int64{seed}, 16)
	fx := &crosscheck.Fixture{Name: "rnd-v1-3", Comment: "a test", Design: d, Inputs: spec.Inputs, Stim: stim}
	dir := t.TempDir()
	path, err := fx.Save(dir)
	require.NoError(t, err)
	back, err := crosscheck.ReadFixture(path)
	require.NoError(t, err)
	require.Equal(t, fx, back)

	stimPath := strings.TrimSuffix(path, ".net") + ".stim"
	text, err := os.ReadFile(stimPath)
	require.NoError(t, err)
	lines := strings.Split(string(text), "\n")
	lines[3] = "1'h0"
	require.NoError(t, os.WriteFile(stimPath, []byte(strings.Join(lines, "\n")), 0o644))
	_, err = crosscheck.ReadFixture(path)
	require.ErrorContains(t, err, stimPath+":4: 1 values for")
}

// A design sees the same stimulus alone as in any chunk, so that a failure
// found in a chunk reproduces with the design alone.
func TestWrapStimulusPerDesign(t *testing.T) {
	seeds := []int64{11, 12, 13}
	gens := make([]dsl.Generator, len(seeds))
	for i, s := range seeds {
		gens[i] = randdesign.New(s, randdesign.Default)
	}
	d, err := elaborate.Elaborate(crosscheck.Wrap("xcheck", gens))
	require.NoError(t, err)
	spec := vsim.SpecOf(d)
	stim := crosscheck.WrapStimulus(spec, seeds, 40)
	alone, err := elaborate.Elaborate(crosscheck.Wrap("xcheck", gens[1:2]))
	require.NoError(t, err)
	aspec := vsim.SpecOf(alone)
	astim := crosscheck.WrapStimulus(aspec, seeds[1:2], 40)
	col := map[string]int{}
	for k, p := range spec.Inputs {
		col[p.Name] = k
	}
	for k, p := range aspec.Inputs {
		name := strings.Replace(p.Name, "d0_", "d1_", 1)
		for c := range astim {
			require.True(t, astim[c][k].Equal(stim[c][col[name]]), "cycle %d input %s", c, p.Name)
		}
	}
}

// Check narrows a failing chunk to the design at fault and still checks
// the others: by the module an error names when there is one, else by
// halving the chunk.
func TestCheckNarrows(t *testing.T) {
	tooltest.Require(t, "verilator")
	small := randdesign.Options{Ops: 6, MaxWidth: 16, Depth: 0}
	for _, name := range []string{"rnd5", "broken"} {
		t.Run(name, func(t *testing.T) {
			rep, err := crosscheck.Check(context.Background(), crosscheck.Config{
				Seeds:  []int64{1, 2, 3, 4, 5, 6},
				Cycles: 16,
				Chunk:  3,
				// Icarus on every chunk: the designs of the chunk
				// that fails are checked under it all the same
				IcarusEvery: 1,
				Generate: func(seed int64) dsl.Generator {
					if seed == 5 {
						// an output nothing drives
						return dsl.Func(name, func(m *dsl.Module) { m.Output("o", dsl.UInt(4)) })
					}
					return randdesign.New(seed, small)
				},
				Verilator: xcheckVerilator,
				Work:      t.TempDir(),
				Fixtures:  t.TempDir(),
			})
			require.NoError(t, err)
			require.Len(t, rep.Failures, 1)
			f := rep.Failures[0]
			require.Equal(t, int64(5), f.Seed, f.Report)
			require.Equal(t, "elaborate", f.Kind, f.Report)
			require.Equal(t, 5, rep.Designs, "the other designs are checked")
			require.Equal(t, 5, rep.Icarus, "the other designs are checked under Icarus")
			require.Empty(t, rep.Miscompiled)
		})
	}
}
