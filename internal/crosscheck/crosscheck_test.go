package crosscheck_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Environment knobs of the random cross-check. Without SYSTOLE_XCHECK_SEED
// and SYSTOLE_XCHECK_DESIGNS it checks the fixed seeds (fixedSeeds), so
// that a run fails only for a change; either knob turns it into a soak of
// new random designs.
const (
	envDesigns  = "SYSTOLE_XCHECK_DESIGNS"  // random designs of a soak (default 200 when only the seed is given)
	envSeed     = "SYSTOLE_XCHECK_SEED"     // first seed of a soak (default: from the clock)
	envCycles   = "SYSTOLE_XCHECK_CYCLES"   // cycles per design (default 128)
	envChunk    = "SYSTOLE_XCHECK_CHUNK"    // designs per Verilator model (default crosscheck.DefaultChunk)
	envJobs     = "SYSTOLE_XCHECK_JOBS"     // Verilator models built at once (default: the CPUs)
	envIcarus   = "SYSTOLE_XCHECK_ICARUS"   // every Nth chunk also runs under Icarus (default 10 in a soak, else 0: never)
	envGoModel  = "SYSTOLE_XCHECK_GOMODEL"  // every Nth chunk also runs in rtlsim's compiled mode (default 10 in a soak, else 1; 0: never)
	envFixtures = "SYSTOLE_XCHECK_FIXTURES" // where a soak saves failing designs (default testdata/fixtures)
)

// fixedSeeds are the designs of the default cross-check: randdesign seeds
// 1 to 200 of randdesign.Version 1. TestFixedSeedsCover shows that they
// use every netlist operator and every fusion of rtlsim.
var fixedSeeds = seedRange(1, 200)

// fixedVersion is the generator version fixedSeeds were chosen for.
const fixedVersion = 1

func seedRange(first int64, n int) []int64 {
	seeds := make([]int64, n)
	for i := range seeds {
		seeds[i] = first + int64(i)
	}
	return seeds
}

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
	return &crosscheck.VerilatorBackend{V: xcheckVerilator}
}

// xcheckVerilator builds the models of the cross-check. They are large and
// run for a few hundred cycles: compile time is all that counts, and -O0
// halves it.
var xcheckVerilator = vsim.Verilator{Opt: "-O0"}

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

// goModel requires rtlsim's compiled mode (the design written as Go by
// rtlsim.WriteGo and built) to replay res's stimulus to the outputs of
// rtlsim's trace, every output of every cycle folded into one hash.
func goModel(ctx context.Context, res *crosscheck.Result) error {
	sim, err := rtlsim.Compile(res.Design)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "systole-xcheck-go-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	m, err := bench.BuildGo(ctx, sim, res.Spec, dir)
	if err != nil {
		return err
	}
	got, err := m.Run(ctx, bench.TrafficFrom(res.Spec.Inputs, res.Stim), len(res.Stim), nil)
	if err != nil {
		return err
	}
	want := vsim.HashSeed
	for _, row := range res.RTLSim {
		for _, v := range row {
			for k := range bits.Words(v.Width()) {
				want = vsim.HashWord(want, v.Word(k))
			}
		}
	}
	if got.Cycles != len(res.Stim) || got.Hash != want {
		return fmt.Errorf("rtlsim's Go model (WriteGo) disagrees with rtlsim: %d cycles, hash %#x; rtlsim %d cycles, hash %#x",
			got.Cycles, got.Hash, len(res.Stim), want)
	}
	return nil
}

// TestRandomDesigns is the differential test of the whole flow: random
// designs, built into Verilator models of crosscheck.DefaultChunk designs
// each, in parallel, simulated on random stimulus in rtlsim and in
// Verilator (and some chunks in Icarus and in rtlsim's compiled mode),
// compared on every output of every cycle. By default it checks the fixed
// seeds; SYSTOLE_XCHECK_DESIGNS and SYSTOLE_XCHECK_SEED make it a soak of
// new ones, which saves every failing design as a fixture that
// TestFixtures replays.
func TestRandomDesigns(t *testing.T) {
	tooltest.Require(t, "verilator")
	seeds := fixedSeeds
	soak := os.Getenv(envSeed) != "" || os.Getenv(envDesigns) != ""
	if soak {
		n := int(envInt(t, envDesigns, 200))
		seed := envInt(t, envSeed, time.Now().UnixNano()%1_000_000_000)
		seeds = seedRange(seed, n)
		t.Logf("soak: designs %d..%d of randdesign version %d (%s=%d %s=%d)", seed, seed+int64(n)-1, randdesign.Version, envSeed, seed, envDesigns, n)
	} else {
		require.Equal(t, fixedVersion, randdesign.Version, "the generator changed: choose fixedSeeds again (TestFixedSeedsCover) and set fixedVersion")
		t.Logf("the fixed designs: seeds %d..%d of randdesign version %d", seeds[0], seeds[len(seeds)-1], randdesign.Version)
	}
	every := func(name string, soakDef, def int64) int {
		if soak {
			return int(envInt(t, name, soakDef))
		}
		return int(envInt(t, name, def))
	}
	cfg := crosscheck.Config{
		Seeds:   seeds,
		Options: randdesign.Default,
		Cycles:  int(envInt(t, envCycles, 128)),
		Chunk:   int(envInt(t, envChunk, crosscheck.DefaultChunk)),
		Jobs:    int(envInt(t, envJobs, 0)),
		// Icarus takes longer than Verilator on a chunk (over a
		// CPU second per design): the default leaves it to the soak,
		// TestFixtures and emit's tests.
		IcarusEvery:  every(envIcarus, 10, 0),
		GoModelEvery: every(envGoModel, 10, 1),
		Verilator:    xcheckVerilator,
		Work:         t.TempDir(),
		Log:          t.Logf,
	}
	if cfg.IcarusEvery > 0 {
		tooltest.Require(t, "iverilog")
	}
	if cfg.GoModelEvery > 0 {
		tooltest.Require(t, "go")
		cfg.GoModel = goModel
	}
	if soak {
		// A soak's models are used once: build them in a cache of its
		// own and delete each after its run. Failing designs are kept
		// outside the test's temporary directory, and saved as
		// fixtures.
		cfg.Verilator.CacheDir = filepath.Join(t.TempDir(), "vsim")
		cfg.Discard = true
		work, err := os.MkdirTemp("", "systole-xcheck-")
		require.NoError(t, err)
		cfg.Work = work
		cfg.Fixtures = os.Getenv(envFixtures)
		if cfg.Fixtures == "" {
			cfg.Fixtures = filepath.Join("testdata", "fixtures")
		}
		t.Logf("failing designs are kept under %s and saved as fixtures in %s", work, cfg.Fixtures)
	}
	rep, err := crosscheck.Check(context.Background(), cfg)
	require.NoError(t, err)
	t.Logf("%d designs in %d Verilator models (%d also in Icarus, %d in rtlsim's compiled mode), %d cycles each, in %v (%.2f s per design, %d jobs of chunks of %d)",
		rep.Designs, rep.Chunks, rep.Icarus, rep.GoModel, cfg.Cycles, rep.Elapsed.Round(time.Second),
		rep.Elapsed.Seconds()/float64(max(1, len(seeds))), rep.Jobs, rep.Chunk)
	for _, f := range rep.Miscompiled {
		t.Logf("design seed %d differs only under Verilator's optimizer (a Verilator bug, not rtlsim's):\n%s", f.Seed, f.Report)
	}
	for _, f := range rep.Failures {
		t.Errorf("design seed %d: %s: %s\nfixture: %s\nrerun it alone: %s=%d %s=1 go test ./internal/crosscheck -run TestRandomDesigns",
			f.Seed, f.Kind, f.Report, f.Fixture, envSeed, f.Seed, envDesigns)
	}
	// Verilator's miscompilations are rare: more than one design in 50
	// blamed on it is a sign that the triage hides a bug of ours.
	if len(rep.Miscompiled)*50 > len(seeds) && len(rep.Miscompiled) > 3 {
		t.Errorf("%d of %d designs blamed on Verilator's optimizer: too many to be its rare miscompilations", len(rep.Miscompiled), len(seeds))
	}
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
