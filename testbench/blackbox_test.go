package testbench_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/testbench"
)

// mapSRAM is a Go model of the sram_sp macro that keeps only the words
// written, in a map.
type mapSRAM struct {
	addr, we, wdata, rdata int
	words                  map[uint64]uint64
	q                      uint64
}

func (m *mapSRAM) Eval(p *rtlsim.Pins) { p.SetUint64(m.rdata, m.q) }

func (m *mapSRAM) Edge(p *rtlsim.Pins) {
	a := p.Uint64(m.addr)
	m.q = m.words[a]
	if p.Uint64(m.we) != 0 {
		m.words[a] = p.Uint64(m.wdata)
	}
}

// runScratchpad writes every other word of the scratchpad, then reads all
// of them, and returns rdata and parity of every cycle.
func runScratchpad(t *testing.T, be testbench.Backend) []uint64 {
	t.Helper()
	port := func(n string) testbench.Port {
		p, err := be.Port(n)
		require.NoError(t, err)
		return p
	}
	addr, we, wdata, rdata, parity := port("addr"), port("we"), port("wdata"), port("rdata"), port("parity")
	be.Reset()
	var got []uint64
	for a := range 32 {
		be.PokeUint64(addr, uint64(a%16))
		be.PokeUint64(we, uint64(1-a/16)&uint64(a&1))
		be.PokeUint64(wdata, uint64(0x35*a+7))
		be.Step()
		got = append(got, be.PeekUint64(rdata), be.PeekUint64(parity))
	}
	require.NoError(t, be.Err())
	return got
}

// The testbench runs a design with a black box on every backend: rtlsim
// with the black box's DSL model or with a Go model (NewRTLSimWith), and
// Verilator with the user's Verilog of the macro, which NewVerilator
// compiles with the emitted Verilog.
func TestBlackBoxBackends(t *testing.T) {
	d, err := elaborate.Elaborate(examples.Scratchpad{Depth: 16, Width: 8})
	require.NoError(t, err)
	dslBE, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	want := runScratchpad(t, dslBE)
	require.NotEqual(t, make([]uint64, len(want)), want, "the test reads words it wrote")

	models := rtlsim.Models{"sram_sp": func(b rtlsim.BlackBox) (rtlsim.Model, error) {
		return &mapSRAM{addr: b.Port("addr"), we: b.Port("we"), wdata: b.Port("wdata"), rdata: b.Port("rdata"),
			words: map[uint64]uint64{}}, nil
	}}
	goBE, err := testbench.NewRTLSimWith(d, rtlsim.Options{Models: models})
	require.NoError(t, err)
	require.Equal(t, want, runScratchpad(t, goBE), "Go model")

	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0"})
	require.NoError(t, err)
	defer v.Close()
	require.Equal(t, want, runScratchpad(t, v), "Verilator with sram_sp.v")
}
