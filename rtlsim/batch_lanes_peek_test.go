package rtlsim_test

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/lanekern"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// checkPeekLanes runs d in a batch of lanes lanes on random stimuli and
// requires PeekLanes of every net of the top and of its instances (wide
// ones included: their low word) to equal PeekUint64Lane lane by lane, and
// PeekWordsLanes PeekWordsLane (every word), each net by one of them in a
// cycle, after the pokes and after the edge, in every cycle; lane l runs
// on stim(l, inputs).
func checkPeekLanes(t *testing.T, d *netlist.Design, lanes, cycles int, stim func(l int, inputs []vsim.Port) vsim.Stimulus) {
	t.Helper()
	spec := vsim.SpecOf(d)
	b, err := rtlsim.CompileBatch(d, lanes)
	require.NoError(t, err)
	b.SetWorkers(3) // tiles of 16 lanes: up to three, the last one padded
	hs := netHandles(b, d)
	require.NotEmpty(t, hs)
	stims := make([]vsim.Stimulus, lanes)
	for l := range stims {
		stims[l] = stim(l, spec.Inputs)
	}
	ins := make([]rtlsim.Handle, len(spec.Inputs))
	for i, p := range spec.Inputs {
		ins[i], err = b.Handle(p.Name)
		require.NoError(t, err)
	}
	var got, rows, words []uint64
	check := func(c int, when string) {
		for i, h := range hs {
			switch i % 3 { // a third of the nets before the others' per-lane peeks settle
			case c % 3:
				got = b.PeekLanes(h, got[:0])
				require.Len(t, got, lanes)
				for l := range lanes {
					if w := b.PeekUint64Lane(h, l); got[l] != w {
						t.Fatalf("cycle %d %s: %s lane %d: PeekLanes %#x, PeekUint64Lane %#x", c, when, b.Name(h), l, got[l], w)
					}
				}
			case (c + 1) % 3:
				rows = b.PeekWordsLanes(h, rows)
				require.Len(t, rows, (b.Width(h)+63)/64*lanes)
				for l := range lanes {
					words = b.PeekWordsLane(h, l, words[:0])
					for k, w := range words {
						if rows[k*lanes+l] != w {
							t.Fatalf("cycle %d %s: %s lane %d word %d: PeekWordsLanes %#x, PeekWordsLane %#x", c, when, b.Name(h), l, k, rows[k*lanes+l], w)
						}
					}
				}
			}
		}
	}
	for c := range cycles {
		for l, stim := range stims {
			for i, v := range stim[c] {
				b.PokeLane(ins[i], l, v)
			}
		}
		check(c, "after the pokes")
		b.Step(1)
		check(c+1, "after the edge")
	}
	require.NoError(t, b.Err())
}

// TestBatchPeekLanes checks PeekLanes against PeekUint64Lane on random
// designs and on both dataflows of the core, with one tile and with
// several (a padded last one among them).
func TestBatchPeekLanes(t *testing.T) {
	d := randomDesigns(t, "peeklanes", 101)
	for _, lanes := range []int{2, 17, 40} {
		t.Run(fmt.Sprintf("random/lanes%d", lanes), func(t *testing.T) {
			checkPeekLanes(t, d, lanes, 24, func(l int, inputs []vsim.Port) vsim.Stimulus {
				return crosscheck.RandomStimulus(rand.New(rand.NewSource(int64(lanes*100+l))), inputs, 24, "rst")
			})
		})
	}
	for _, c := range []systolic.Config{
		{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS},
		{Rows: 2, Cols: 3, InWidth: 16, Signed: false, AccWidth: 48, Dataflow: systolic.OS},
	} {
		d, err := bench.Elaborated(c)
		require.NoError(t, err)
		// Every kernel implementation the CPU has: the rows PeekLanes
		// copies are the ones the kernels write.
		for _, impl := range lanekern.Impls() {
			t.Run(fmt.Sprintf("%s_%dx%d/lanes33/%s", c.Dataflow, c.Rows, c.Cols, impl), func(t *testing.T) {
				restore, err := lanekern.SetImpl(impl)
				require.NoError(t, err)
				defer restore()
				checkPeekLanes(t, d, 33, 60, func(l int, inputs []vsim.Port) vsim.Stimulus {
					return bench.NewTraffic(inputs, 60, uint64(l+1)).Stimulus(60)
				})
			})
		}
	}
}

// TestBatchPeekLanesMisuse: an invalid Handle reads 0 in every lane and
// is recorded; a short dst grows.
func TestBatchPeekLanesMisuse(t *testing.T) {
	d, err := bench.Elaborated(systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS})
	require.NoError(t, err)
	b, err := rtlsim.CompileBatch(d, 3)
	require.NoError(t, err)
	got := b.PeekLanes(rtlsim.Handle{}, []uint64{7, 7, 7, 7})
	require.Equal(t, []uint64{0, 0, 0}, got)
	require.ErrorContains(t, b.Err(), "PeekLanes")
	b, err = rtlsim.CompileBatch(d, 3)
	require.NoError(t, err)
	in := b.Inputs()
	for _, p := range in {
		if !p.Clock && !p.Reset {
			b.PokeUint64Lane(p.Handle, 1, 1)
			require.Equal(t, []uint64{0, 1, 0}, b.PeekLanes(p.Handle, nil))
			break
		}
	}
	require.NoError(t, b.Err())
}

// TestBatchPokesReach: a net of the top or its instances that PokesReach
// says pokes cannot reach reads the same after random pokes as before
// them, in every lane, on random designs (memories, wide nets, nets
// computed on demand) and the ws core; some nets change; the core's
// registered outputs are not reached, every input but the clock is.
func TestBatchPokesReach(t *testing.T) {
	rd := randomDesigns(t, "pokesreach", 201)
	ws, err := bench.Elaborated(systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS})
	require.NoError(t, err)
	for name, d := range map[string]*netlist.Design{"random": rd, "ws": ws} {
		t.Run(name, func(t *testing.T) {
			const lanes, cycles = 5, 30
			spec := vsim.SpecOf(d)
			b, err := rtlsim.CompileBatch(d, lanes)
			require.NoError(t, err)
			hs := netHandles(b, d)
			reached := map[rtlsim.Handle]bool{}
			for _, h := range hs {
				reached[h] = b.PokesReach(h)
			}
			for _, p := range b.Inputs() {
				require.Equal(t, !p.Clock, b.PokesReach(p.Handle), p.Name)
			}
			stims := make([]vsim.Stimulus, lanes)
			for l := range stims {
				stims[l] = crosscheck.RandomStimulus(rand.New(rand.NewSource(int64(l+1))), spec.Inputs, cycles, "rst")
			}
			ins := make([]rtlsim.Handle, len(spec.Inputs))
			for i, p := range spec.Inputs {
				ins[i], err = b.Handle(p.Name)
				require.NoError(t, err)
			}
			changed := 0
			var before, after []uint64
			for c := range cycles {
				vals := make([][]uint64, len(hs))
				for i, h := range hs {
					vals[i] = b.PeekWordsLanes(h, nil)
				}
				for l, stim := range stims {
					for i, v := range stim[c] {
						b.PokeLane(ins[i], l, v)
					}
				}
				for i, h := range hs {
					before = vals[i]
					after = b.PeekWordsLanes(h, after)
					if slices.Equal(before, after) {
						continue
					}
					if !reached[h] {
						t.Fatalf("cycle %d: %s changed after pokes (%#x -> %#x); PokesReach says pokes cannot reach it", c, b.Name(h), before, after)
					}
					changed++
				}
				b.Step(1)
			}
			require.NoError(t, b.Err())
			require.Positive(t, changed, "no net changed after pokes")
			if name == "ws" {
				for _, p := range b.Outputs() {
					require.False(t, b.PokesReach(p.Handle), "%s: a registered output", p.Name)
				}
			}
		})
	}
	b, err := rtlsim.CompileBatch(ws, 2)
	require.NoError(t, err)
	require.True(t, b.PokesReach(rtlsim.Handle{}))
	require.ErrorContains(t, b.Err(), "PokesReach")
}

// randomDesigns returns four random designs (seeds first..first+3) wrapped
// in one top named name.
func randomDesigns(t *testing.T, name string, first int64) *netlist.Design {
	t.Helper()
	g := make([]dsl.Generator, 4)
	for i := range g {
		g[i] = randdesign.New(first+int64(i), randdesign.Default)
	}
	d, err := elaborate.Elaborate(crosscheck.Wrap(name, g))
	require.NoError(t, err)
	return d
}

// netHandles returns the Handles of the nets of d's top and of its
// instances that b knows, in name order.
func netHandles(b *rtlsim.Batch, d *netlist.Design) []rtlsim.Handle {
	top := d.TopModule()
	var names []string
	for _, n := range top.Nets {
		names = append(names, n.Name)
	}
	for _, inst := range top.Insts {
		for _, n := range d.Module(inst.Module).Nets {
			names = append(names, inst.Name+"."+n.Name)
		}
	}
	slices.Sort(names)
	var hs []rtlsim.Handle
	for _, name := range slices.Compact(names) {
		if h, err := b.Handle(name); err == nil {
			hs = append(hs, h)
		}
	}
	return hs
}
