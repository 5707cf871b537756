package examples

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/rtlsim"
)

// sramModel is a Go model of the SRAM macro sram_sp (sram_sp.v), as a user
// writes one for rtlsim: rdata is registered, so Eval only shows the read
// register, and Edge does the read-first access.
type sramModel struct {
	addr, we, wdata, rdata int // port indices
	mem                    []uint64
	q                      uint64
}

func (m *sramModel) Eval(p *rtlsim.Pins) { p.SetUint64(m.rdata, m.q) }

func (m *sramModel) Edge(p *rtlsim.Pins) {
	a := p.Uint64(m.addr)
	m.q = m.mem[a]
	if p.Uint64(m.we) == 1 {
		m.mem[a] = p.Uint64(m.wdata)
	}
}

// sramModels gives rtlsim the Go model of every sram_sp instance.
var sramModels = rtlsim.Models{"sram_sp": func(b rtlsim.BlackBox) (rtlsim.Model, error) {
	depth, _ := b.Param("DEPTH")
	return &sramModel{addr: b.Port("addr"), we: b.Port("we"), wdata: b.Port("wdata"), rdata: b.Port("rdata"),
		mem: make([]uint64, depth.Int)}, nil
}}

// runTrace drives sim with stim (one row per cycle, in the order of ins)
// and returns the outputs of every cycle before its edge.
func runTrace(t *testing.T, sim *rtlsim.Sim, ins []rtlsim.PortInfo, stim vsim.Stimulus) vsim.Trace {
	t.Helper()
	trace := make(vsim.Trace, len(stim))
	for c, row := range stim {
		for i, p := range ins {
			sim.Poke(p.Handle, row[i])
		}
		for _, p := range sim.Outputs() {
			trace[c] = append(trace[c], sim.Peek(p.Handle))
		}
		sim.Step(1)
	}
	require.NoError(t, sim.Err())
	return trace
}

// TestScratchpadBlackBox runs the sram example, whose SRAM macro is a black
// box, four ways on one random stimulus and requires the same outputs on
// every cycle: rtlsim with the black box's DSL model, rtlsim with the Go
// model above, and Verilator and Icarus with the user's sram_sp.v; and
// checks rtlsim against a plain-Go reference of the scratchpad.
func TestScratchpadBlackBox(t *testing.T) {
	d, err := elaborate.Elaborate(Scratchpad{Depth: 16, Width: 8})
	require.NoError(t, err)
	dslSim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	goSim, err := rtlsim.CompileWith(d, rtlsim.Options{Models: sramModels})
	require.NoError(t, err)

	spec := vsim.SpecOf(d)
	var ins []rtlsim.PortInfo
	for _, p := range dslSim.Inputs() {
		if !p.Clock {
			ins = append(ins, p)
		}
	}
	r := rand.New(rand.NewPCG(11, 5))
	const cycles = 400
	stim := make(vsim.Stimulus, cycles)
	for c := range stim {
		for _, p := range spec.Inputs {
			v := randBits(r, p.Width)
			if p.Name == "rst" {
				v = bits.FromUint64(1, b2u(c == 0))
			}
			stim[c] = append(stim[c], v)
		}
	}
	want := runTrace(t, dslSim, ins, stim)
	require.Empty(t, vsim.Diff(spec.Outputs, runTrace(t, goSim, ins, stim), want, 10), "rtlsim: Go model vs DSL model")

	// The DSL model runs in every lane of a Batch (lane 1 gets the
	// stimulus) and in the compiled Go model's writer; the Go model only
	// in Sim.
	batch, err := rtlsim.CompileBatch(d, 3)
	require.NoError(t, err)
	for c, row := range stim {
		for i, p := range ins {
			batch.PokeLane(p.Handle, 1, row[i])
		}
		for o, p := range dslSim.Outputs() {
			require.Equal(t, want[c][o], batch.PeekLane(p.Handle, 1), "batch lane 1, cycle %d, %s", c, p.Name)
		}
		batch.Step(1)
	}
	require.NoError(t, batch.Err())
	require.NoError(t, dslSim.WriteGo(io.Discard, "scratchpad"))
	require.ErrorContains(t, goSim.WriteGo(io.Discard, "scratchpad"), "WriteGo cannot run black box ram, which has a Go model")

	// The reference: the request is registered, the SRAM reads it at the
	// next edge, so rdata in cycle c is the word at the address of cycle
	// c-2, as it was before the write of that same request (read-first).
	mem := make([]uint64, 16)
	var reqAddr, reqData, q uint64
	var reqWe bool
	for c, row := range stim {
		require.Equal(t, q, want[c][0].Uint64(), "cycle %d: rdata", c)
		require.Equal(t, uint64(bitsOnes(q)%2), want[c][1].Uint64(), "cycle %d: parity", c)
		// The edge: the SRAM sees the registered request, then the
		// registers take the inputs.
		q = mem[reqAddr]
		if reqWe {
			mem[reqAddr] = reqData
		}
		rst := row[0].Uint64() == 1
		reqAddr, reqData, reqWe = row[1].Uint64(), row[3].Uint64(), row[2].Uint64() == 1 && !rst
	}

	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	text, err := emit.Verilog(d)
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), d.Top+".v")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	spec.Sources = append([]string{src}, d.ExternFiles()...)
	ctx := context.Background()
	t.Run("verilator", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		model, err := (&vsim.Verilator{}).Build(ctx, spec)
		require.NoError(t, err)
		got, err := model.Run(ctx, stim)
		require.NoError(t, err)
		require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10), "Verilator vs rtlsim")
	})
	t.Run("icarus", func(t *testing.T) {
		tooltest.Require(t, "iverilog")
		got, err := vsim.RunIcarus(ctx, spec, stim)
		require.NoError(t, err)
		require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10), "Icarus vs rtlsim")
	})
}

func bitsOnes(v uint64) int {
	n := 0
	for ; v != 0; v &= v - 1 {
		n++
	}
	return n
}

// The ROM example holds one period of a sine wave and reads it one edge
// after the address; Verilator and Icarus agree with rtlsim on it
// (TestVerilog).
func TestSineROM(t *testing.T) {
	rom := SineROM{Depth: 64, Width: 8}
	words := rom.Words()
	require.Equal(t, uint64(0), words[0])
	require.Equal(t, uint64(127), words[16], "the peak")
	require.Equal(t, uint64(0x81), words[48], "the trough, -127")
	sim := compile(t, rom)
	addr, err := sim.Handle("addr")
	require.NoError(t, err)
	out, err := sim.Handle("sample")
	require.NoError(t, err)
	for _, a := range []uint64{0, 5, 16, 17, 48, 63, 1} {
		sim.PokeUint64(addr, a)
		sim.Step(1)
		require.Equal(t, words[a], sim.PeekUint64(out), "sample at %d", a)
	}
}
