package formal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/formal"
	"github.com/systole-hdl/systole/internal/stimulus"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// satCounter counts en up to 5 and asserts it stays there: inductive.
func satCounter() dsl.Generator {
	return dsl.Func("sat", func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		n := m.Reg("n", dsl.UInt(4), dsl.Init(0))
		m.When(en.And(n.Lt(dsl.U(4, 5))), func() { n.Set(n.Add(dsl.U(4, 1))) })
		m.Assert(n.Le(dsl.U(4, 5)), "sat at most 5")
		m.Output("count", dsl.UInt(4)).Set(n)
	})
}

// counters has three counters, each in its own instance, with an
// assertion each: one that a counter enabled by a free input breaks
// (watch), one that induction proves (sat), and one that holds but is not
// inductive within the depth (wrap: a counter from 0 to 9 never reaches
// 200, but states 10 to 199 lead there and none is reachable).
func counters(t *testing.T) *netlist.Design {
	t.Helper()
	watch := dsl.Func("watch", func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		n := m.Reg("n", dsl.UInt(4), dsl.Init(0))
		m.When(en, func() { n.Set(n.Add(dsl.U(4, 1))) })
		m.Assert(n.Lt(dsl.U(4, 5)), "watch below 5")
		m.Output("count", dsl.UInt(4)).Set(n)
	})
	sat := satCounter()
	wrap := dsl.Func("wrap", func(m *dsl.Module) {
		n := m.Reg("n", dsl.UInt(8), dsl.Init(0))
		m.When(n.Eq(dsl.U(8, 9)), func() { n.Set(dsl.U(8, 0)) }).Otherwise(func() { n.Set(n.Add(dsl.U(8, 1))) })
		m.Assert(n.Ne(dsl.U(8, 200)), "wrap never 200")
		m.Output("count", dsl.UInt(8)).Set(n)
	})
	d, err := elaborate.Elaborate(dsl.Func("counters", func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		var outs []dsl.Signal
		for i, g := range []dsl.Generator{watch, sat, wrap} {
			u := m.Instance("u_"+g.(interface{ ModuleName() string }).ModuleName(), g)
			if i < 2 {
				u.Port("en").Set(en)
			}
			outs = append(outs, u.Port("count"))
		}
		m.Output("sum", dsl.UInt(16)).Set(dsl.Cat(outs...))
	}))
	require.NoError(t, err)
	return d
}

func TestProve(t *testing.T) {
	tooltest.Require(t, "yosys")
	tooltest.Require(t, "yosys-smtbmc")
	tooltest.Require(t, "z3")
	d := counters(t)
	dir := t.TempDir()
	rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: dir, Depth: 12})
	require.NoError(t, err)
	require.True(t, rep.Failed())
	require.Len(t, rep.Results, 3)
	got := map[string]formal.Result{}
	for _, r := range rep.Results {
		got[r.Prop.Instance] = r
	}
	w := got["u_watch"]
	require.Equal(t, formal.Failed, w.Status)
	require.Equal(t, "watch below 5", w.Prop.Msg)
	require.Contains(t, w.Prop.Pos, "formal/formal_test.go:")
	// Reset edge in cycle 0, five enabled edges: 5 in cycle 6.
	require.Equal(t, 6, w.Cycle)
	require.FileExists(t, w.VCD)
	require.FileExists(t, w.Stimulus)
	require.Equal(t, "systole sim "+rep.Netlist+" --stimulus "+w.Stimulus+" --cycles 6 --vcd "+filepath.Join(dir, "cex_1_rtlsim.vcd"), w.Replay)

	require.Equal(t, formal.Proved, got["u_sat"].Status)
	require.Equal(t, formal.Bounded, got["u_wrap"].Status)
	require.Equal(t, 12, got["u_wrap"].Depth)

	// The replay, as "systole sim" runs it, fails at the same cycle.
	back, err := os.ReadFile(rep.Netlist)
	require.NoError(t, err)
	nd, err := netlist.Parse(rep.Netlist, string(back))
	require.NoError(t, err)
	text, err := os.ReadFile(w.Stimulus)
	require.NoError(t, err)
	st, err := stimulus.Parse(w.Stimulus, string(text))
	require.NoError(t, err)
	_, err = stimulus.Run(nd, st, 6, nil)
	require.ErrorContains(t, err, "assertion failed in cycle 6, instance u_watch of module watch: watch below 5")
	require.True(t, strings.HasPrefix(string(text), "# counterexample"))
}

func TestProveUsage(t *testing.T) {
	d := counters(t)
	_, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: -1})
	require.ErrorContains(t, err, "depth -1")
	_, err = formal.Prove(context.Background(), d, formal.Options{})
	require.ErrorContains(t, err, "no output directory")
	_, err = formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Solver: "z3; rm -rf /"})
	require.ErrorContains(t, err, "not a plain name")
}

// An instance named like a name its module declares (register n, port
// count) is renamed in the Verilog (Verilator's VARHIDDEN): Prove finds
// its assertions under the Verilog name and reports the netlist's.
func TestProveRenamedInstance(t *testing.T) {
	tooltest.Require(t, "yosys")
	tooltest.Require(t, "yosys-smtbmc")
	tooltest.Require(t, "z3")
	sat := satCounter()
	d, err := elaborate.Elaborate(dsl.Func("hidden", func(m *dsl.Module) {
		en := m.Input("en", dsl.Bool())
		a, b := m.Instance("n", sat), m.Instance("count", sat)
		a.Port("en").Set(en)
		b.Port("en").Set(en.Not())
		m.Output("sum", dsl.UInt(8)).Set(dsl.Cat(a.Port("count"), b.Port("count")))
	}))
	require.NoError(t, err)
	require.Equal(t, []string{"n_", "count_"}, netlist.Legalize(d).Module("hidden").Insts)
	rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: 6})
	require.NoError(t, err)
	require.False(t, rep.Failed())
	require.Len(t, rep.Results, 2)
	for i, inst := range []string{"n", "count"} {
		require.Equal(t, inst, rep.Results[i].Prop.Instance)
		require.Equal(t, formal.Proved, rep.Results[i].Status)
	}
}

// An assertion that is inductive only with another as its hypothesis (b
// never reaches 200 because b = a and a <= 9) is proved even when a third
// assertion of the design does not close (wrap's): Prove drops that one
// and retries the rest, rather than trying each assertion alone.
func TestProveStrengthening(t *testing.T) {
	tooltest.Require(t, "yosys")
	tooltest.Require(t, "yosys-smtbmc")
	tooltest.Require(t, "z3")
	pair := dsl.Func("pair", func(m *dsl.Module) {
		a := m.Reg("a", dsl.UInt(8), dsl.Init(0))
		b := m.Reg("b", dsl.UInt(8), dsl.Init(0))
		m.When(a.Eq(dsl.U(8, 9)), func() { a.Set(dsl.U(8, 0)) }).Otherwise(func() { a.Set(a.Add(dsl.U(8, 1))) })
		m.When(b.Eq(dsl.U(8, 9)), func() { b.Set(dsl.U(8, 0)) }).Otherwise(func() { b.Set(b.Add(dsl.U(8, 1))) })
		m.Assert(a.Le(dsl.U(8, 9)), "a at most 9")
		m.Assert(a.Eq(b), "b follows a")
		m.Assert(b.Ne(dsl.U(8, 200)), "b never 200")
		m.Output("sum", dsl.UInt(8)).Set(a.Add(b))
	})
	wrap := dsl.Func("wrap", func(m *dsl.Module) {
		n := m.Reg("n", dsl.UInt(8), dsl.Init(0))
		m.When(n.Eq(dsl.U(8, 9)), func() { n.Set(dsl.U(8, 0)) }).Otherwise(func() { n.Set(n.Add(dsl.U(8, 1))) })
		m.Assert(n.Ne(dsl.U(8, 200)), "wrap never 200")
		m.Output("count", dsl.UInt(8)).Set(n)
	})
	d, err := elaborate.Elaborate(dsl.Func("strengthen", func(m *dsl.Module) {
		p, w := m.Instance("p", pair), m.Instance("w", wrap)
		m.Output("out", dsl.UInt(16)).Set(dsl.Cat(p.Port("sum"), w.Port("count")))
	}))
	require.NoError(t, err)
	rep, err := formal.Prove(context.Background(), d, formal.Options{Dir: t.TempDir(), Depth: 4})
	require.NoError(t, err)
	require.False(t, rep.Failed())
	got := map[string]formal.Status{}
	for _, r := range rep.Results {
		got[r.Prop.Msg] = r.Status
	}
	require.Equal(t, map[string]formal.Status{"a at most 9": formal.Proved, "b follows a": formal.Proved,
		"b never 200": formal.Proved, "wrap never 200": formal.Bounded}, got)
}
