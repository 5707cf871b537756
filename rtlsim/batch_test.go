package rtlsim_test

import (
	"fmt"
	"math/rand"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// checkBatch runs d in a Batch of len(stims) lanes, lane l on stims[l], and
// requires every output of every lane in every cycle to equal a single-lane
// rtlsim run of the same stimulus.
func checkBatch(t *testing.T, d *netlist.Design, stims []vsim.Stimulus) {
	t.Helper()
	spec := vsim.SpecOf(d)
	want := make([]vsim.Trace, len(stims))
	for l, stim := range stims {
		tr, err := crosscheck.RTLSim(d, spec, stim)
		require.NoError(t, err)
		want[l] = tr
	}
	b, err := rtlsim.CompileBatch(d, len(stims))
	require.NoError(t, err)
	require.Equal(t, len(stims), b.Lanes())
	b.SetWorkers(2) // two goroutines whenever there are two tiles, even on one CPU
	require.Equal(t, min(2, (len(stims)+15)/16), b.Workers())
	handles := func(ports []vsim.Port) []rtlsim.Handle {
		hs := make([]rtlsim.Handle, len(ports))
		for i, p := range ports {
			hs[i], err = b.Handle(p.Name)
			require.NoError(t, err)
		}
		return hs
	}
	ins, outs := handles(spec.Inputs), handles(spec.Outputs)
	for c := range stims[0] {
		for l, stim := range stims {
			for i, v := range stim[c] {
				b.PokeLane(ins[i], l, v)
			}
		}
		for l := range stims {
			for i, h := range outs {
				if got := b.PeekLane(h, l); !got.Equal(want[l][c][i]) {
					t.Fatalf("cycle %d lane %d output %s: batch %v, single lane %v",
						c, l, spec.Outputs[i].Name, got, want[l][c][i])
				}
			}
		}
		b.Step(1)
	}
	require.NoError(t, b.Err())
}

// TestBatchRandomDesigns checks batches of random designs (every operator,
// widths up to 130 bits, memories, hierarchy) lane by lane against
// single-lane runs, each lane on its own random stimulus.
func TestBatchRandomDesigns(t *testing.T) {
	const perBatch, cycles = 8, 64
	designs := int64(40)
	if testing.Short() {
		designs = perBatch
	}
	for first := int64(1); first <= designs; first += perBatch {
		g := make([]dsl.Generator, perBatch)
		for i := range g {
			g[i] = randdesign.New(first+int64(i), randdesign.Default)
		}
		d, err := elaborate.Elaborate(crosscheck.Wrap("batch", g))
		require.NoError(t, err)
		spec := vsim.SpecOf(d)
		for _, lanes := range []int{1, 3, 17} {
			t.Run(fmt.Sprintf("designs%d/lanes%d", first, lanes), func(t *testing.T) {
				stims := make([]vsim.Stimulus, lanes)
				for l := range stims {
					r := rand.New(rand.NewSource(first*1000 + int64(l)))
					stims[l] = crosscheck.RandomStimulus(r, spec.Inputs, cycles, "rst")
				}
				checkBatch(t, d, stims)
			})
		}
	}
}

// TestBatchCores checks both dataflows of the systolic core, one of them
// with wide accumulators, on the bench traffic with a seed per lane.
func TestBatchCores(t *testing.T) {
	for _, c := range []systolic.Config{
		{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS},
		{Rows: 3, Cols: 5, InWidth: 16, Signed: false, AccWidth: 48, Dataflow: systolic.OS},
	} {
		t.Run(fmt.Sprintf("%s_%dx%d_a%d", c.Dataflow, c.Rows, c.Cols, c.AccWidth), func(t *testing.T) {
			d, err := bench.Elaborated(c)
			require.NoError(t, err)
			spec := vsim.SpecOf(d)
			stims := make([]vsim.Stimulus, 19)
			for l := range stims {
				stims[l] = bench.NewTraffic(spec.Inputs, 300, uint64(l+1)).Stimulus(300)
			}
			checkBatch(t, d, stims)
		})
	}
}

// TestBatchWorkersStop: the goroutines of a batch's workers end when
// SetWorkers drops them and when the batch is no longer used.
func TestBatchWorkersStop(t *testing.T) {
	d, err := bench.Elaborated(systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS})
	require.NoError(t, err)
	// workers counts the goroutines of every batch's workers
	workers := func() int {
		buf := make([]byte, 1<<22)
		return strings.Count(string(buf[:runtime.Stack(buf, true)]), "rtlsim.(*pool).run(")
	}
	// waitFor waits for the count to reach n, collecting garbage: the
	// bound only catches a count that never gets there (a loaded machine
	// may take seconds to run the batch's cleanup)
	waitFor := func(what string, n int) {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); workers() != n; {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d worker goroutines, want %d", what, workers(), n)
			}
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("earlier batches collected", 0)
	func() {
		b, err := rtlsim.CompileBatch(d, 64)
		require.NoError(t, err)
		b.SetWorkers(4)
		require.Equal(t, 4, b.Workers())
		b.Step(2)
		require.Equal(t, 3, workers())
		b.SetWorkers(1)
		waitFor("SetWorkers(1)", 0)
		b.SetWorkers(3)
		b.Step(1)
		require.Equal(t, 2, workers())
		// b must stay reachable up to here: a garbage collection that
		// finds it unused (workers' 4 MB buffer may start one) runs its
		// cleanup, which stops the pool, and the count above reads 0
		runtime.KeepAlive(b)
	}()
	waitFor("batch collected", 0)
}

// TestBatchAPI covers the word and uint64 accessors, Reset, and misuse.
func TestBatchAPI(t *testing.T) {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS}
	d, err := bench.Elaborated(c)
	require.NoError(t, err)
	_, err = rtlsim.CompileBatch(d, 0)
	require.Error(t, err)
	b, err := rtlsim.CompileBatch(d, 4)
	require.NoError(t, err)
	require.NotEmpty(t, b.Inputs())
	require.NotEmpty(t, b.Outputs())
	require.Positive(t, b.Instructions())
	var in rtlsim.PortInfo
	for _, p := range b.Inputs() {
		if !p.Clock && !p.Reset && p.Width > 1 {
			in = p
			break
		}
	}
	require.True(t, in.Handle.IsValid())
	require.Equal(t, in.Name, b.Name(in.Handle))
	require.Equal(t, in.Width, b.Width(in.Handle))
	require.Equal(t, "", b.Name(rtlsim.Handle{}))
	for l := range 4 {
		b.PokeUint64Lane(in.Handle, l, uint64(l)*0x1234567)
	}
	b.PokeWordsLane(in.Handle, 3, []uint64{0xabcdef})
	for l := range 3 {
		want := uint64(l) * 0x1234567 & (1<<in.Width - 1)
		require.Equal(t, want, b.PeekUint64Lane(in.Handle, l))
		require.Equal(t, []uint64{want}, b.PeekWordsLane(in.Handle, l, nil))
	}
	require.Equal(t, uint64(0xabcdef)&(1<<in.Width-1), b.PeekLane(in.Handle, 3).Uint64())
	b.Reset()
	b.Step(2)
	require.Equal(t, uint64(3), b.Cycle())
	require.NoError(t, b.Err())
	b.PokeUint64Lane(in.Handle, 4, 1)
	require.Error(t, b.Err())

	b, err = rtlsim.CompileBatch(d, 2)
	require.NoError(t, err)
	b.PokeLane(in.Handle, 0, bits.New(in.Width+1))
	require.Error(t, b.Err())
	out := b.Outputs()[0].Handle
	b, err = rtlsim.CompileBatch(d, 2)
	require.NoError(t, err)
	b.PokeUint64Lane(out, 0, 1)
	require.Error(t, b.Err())
}

// TestBatchStepAllocs requires Step and the word accessors to allocate
// nothing.
func TestBatchStepAllocs(t *testing.T) {
	d, err := bench.Elaborated(systolic.Config{Rows: 3, Cols: 3, InWidth: 8, Signed: true, AccWidth: 48, Dataflow: systolic.OS})
	require.NoError(t, err)
	spec := vsim.SpecOf(d)
	r, err := bench.NewBatchRunner(d, spec, 4, bench.Testbench)
	require.NoError(t, err)
	trs := make([]*bench.Traffic, 4)
	for l := range trs {
		trs[l] = bench.NewTraffic(spec.Inputs, 64, uint64(l+1))
	}
	lt, err := bench.LanesOf(trs)
	require.NoError(t, err)
	r.Run(lt, 0, 1)
	n := 1
	allocs := testing.AllocsPerRun(50, func() {
		r.Run(lt, n%64, n%64+1)
		n++
	})
	require.Zero(t, allocs)
}
