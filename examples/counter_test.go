package examples

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// counterModel is the reference model of Counter.
type counterModel struct {
	width int
	value *big.Int
}

func (m *counterModel) reset() { m.value = new(big.Int) }

func (m *counterModel) outputs(values) values {
	return values{"count": bits.FromBig(m.width, m.value)}
}

func (m *counterModel) step(in values) {
	if in["en"].Uint64() == 1 {
		m.value.Add(m.value, big.NewInt(1)) // FromBig wraps it
		m.value = bits.FromBig(m.width, m.value).Big()
	}
}

func TestCounterRandom(t *testing.T) {
	for _, w := range []int{1, 3, 8, 64, 65} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			checkRandom(t, Counter{Width: w}, &counterModel{width: w}, 3000, uint64(w),
				func(r *rand.Rand, _ values) values {
					return values{"en": randBool(r, 0.8)}
				})
		})
	}
}

func TestCounterWraps(t *testing.T) {
	sim := compile(t, Counter{Width: 4})
	sim.Reset()
	en, _ := sim.Handle("en")
	count, _ := sim.Handle("count")
	sim.PokeUint64(en, 1)
	sim.Step(15)
	require.Equal(t, uint64(15), sim.PeekUint64(count), "after 15 edges")
	sim.Step(1)
	require.Equal(t, uint64(0), sim.PeekUint64(count), "after 16 edges: wrapped")
	require.NoError(t, sim.Err())
}
