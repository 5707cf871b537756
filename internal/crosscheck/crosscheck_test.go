package crosscheck_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// Environment knobs of the random cross-check; soak runs raise the counts.
const (
	envDesigns = "SYSTOLE_XCHECK_DESIGNS" // designs per run (default 200)
	envCycles  = "SYSTOLE_XCHECK_CYCLES"  // cycles per design (default 128)
	envSeed    = "SYSTOLE_XCHECK_SEED"    // first design seed (default: from the clock)
)

func envInt(t *testing.T, name string, def int64) int64 {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	v, err := strconv.ParseInt(s, 10, 64)
	require.NoError(t, err, "%s=%q", name, s)
	return v
}

func verilator(t *testing.T) *crosscheck.VerilatorBackend {
	tooltest.Require(t, "verilator")
	// The models are large and run for a few hundred cycles: compile time
	// is all that counts, and -O0 halves it.
	return &crosscheck.VerilatorBackend{V: vsim.Verilator{Opt: "-O0"}}
}

func randomStim(seed int64, cycles int) func(vsim.Spec) vsim.Stimulus {
	return func(spec vsim.Spec) vsim.Stimulus {
		return crosscheck.RandomStimulus(rand.New(rand.NewSource(seed)), spec.Inputs, cycles, "rst")
	}
}

func wrapped(first int64, n int) dsl.Generator {
	designs := make([]dsl.Generator, n)
	for i := range designs {
		designs[i] = randdesign.New(first+int64(i), randdesign.Default)
	}
	return crosscheck.Wrap("xcheck", designs)
}

// TestRandomDesigns is the differential test of the whole flow: random
// designs, built into one Verilator model, simulated on random stimulus in
// rtlsim and in Verilator, compared on every output of every cycle.
func TestRandomDesigns(t *testing.T) {
	b := verilator(t)
	n := int(envInt(t, envDesigns, 200))
	cycles := int(envInt(t, envCycles, 128))
	seed := envInt(t, envSeed, time.Now().UnixNano()%1_000_000_000)
	t.Logf("designs %d..%d (%s=%d), %d cycles", seed, seed+int64(n)-1, envSeed, seed, cycles)
	d, err := elaborate.Elaborate(wrapped(seed, n))
	require.NoError(t, err, "seed %d", seed)
	res, err := crosscheck.Run(context.Background(), b, d, nil, t.TempDir(), randomStim(seed, cycles))
	require.NoError(t, err, "seed %d", seed)
	if res.Mismatch != nil {
		t.Fatalf("seed %d: %v\n%s", seed, res.Mismatch, reproduce(t, b, seed, res))
	}
}

// reproduce narrows a mismatch to the one design it came from, checks that
// it fails alone on the same stimulus up to the first bad cycle, and keeps
// its Verilog and stimulus for a person to look at.
func reproduce(t *testing.T, b crosscheck.Backend, first int64, res *crosscheck.Result) string {
	i := crosscheck.DesignOf(res.Mismatch.Output)
	if i < 0 {
		return "(the mismatching output belongs to no single design)"
	}
	seed := first + int64(i)
	d, err := elaborate.Elaborate(crosscheck.Wrap("xcheck", []dsl.Generator{randdesign.New(seed, randdesign.Default)}))
	if err != nil {
		return err.Error()
	}
	// Carry over design i's columns of the stimulus, renamed to d0_*.
	col := map[string]int{}
	for k, p := range res.Spec.Inputs {
		col[p.Name] = k
	}
	prefix := fmt.Sprintf("d%d_", i)
	stim := func(spec vsim.Spec) vsim.Stimulus {
		out := make(vsim.Stimulus, res.Mismatch.Cycle+1)
		for c := range out {
			row := make([]bits.Value, len(spec.Inputs))
			for k, p := range spec.Inputs {
				name := p.Name
				if strings.HasPrefix(name, "d0_") {
					name = prefix + strings.TrimPrefix(name, "d0_")
				}
				row[k] = res.Stim[c][col[name]]
			}
			out[c] = row
		}
		return out
	}
	dir, err := os.MkdirTemp("", "systole-xcheck-")
	if err != nil {
		return err.Error()
	}
	alone, err := crosscheck.Run(context.Background(), b, d, nil, dir, stim)
	if err != nil {
		return err.Error()
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "design %d (randdesign seed %d) alone, %d cycles: ", i, seed, res.Mismatch.Cycle+1)
	if alone.Mismatch == nil {
		sb.WriteString("does NOT fail alone (an interaction between designs?)\n")
	} else {
		fmt.Fprintf(&sb, "fails alone: %v\n", alone.Mismatch)
	}
	var st strings.Builder
	for _, row := range alone.Stim {
		for k, v := range row {
			fmt.Fprintf(&st, "%s=%s ", alone.Spec.Inputs[k].Name, v)
		}
		st.WriteString("\n")
	}
	_ = os.WriteFile(filepath.Join(dir, "stimulus.txt"), []byte(st.String()), 0o644)
	fmt.Fprintf(&sb, "kept: %s (xcheck.v, stimulus.txt)\nrerun it alone: %s=%d %s=1 go test ./internal/crosscheck -run TestRandomDesigns\n",
		dir, envSeed, seed, envDesigns)
	return sb.String()
}

// The checker must catch a simulator that gets one operator wrong: rtlsim
// runs a copy of the designs whose adders subtract, and the comparison
// against Verilator has to fail.
func TestCheckerCatchesBrokenOp(t *testing.T) {
	b := verilator(t)
	const seed, n = 7, 6
	d, err := elaborate.Elaborate(wrapped(seed, n))
	require.NoError(t, err)
	broken, err := elaborate.Elaborate(wrapped(seed, n))
	require.NoError(t, err)
	changed := 0
	for _, m := range broken.Modules {
		for i := range m.Cells {
			if m.Cells[i].Op == netlist.OpAdd {
				m.Cells[i].Op = netlist.OpSub
				changed++
			}
		}
	}
	require.NotZero(t, changed, "the designs have no adder to break")
	res, err := crosscheck.Run(context.Background(), b, d, broken, t.TempDir(), randomStim(seed, 64))
	require.NoError(t, err)
	require.NotNil(t, res.Mismatch, "a simulator computing sub for add went unnoticed")
	t.Logf("caught as expected: %v", res.Mismatch)

	// And the unbroken design agrees, so the failure above is the break.
	res, err = crosscheck.Run(context.Background(), b, d, nil, t.TempDir(), randomStim(seed, 64))
	require.NoError(t, err)
	require.Nil(t, res.Mismatch)
}
