package testbench_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/testbench"
)

// assertLine is the line of the Assert in watchdog, which every simulator
// must name.
var assertLine int

// watchdog counts the edges where en is 1 (in instance u) and asserts,
// when en is 1, that the count is below limit; it covers the count
// reaching limit-1.
func watchdog(t *testing.T, limit int) *netlist.Design {
	t.Helper()
	child := dsl.Func(fmt.Sprintf("watchdog%d", limit), func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		count := m.Reg("n", dsl.UInt(8), dsl.Init(0))
		m.When(en, func() {
			count.Set(count.Add(dsl.U(8, 1)))
			_, _, assertLine, _ = runtime.Caller(0)
			m.Assert(count.Lt(dsl.U(8, uint64(limit))), "count below limit") // the line after Caller
		})
		m.Cover(count.Eq(dsl.U(8, uint64(limit-1))), "near_limit")
		m.Output("count", dsl.UInt(8)).Set(count)
	})
	d, err := elaborate.Elaborate(dsl.Func("watchtop", func(m *dsl.Module) {
		u := m.Instance("u", child)
		u.Port("en").Set(m.Input("en", dsl.Bool()))
		m.Output("count", dsl.UInt(8)).Set(u.Port("count"))
	}))
	require.NoError(t, err)
	assertLine++
	return d
}

// enables is the stimulus after the reset: en in each cycle.
func runWatchdog(be testbench.Backend, enables []bool) error {
	en, err := be.Port("en")
	if err != nil {
		return err
	}
	be.Reset()
	for _, e := range enables {
		if e {
			be.PokeUint64(en, 1)
		} else {
			be.PokeUint64(en, 0)
		}
		be.Step()
	}
	out, _ := be.Port("count")
	be.Peek(out) // a Verilator backend reports what the model did at the next read
	return be.Err()
}

func ones(n int) []bool {
	en := make([]bool, n)
	for i := range en {
		en[i] = true
	}
	return en
}

// A failing assertion stops rtlsim, Verilator and Icarus at the same
// cycle, with the message and the source line; a design whose assertions
// hold runs to the end in all three.
func TestAssertionAcrossSimulators(t *testing.T) {
	const limit = 5
	d := watchdog(t, limit)
	pos := fmt.Sprintf("testbench/assert_test.go:%d", assertLine)
	// The reset edge is cycle 0; the count is limit in cycle limit+1.
	const failCycle = limit + 1

	be, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	err = runWatchdog(be, ones(20))
	var ae *rtlsim.AssertionError
	require.True(t, errors.As(err, &ae), "rtlsim: %v", err)
	require.Equal(t, uint64(failCycle), ae.Cycle)
	require.Equal(t, pos+": assertion failed in cycle 6, instance u of module watchdog5: count below limit", ae.Error())

	// En low from cycle 3 on: the count stops at 2 and nothing fails.
	held := append(ones(2), make([]bool, 20)...)
	be, err = testbench.NewRTLSim(d)
	require.NoError(t, err)
	require.NoError(t, runWatchdog(be, held))

	wantMsg := pos + ": assertion failed, instance %s.u of module watchdog5: count below limit"
	t.Run("verilator", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0"})
		require.NoError(t, err)
		err = runWatchdog(v, ones(20))
		var ve *vsim.AssertionError
		require.True(t, errors.As(err, &ve), "verilator: %v", err)
		require.Equal(t, failCycle, ve.Cycle)
		require.Equal(t, fmt.Sprintf(wantMsg, "TOP.watchtop"), ve.Message)
		v.Close()

		v, err = testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0"})
		require.NoError(t, err)
		require.NoError(t, runWatchdog(v, held))
		require.NoError(t, v.Close())
	})
	t.Run("icarus", func(t *testing.T) {
		tooltest.Require(t, "iverilog")
		text, err := emit.Verilog(d)
		require.NoError(t, err)
		src := filepath.Join(t.TempDir(), "watchtop.v")
		require.NoError(t, os.WriteFile(src, text, 0o644))
		spec := vsim.SpecOf(d, src)
		stim := func(en []bool) vsim.Stimulus {
			rows := vsim.Stimulus{{bits.FromUint64(1, 1), bits.FromUint64(1, 0)}} // rst, en
			require.Equal(t, "rst", spec.Inputs[0].Name)
			for _, e := range en {
				v := uint64(0)
				if e {
					v = 1
				}
				rows = append(rows, []bits.Value{bits.FromUint64(1, 0), bits.FromUint64(1, v)})
			}
			return rows
		}
		trace, err := vsim.RunIcarus(context.Background(), spec, stim(ones(20)))
		var ve *vsim.AssertionError
		require.True(t, errors.As(err, &ve), "icarus: %v", err)
		require.Equal(t, failCycle, ve.Cycle)
		require.Len(t, trace, failCycle+1)
		require.Equal(t, uint64(limit), trace[failCycle][0].Uint64())
		require.Equal(t, fmt.Sprintf(wantMsg, "systole_vsim_tb.dut"), ve.Message)

		trace, err = vsim.RunIcarus(context.Background(), spec, stim(held))
		require.NoError(t, err)
		require.Len(t, trace, len(held)+1)
	})
}

// The emitted failure line is the one vsim looks for.
func TestFailPrefix(t *testing.T) {
	require.Equal(t, emit.FailPrefix, vsim.FailPrefix)
}

// Check reports a failed assertion with a waveform, and logs cover counts.
func TestCheckAssertion(t *testing.T) {
	d := watchdog(t, 3)
	be, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	require.NoError(t, runWatchdog(be, append(ones(2), make([]bool, 4)...)))
	require.Equal(t, "u.near_limit (testbench/assert_test.go:"+fmt.Sprint(assertLine+2)+"): 4 hits\n", testbench.CoverReport(be.Covers()))

	ft := &fakeT{TB: t}
	t.Setenv(testbench.EnvVCDDir, t.TempDir())
	func() {
		defer func() { recover() }()
		testbench.Check(ft, d, 1, testbench.RTLSimMaker, func(b *testbench.Bench) error {
			return runWatchdog(b.Backend(), ones(10))
		})
	}()
	require.Contains(t, ft.msg, "assertion failed in cycle 4, instance u of module watchdog3: count below limit")
	require.Contains(t, ft.msg, "waveform (re-run on rtlsim, same seed): ")
	require.Contains(t, ft.msg, ".vcd")
}

// Cover points count the same in rtlsim, Verilator (through the lines the
// emitted Verilog prints at each hit) and Icarus. The design is
// TestAssertionAcrossSimulators's, so the Verilator model comes from the
// cache.
func TestCoversAcrossSimulators(t *testing.T) {
	d := watchdog(t, 5)
	enables := append(ones(4), make([]bool, 4)...) // the count stays at 4, near the limit
	be, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	require.NoError(t, runWatchdog(be, enables))
	want := be.Covers()
	require.Len(t, want, 1)
	require.Equal(t, uint64(4), want[0].Count)
	require.Equal(t, emit.CoverPrefix, vsim.CoverPrefix)
	require.Equal(t, emit.CoverPlusarg, vsim.CoverPlusarg)

	t.Run("verilator", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0"})
		require.NoError(t, err)
		defer v.Close()
		require.NoError(t, runWatchdog(v, enables))
		require.Equal(t, want, v.Covers())
		// Counting goes on: two more edges at the limit.
		v.Step()
		v.Step()
		got := v.Covers()
		require.Equal(t, uint64(6), got[0].Count)
		require.NoError(t, v.Err())
		// The counts outlive the model, for Check's log.
		require.NoError(t, v.Close())
		require.Equal(t, got, v.Covers())
	})
	t.Run("icarus", func(t *testing.T) {
		tooltest.Require(t, "iverilog")
		text, err := emit.Verilog(d)
		require.NoError(t, err)
		src := filepath.Join(t.TempDir(), "watchtop.v")
		require.NoError(t, os.WriteFile(src, text, 0o644))
		spec := vsim.SpecOf(d, src)
		stim := vsim.Stimulus{{bits.FromUint64(1, 1), bits.FromUint64(1, 0)}} // the reset
		for _, e := range enables {
			stim = append(stim, []bits.Value{bits.FromUint64(1, 0), bits.FromUint64(1, b2u(e))})
		}
		_, covers, err := (&vsim.Icarus{}).RunCovers(context.Background(), spec, stim)
		require.NoError(t, err)
		require.Equal(t, map[string]uint64{"u.near_limit": 4}, covers)
	})
}
