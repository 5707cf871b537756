package rtlsim

import (
	"fmt"
	"math/bits"
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"

	sbits "github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/opgen"
	"github.com/systole-hdl/systole/netlist"
)

// memLanesDesign has one memory of depth words of width bits, with
// initial contents in its first two entries (when it has them): two read
// ports (ra/rd with an enable re, rb/rdb without) and two write ports
// (wa0/wd0/we0 and wa1/wd1/we1, the later winning). The addresses are two
// bits wider than the depth needs, so they also go beyond it; rb's has 66
// bits (two words: beyond the depth by its upper word too).
func memLanesDesign(width, depth int) *netlist.Design {
	b := newMod("memlanes")
	b.clk()
	aw := bits.Len(uint(depth)) + 2
	wa0, wd0, we0 := b.in("wa0", aw), b.in("wd0", width), b.in("we0", 1)
	wa1, wd1, we1 := b.in("wa1", aw), b.in("wd1", width), b.in("we1", 1)
	ra, re, rb := b.in("ra", aw), b.in("re", 1), b.in("rb", 66)
	rd, rdb := b.out("rd", width), b.out("rdb", width)
	var init []sbits.Value
	for k := range min(depth, 2) {
		words := make([]uint64, (width+63)/64)
		for i := range words {
			words[i] = 0x9e3779b97f4a7c15 * uint64(k+i+1)
		}
		init = append(init, sbits.FromWords(width, words))
	}
	b.m.Mems = append(b.m.Mems, netlist.Mem{
		Name: "ram", Width: width, Depth: depth, Init: init,
		Reads: []netlist.MemRead{
			{Addr: ra, En: re, Data: rd},
			{Addr: rb, En: netlist.NoNet, Data: rdb},
		},
		Writes: []netlist.MemWrite{
			{Addr: wa0, Data: wd0, En: we0},
			{Addr: wa1, Data: wd1, En: we1},
		},
	})
	// registers of the memory's width (of more than 64 bits: one-word
	// registers of the 64-bit plane in a Batch) of every class
	init0 := sbits.New(width)
	if len(init) > 0 {
		init0 = init[0]
	}
	b.reg(b.out("r_plain", width), rdb, netlist.NoNet, netlist.NoNet, sbits.Value{})
	b.reg(b.out("r_en", width), rd, we0, netlist.NoNet, sbits.Value{})
	b.reg(b.out("r_rst", width), wd0, netlist.NoNet, we1, init0)
	b.reg(b.out("r_both", width), wd1, re, we0, init0)
	return design(b)
}

// TestBatchMemLanes: a Batch's memories (entry-major and lane-minor in a
// tile, read and written row by row when a port's lanes all address one
// entry, else lane by lane) agree with one Sim a lane, cycle by cycle: the
// read ports' data, registers of the memory's width of every class, and,
// at the end, every word of every lane's memory.
// Memories of 1 to 513 bits, of depth 1 and odd; lanes that fill tiles and
// lanes that do not; ports whose lanes all address one entry (agree, also
// beyond the depth), whose lanes address entries at random (differ), and
// whose lanes agree but one (one). Halfway the lanes are cut into other
// tiles (SetWorkers), and a backdoor write (PokeMemLane) lands in one lane.
func TestBatchMemLanes(t *testing.T) {
	for _, width := range []int{1, 8, 9, 64, 65, 513} {
		for _, depth := range []int{1, 5} {
			d := memLanesDesign(width, depth)
			for _, lanes := range []int{1, 3, 16, 64, 65} {
				for _, mode := range []string{"agree", "differ", "one"} {
					t.Run(fmt.Sprintf("w%d/d%d/l%d/%s", width, depth, lanes, mode), func(t *testing.T) {
						checkMemLanes(t, d, width, depth, lanes, mode)
					})
				}
			}
		}
	}
}

func checkMemLanes(t *testing.T, d *netlist.Design, width, depth, lanes int, mode string) {
	bt, err := CompileBatch(d, lanes)
	require.NoError(t, err)
	sims := make([]*Sim, lanes)
	for l := range sims {
		sims[l] = compile(t, d)
	}
	s := sims[0]
	rng := rand.New(rand.NewSource(int64(width*1000 + depth*100 + lanes)))
	aw := bits.Len(uint(depth)) + 2
	addr := func() uint64 {
		if rng.Intn(5) == 0 {
			return uint64(rng.Intn(1 << aw)) // often beyond the depth
		}
		return uint64(rng.Intn(depth))
	}
	data := func() sbits.Value {
		words := make([]uint64, (width+63)/64)
		for i := range words {
			words[i] = rng.Uint64()
		}
		if width%64 != 0 {
			words[len(words)-1] &= 1<<(width%64) - 1
		}
		return sbits.FromWords(width, words)
	}
	h := func(name string) Handle { return handle(t, s, name) }
	addrs := []Handle{h("wa0"), h("wa1"), h("ra"), h("rb")}
	ens := []Handle{h("we0"), h("we1"), h("re")}
	datas := []Handle{h("wd0"), h("wd1")}
	const cycles = 24
	for c := range cycles {
		if c == cycles/2 {
			bt.SetWorkers(2) // other tiles, when there are lanes for them
			l := rng.Intn(lanes)
			v := data()
			require.NoError(t, bt.PokeMemLane("ram", l, depth-1, v))
			require.NoError(t, sims[l].PokeMem("ram", depth-1, v))
		}
		shared := make([]uint64, len(addrs)+len(ens))
		for i := range shared {
			shared[i] = addr()
			if i >= len(addrs) {
				shared[i] = uint64(rng.Intn(4) & 1)
			}
		}
		odd := rng.Intn(lanes)
		for l, sl := range sims {
			for i, hd := range append(addrs[:len(addrs):len(addrs)], ens...) {
				x := shared[i]
				if mode == "differ" || mode == "one" && l == odd {
					x = addr()
					if i >= len(addrs) {
						x = uint64(rng.Intn(2))
					}
				}
				ws := []uint64{x}
				if hd == addrs[3] {
					ws = append(ws, x>>1&1) // rb's upper word
				}
				bt.PokeWordsLane(hd, l, ws)
				sl.PokeWords(hd, ws)
			}
			for _, hd := range datas {
				v := data()
				bt.PokeLane(hd, l, v)
				sl.Poke(hd, v)
			}
		}
		bt.Step(1)
		for l, sl := range sims {
			sl.Step(1)
			for _, name := range []string{"rd", "rdb", "r_plain", "r_en", "r_rst", "r_both"} {
				want, got := sl.Peek(h(name)), bt.PeekLane(h(name), l)
				require.True(t, want.Equal(got), "cycle %d lane %d %s: batch %v, sim %v", c, l, name, got, want)
			}
		}
	}
	for l, sl := range sims {
		for a := range depth {
			want, err := sl.PeekMem("ram", a)
			require.NoError(t, err)
			got, err := bt.PeekMemLane("ram", l, a)
			require.NoError(t, err)
			require.True(t, want.Equal(got), "lane %d entry %d: batch %v, sim %v", l, a, got, want)
		}
	}
	require.NoError(t, bt.Err())
}

// TestPortClassHolds: a memory port's kernel (opgen.PortClass, generated
// into commitWave for the one-word registers of that class) keeps $q when
// the enable is 0, which the Batch's edgeSeq relies on to read and write
// the lanes whose enable is 1 alone.
func TestPortClassHolds(t *testing.T) {
	require.Equal(t, "en", opgen.PortClass, "the class commitWave's en field commits")
	rng := rand.New(rand.NewSource(1))
	for range 1000 {
		q, d := rng.Uint64(), rng.Uint64()
		st, out := []uint64{q, d, 0}, make([]uint64, 3)
		commitWave(st, out, st, &regWave{en: []regEn{{q: 0, d: 1, en: 2}}})
		require.Equal(t, q, out[0], "q %#x d %#x", q, d)
		st[2] = 1
		commitWave(st, out, st, &regWave{en: []regEn{{q: 0, d: 1, en: 2}}})
		require.Equal(t, d, out[0], "q %#x d %#x", q, d)
	}
}
