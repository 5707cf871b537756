package lib_test

import (
	"context"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/crosscheck"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/lib"
)

// fsm uses what the library's blocks do not: an enum, Switch, a Vec read
// and written by index, Go integer operands.
var fsm = dsl.Func("fsm", func(m *dsl.Module) {
	st := dsl.NewEnum("st", "Idle", "Load", "Run", "Done")
	idle, load, run, done := st.Value("Idle"), st.Value("Load"), st.Value("Run"), st.Value("Done")
	state := m.Reg("state", st.Type(), dsl.Init(idle))
	in := m.Input("in", dsl.UInt(6))
	sel := m.Input("sel", dsl.UInt(3))
	regs := m.RegVec("r", 5, dsl.UInt(6), dsl.Init(0))
	acc := m.Reg("acc", dsl.UInt(8), dsl.Init(0))
	m.Switch(state).
		Is(idle, func() { m.When(in.Bit(0), func() { state.Set(load) }) }).
		Is(load, func() {
			regs.SetIndex(sel, in)
			state.Set(run)
		}).
		Is(run, func() {
			acc.Set(acc.Add(regs.Index(sel).ZeroExtend(8)))
			m.When(acc.Gt(200), func() { state.Set(done) })
		}).
		Default(func() {
			acc.Set(0)
			state.Set(idle)
		})
	m.Output("state_out", st.Type()).Set(state)
	m.Output("acc_out", dsl.UInt(8)).Set(acc)
	m.Output("packed", dsl.UInt(30)).Set(regs.Pack())
	m.Output("in_run", dsl.Bool()).Set(state.Eq(run).Or(state.Ne(idle).And(in.Eq(63))))
})

// The blocks and the fsm give the same outputs in rtlsim and in Icarus
// (and in Verilator with SYSTOLE_LONG=1: its build takes most of a minute)
// on every cycle of random inputs with resets in the middle.
func TestVerilogMatchesRTLSim(t *testing.T) {
	design := crosscheck.Wrap("lib_blocks", []dsl.Generator{
		lib.Queue{Width: 5, Depth: 3}, lib.Queue{Width: 5, Depth: 2, Regs: true, Flow: true},
		lib.Queue{Width: 5, Depth: 1, Flow: true}, lib.Queue{Width: 5, Depth: 3, Flow: true, SRAM: true, MemPrefix: "x_"},
		lib.Mem1R1W{Depth: 5, Width: 7}, lib.Skid{Width: 5},
		lib.ShiftRegister{Width: 3, Stages: 3, Enable: true, Reset: true}, lib.Counter{N: 5, Down: true},
		lib.Arbiter{N: 5}, fsm,
	})
	d, err := elaborate.Elaborate(design)
	require.NoError(t, err)
	stim := func(spec vsim.Spec) vsim.Stimulus {
		return crosscheck.RandomStimulus(rand.New(rand.NewSource(1)), spec.Inputs, 400, "rst")
	}
	backends := map[string]crosscheck.Backend{"iverilog": crosscheck.IcarusBackend{}}
	if tooltest.Long() {
		backends["verilator"] = &crosscheck.VerilatorBackend{}
	}
	for tool, b := range backends {
		t.Run(tool, func(t *testing.T) {
			tooltest.Require(t, tool)
			r, err := crosscheck.Run(context.Background(), b, d, nil, t.TempDir(), stim)
			require.NoError(t, err)
			if r.Mismatch != nil {
				t.Fatal(r.Mismatch)
			}
		})
	}
}
