package lib_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/lib"
	"github.com/systole-hdl/systole/rtlsim"
)

// sim elaborates g and returns it compiled, after reset, with a function
// that finds a port's handle.
func sim(t *testing.T, g dsl.Generator) (*rtlsim.Sim, func(string) rtlsim.Handle) {
	t.Helper()
	d, err := elaborate.Elaborate(g)
	require.NoError(t, err)
	s, err := rtlsim.Compile(d)
	require.NoError(t, err)
	s.Reset()
	return s, func(name string) rtlsim.Handle {
		h, err := s.Handle(name)
		require.NoError(t, err)
		return h
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// streamBlock drives a stream block (Queue or Skid) with random traffic
// for cycles cycles, checking it against the model every cycle and, end to
// end, that the words leave in the order they entered, none lost or made
// up.
func streamBlock(t *testing.T, g dsl.Generator, width int, outputs func(lib.StreamIn) lib.StreamOut, edge func(lib.StreamIn), count func() int, seed uint64) {
	t.Helper()
	s, h := sim(t, g)
	inValid, inData, inReady := h("in_valid"), h("in_data"), h("in_ready")
	outValid, outData, outReady := h("out_valid"), h("out_data"), h("out_ready")
	var countH rtlsim.Handle
	if count != nil {
		countH = h("count")
	}
	r := rand.New(rand.NewPCG(seed, 1))
	var sent, got []uint64
	next := uint64(1)
	mask := uint64(1)<<width - 1
	for cycle := range 400 {
		// Bursts and stalls on both sides, so the queue fills and empties.
		in := lib.StreamIn{InValid: r.IntN(4) != 0 || cycle > 300 && r.IntN(2) == 0, InData: next & mask, OutReady: r.IntN(3) != 0 || cycle > 350}
		if cycle%97 < 20 {
			in.OutReady = false
		}
		s.PokeUint64(inValid, b2u(in.InValid))
		s.PokeUint64(inData, in.InData)
		s.PokeUint64(outReady, b2u(in.OutReady))
		s.Step(0)
		want := outputs(in)
		require.Equal(t, want.InReady, s.PeekUint64(inReady) == 1, "cycle %d: in_ready", cycle)
		require.Equal(t, want.OutValid, s.PeekUint64(outValid) == 1, "cycle %d: out_valid", cycle)
		if want.OutValid {
			require.Equal(t, want.OutData, s.PeekUint64(outData), "cycle %d: out_data", cycle)
		}
		if count != nil {
			require.Equal(t, uint64(count()), s.PeekUint64(countH), "cycle %d: count", cycle)
		}
		if in.InValid && want.InReady {
			sent = append(sent, in.InData)
			next++
		}
		if want.OutValid && in.OutReady {
			got = append(got, s.PeekUint64(outData))
		}
		edge(in)
		s.Step(1)
	}
	require.NotEmpty(t, got)
	require.Equal(t, sent[:len(got)], got, "words out of order, lost or made up")
}

func TestQueue(t *testing.T) {
	for _, depth := range []int{1, 2, 3, 5, 8} {
		for _, regs := range []bool{false, true} {
			for _, flow := range []bool{false, true} {
				q := lib.Queue{Width: 8, Depth: depth, Regs: regs, Flow: flow}
				t.Run(q.ModuleName(), func(t *testing.T) {
					m := lib.NewQueueModel(q)
					streamBlock(t, q, 8, m.Outputs, m.Edge, m.Count, uint64(depth))
				})
			}
		}
	}
}

// A word pushed into an empty queue reaches out_valid two edges later
// with a memory, one with registers, at once with flow-through; a full
// memory queue of depth 3 or more moves one word per cycle.
func TestQueueLatency(t *testing.T) {
	for _, c := range []struct {
		q       lib.Queue
		latency int
	}{
		{lib.Queue{Width: 4, Depth: 4}, 2},
		{lib.Queue{Width: 4, Depth: 4, Regs: true}, 1},
		{lib.Queue{Width: 4, Depth: 4, Flow: true}, 0},
	} {
		s, h := sim(t, c.q)
		s.PokeUint64(h("in_valid"), 1)
		s.PokeUint64(h("in_data"), 9)
		s.Step(0)
		edges := 0
		for s.PeekUint64(h("out_valid")) == 0 {
			s.Step(1)
			s.PokeUint64(h("in_valid"), 0)
			s.Step(0)
			edges++
			require.Less(t, edges, 5)
		}
		require.Equal(t, c.latency, edges, c.q.ModuleName())
		require.Equal(t, uint64(9), s.PeekUint64(h("out_data")))
	}
}

func TestSkid(t *testing.T) {
	m := &lib.SkidModel{}
	streamBlock(t, lib.Skid{Width: 6}, 6, func(lib.StreamIn) lib.StreamOut { return m.Outputs() }, m.Edge, nil, 7)
}

func TestShiftRegister(t *testing.T) {
	for _, c := range []lib.ShiftRegister{{Width: 5, Stages: 1}, {Width: 5, Stages: 4, Enable: true}, {Width: 70 - 6, Stages: 3, Reset: true}} {
		t.Run(c.ModuleName(), func(t *testing.T) {
			s, h := sim(t, c)
			m := lib.NewDelayModel(c.Stages)
			r := rand.New(rand.NewPCG(uint64(c.Stages), 2))
			for cycle := range 100 {
				x, en := r.Uint64()&(1<<c.Width-1), !c.Enable || r.IntN(2) == 0
				s.PokeUint64(h("in"), x)
				if c.Enable {
					s.PokeUint64(h("en"), b2u(en))
				}
				s.Step(0)
				if cycle >= c.Stages || c.Reset {
					require.Equal(t, m.Out(), s.PeekUint64(h("out")), "cycle %d", cycle)
				}
				m.Edge(x, en)
				s.Step(1)
			}
		})
	}
}

func TestCounter(t *testing.T) {
	for _, c := range []lib.Counter{{N: 1}, {N: 5}, {N: 8, Down: true}, {N: 6, Down: true}} {
		t.Run(c.ModuleName(), func(t *testing.T) {
			s, h := sim(t, c)
			m := &lib.CounterModel{N: c.N}
			r := rand.New(rand.NewPCG(uint64(c.N), 3))
			for cycle := range 100 {
				up, down := r.IntN(3) != 0, c.Down && r.IntN(2) == 0
				s.PokeUint64(h("up"), b2u(up))
				if c.Down {
					s.PokeUint64(h("down"), b2u(down))
				}
				s.Step(0)
				require.Equal(t, uint64(m.Value), s.PeekUint64(h("value")), "cycle %d", cycle)
				require.Equal(t, m.Value == c.N-1, s.PeekUint64(h("last")) == 1, "cycle %d: last", cycle)
				if c.Down {
					require.Equal(t, m.Value == 0, s.PeekUint64(h("first")) == 1, "cycle %d: first", cycle)
				}
				m.Edge(up, down)
				s.Step(1)
			}
		})
	}
}

func TestArbiter(t *testing.T) {
	for _, n := range []int{1, 3, 4, 7} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s, h := sim(t, lib.Arbiter{N: n})
			m := lib.NewArbiterModel(n)
			r := rand.New(rand.NewPCG(uint64(n), 4))
			served := make([]int, n)
			for cycle := range 200 {
				req, take := r.Uint64()&(1<<n-1), r.IntN(4) != 0
				s.PokeUint64(h("req"), req)
				s.PokeUint64(h("take"), b2u(take))
				s.Step(0)
				i, ok := m.Grant(req)
				require.Equal(t, ok, s.PeekUint64(h("valid")) == 1, "cycle %d", cycle)
				if ok {
					require.Equal(t, uint64(1)<<i, s.PeekUint64(h("grant")), "cycle %d: req %b", cycle, req)
					require.Equal(t, uint64(i), s.PeekUint64(h("grant_index")), "cycle %d", cycle)
					if take {
						served[i]++
					}
				} else {
					require.Zero(t, s.PeekUint64(h("grant")))
				}
				m.Edge(req, take)
				s.Step(1)
			}
			for i, k := range served {
				require.Positive(t, k, "requester %d never served", i)
			}
		})
	}
}

// Every requester that keeps asking is served within N grants.
func TestArbiterFair(t *testing.T) {
	const n = 5
	s, h := sim(t, lib.Arbiter{N: n})
	s.PokeUint64(h("req"), 1<<n-1)
	s.PokeUint64(h("take"), 1)
	for cycle := range 2 * n {
		s.Step(0)
		require.Equal(t, uint64(cycle%n), s.PeekUint64(h("grant_index")))
		s.Step(1)
	}
}

func TestPackUnpack(t *testing.T) {
	const n, w = 5, 13
	r := rand.New(rand.NewPCG(5, 5))
	elems := make([]bits.Value, n)
	for i := range elems {
		elems[i] = bits.FromUint64(w, r.Uint64()&(1<<w-1))
	}
	bus := lib.PackValues(elems)
	require.Equal(t, elems, lib.UnpackValues(bus, n))
	s, h := sim(t, dsl.Func("swap", func(m *dsl.Module) {
		v := m.InputVec("in", n, dsl.UInt(w))
		out := m.OutputVec("out", n, dsl.UInt(w))
		for e := range n {
			out.At(e).Set(v.At(n - 1 - e))
		}
		m.Output("flat", dsl.UInt(n*w)).Set(dsl.Unpack(m.Input("bus", dsl.UInt(n*w)), n, dsl.UInt(w)).Pack())
	}))
	s.Poke(h("in"), bus)
	s.Poke(h("bus"), bus)
	s.Step(0)
	rev := make([]bits.Value, n)
	for e := range rev {
		rev[e] = elems[n-1-e]
	}
	require.Equal(t, lib.PackValues(rev).String(), s.Peek(h("out")).String())
	require.Equal(t, bus.String(), s.Peek(h("flat")).String())
}

// Bad parameters are errors, not broken hardware.
func TestBadParameters(t *testing.T) {
	for _, g := range []dsl.Generator{
		lib.Queue{Width: 8, Depth: 0}, lib.Skid{Width: 0}, lib.ShiftRegister{Width: 4, Stages: 0},
		lib.Counter{N: 0}, lib.Arbiter{N: 0}, lib.Arbiter{N: lib.MaxArbiterN + 1},
	} {
		_, err := elaborate.Elaborate(g)
		require.Error(t, err, "%#v", g)
		require.ErrorContains(t, err, "must be", "the error names the parameter")
	}
}

// A block's parameter error names the line that instantiated it.
func TestBadParameterNamesInstance(t *testing.T) {
	_, err := elaborate.Elaborate(dsl.Func("top", func(m *dsl.Module) {
		m.Instance("q", lib.Queue{Width: 8, Depth: 0})
	}))
	require.ErrorContains(t, err, "Queue of depth 0 and width 8: both must be at least 1")
	require.ErrorContains(t, err, "note: module Queue_8x0 is instantiated at lib/lib_test.go:")
}
