package examples

import (
	"fmt"
	"maps"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// values maps port names to values. In a model's outputs the zero
// bits.Value means "don't care" (a stream's data while it is not valid).
type values map[string]bits.Value

func (v values) String() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(v)) {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "%s=%v", k, v[k])
	}
	return b.String()
}

// model is a plain-Go reference model of an example, clocked like the
// hardware: its outputs are a function of its state and the current inputs,
// and step takes the state over one rising edge.
type model interface {
	outputs(in values) values
	step(in values)
	reset()
}

// driver chooses the inputs of the next cycle; prev holds the inputs and
// outputs of the cycle before (empty after a reset), for drivers that must
// follow a protocol such as a stream's.
type driver func(r *rand.Rand, prev values) values

// compile elaborates gen and compiles it for rtlsim.
func compile(t testing.TB, gen dsl.Generator) *rtlsim.Sim {
	t.Helper()
	d, err := elaborate.Elaborate(gen)
	require.NoError(t, err)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	return sim
}

// checkRandom runs gen in rtlsim for cycles cycles with inputs from drive,
// after a reset and with resets in the middle (always at cycles/2, and at
// random about once in 500 cycles), and compares every output with the
// model's on every cycle. It stops at the first mismatch.
func checkRandom(t *testing.T, gen dsl.Generator, m model, cycles int, seed uint64, drive driver) {
	t.Helper()
	sim := compile(t, gen)
	r := rand.New(rand.NewPCG(seed, 0x5157013))
	var ins, outs []rtlsim.PortInfo
	for _, p := range sim.Inputs() {
		if p.Name != "clk" && p.Name != "rst" {
			ins = append(ins, p)
		}
	}
	outs = sim.Outputs()

	sim.Reset()
	m.reset()
	prev := values{}
	for c := range cycles {
		in := drive(r, prev)
		for _, p := range ins {
			v, ok := in[p.Name]
			require.True(t, ok, "cycle %d: the driver gives no value for input %s", c, p.Name)
			require.Equal(t, p.Width, v.Width(), "cycle %d: input %s", c, p.Name)
			sim.Poke(p.Handle, v)
		}
		want := m.outputs(in)
		got := values{}
		for _, p := range outs {
			got[p.Name] = sim.Peek(p.Handle)
			w, ok := want[p.Name]
			require.True(t, ok, "the model gives no value for output %s", p.Name)
			if w.IsValid() && !w.Equal(got[p.Name]) {
				t.Fatalf("seed %d, cycle %d: %s = %v, model says %v\ninputs:  %v\noutputs: %v\nmodel:   %v",
					seed, c, p.Name, got[p.Name], w, in, got, want)
			}
		}
		require.NoError(t, sim.Err())
		if c == cycles/2 || r.IntN(500) == 0 {
			sim.Reset()
			m.reset()
			prev = values{}
			continue
		}
		sim.Step(1)
		m.step(in)
		prev = in
		maps.Copy(prev, got)
	}
}

// randBits returns a random w-bit value that is often an edge case: zero,
// one, all ones, or the smallest or largest two's complement number.
func randBits(r *rand.Rand, w int) bits.Value {
	switch r.IntN(8) {
	case 0:
		return bits.New(w)
	case 1:
		return bits.FromUint64(w, 1)
	case 2:
		return bits.Ones(w)
	case 3:
		minInt := new(big.Int).Lsh(big.NewInt(1), uint(w-1))
		return bits.FromBig(w, minInt.Sub(minInt, big.NewInt(r.Int64N(2))))
	}
	words := make([]uint64, bits.Words(w))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(w, words)
}

func randBool(r *rand.Rand, pTrue float64) bits.Value {
	return bits.FromUint64(1, b2u(r.Float64() < pTrue))
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
