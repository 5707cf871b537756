package testbench_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// record is what a test observed, to compare a lane with a single-lane run.
type record struct {
	Err    string
	Cycles []uint64 // b.Cycle() at every observation
	Values []string // peeked values, in order
}

// recorder samples a few ports every cycle into a record; it pokes in
// Sample too (a second round of settle within the cycle), when flip is set.
type recorder struct {
	rec   *record
	ports []testbench.Port
	flip  testbench.Port
}

func (r *recorder) Drive(*testbench.Bench) {}
func (r *recorder) Sample(b *testbench.Bench) {
	be := b.Backend()
	r.rec.Cycles = append(r.rec.Cycles, b.Cycle())
	for _, p := range r.ports {
		r.rec.Values = append(r.rec.Values, be.Peek(p).String())
	}
	if r.flip.Input {
		v := be.PeekUint64(r.flip)
		be.PokeUint64(r.flip, v^1)
		r.rec.Values = append(r.rec.Values, fmt.Sprint(be.PeekUint64(r.ports[0])))
		be.PokeUint64(r.flip, v)
	}
}

// laneCase is a FIFO test that records what it sees.
type laneCase struct {
	name string
	seed uint64
	test func(rec *record) func(b *testbench.Bench) error
}

// fifoRecorded is fifoTest with a recorder, a reset after reset of the
// traffic when resetAt > 0, and a flipping recorder when flip is set.
func fifoRecorded(n int, gap, bp float64, resetAt int, flip bool) func(rec *record) func(b *testbench.Bench) error {
	return func(rec *record) func(b *testbench.Bench) error {
		return func(b *testbench.Bench) error {
			r := &recorder{rec: rec, ports: []testbench.Port{b.Port("count"), b.Port("out_data"), b.Port("out_valid")}}
			if flip {
				r.flip = b.Port("out_ready")
			}
			b.Add(r)
			if resetAt > 0 {
				for range resetAt {
					if err := b.Tick(); err != nil {
						return err
					}
				}
			}
			return fifoTest(n, gap, bp)(b)
		}
	}
}

func laneCases() []laneCase {
	return []laneCase{
		{"full-rate", 1, fifoRecorded(50, 0, 0, 0, false)},
		{"gaps", 2, fifoRecorded(80, 0.3, 0.2, 0, false)},
		{"long", 3, fifoRecorded(200, 0.5, 0.5, 0, false)},
		{"short", 4, fifoRecorded(5, 0, 0.5, 0, false)},
		{"reset-late", 5, fifoRecorded(40, 0.1, 0.1, 37, false)},
		{"flip-ready", 6, fifoRecorded(30, 0.2, 0.4, 0, true)},
		{"no-traffic", 7, func(rec *record) func(b *testbench.Bench) error {
			return func(b *testbench.Bench) error { return nil }
		}},
		{"fails", 8, func(rec *record) func(b *testbench.Bench) error {
			return func(b *testbench.Bench) error {
				b.Reset()
				src := testbench.NewSource(b, inStream, 0.2)
				sink := testbench.NewSink(b, outStream, 0.2)
				sb := testbench.NewScoreboard(b, sink)
				for i := range uint64(20) {
					src.PushUint64(i)
					sb.ExpectUint64(i ^ b2u(i == 11)) // beat 11 is wrong
				}
				err := b.Run(500)
				rec.Cycles = append(rec.Cycles, b.Cycle())
				return err
			}
		}},
		{"timeout", 9, func(rec *record) func(b *testbench.Bench) error {
			return func(b *testbench.Bench) error {
				b.Reset()
				src := testbench.NewSource(b, inStream, 0)
				testbench.NewSink(b, outStream, 1) // never ready
				for i := range uint64(10) {
					src.PushUint64(i)
				}
				return b.Run(25)
			}
		}},
		{"misuse", 10, misuse(func(b *testbench.Bench) {
			be := b.Backend()
			be.Poke(b.Port("in_data"), bits.FromUint64(9, 1)) // wrong width: the first error
			be.PokeUint64(b.Port("count"), 1)                 // an output
		})},
		{"misuse-output", 11, misuse(func(b *testbench.Bench) { b.Backend().PokeUint64(b.Port("count"), 1) })},
		{"misuse-clock", 12, misuse(func(b *testbench.Bench) { b.Backend().PokeUint64(b.Port("clk"), 1) })},
		{"misuse-internal", 13, misuse(func(b *testbench.Bench) { b.Backend().Poke(b.Port("n"), bits.FromUint64(3, 1)) })},
		{"misuse-poke-unknown", 14, misuse(func(b *testbench.Bench) { b.Backend().PokeUint64(b.Port("nope"), 1) })},
		{"misuse-peek-unknown", 15, misuse(func(b *testbench.Bench) { b.Backend().Peek(b.Port("nope")) })},
	}
}

// misuse returns a test that misuses the backend with bad after a reset,
// steps on, and records the backend's error.
func misuse(bad func(b *testbench.Bench)) func(rec *record) func(b *testbench.Bench) error {
	return func(rec *record) func(b *testbench.Bench) error {
		return func(b *testbench.Bench) error {
			be := b.Backend()
			b.Reset()
			bad(b)
			rec.Values = append(rec.Values, be.Peek(b.Port("count")).String())
			for range 7 {
				be.Step()
			}
			rec.Cycles = append(rec.Cycles, b.Cycle())
			if err := be.Err(); err != nil {
				rec.Values = append(rec.Values, err.Error())
			}
			return nil
		}
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// Every lane of a batch sees what the same test with the same seed sees on
// a single-lane RTLSim: values, cycles and errors, lanes finishing at
// different cycles, failing, timing out and misusing the backend among
// them.
func TestLanesMatchSingleLane(t *testing.T) {
	d := fifo(t)
	cases := laneCases()
	want := make([]record, len(cases))
	for i, c := range cases {
		be, err := testbench.NewRTLSim(d)
		require.NoError(t, err)
		b := testbench.New(be, c.seed)
		err = c.test(&want[i])(b)
		if err == nil {
			err = b.Err()
		}
		want[i].Err = errString(errors.Join(err, be.Close()))
	}
	// The cases on their own lanes, in two orders and with copies of
	// themselves: no lane may depend on its neighbours.
	var inOrder, reversed []int
	for i := range cases {
		inOrder = append(inOrder, i)
		reversed = append(reversed, len(cases)-1-i)
	}
	for _, order := range [][]int{
		inOrder,
		append(reversed, 2, 5, 7, 8, 1, 1, 3, 0, 9, 4, 6, 12, 10),
		{8}, // one lane runs on RTLSim
	} {
		got := make([]record, len(order))
		var lanes []testbench.Lane
		for i, k := range order {
			lanes = append(lanes, testbench.Lane{Seed: cases[k].seed, Test: cases[k].test(&got[i])})
		}
		errs, err := testbench.RunLanes(d, lanes)
		require.NoError(t, err)
		for i, k := range order {
			got[i].Err = errString(errs[i])
			if diff := cmp.Diff(want[k], got[i]); diff != "" {
				t.Errorf("lane %d (%s) differs from its single-lane run (-single +lane):\n%s", i, cases[k].name, diff)
			}
		}
	}
	// The cases do cover what they claim.
	ends := map[uint64]bool{}
	for i, c := range cases {
		if len(want[i].Cycles) > 0 {
			ends[want[i].Cycles[len(want[i].Cycles)-1]] = true
		}
		switch c.name {
		case "fails":
			require.Contains(t, want[i].Err, "beat 11")
		case "timeout":
			require.Contains(t, want[i].Err, "timeout")
		case "misuse":
			require.Contains(t, want[i].Err, "cannot poke 9-bit value")
			require.NotContains(t, want[i].Err, "count")
		case "misuse-output", "misuse-internal":
			require.Contains(t, want[i].Err, "only inputs of the top module can be poked")
		case "misuse-clock":
			require.Contains(t, want[i].Err, "cannot poke the clock")
		case "misuse-poke-unknown", "misuse-peek-unknown":
			require.Contains(t, want[i].Err, "unknown signal")
			require.Contains(t, want[i].Err, "of an invalid Handle")
		case "flip-ready", "long":
			require.Empty(t, want[i].Err)
		}
	}
	require.Greater(t, len(ends), 6, "the lanes should finish at different cycles")
}

// Wide values go through Poke and Peek of a lane unchanged.
func TestLanesWide(t *testing.T) {
	d, err := elaborate.Elaborate(examples.WideAdder{Width: 130})
	require.NoError(t, err)
	test := func(rec *record) func(b *testbench.Bench) error {
		return func(b *testbench.Bench) error {
			be := b.Backend()
			a, bb, sum, carry := b.Port("a"), b.Port("b"), b.Port("sum"), b.Port("carry")
			r := b.Rand("wide")
			b.Reset()
			for range 20 {
				w := []uint64{r.Uint64(), r.Uint64(), r.Uint64()}
				be.Poke(a, bits.FromWords(130, w))
				be.PokeUint64(bb, r.Uint64())
				rec.Values = append(rec.Values, be.Peek(sum).String(), fmt.Sprint(be.PeekUint64(carry)))
				be.Step()
			}
			return nil
		}
	}
	seeds := []uint64{3, 1, 4, 1, 5}
	got := make([]record, len(seeds))
	var lanes []testbench.Lane
	for i, s := range seeds {
		lanes = append(lanes, testbench.Lane{Seed: s, Test: test(&got[i])})
	}
	errs, err := testbench.RunLanes(d, lanes)
	require.NoError(t, err)
	for i, s := range seeds {
		require.NoError(t, errs[i])
		var want record
		be, err := testbench.NewRTLSim(d)
		require.NoError(t, err)
		require.NoError(t, test(&want)(testbench.New(be, s)))
		require.NoError(t, be.Close())
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("seed %d (-single +lane):\n%s", s, diff)
		}
	}
}

// waitGoroutines waits for the goroutine count to fall back to n.
func waitGoroutines(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > n {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines, want %d:\n%s", runtime.NumGoroutine(), n, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

// A panicking lane fails alone; no lane's goroutine outlives the run.
func TestLanesPanic(t *testing.T) {
	d := fifo(t)
	n := runtime.NumGoroutine()
	var lanes []testbench.Lane
	for i := range 6 {
		lanes = append(lanes, testbench.Lane{Seed: uint64(i), Test: func(b *testbench.Bench) error {
			if i == 2 {
				for range 10 {
					b.Tick()
				}
				panic(fmt.Sprintf("a bug in the test at cycle %d", b.Cycle()))
			}
			return fifoTest(30+10*i, 0.2, 0.2)(b)
		}})
	}
	errs, err := testbench.RunLanes(d, lanes)
	require.NoError(t, err)
	for i, err := range errs {
		if i != 2 {
			require.NoError(t, err, "lane %d", i)
			continue
		}
		var pe *testbench.PanicError
		require.ErrorAs(t, err, &pe)
		require.Equal(t, 2, pe.Lane)
		require.Contains(t, err.Error(), "testbench: lane 2 panicked: a bug in the test at cycle 10")
		require.Contains(t, string(pe.Stack), "TestLanesPanic")
	}
	// Alone, too.
	errs, err = testbench.RunLanes(d, lanes[2:3])
	require.NoError(t, err)
	var pe *testbench.PanicError
	require.ErrorAs(t, errs[0], &pe)
	require.Equal(t, 0, pe.Lane)
	waitGoroutines(t, n)
}

// A runtime.Goexit in a lane (t.FailNow) ends the whole run, and the other
// lanes' goroutines end with it.
func TestLanesGoexit(t *testing.T) {
	d := fifo(t)
	n := runtime.NumGoroutine()
	var wg sync.WaitGroup
	returned := false
	wg.Go(func() {
		lanes := testbench.SeedLanes(fifoTest(100, 0.1, 0.1), 1, 2, 3, 4)
		lanes[1].Test = func(b *testbench.Bench) error {
			b.Reset()
			b.Tick()
			runtime.Goexit()
			return nil
		}
		testbench.RunLanes(d, lanes)
		returned = true
	})
	wg.Wait()
	require.False(t, returned, "RunLanes returned after a Goexit")
	waitGoroutines(t, n)
}

func TestLanesErrors(t *testing.T) {
	d := fifo(t)
	_, err := testbench.RunLanes(d, nil)
	require.ErrorContains(t, err, "no lanes")
	_, err = testbench.RunLanes(&netlist.Design{Top: "missing"}, testbench.SeedLanes(fifoTest(1, 0, 0), 1))
	require.ErrorContains(t, err, "testbench: ")
}

// CheckLanes passes quietly, and names each failing seed with a waveform.
func TestCheckLanes(t *testing.T) {
	d := fifo(t)
	testbench.CheckLanes(t, d, []uint64{1, 2, 3, 4}, fifoTest(60, 0.2, 0.3))

	dir := t.TempDir()
	t.Setenv(testbench.EnvVCDDir, dir)
	ft := &fakeLanesT{TB: t}
	func() {
		defer func() { recover() }() // fakeLanesT.FailNow panics to stop CheckLanes
		testbench.CheckLanes(ft, d, []uint64{10, 11, 12, 13, 14, 15, 16}, func(b *testbench.Bench) error {
			if err := fifoTest(20, 0.1, 0.1)(b); err != nil {
				return err
			}
			if b.Seed()%2 == 0 {
				return fmt.Errorf("deliberate failure at cycle %d", b.Cycle())
			}
			return nil
		})
	}()
	require.True(t, ft.failedNow)
	require.Len(t, ft.msgs, 4, "%q", ft.msgs)
	for i, m := range ft.msgs[:3] {
		seed := 10 + 2*i
		require.Contains(t, m, "deliberate failure at cycle")
		require.Contains(t, m, fmt.Sprintf("seed %d, backend rtlsim.Batch (lane %d of 7); waveform (re-run on rtlsim, same seed): ", seed, 2*i))
		require.Contains(t, m, fmt.Sprintf("seed%d.vcd", seed))
	}
	require.Contains(t, ft.msgs[3], "seed 16, backend rtlsim.Batch (lane 6 of 7); not re-run")
}

type fakeLanesT struct {
	testing.TB
	msgs      []string
	failedNow bool
}

func (f *fakeLanesT) Helper() {}
func (f *fakeLanesT) Error(args ...any) {
	f.msgs = append(f.msgs, strings.TrimSuffix(fmt.Sprintln(args...), "\n"))
}
func (f *fakeLanesT) Errorf(format string, args ...any) {
	f.msgs = append(f.msgs, fmt.Sprintf(format, args...))
}
func (f *fakeLanesT) FailNow() {
	f.failedNow = true
	panic("fail now")
}
