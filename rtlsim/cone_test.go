package rtlsim

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/netlist"
)

// TestInputCone: a Sim that settles only the cone of the inputs after
// pokes reads every net as one that settles everything every time, on
// random designs (every operator, wide nets, memories, hierarchy) driven
// with pokes, peeks of every kind of net before and after edges, and
// edges, in random order.
func TestInputCone(t *testing.T) {
	designs := 40
	if testing.Short() {
		designs = 10
	}
	for i := range designs {
		seed := int64(9100 + i)
		d, err := elaborate.Elaborate(randdesign.New(seed, randdesign.Default))
		require.NoError(t, err)
		s, full := compile(t, d), compile(t, d)
		full.xin, full.inBlocks = full.xprog, full.blocks // settle everything
		require.LessOrEqual(t, len(s.inProg), len(s.prog))
		r := rand.New(rand.NewPCG(uint64(seed), 3))
		var ins []PortInfo
		for _, p := range s.Inputs() {
			if !p.Clock {
				ins = append(ins, p)
			}
		}
		nets := make([]Handle, 0, len(s.nets))
		for id := range s.nets {
			nets = append(nets, Handle{id: uint32(id) + 1})
		}
		for step := range 400 {
			switch k := r.IntN(10); {
			case k < 4 && len(ins) > 0:
				p := ins[r.IntN(len(ins))]
				v := genValue(r, p.Width)
				s.Poke(p.Handle, v)
				full.Poke(p.Handle, v)
			case k < 8:
				h := nets[r.IntN(len(nets))]
				got, want := s.Peek(h), full.Peek(h)
				require.True(t, want.Equal(got), "design %d step %d: %s: cone %v, full %v", seed, step, s.Name(h), got, want)
			default:
				s.Step(1)
				full.Step(1)
			}
		}
		require.NoError(t, s.Err())
		require.NoError(t, full.Err())
	}
}

// TestInputConeSmall: the cone of the inputs holds what they reach and
// nothing else: of a counter and an adder of two inputs, the adder.
func TestInputConeSmall(t *testing.T) {
	b := newMod("cone")
	b.clk()
	x, y := b.in("x", 8), b.in("y", 8)
	q, sum := b.out("q", 8), b.out("sum", 8)
	b.reg(q, b.op("nq", 8, netlist.OpAdd, q, b.konst("one", bits.FromUint64(8, 1))), netlist.NoNet, netlist.NoNet, bits.Value{})
	b.drive(sum, netlist.OpAdd, x, y)
	s := compile(t, design(b))
	require.Len(t, s.prog, 2)
	require.Len(t, s.inProg, 1)
	require.Equal(t, s.nets[handle(t, s, "sum").id-1].off, s.inProg[0].dst)
	poke(t, s, "x", 3)
	poke(t, s, "y", 4)
	s.Step(2)
	require.Equal(t, uint64(7), peek(t, s, "sum"))
	require.Equal(t, uint64(2), peek(t, s, "q"))
	poke(t, s, "y", 10)
	require.Equal(t, uint64(13), peek(t, s, "sum"))
	require.Equal(t, uint64(2), peek(t, s, "q"))
}
