package vsim

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// The interactive model of the demo, driven cycle by cycle, agrees with the
// Go model, through ports of 1 to 130 bits; steps merge and a cycle without
// a poke sends no poke.
func TestInteractiveDemo(t *testing.T) {
	v := &Verilator{Path: requireTool(t, "verilator")}
	start := time.Now()
	m, err := v.BuildInteractive(t.Context(), demoSpec)
	require.NoError(t, err)
	t.Logf("build: %v (built: %v)", time.Since(start), m.Built)
	_, err = m.Run(t.Context(), nil)
	require.ErrorContains(t, err, "Run of an interactive model")

	stim := demoStimulus(7, 2000)
	want := demoModel(stim)
	s, err := m.Start(t.Context())
	require.NoError(t, err)
	out := make([]uint64, s.OutputWords())
	for c, row := range stim {
		for i, v := range row {
			s.Poke(i, v.Words())
		}
		require.NoError(t, s.Outputs(out))
		k := 0
		for o, p := range demoSpec.Outputs {
			n := bits.Words(p.Width)
			got := bits.FromWords(p.Width, out[k:k+n])
			k += n
			require.True(t, got.Equal(want[c][o]), "cycle %d %s: got %v, want %v", c, p.Name, got, want[c][o])
		}
		s.Step(1)
	}
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "Close twice")

	batch, err := v.Build(t.Context(), demoSpec)
	require.NoError(t, err)
	_, err = batch.Start(t.Context())
	require.ErrorContains(t, err, "Start of a batch model")
	require.NotEqual(t, batch.Path, m.Path)
}

// Misuse of a Session is a sticky error.
func TestInteractiveMisuse(t *testing.T) {
	v := &Verilator{Path: requireTool(t, "verilator")}
	m, err := v.BuildInteractive(t.Context(), demoSpec)
	require.NoError(t, err)
	s, err := m.Start(t.Context())
	require.NoError(t, err)
	s.Poke(0, []uint64{1, 2})
	require.ErrorContains(t, s.Err(), "Poke of input 0 with 2 words")
	require.Error(t, s.Outputs(make([]uint64, s.OutputWords())))
	require.Error(t, s.Close())
}
