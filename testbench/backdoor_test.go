package testbench_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/testbench"
)

// backdoorDesign has a ROM at the top (named table, which the Verilog
// renames) and a 70-bit RAM with contents in a child instance u, both read
// at addr every cycle.
func backdoorDesign(t *testing.T) *netlist.Design {
	t.Helper()
	child := dsl.Func("bdchild", func(m *dsl.Module) {
		addr := m.Input("addr", dsl.UInt(3))
		we := m.Input("we", dsl.Bool())
		wdata := m.Input("wdata", dsl.UInt(70))
		ram := m.Mem("ram", dsl.UInt(70), 8)
		ram.Init(1, 2, 3)
		m.When(we, func() { ram.Write(addr, wdata) })
		m.Output("q", dsl.UInt(70)).Set(ram.Read(addr))
	})
	d, err := elaborate.Elaborate(dsl.Func("bdtop", func(m *dsl.Module) {
		addr := m.Input("addr", dsl.UInt(3))
		we := m.Input("we", dsl.Bool())
		wdata := m.Input("wdata", dsl.UInt(70))
		rom := m.Mem("table", dsl.UInt(8), 8)
		rom.Init(0x10, 0x20, 0x30, 0x40, 0x50)
		u := m.Instance("u", child)
		u.Port("addr").Set(addr)
		u.Port("we").Set(we)
		u.Port("wdata").Set(wdata)
		m.Output("rom_out", dsl.UInt(8)).Set(rom.Read(addr))
		m.Output("ram_out", dsl.UInt(70)).Set(u.Port("q"))
	}))
	require.NoError(t, err)
	return d
}

// runBackdoor reads both memories through the backdoor, writes the RAM
// through its port and both memories through the backdoor, and reads
// them back through the ports; it returns everything it read, and checks
// that misuses are errors.
func runBackdoor(t *testing.T, be testbench.Backend) []string {
	t.Helper()
	bd, ok := be.(testbench.MemoryBackdoor)
	require.True(t, ok, "%s has a memory backdoor", be)
	port := func(n string) testbench.Port {
		p, err := be.Port(n)
		require.NoError(t, err)
		return p
	}
	addr, we, wdata, romOut, ramOut := port("addr"), port("we"), port("wdata"), port("rom_out"), port("ram_out")
	var got []string
	peekAll := func() {
		for a := range 8 {
			v, err := bd.PeekMem("table", a)
			require.NoError(t, err)
			w, err := bd.PeekMem("u.ram", a)
			require.NoError(t, err)
			got = append(got, v.String(), w.String())
		}
	}
	peekAll()
	// Port writes: word a of the RAM gets 2^69 + a.
	for a := range 4 {
		be.PokeUint64(addr, uint64(a))
		be.PokeUint64(we, 1)
		be.Poke(wdata, bits.FromWords(70, []uint64{uint64(a), 1 << 5}))
		be.Step()
	}
	be.PokeUint64(we, 0)
	peekAll()
	// Backdoor writes, then reads through the ports one edge later.
	require.NoError(t, bd.PokeMem("table", 6, bits.FromUint64(8, 0xee)))
	require.NoError(t, bd.PokeMem("u.ram", 6, bits.FromWords(70, []uint64{0, 0x3f})))
	for a := range 8 {
		be.PokeUint64(addr, uint64(a))
		be.Step()
		got = append(got, be.Peek(romOut).String(), be.Peek(ramOut).String())
	}
	require.NoError(t, be.Err())

	_, err := bd.PeekMem("u.nothing", 0)
	require.ErrorContains(t, err, "nothing")
	_, err = bd.PeekMem("table", 8)
	require.ErrorContains(t, err, "8")
	require.ErrorContains(t, bd.PokeMem("u.ram", 1, bits.FromUint64(8, 1)), "8-bit")
	require.NoError(t, be.Err(), "misuses leave the backend usable")
	return got
}

// The memory backdoor reads and writes the same words in rtlsim and in
// Verilator (through its VPI), in the top and in a child instance, with a
// word wider than 64 bits and a memory that the Verilog renames.
func TestMemoryBackdoorAcrossBackends(t *testing.T) {
	d := backdoorDesign(t)
	r, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	want := runBackdoor(t, r)
	require.Equal(t, "8'h10", want[0])
	require.Equal(t, "70'h000000000000000003", want[5])

	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0", Backdoor: true})
	require.NoError(t, err)
	defer v.Close()
	require.Equal(t, want, runBackdoor(t, v))

	// Without the option, the backend says what it needs.
	plain, err := testbench.NewVerilator(context.Background(), romDesign(t), testbench.VerilatorOptions{Opt: "-O0"})
	require.NoError(t, err)
	defer plain.Close()
	_, err = plain.PeekMem("rom", 0)
	require.ErrorContains(t, err, "the memory backdoor needs a model built with VerilatorOptions.Backdoor")
}
