package testbench_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/testbench"
)

// romWords are the contents of the ROM (depth 16: the last 6 words are 0)
// and the first words of the RAM, which the test then overwrites.
var romWords = []uint64{0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa}

// romDesign reads a ROM and a RAM with initial contents at addr every
// cycle; the RAM takes writes.
func romDesign(t *testing.T) *netlist.Design {
	t.Helper()
	d, err := elaborate.Elaborate(dsl.Func("romtop", func(m *dsl.Module) {
		addr := m.Input("addr", dsl.UInt(4))
		we := m.Input("we", dsl.Bool())
		wdata := m.Input("wdata", dsl.UInt(8))
		rom := m.Mem("rom", dsl.UInt(8), 16)
		rom.Init(romWords...)
		ram := m.Mem("ram", dsl.UInt(8), 16)
		ram.Init(romWords[:3]...)
		m.When(we, func() { ram.Write(addr, wdata) })
		m.Output("rom_out", dsl.UInt(8)).Set(rom.Read(addr))
		m.Output("ram_out", dsl.UInt(8)).Set(ram.Read(addr))
	}))
	require.NoError(t, err)
	return d
}

// runROM reads every address of both memories, writes the RAM, reads
// again, and returns what it read.
func runROM(t *testing.T, be testbench.Backend) []uint64 {
	t.Helper()
	port := func(n string) testbench.Port {
		p, err := be.Port(n)
		require.NoError(t, err)
		return p
	}
	addr, we, wdata, rom, ram := port("addr"), port("we"), port("wdata"), port("rom_out"), port("ram_out")
	var got []uint64
	for pass := range 2 {
		for a := range 16 {
			be.PokeUint64(addr, uint64(a))
			be.PokeUint64(we, uint64(1-pass)&uint64(a%3&1))
			be.PokeUint64(wdata, uint64(0xc0+a))
			be.Step()
			got = append(got, be.PeekUint64(rom), be.PeekUint64(ram))
		}
	}
	be.PokeUint64(we, 0)
	for a := range 16 {
		be.PokeUint64(addr, uint64(a))
		be.Step()
		got = append(got, be.PeekUint64(rom), be.PeekUint64(ram))
	}
	require.NoError(t, be.Err())
	return got
}

// A ROM and a RAM with initial contents read the same in rtlsim (a Sim,
// every lane of a Batch) and in Verilator from the emitted Verilog, whose
// contents are inline; Yosys synthesizes the ROM from them.
func TestMemoryContents(t *testing.T) {
	d := romDesign(t)
	text := netlist.Format(d)
	require.Contains(t, text, "    init 8'h11 8'h22 8'h33 8'h44 8'h55 8'h66 8'h77 8'h88\n    init 8'h99 8'haa\n")
	back, err := netlist.Parse("rom.net", text)
	require.NoError(t, err)
	require.Equal(t, text, netlist.Format(back))

	be, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	want := runROM(t, be)
	for a := range 16 {
		w := uint64(0)
		if a < len(romWords) {
			w = romWords[a]
		}
		require.Equal(t, w, want[2*a], "rom[%d]", a) // read at the edge of cycle a
	}
	require.Equal(t, romWords[1], want[3])   // ram[1], not yet written
	require.Equal(t, uint64(0), want[2*5+1]) // ram[5]: beyond its contents

	// The backdoor: the RAM holds what the run wrote, and a word written
	// into the ROM is read by its port from the next edge.
	var door testbench.MemoryBackdoor = be
	w, err := door.PeekMem("ram", 2)
	require.NoError(t, err)
	require.Equal(t, want[2*(16+2)+1], w.Uint64())
	require.NoError(t, door.PokeMem("rom", 12, bits.FromUint64(8, 0xee)))
	addrP, err := be.Port("addr")
	require.NoError(t, err)
	be.PokeUint64(addrP, 12)
	be.Step()
	romP, err := be.Port("rom_out")
	require.NoError(t, err)
	require.Equal(t, uint64(0xee), be.PeekUint64(romP))
	_, err = door.PeekMem("rom", 16)
	require.ErrorContains(t, err, "address 16 is not below its depth 16")
	require.ErrorContains(t, door.PokeMem("nope", 0, bits.FromUint64(8, 0)), `no memory "nope"`)
	require.ErrorContains(t, door.PokeMem("rom", 0, bits.FromUint64(9, 0)), "9-bit value into 8-bit words")

	b, err := rtlsim.CompileBatch(d, 3)
	require.NoError(t, err)
	rom, err := b.Handle("rom_out")
	require.NoError(t, err)
	addr, err := b.Handle("addr")
	require.NoError(t, err)
	for l := range 3 {
		b.PokeUint64Lane(addr, l, uint64(l+7))
	}
	b.Step(1)
	for l := range 3 {
		require.Equal(t, romWords[l+7], b.PeekUint64Lane(rom, l), "lane %d", l)
	}
	require.NoError(t, b.PokeMemLane("ram", 1, 0, bits.FromUint64(8, 0x42)))
	for l := range 3 {
		v, err := b.PeekMemLane("ram", l, 0)
		require.NoError(t, err)
		if l == 1 {
			require.Equal(t, uint64(0x42), v.Uint64())
		} else {
			require.Equal(t, romWords[0], v.Uint64())
		}
	}

	t.Run("verilator", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		v, err := testbench.NewVerilator(context.Background(), d, testbench.VerilatorOptions{Opt: "-O0"})
		require.NoError(t, err)
		defer v.Close()
		require.Equal(t, want, runROM(t, v))
	})
	t.Run("yosys", func(t *testing.T) {
		yosys := tooltest.Require(t, "yosys")
		v, err := emit.Verilog(d)
		require.NoError(t, err)
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "romtop.v"), v, 0o644))
		// The ROM's contents survive synthesis: rom[7] = 8'h88 is a
		// constant of the synthesized netlist's memory or logic.
		cmd := exec.Command(yosys, "-q", "-p", "read_verilog romtop.v; synth -top romtop; check -assert")
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, "%s", out)
	})
}
