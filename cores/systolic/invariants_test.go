package systolic

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/formal"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/lib"
)

// bufferBench is the ws core's output buffer (a lib.Queue whose in_ready
// the core ignores) with its credit scheme as the environment: a word
// arrives only when a credit is free (with credits on, as the core's
// control guarantees; off, it is the deliberately broken variant that
// pushes whenever it likes).
func bufferBench(credits bool) dsl.Generator {
	name := "buffer_free"
	if credits {
		name = "buffer_credits"
	}
	return dsl.Func(name, func(m *dsl.Module) {
		const depth = 4
		inValid := m.Input("in_valid", dsl.Bool())
		outReady := m.Input("out_ready", dsl.Bool())
		f := m.Instance("fifo", lib.Queue{Width: 3, Depth: depth, Name: name + "_fifo"})
		roomInvariant(m, f)
		f.Port("in_valid").Set(inValid)
		f.Port("in_data").Set(m.Input("in_data", dsl.UInt(3)))
		f.Port("out_ready").Set(outReady)
		m.Output("out_valid", dsl.Bool()).Set(f.Port("out_valid"))
		m.Output("out_data", dsl.UInt(3)).Set(f.Port("out_data"))
		if credits {
			used := m.Reg("used", dsl.UInt(3), dsl.Init(0))
			pop := f.Port("out_valid").And(outReady)
			m.When(inValid.And(pop.Not()), func() {
				used.Set(used.Add(dsl.U(3, 1)))
			}).ElseWhen(pop.And(inValid.Not()), func() {
				used.Set(used.Sub(dsl.U(3, 1)))
			})
			m.Assume(inValid.Not().Or(used.Lt(dsl.U(3, depth))), "a word arrives only with a free credit")
		}
	})
}

func requireProver(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"yosys", "yosys-smtbmc", "z3"} {
		tooltest.Require(t, tool)
	}
}

// With its credits, every invariant of the output buffer holds: the
// stream rule and the bounds are proved by induction, the rest to the
// depth at least.
func TestBufferInvariantsProved(t *testing.T) {
	requireProver(t)
	d, err := elaborate.Elaborate(bufferBench(true))
	require.NoError(t, err)
	rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: 10})
	require.NoError(t, err)
	require.False(t, rep.Failed(), "%+v", rep.Results)
	require.Len(t, rep.Results, 8)
	for _, r := range rep.Results {
		t.Logf("%s: %s", r.Status, r.Prop.Name())
	}
}

// Without credits, a word arrives at a full buffer: the proof finds the
// counterexample (and has checked that rtlsim fails it at the same cycle).
func TestBufferBrokenCounterexample(t *testing.T) {
	requireProver(t)
	d, err := elaborate.Elaborate(bufferBench(false))
	require.NoError(t, err)
	rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: 10})
	require.NoError(t, err)
	require.True(t, rep.Failed())
	var full *formal.Result
	for i, r := range rep.Results {
		if r.Prop.Msg == roomMsg {
			full = &rep.Results[i]
		}
	}
	require.NotNil(t, full)
	require.Equal(t, formal.Failed, full.Status)
	// Four words fill it (cycles 1 to 4, with out_ready low), the fifth
	// arrives in cycle 5 at the earliest.
	require.Equal(t, 5, full.Cycle)
	require.FileExists(t, full.VCD)
	require.FileExists(t, full.Stimulus)
	require.Contains(t, full.Replay, "--cycles 5")
}

// The invariants of both 2x2 cores and of a ws core with an accumulator
// (2-bit operands: the invariants do not depend on the data), and with SYSTOLE_LONG=1 of the os core with an
// output stage (about 10 s), hold: the stream rules, the room and
// credit invariants and the strengthening invariants they rest on by
// induction, the rest at least for the depth after the reset.
func TestCoreInvariantsProved(t *testing.T) {
	requireProver(t)
	cases := []Config{
		{Rows: 2, Cols: 2, InWidth: 2, AccWidth: 3, Signed: true, Dataflow: WS},
		{Rows: 2, Cols: 2, InWidth: 2, AccWidth: 3, Signed: true, Dataflow: OS},
		{Rows: 2, Cols: 2, InWidth: 2, AccWidth: 3, Signed: true, Dataflow: WS, AccRows: 2},
	}
	if tooltest.Long() {
		cases = append(cases, Config{Rows: 2, Cols: 2, InWidth: 2, AccWidth: 3, Signed: true, Dataflow: OS, Bias: true, ReLU: true, OutWidth: 2})
	}
	for _, c := range cases {
		t.Run(c.TopName(), func(t *testing.T) {
			g, err := New(c)
			require.NoError(t, err)
			d, err := elaborate.Elaborate(g)
			require.NoError(t, err)
			rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: 10})
			require.NoError(t, err)
			require.False(t, rep.Failed(), "%+v", rep.Results)
			proved, credits := 0, 0
			for _, r := range rep.Results {
				t.Logf("%s: %s", r.Status, r.Prop.Name())
				if r.Status == formal.Proved {
					proved++
				}
				// The room and credit invariants, and the strengthening
				// invariants they rest on, by induction (not bounded).
				if r.Prop.Msg == roomMsg || strings.HasPrefix(r.Prop.Msg, "credits") {
					credits++
					require.Equal(t, formal.Proved, r.Status, "%s", r.Prop.Name())
				}
			}
			require.GreaterOrEqual(t, len(rep.Results), 5)
			require.GreaterOrEqual(t, credits, 3)
			require.GreaterOrEqual(t, proved, 2+credits) // and the output stream rules
		})
	}
}
