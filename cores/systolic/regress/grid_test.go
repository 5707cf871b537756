package regress_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

func grid() []systolic.Config { return regress.Grid(os.Getenv(regress.EnvLong) == "1") }

// isFloatShort reports a float configuration outside SYSTOLE_LONG=1: its
// Verilator build and Yosys synthesis take tens of seconds each, and
// cores/systolic's TestFloatVerilog and TestFloatLint already cover every
// format in the default suite.
func isFloatShort(c systolic.Config) bool {
	_, ok := c.Float()
	return ok && !tooltest.Long()
}

// traffic runs three phases on one bench: full rate, then random gaps and
// backpressure, then heavy backpressure, each after a reset (so the core is
// reset after traffic, too).
func traffic(t *testing.T, c systolic.Config) func(b *testbench.Bench) error {
	return func(b *testbench.Bench) error {
		n := c.Rows + c.Cols
		for i, o := range []regress.Options{
			{Jobs: 6, MinRows: 1, MaxRows: 2 * n, Gap: 0, Backpressure: 0},
			{Jobs: 8, MinRows: 1, MaxRows: 2 * n, Gap: 0.3, Backpressure: 0.3},
			{Jobs: 4, MinRows: 1, MaxRows: n, Gap: 0.1, Backpressure: 0.8},
		} {
			// A fresh bench per phase, on the same design: components
			// belong to one bench.
			res, err := regress.Run(testbench.New(b.Backend(), b.Seed()+uint64(i)), c, o)
			if err != nil {
				return fmt.Errorf("%+v: %w", o, err)
			}
			if res.Beats == 0 {
				return fmt.Errorf("%+v: no result checked", o)
			}
			t.Logf("%s on %v: %v", c.TopName(), b.Backend(), res)
		}
		return nil
	}
}

func elab(t testing.TB, c systolic.Config) *netlist.Design {
	g, err := systolic.New(c)
	require.NoError(t, err)
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	return d
}

// envSeeds names the variable that sets the seeds per configuration of
// TestGridRTLSim (default 16).
const envSeeds = "SYSTOLE_REGRESS_SEEDS"

// seeds returns the seeds of configuration i of the grid.
func seeds(t *testing.T, i int) []uint64 {
	n := 16
	if v := os.Getenv(envSeeds); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			t.Fatalf("%s=%q: want a count of at least 1", envSeeds, v)
		}
	}
	s := make([]uint64, n)
	for k := range s {
		s[k] = uint64(1000*i + k)
	}
	return s
}

// Every configuration of the grid, on several seeds: the lanes of one
// rtlsim batch each.
func TestGridRTLSim(t *testing.T) {
	for i, c := range grid() {
		t.Run(c.TopName(), func(t *testing.T) {
			testbench.CheckLanes(t, elab(t, c), seeds(t, i), traffic(t, c))
		})
	}
}

// A subset of the grid on single-lane rtlsim, on the first seed of each.
func TestGridRTLSimSingleLane(t *testing.T) {
	for i, c := range grid() {
		if i%3 != 1 {
			continue
		}
		t.Run(c.TopName(), func(t *testing.T) {
			testbench.Check(t, elab(t, c), seeds(t, i)[0], testbench.RTLSimMaker, traffic(t, c))
		})
	}
}

// A subset of the grid on Verilator, through the same testbench.
func TestGridVerilator(t *testing.T) {
	tooltest.Require(t, "verilator")
	mk := testbench.VerilatorMaker(context.Background(), testbench.VerilatorOptions{})
	for i, c := range grid() {
		if i%3 != 0 || isFloatShort(c) {
			continue
		}
		t.Run(c.TopName(), func(t *testing.T) {
			testbench.Check(t, elab(t, c), seeds(t, i)[0], mk, traffic(t, c))
		})
	}
}

// Every configuration of the grid is clean under Verilator's linter, and
// every one of up to 64 PEs (all of the default grid) under Yosys synthesis
// with check -assert.
func TestGridLint(t *testing.T) {
	for _, tool := range lint.Tools {
		if tool.Name == "iverilog" {
			continue
		}
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			for _, c := range grid() {
				if tool.Name == "yosys" && (c.Rows*c.Cols > 64 || isFloatShort(c)) {
					continue // synthesis of large arrays takes minutes; Verilator lints them all
				}
				t.Run(c.TopName(), func(t *testing.T) {
					t.Parallel()
					v, err := emit.Verilog(elab(t, c))
					require.NoError(t, err)
					dir := t.TempDir()
					top := c.TopName()
					require.NoError(t, os.WriteFile(filepath.Join(dir, top+".v"), v, 0o644))
					require.NoError(t, tool.Run(context.Background(), dir, top, top+".v"))
				})
			}
		})
	}
}
