package systolic

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/rtlsim"
)

// replaySpec elaborates g, writes its Verilog into a temporary directory
// and returns the vsim spec that replays a recorded rtlsim session of it:
// every input of sim but the clock, every output.
func replaySpec(t *testing.T, g dsl.Generator, sim *rtlsim.Sim) vsim.Spec {
	t.Helper()
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	text, err := emit.Verilog(d)
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), d.Top+".v")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	spec := vsim.Spec{Top: d.Top, Sources: []string{src}, Clock: "clk"}
	for _, p := range sim.Inputs() {
		if !p.Clock {
			spec.Inputs = append(spec.Inputs, vsim.Port{Name: p.Name, Width: p.Width})
		}
	}
	for _, p := range sim.Outputs() {
		spec.Outputs = append(spec.Outputs, vsim.Port{Name: p.Name, Width: p.Width})
	}
	return spec
}

// recordCycle appends the current cycle's inputs (the clock aside) and
// outputs of sim to stim and trace, for a later replay under Verilator.
func recordCycle(sim *rtlsim.Sim, stim vsim.Stimulus, trace vsim.Trace) (vsim.Stimulus, vsim.Trace) {
	var in, out []bits.Value
	for _, p := range sim.Inputs() {
		if !p.Clock {
			in = append(in, sim.Peek(p.Handle))
		}
	}
	for _, p := range sim.Outputs() {
		out = append(out, sim.Peek(p.Handle))
	}
	return append(stim, in), append(trace, out)
}

// replayBoth replays a recorded rtlsim session (stim, trace) of spec's
// design under Verilator and Icarus and requires rtlsim's outputs on every
// cycle but the first, which shows the state before the first reset.
func replayBoth(t *testing.T, spec vsim.Spec, stim vsim.Stimulus, trace vsim.Trace) {
	t.Helper()
	ctx := context.Background()
	model, err := (&vsim.Verilator{}).Build(ctx, spec)
	require.NoError(t, err)
	got, err := model.Run(ctx, stim)
	require.NoError(t, err)
	require.Empty(t, vsim.Diff(spec.Outputs, got[1:], trace[1:], 10), "Verilator vs rtlsim over %d cycles", len(stim))
	got, err = vsim.RunIcarus(ctx, spec, stim)
	require.NoError(t, err)
	require.Empty(t, vsim.Diff(spec.Outputs, got[1:], trace[1:], 10), "Icarus vs rtlsim over %d cycles", len(stim))
}
