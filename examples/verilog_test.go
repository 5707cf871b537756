package examples

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/rtlsim"
)

// TestVerilog runs the emitted Verilog of every registry example, and of a
// few wider parameterizations, under Verilator and Icarus on one random
// stimulus (reset included) and requires the same outputs as rtlsim on
// every cycle: the central promise of systole, on designs written the way
// users write them.
func TestVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	var gens []dsl.Generator
	for _, e := range All() {
		gens = append(gens, e.Gen)
	}
	gens = append(gens, ALU{Width: 65}, ALU{Width: 7}, MAC{InWidth: 33, AccWidth: 80, Signed: true},
		MAC{InWidth: 16, AccWidth: 24}, FIFO{Width: 70, Depth: 5}, WideAdder{Width: 64})
	for _, gen := range gens {
		d, err := elaborate.Elaborate(gen)
		require.NoError(t, err)
		t.Run(d.Top, func(t *testing.T) {
			t.Parallel()
			text, err := emit.Verilog(d)
			require.NoError(t, err)
			src := filepath.Join(t.TempDir(), d.Top+".v")
			require.NoError(t, os.WriteFile(src, text, 0o644))

			sim, err := rtlsim.Compile(d)
			require.NoError(t, err)
			spec := vsim.Spec{Top: d.Top, Sources: append([]string{src}, d.ExternFiles()...)}
			var ins []rtlsim.PortInfo
			for _, p := range sim.Inputs() {
				if p.Name == "clk" {
					spec.Clock = p.Name
					continue
				}
				ins = append(ins, p)
				spec.Inputs = append(spec.Inputs, vsim.Port{Name: p.Name, Width: p.Width})
			}
			for _, p := range sim.Outputs() {
				spec.Outputs = append(spec.Outputs, vsim.Port{Name: p.Name, Width: p.Width})
			}

			// The stimulus: reset first, then random inputs with an
			// occasional reset.
			r := rand.New(rand.NewPCG(7, 7))
			const cycles = 1000
			stim := make(vsim.Stimulus, cycles)
			for c := range stim {
				for _, p := range ins {
					v := randBits(r, p.Width)
					if p.Name == "rst" {
						v = bits.FromUint64(1, b2u(c == 0 || r.IntN(100) == 0))
					}
					stim[c] = append(stim[c], v)
				}
			}
			want := runTrace(t, sim, ins, stim)

			ctx := context.Background()
			model, err := (&vsim.Verilator{}).Build(ctx, spec)
			require.NoError(t, err)
			got, err := model.Run(ctx, stim)
			require.NoError(t, err)
			require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10), "Verilator vs rtlsim")

			got, err = vsim.RunIcarus(ctx, spec, stim)
			require.NoError(t, err)
			require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10), "Icarus vs rtlsim")
		})
	}
}
