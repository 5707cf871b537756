package testbench_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

var (
	inStream  = testbench.NewStream("in", "data")
	outStream = testbench.NewStream("out", "data")
)

func fifo(t testing.TB) *netlist.Design {
	t.Helper()
	d, err := elaborate.Elaborate(examples.FIFO{Width: 8, Depth: 4})
	require.NoError(t, err)
	return d
}

// backends returns the makers to run a test on: rtlsim always, Verilator
// when installed (not in -short mode).
func backends(t *testing.T) map[string]testbench.Maker {
	t.Helper()
	if testing.Short() {
		return map[string]testbench.Maker{"rtlsim": testbench.RTLSimMaker}
	}
	return map[string]testbench.Maker{
		"rtlsim": testbench.RTLSimMaker,
		"verilator": func(d *netlist.Design) (testbench.Backend, error) {
			tooltest.Require(t, "verilator")
			return testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{})
		},
	}
}

// fifoTest sends n random words through the FIFO with the given gap and
// backpressure, checking the order and the stream rules on both sides.
func fifoTest(n int, gap, bp float64) func(b *testbench.Bench) error {
	return func(b *testbench.Bench) error {
		b.Reset()
		src := testbench.NewSource(b, inStream, gap)
		src.Junk = true
		testbench.NewMonitor(b, inStream)
		sink := testbench.NewSink(b, outStream, bp)
		mon := testbench.NewMonitor(b, outStream)
		mon.CheckValidIndependence = true
		sb := testbench.NewScoreboard(b, sink)
		r := b.Rand("data")
		for range n {
			v := r.Uint64N(256)
			src.PushUint64(v)
			sb.ExpectUint64(v)
		}
		if err := b.Run(20 * n); err != nil {
			return err
		}
		if mon.Transfers() != n {
			return fmt.Errorf("monitor counted %d transfers, want %d", mon.Transfers(), n)
		}
		return sb.Check()
	}
}

func TestFIFO(t *testing.T) {
	for name, mk := range backends(t) {
		t.Run(name, func(t *testing.T) {
			for _, c := range []struct {
				gap, bp float64
			}{{0, 0}, {0.3, 0}, {0, 0.5}, {0.5, 0.5}, {0.1, 0.8}} {
				t.Run(fmt.Sprintf("gap%v_bp%v", c.gap, c.bp), func(t *testing.T) {
					for seed := range uint64(3) {
						testbench.Check(t, fifo(t), seed, mk, fifoTest(300, c.gap, c.bp))
					}
				})
			}
		})
	}
}

// At full rate on both sides a FIFO of depth 4 moves one word a cycle.
func TestFIFOFullRate(t *testing.T) {
	for name, mk := range backends(t) {
		t.Run(name, func(t *testing.T) {
			be, err := mk(fifo(t))
			require.NoError(t, err)
			defer be.Close()
			b := testbench.New(be, 1)
			require.NoError(t, fifoTest(100, 0, 0)(b))
			require.LessOrEqual(t, b.Cycle(), uint64(100+4))
		})
	}
}

// badSource presents a beat and then drops valid before the transfer, or
// changes the data while waiting.
type badSource struct {
	valid, data testbench.Port
	change      bool
}

func (s *badSource) Drive(b *testbench.Bench) {
	c := b.Cycle()
	b.Backend().PokeUint64(s.valid, 1)
	if c%2 == 1 && !s.change {
		b.Backend().PokeUint64(s.valid, 0)
	}
	b.Backend().PokeUint64(s.data, c)
}

func (s *badSource) Sample(*testbench.Bench) {}

func TestMonitorCatchesBadSource(t *testing.T) {
	for _, change := range []bool{false, true} {
		be, err := testbench.NewRTLSim(fifo(t))
		require.NoError(t, err)
		b := testbench.New(be, 1)
		b.Reset()
		// A full FIFO keeps in_ready low, so the source must hold its beat.
		b.Add(&badSource{valid: b.Port("in_valid"), data: b.Port("in_data"), change: change})
		testbench.NewMonitor(b, inStream)
		testbench.NewSink(b, outStream, 1) // never ready: the FIFO fills up
		err = b.RunUntil(func() bool { return false }, 50)
		require.Error(t, err)
		if change {
			require.Regexp(t, `stream "in": in_data changed from 8'h[0-9a-f]+ to 8'h[0-9a-f]+ at cycle \d+ while in_valid was high and in_ready low`, err.Error())
		} else {
			require.Regexp(t, `stream "in": in_valid dropped at cycle \d+ before a transfer`, err.Error())
		}
	}
}

func TestScoreboardReportsWrongBeat(t *testing.T) {
	be, err := testbench.NewRTLSim(fifo(t))
	require.NoError(t, err)
	b := testbench.New(be, 1)
	b.Reset()
	src := testbench.NewSource(b, inStream, 0)
	sink := testbench.NewSink(b, outStream, 0)
	sb := testbench.NewScoreboard(b, sink)
	for i := range uint64(5) {
		src.PushUint64(i)
		if i == 3 {
			sb.ExpectUint64(0x42)
		} else {
			sb.ExpectUint64(i)
		}
	}
	err = b.Run(100)
	require.Error(t, err)
	require.Regexp(t, `^testbench: scoreboard "out": beat 3 \(cycle \d+\): out_data = 8'h03, want 8'h42$`, err.Error())
	require.Equal(t, 3, sb.Matched())
}

func TestTimeoutNamesStalledStream(t *testing.T) {
	be, err := testbench.NewRTLSim(fifo(t))
	require.NoError(t, err)
	b := testbench.New(be, 1)
	b.Reset()
	src := testbench.NewSource(b, inStream, 0)
	sink := testbench.NewSink(b, outStream, 1) // never ready
	sb := testbench.NewScoreboard(b, sink)
	for i := range uint64(10) {
		src.PushUint64(i)
		sb.ExpectUint64(i)
	}
	err = b.Run(50)
	var te *testbench.TimeoutError
	require.ErrorAs(t, err, &te)
	msg := err.Error()
	require.Contains(t, msg, "timeout: not done after 50 cycles")
	require.Regexp(t, `source "in": 6 of 10 beats not sent; in_valid high since cycle \d+, waiting for in_ready`, msg)
	require.Contains(t, msg, `scoreboard "out": 0 of 10 expected beats received`)
}

// A failing Check writes a waveform and names it with the seed.
func TestCheckWritesVCD(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(testbench.EnvVCDDir, dir)
	ft := &fakeT{TB: t}
	func() {
		defer func() { recover() }() // fakeT.Fatalf panics to stop Check
		testbench.Check(ft, fifo(t), 77, testbench.RTLSimMaker, func(b *testbench.Bench) error {
			b.Reset()
			for range 5 {
				b.Tick()
			}
			return errors.New("deliberate failure")
		})
	}()
	require.Contains(t, ft.msg, "deliberate failure")
	require.Contains(t, ft.msg, "seed 77, backend rtlsim; waveform (re-run on rtlsim, same seed): ")
	path := ft.msg[strings.LastIndex(ft.msg, " ")+1:]
	require.Equal(t, dir, filepath.Dir(path))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Contains(t, string(data), "$var")
	require.Contains(t, string(data), "in_ready")
}

type fakeT struct {
	testing.TB
	msg string
}

func (f *fakeT) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic("fatal")
}

func (f *fakeT) Helper() {}

func TestPorts(t *testing.T) {
	for name, mk := range backends(t) {
		t.Run(name, func(t *testing.T) {
			be, err := mk(fifo(t))
			require.NoError(t, err)
			defer be.Close()
			_, err = be.Port("nope")
			require.ErrorContains(t, err, "nope")
			p, err := be.Port("in_data")
			require.NoError(t, err)
			require.Equal(t, 8, p.Width)
			require.True(t, p.Input)
			q, err := be.Port("count")
			require.NoError(t, err)
			require.False(t, q.Input)
			be.Reset()
			be.Poke(p, bits.FromUint64(8, 0xa5))
			require.Equal(t, uint64(0xa5), be.PeekUint64(p))
			be.Poke(p, bits.FromUint64(9, 1))
			require.ErrorContains(t, be.Err(), "9-bit")
		})
	}
}

// Defect 1: a negative bound never expired.
func TestRunNegativeBound(t *testing.T) {
	be, err := testbench.NewRTLSim(fifo(t))
	require.NoError(t, err)
	b := testbench.New(be, 1)
	b.Reset()
	testbench.NewSource(b, inStream, 0).PushUint64(1)
	require.ErrorContains(t, b.Run(-1), "want a bound of at least 0")
}
