package testbench_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// The second NewVerilator of one design comes from the cache.
func TestVerilatorCached(t *testing.T) {
	tooltest.Require(t, "verilator")
	ctx := context.Background()
	first, err := testbench.NewVerilator(ctx, fifo(t), testbench.VerilatorOptions{})
	require.NoError(t, err)
	t.Logf("first NewVerilator built the model: %v", first.Built())
	require.NoError(t, first.Close())
	start := time.Now()
	second, err := testbench.NewVerilator(ctx, fifo(t), testbench.VerilatorOptions{})
	require.NoError(t, err)
	t.Logf("second NewVerilator: %v", time.Since(start))
	require.False(t, second.Built(), "the second NewVerilator must not rebuild")
	require.NoError(t, second.Close())
}

// Verilator and rtlsim agree cycle for cycle on random inputs, through
// ports of one word and of several (a 70-bit FIFO).
func TestVerilatorLockstep(t *testing.T) {
	tooltest.Require(t, "verilator")
	d, err := elaborate.Elaborate(examples.FIFO{Width: 70, Depth: 5})
	require.NoError(t, err)
	ref, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	dut, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	require.NoError(t, err)
	defer dut.Close()
	names := []string{"rst", "in_valid", "in_data", "out_ready", "in_ready", "out_valid", "out_data", "count"}
	var rp, dp []testbench.Port
	for _, n := range names {
		p, err := ref.Port(n)
		require.NoError(t, err)
		q, err := dut.Port(n)
		require.NoError(t, err)
		require.Equal(t, p.Width, q.Width, n)
		require.Equal(t, p.Input, q.Input, n)
		rp, dp = append(rp, p), append(dp, q)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for c := range 2000 {
		for i, p := range rp[:4] {
			v := bits.FromWords(p.Width, []uint64{r.Uint64(), r.Uint64()})
			if p.Name == "rst" {
				v = bits.FromUint64(1, b2u(c == 0 || r.IntN(50) == 0))
			}
			ref.Poke(p, v)
			dut.Poke(dp[i], v)
		}
		for i, p := range rp {
			require.True(t, ref.Peek(p).Equal(dut.Peek(dp[i])), "cycle %d: %s: rtlsim %v, verilator %v",
				c, p.Name, ref.Peek(p), dut.Peek(dp[i]))
		}
		ref.Step()
		dut.Step()
	}
	require.Equal(t, ref.Cycle(), dut.Cycle())
	require.NoError(t, ref.Err())
	require.NoError(t, dut.Err())
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// BenchmarkVerilatorFIFO measures testbench cycles per second on the
// Verilator backend: a Source, a Sink and a Monitor on each side, one round
// trip per cycle.
func BenchmarkVerilatorFIFO(b *testing.B) {
	tooltest.Require(b, "verilator")
	benchFIFO(b, func(d *netlist.Design) (testbench.Backend, error) {
		return testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	})
}

func BenchmarkRTLSimFIFO(b *testing.B) { benchFIFO(b, testbench.RTLSimMaker) }

func benchFIFO(b *testing.B, mk testbench.Maker) {
	be, err := mk(fifo(b))
	require.NoError(b, err)
	defer be.Close()
	tb := testbench.New(be, 1)
	tb.Reset()
	src := testbench.NewSource(tb, inStream, 0.2)
	testbench.NewMonitor(tb, inStream)
	testbench.NewSink(tb, outStream, 0.2)
	testbench.NewMonitor(tb, outStream)
	b.ReportAllocs()
	cycles := 0
	start := time.Now()
	for b.Loop() {
		if src.Len() == 0 {
			for i := range uint64(1000) {
				src.PushUint64(i)
			}
		}
		require.NoError(b, tb.Tick())
		cycles++
	}
	b.ReportMetric(float64(cycles)/time.Since(start).Seconds(), "cycles/s")
}

// Ports (and a top) that the emitted Verilog renames (keywords) are found
// by their DSL names, through the names emit reports.
func TestVerilatorKeywordPort(t *testing.T) {
	tooltest.Require(t, "verilator")
	d, err := elaborate.Elaborate(dsl.Func("module", func(m *dsl.Module) {
		m.Output("do", dsl.UInt(4)).Set(m.Input("reg", dsl.UInt(4)).Not())
	}))
	require.NoError(t, err)
	v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	require.NoError(t, err)
	defer v.Close()
	in, err := v.Port("reg")
	require.NoError(t, err)
	out, err := v.Port("do")
	require.NoError(t, err)
	v.PokeUint64(in, 5)
	require.Equal(t, uint64(10), v.PeekUint64(out))
}

// A failure on Verilator only: Check re-runs on rtlsim, which passes, and
// says so with the seed and the waveform.
func TestCheckVerilatorOnlyFailure(t *testing.T) {
	tooltest.Require(t, "verilator")
	t.Setenv(testbench.EnvVCDDir, t.TempDir())
	ft := &fakeT{TB: t}
	func() {
		defer func() { recover() }()
		testbench.Check(ft, fifo(t), 5, testbench.VerilatorMaker(context.Background(), testbench.VerilatorOptions{}),
			func(b *testbench.Bench) error {
				if err := fifoTest(20, 0.2, 0.2)(b); err != nil {
					return err
				}
				if _, ok := b.Backend().(*testbench.Verilator); ok {
					return errors.New("only on verilator")
				}
				return nil
			})
	}()
	require.Contains(t, ft.msg, "only on verilator\nseed 5, backend verilator; the re-run on rtlsim with the same seed PASSED")
	require.Contains(t, ft.msg, "seed5.vcd")
	// Verilator's own waveform (--trace) of the same run, beside rtlsim's.
	_, own, ok := strings.Cut(ft.msg, "verilator's own waveform (re-run, same seed): ")
	require.True(t, ok, ft.msg)
	own = strings.Fields(own)[0]
	require.True(t, strings.HasSuffix(own, "seed5.verilator.vcd"), own)
	vcd, err := os.ReadFile(own)
	require.NoError(t, err)
	require.Contains(t, string(vcd), "$enddefinitions")
	require.Contains(t, string(vcd), " in_valid ")
	require.Contains(t, string(vcd), "#3\n", "timestamps of several cycles")
}

// A chip flow's conventions (clock aclk, active-low reset rst_n) give the
// same behaviour in Verilator as in rtlsim: the counter counts, holds at
// zero while rst_n is low, then counts again.
func TestVerilatorConventions(t *testing.T) {
	tooltest.Require(t, "verilator")
	d, err := elaborate.Elaborate(dsl.Func("ctr", func(m *dsl.Module) {
		r := m.Reg("count", dsl.UInt(4), dsl.Init(0))
		r.Set(r.Add(dsl.U(4, 1)))
		m.Output("q", dsl.UInt(4)).Set(r)
	}))
	require.NoError(t, err)
	d, err = netlist.Conventions{Clock: "aclk", ResetActiveLow: true}.Apply(d)
	require.NoError(t, err)
	v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
	require.NoError(t, err)
	defer v.Close()
	r, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	defer r.Close()
	var got [2][]uint64
	for i, be := range []testbench.Backend{r, v} {
		rst, err := be.Port("rst_n")
		require.NoError(t, err)
		q, err := be.Port("q")
		require.NoError(t, err)
		for cycle := range 12 {
			low := uint64(1)
			if cycle >= 5 && cycle < 7 {
				low = 0
			}
			be.PokeUint64(rst, low)
			be.Step()
			got[i] = append(got[i], be.PeekUint64(q))
		}
	}
	require.Equal(t, []uint64{1, 2, 3, 4, 5, 0, 0, 1, 2, 3, 4, 5}, got[0])
	require.Equal(t, got[0], got[1], "verilator differs from rtlsim")
}
