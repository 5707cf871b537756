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
	"github.com/systole-hdl/systole/netlist"
)

// memWrap instantiates s through Instance (with its assertions) and
// brings its ports out under the same names.
func memWrap(s lib.Mem1R1W) dsl.Generator {
	return dsl.Func("wrap", func(m *dsl.Module) {
		p := s.Instance(m, "mem")
		aw := s.AddrWidth()
		p.WrEn.Set(m.Input("wr_en", dsl.Bool()))
		p.WrAddr.Set(m.Input("wr_addr", dsl.UInt(aw)))
		p.WrData.Set(m.Input("wr_data", dsl.UInt(s.Width)))
		p.RdEn.Set(m.Input("rd_en", dsl.Bool()))
		p.RdAddr.Set(m.Input("rd_addr", dsl.UInt(aw)))
		m.Output("rd_data", dsl.UInt(s.Width)).Set(p.RdData)
	})
}

// The memory matches its model on every cycle of random reads and writes
// (never of one address on one edge), with rd_data holding while rd_en is
// 0, for one word, powers of two and not, and words wider than 64 bits.
func TestMem1R1W(t *testing.T) {
	for _, s := range []lib.Mem1R1W{{Depth: 1, Width: 3}, {Depth: 4, Width: 8}, {Depth: 5, Width: 70}, {Depth: 17, Width: 1}} {
		t.Run(s.ModuleName(), func(t *testing.T) {
			sm, h := sim(t, memWrap(s))
			model := lib.NewMem1R1WModel(s)
			r := rand.New(rand.NewPCG(uint64(s.Depth), 2))
			reads := 0
			for cycle := range 300 {
				in := lib.Mem1R1WIn{WrEn: r.IntN(2) == 0, WrAddr: r.IntN(s.Depth), RdEn: r.IntN(3) == 0, RdAddr: r.IntN(s.Depth),
					WrData: bits.FromWords(s.Width, []uint64{r.Uint64(), r.Uint64()})}
				if in.WrEn && in.RdEn && in.WrAddr == in.RdAddr {
					in.RdEn = false
				}
				sm.PokeUint64(h("wr_en"), b2u(in.WrEn))
				sm.PokeUint64(h("wr_addr"), uint64(in.WrAddr))
				sm.Poke(h("wr_data"), in.WrData)
				sm.PokeUint64(h("rd_en"), b2u(in.RdEn))
				sm.PokeUint64(h("rd_addr"), uint64(in.RdAddr))
				sm.Step(0)
				require.Equal(t, model.RdData().String(), sm.Peek(h("rd_data")).String(), "cycle %d", cycle)
				require.NoError(t, model.Edge(in))
				sm.Step(1)
				require.NoError(t, sm.Err())
				if in.RdEn {
					reads++
				}
			}
			require.Greater(t, reads, 50)
		})
	}
}

// The module has exactly the documented interface: named after its
// prefix, depth and width, replaceable, the clock and no reset, the
// ports in the documented order and widths.
func TestMem1R1WInterface(t *testing.T) {
	for _, c := range []struct {
		s      lib.Mem1R1W
		name   string
		addr   int
		extern string
	}{
		{lib.Mem1R1W{Depth: 1, Width: 8}, "mem_1x8_1r1w", 1, "MEM_1X8_1R1W_EXTERN"},
		{lib.Mem1R1W{Depth: 5, Width: 33, Prefix: "top_"}, "top_mem_5x33_1r1w", 3, "TOP_MEM_5X33_1R1W_EXTERN"},
		{lib.Mem1R1W{Depth: 64, Width: 8, Prefix: "core_"}, "core_mem_64x8_1r1w", 6, "CORE_MEM_64X8_1R1W_EXTERN"},
	} {
		d, err := elaborate.Elaborate(c.s)
		require.NoError(t, err)
		m := d.TopModule()
		require.Equal(t, c.name, m.Name)
		require.True(t, m.Replaceable)
		require.Equal(t, c.extern, netlist.ExternMacro(m.Name))
		require.Equal(t, c.addr, c.s.AddrWidth())
		var got []string
		for _, p := range m.Ports {
			got = append(got, p.Dir.String()+" "+m.PortName(p)+":"+itoa(m.Net(p.Net).Width))
		}
		require.Equal(t, []string{"input clk:1", "input wr_en:1", "input wr_addr:" + itoa(c.addr), "input wr_data:" + itoa(c.s.Width),
			"input rd_en:1", "input rd_addr:" + itoa(c.addr), "output rd_data:" + itoa(c.s.Width)}, got)
		require.Empty(t, m.Props, "a replaceable module keeps no properties: a macro would drop them")
	}
}

// Instance's assertions stop a simulation that reads and writes one
// address on one edge, or reads beyond the depth; the model refuses the
// same.
func TestMem1R1WAssertions(t *testing.T) {
	s := lib.Mem1R1W{Depth: 5, Width: 8}
	for _, c := range []struct {
		in  lib.Mem1R1WIn
		msg string
	}{
		{lib.Mem1R1WIn{WrEn: true, WrAddr: 2, RdEn: true, RdAddr: 2, WrData: bits.New(8)}, "mem: a read and a write of one address on one edge"},
		{lib.Mem1R1WIn{RdEn: true, RdAddr: 6}, "mem: every address below the depth"},
		{lib.Mem1R1WIn{WrEn: true, WrAddr: 5, WrData: bits.New(8)}, "mem: every address below the depth"},
	} {
		sm, h := sim(t, memWrap(s))
		sm.PokeUint64(h("wr_en"), b2u(c.in.WrEn))
		sm.PokeUint64(h("wr_addr"), uint64(c.in.WrAddr))
		sm.PokeUint64(h("rd_en"), b2u(c.in.RdEn))
		sm.PokeUint64(h("rd_addr"), uint64(c.in.RdAddr))
		sm.Step(1)
		require.ErrorContains(t, sm.Err(), c.msg)
		require.Error(t, lib.NewMem1R1WModel(s).Edge(c.in))
	}
}

// A queue with SRAM keeps its words in a Mem1R1W instance and behaves
// exactly as the default queue: the same model, cycle for cycle.
func TestQueueSRAM(t *testing.T) {
	for _, depth := range []int{1, 2, 3, 5, 8} {
		for _, flow := range []bool{false, true} {
			q := lib.Queue{Width: 8, Depth: depth, Flow: flow, SRAM: true, MemPrefix: "q_"}
			t.Run(q.ModuleName(), func(t *testing.T) {
				m := lib.NewQueueModel(q)
				streamBlock(t, q, 8, m.Outputs, m.Edge, m.Count, uint64(depth))
			})
		}
	}
	d, err := elaborate.Elaborate(lib.Queue{Width: 8, Depth: 5, SRAM: true, MemPrefix: "q_"})
	require.NoError(t, err)
	require.Equal(t, "Queue_8x5_sram", d.Top)
	mem := d.Module("q_mem_5x8_1r1w")
	require.NotNil(t, mem)
	require.True(t, mem.Replaceable)
	require.Empty(t, d.TopModule().Mems, "the words are in the memory module")
	// The default queue is unchanged: its memory is its own.
	d, err = elaborate.Elaborate(lib.Queue{Width: 8, Depth: 5})
	require.NoError(t, err)
	require.Len(t, d.Modules, 1)
	require.Len(t, d.TopModule().Mems, 1)
}

func TestMem1R1WBadParameters(t *testing.T) {
	for _, c := range []struct {
		g   dsl.Generator
		msg string
	}{
		{lib.Mem1R1W{Depth: 0, Width: 8}, "Mem1R1W of depth 0 and width 8: both must be at least 1"},
		{lib.Mem1R1W{Depth: 1<<24 + 1, Width: 8}, "mem_depth"},
		{lib.Mem1R1W{Depth: 4, Width: 0}, "Mem1R1W of depth 4 and width 0: both must be at least 1"},
		{memWrap(lib.Mem1R1W{Depth: 4, Width: 0}), "Mem1R1W of depth 4 and width 0: both must be at least 1"},
		{lib.Queue{Width: 8, Depth: 4, SRAM: true, Regs: true}, "Queue with SRAM and Regs"},
	} {
		_, err := elaborate.Elaborate(c.g)
		require.ErrorContains(t, err, c.msg)
	}
}

func itoa(i int) string { return fmt.Sprint(i) }
