package rtlsim

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
)

// pokeWidths are the input widths PokeLanes is tested at: every plane,
// each class's top width and one bit more, and words of wide inputs.
var pokeWidths = []int{1, 8, 9, 32, 33, 64, 65, 130}

// pokeLanesDesign has an input of each of pokeWidths, i<w>; the inverse
// of each as an output n<w> (so a stale settle shows after pokes), a
// register of each, q<w>, and an output xor of the low bits of all of
// them, a net whose cone every input reaches.
func pokeLanesDesign() *netlist.Design {
	b := newMod("pokelanes")
	b.clk()
	var low []netlist.NetID
	for _, w := range pokeWidths {
		in := b.in(fmt.Sprintf("i%d", w), w)
		b.drive(b.out(fmt.Sprintf("n%d", w), w), netlist.OpNot, in)
		b.reg(b.out(fmt.Sprintf("q%d", w), w), in, netlist.NoNet, netlist.NoNet, v(fmt.Sprintf("%d'd0", w)))
		low = append(low, b.op(fmt.Sprintf("r%d", w), 1, netlist.OpRedXor, in))
	}
	b.drive(b.out("x", len(low)), netlist.OpConcat, low...)
	return design(b)
}

// TestBatchPokeLanes pokes two batches with the same random values, one
// with PokeLanes, the other with PokeWordsLane lane by lane, and requires
// every net of every lane to agree after the pokes and after the edge:
// values with bits above the width, srcs of fewer rows than the input's
// words (and of more), pokes that change one input only, to 0 or in one
// lane of the last tile, on one tile and on several (padded).
func TestBatchPokeLanes(t *testing.T) {
	d := pokeLanesDesign()
	for _, lanes := range []int{1, 3, 64, 65} {
		for _, workers := range []int{1, 3} {
			t.Run(fmt.Sprintf("lanes%d/workers%d", lanes, workers), func(t *testing.T) {
				rng := rand.New(rand.NewSource(int64(lanes*10 + workers)))
				a, err := CompileBatch(d, lanes)
				require.NoError(t, err)
				b, err := CompileBatch(d, lanes)
				require.NoError(t, err)
				a.SetWorkers(workers)
				b.SetWorkers(workers)
				ins := make([]Handle, len(pokeWidths))
				var nets []Handle
				for i, w := range pokeWidths {
					for _, name := range []string{"i%d", "n%d", "q%d"} {
						h, err := a.Handle(fmt.Sprintf(name, w))
						require.NoError(t, err)
						nets = append(nets, h)
					}
					ins[i] = nets[len(nets)-3]
				}
				x, err := a.Handle("x")
				require.NoError(t, err)
				nets = append(nets, x)
				srcs := make([][]uint64, len(ins))
				var lane []uint64
				for c := range 8 * len(pokeWidths) {
					for i, h := range ins {
						nw := (pokeWidths[i] + 63) / 64
						src := srcs[i]
						switch {
						case c%4 == 3:
							// Only input c/8 changes: to 0 in every lane
							// (old & new == 0; the others are not poked),
							// or in one lane of the last tile, every bit
							// of its low word (the others are poked the
							// same values again).
							switch {
							case i != c/8%len(ins) && c%8 == 3:
								continue // not poked
							case i != c/8%len(ins):
							case c%8 == 3:
								src = make([]uint64, nw*lanes)
							default:
								src[lanes-1] = ^src[lanes-1]
							}
						default:
							rows := nw
							switch c % 4 {
							case 1:
								rows = rng.Intn(nw + 1) // missing words are 0
							case 2:
								rows = nw + 1 // an extra row is ignored
							}
							src = make([]uint64, rows*lanes)
							for j := range src {
								src[j] = rng.Uint64() // bits above the width too
							}
						}
						srcs[i] = src
						a.PokeLanes(h, src)
						for l := range lanes {
							lane = lane[:0]
							for k := l; k < len(src); k += lanes {
								lane = append(lane, src[k])
							}
							b.PokeWordsLane(h, l, lane)
						}
					}
					checkSameLanes(t, a, b, nets, fmt.Sprintf("cycle %d after the pokes", c))
					a.Step(1)
					b.Step(1)
					checkSameLanes(t, a, b, nets, fmt.Sprintf("cycle %d after the edge", c))
				}
				require.NoError(t, a.Err())
				require.NoError(t, b.Err())
			})
		}
	}
}

// checkSameLanes requires every net of hs to read the same in every lane
// of a and b (PeekWordsLane), and PeekWordsLanes of a to hold what
// PeekWordsLane reads, word k of lane l at [k*lanes+l].
func checkSameLanes(t *testing.T, a, b *Batch, hs []Handle, when string) {
	t.Helper()
	var wa, wb, rows []uint64
	for i, h := range hs {
		if i%2 == 0 {
			rows = a.PeekWordsLanes(h, rows) // before the lane peeks settle
		}
		for l := range a.Lanes() {
			wa = a.PeekWordsLane(h, l, wa[:0])
			wb = b.PeekWordsLane(h, l, wb[:0])
			if !slices.Equal(wa, wb) {
				t.Fatalf("%s: %s lane %d: %#x after PokeLanes, %#x after PokeWordsLane", when, a.Name(h), l, wa, wb)
			}
		}
		if i%2 == 1 {
			rows = a.PeekWordsLanes(h, rows)
		}
		n := a.Lanes()
		require.Len(t, rows, len(wa)*n, "%s: %s", when, a.Name(h))
		for l := range n {
			wa = a.PeekWordsLane(h, l, wa[:0])
			for k, w := range wa {
				if rows[k*n+l] != w {
					t.Fatalf("%s: %s lane %d word %d: PeekWordsLanes %#x, PeekWordsLane %#x", when, a.Name(h), l, k, rows[k*n+l], w)
				}
			}
		}
	}
}

// TestBatchPokeLanesMisuse: PokeLanes records the errors PokeWordsLane
// records for a Handle that names no input, the clock or an output, and
// a src of part of a row; none of them changes anything.
func TestBatchPokeLanesMisuse(t *testing.T) {
	d := pokeLanesDesign()
	const lanes = 3
	for _, name := range []string{"", "clk", "n9", "q130"} {
		a, err := CompileBatch(d, lanes)
		require.NoError(t, err)
		b, err := CompileBatch(d, lanes)
		require.NoError(t, err)
		var h Handle
		if name != "" {
			h, err = a.Handle(name)
			require.NoError(t, err)
		}
		a.PokeLanes(h, []uint64{1, 2, 3})
		b.PokeWordsLane(h, 0, []uint64{1})
		require.Error(t, b.Err(), name)
		require.Equal(t, b.Err(), a.Err(), name)
	}
	b, err := CompileBatch(d, lanes)
	require.NoError(t, err)
	h, err := b.Handle("i65")
	require.NoError(t, err)
	b.PokeLanes(h, []uint64{1, 2, 3, 4, 5, 6})
	require.NoError(t, b.Err())
	for _, src := range [][]uint64{{7}, {7, 7, 7, 7}, {7, 7, 7, 7, 7, 7, 7}} {
		b.PokeLanes(h, src)
		require.ErrorContains(t, b.Err(), `PokeLanes of "i65": `+fmt.Sprint(len(src))+" words for 3 lanes")
		b.s.err = nil
	}
	require.Equal(t, []uint64{1, 2, 3, 4 & 1, 5 & 1, 6 & 1}, b.PeekWordsLanes(h, nil))
	n, err := b.Handle("n65")
	require.NoError(t, err)
	require.Equal(t, []uint64{^uint64(1), ^uint64(2), ^uint64(3), 1, 0, 1}, b.PeekWordsLanes(n, make([]uint64, 0, 6)))

	require.Empty(t, b.PeekWordsLanes(Handle{}, []uint64{9}))
	require.ErrorContains(t, b.Err(), "PeekWordsLanes")
}
