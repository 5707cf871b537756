package examples

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// wideAdderModel is the reference model of WideAdder.
type wideAdderModel struct {
	width int
	sum   *big.Int // a + b of the last edge, Width+1 bits
}

func (m *wideAdderModel) reset() { m.sum = new(big.Int) }

func (m *wideAdderModel) outputs(values) values {
	return values{
		"sum":   bits.FromBig(m.width, m.sum),
		"carry": bits.FromUint64(1, uint64(m.sum.Bit(m.width))),
	}
}

func (m *wideAdderModel) step(in values) { m.sum = new(big.Int).Add(in["a"].Big(), in["b"].Big()) }

func TestWideAdderRandom(t *testing.T) {
	for _, w := range []int{130, 1, 63, 64, 65, 128, 129, 200} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			checkRandom(t, WideAdder{Width: w}, &wideAdderModel{width: w}, 3000, uint64(w),
				func(r *rand.Rand, _ values) values {
					return values{"a": randBits(r, w), "b": randBits(r, w)}
				})
		})
	}
}

// The carry out of 130 bits: all ones plus one.
func TestWideAdderCarry(t *testing.T) {
	sim := compile(t, WideAdder{Width: 130})
	sim.Reset()
	require.NoError(t, sim.PokeName("a", bits.Ones(130)))
	require.NoError(t, sim.PokeName("b", bits.FromUint64(130, 1)))
	sim.Step(1)
	sum, err := sim.PeekName("sum")
	require.NoError(t, err)
	carry, err := sim.PeekName("carry")
	require.NoError(t, err)
	require.True(t, sum.IsZero(), "sum = %v, want 0", sum)
	require.Equal(t, uint64(1), carry.Uint64(), "carry")
}
