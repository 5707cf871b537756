package examples

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// fifoModel is the cycle-exact reference model of FIFO: a queue of the
// words in the memory and the output register in front of it.
type fifoModel struct {
	FIFO
	stored []bits.Value // in the memory, oldest first
	valid  bool         // the output register holds data
	data   bits.Value
}

func (m *fifoModel) reset() { m.stored, m.valid = nil, false }

func (m *fifoModel) n() int { return len(m.stored) + int(b2u(m.valid)) }

func (m *fifoModel) outputs(values) values {
	data := bits.Value{} // don't care while out_valid is 0
	if m.valid {
		data = m.data
	}
	return values{
		"in_ready":  bits.FromUint64(1, b2u(m.n() < m.Depth)),
		"out_valid": bits.FromUint64(1, b2u(m.valid)),
		"out_data":  data,
		"count":     bits.FromUint64(bitsLen(m.Depth), uint64(m.n())),
	}
}

func (m *fifoModel) step(in values) {
	push := in["in_valid"].Uint64() == 1 && m.n() < m.Depth
	pop := m.valid && in["out_ready"].Uint64() == 1
	switch {
	case len(m.stored) > 0 && (!m.valid || pop):
		m.data, m.stored, m.valid = m.stored[0], m.stored[1:], true
	case pop:
		m.valid = false
	}
	if push {
		m.stored = append(m.stored, in["in_data"])
	}
}

func bitsLen(n int) int {
	w := 0
	for ; n > 0; n >>= 1 {
		w++
	}
	return w
}

// streamDriver drives a FIFO's in stream by the stream rules (valid and
// data hold until the transfer) and its out_ready at random, with the
// probabilities changing every 100 cycles so that the FIFO fills and
// drains.
func streamDriver(width int) driver {
	var pIn, pOut float64
	cycle := 0
	probs := []float64{0.05, 0.5, 0.95, 1}
	return func(r *rand.Rand, prev values) values {
		if cycle%100 == 0 {
			pIn, pOut = probs[r.IntN(len(probs))], probs[r.IntN(len(probs))]
		}
		cycle++
		in := values{
			"in_valid":  randBool(r, pIn),
			"in_data":   randBits(r, width),
			"out_ready": randBool(r, pOut),
		}
		if prev["in_valid"].Uint64() == 1 && prev["in_ready"].Uint64() == 0 {
			in["in_valid"], in["in_data"] = prev["in_valid"], prev["in_data"]
		}
		return in
	}
}

var fifoCases = []FIFO{
	{Width: 8, Depth: 1}, {Width: 8, Depth: 2}, {Width: 8, Depth: 3},
	{Width: 8, Depth: 4}, {Width: 8, Depth: 5}, {Width: 16, Depth: 8},
	{Width: 1, Depth: 3}, {Width: 70, Depth: 6},
}

func TestFIFORandom(t *testing.T) {
	for i, c := range fifoCases {
		t.Run(fmt.Sprintf("%dx%d", c.Width, c.Depth), func(t *testing.T) {
			checkRandom(t, c, &fifoModel{FIFO: c}, 4000, uint64(i), streamDriver(c.Width))
		})
	}
}

// TestFIFOStreams checks the FIFO against its contract alone, independent
// of the cycle-exact model: words leave in the order they came, never more
// than Depth are held, in_ready is count < Depth, and out_valid and out_data
// hold until the transfer.
func TestFIFOStreams(t *testing.T) {
	for i, c := range fifoCases {
		t.Run(fmt.Sprintf("%dx%d", c.Width, c.Depth), func(t *testing.T) {
			sim := compile(t, c)
			h := func(name string) func() bits.Value {
				hd, err := sim.Handle(name)
				require.NoError(t, err)
				return func() bits.Value { return sim.Peek(hd) }
			}
			inReady, outValid, outData, count := h("in_ready"), h("out_valid"), h("out_data"), h("count")
			r := rand.New(rand.NewPCG(uint64(i), 2))
			drive := streamDriver(c.Width)
			sim.Reset()
			var queue []bits.Value // pushed, not yet popped
			prev := values{}
			pushes := 0
			for cycle := range 4000 {
				in := drive(r, prev)
				for name, v := range in {
					require.NoError(t, sim.PokeName(name, v))
				}
				n := int(count().Uint64())
				require.Equal(t, len(queue), n, "cycle %d: count", cycle)
				require.Equal(t, b2u(n < c.Depth), inReady().Uint64(), "cycle %d: in_ready", cycle)
				if prev["out_valid"].Uint64() == 1 && prev["out_ready"].Uint64() == 0 {
					require.Equal(t, uint64(1), outValid().Uint64(), "cycle %d: out_valid dropped before the transfer", cycle)
					require.True(t, prev["out_data"].Equal(outData()), "cycle %d: out_data changed before the transfer", cycle)
				}
				if outValid().Uint64() == 1 && in["out_ready"].Uint64() == 1 {
					require.NotEmpty(t, queue, "cycle %d: pop from an empty FIFO", cycle)
					require.True(t, queue[0].Equal(outData()), "cycle %d: out_data %v, want %v", cycle, outData(), queue[0])
					queue = queue[1:]
				}
				if in["in_valid"].Uint64() == 1 && inReady().Uint64() == 1 {
					queue = append(queue, in["in_data"])
					pushes++
				}
				prev = in
				prev["in_ready"], prev["out_valid"], prev["out_data"] = inReady(), outValid(), outData()
				sim.Step(1)
			}
			require.Greater(t, pushes, 500, "the driver should keep the FIFO busy")
		})
	}
}

// TestFIFOThroughput checks the documented latency and rate: with both
// sides always willing, the first word appears two edges after it was
// offered, and from Depth 3 on a word moves on every cycle.
func TestFIFOThroughput(t *testing.T) {
	for _, depth := range []int{3, 4, 8} {
		t.Run(fmt.Sprint(depth), func(t *testing.T) {
			sim := compile(t, FIFO{Width: 8, Depth: depth})
			sim.Reset()
			require.NoError(t, sim.PokeName("in_valid", bits.FromUint64(1, 1)))
			require.NoError(t, sim.PokeName("in_data", bits.FromUint64(8, 7)))
			require.NoError(t, sim.PokeName("out_ready", bits.FromUint64(1, 1)))
			valid, err := sim.Handle("out_valid")
			require.NoError(t, err)
			ready, err := sim.Handle("in_ready")
			require.NoError(t, err)
			for cycle := range 50 {
				want := b2u(cycle >= 2)
				require.Equal(t, want, sim.PeekUint64(valid), "cycle %d: out_valid", cycle)
				require.Equal(t, uint64(1), sim.PeekUint64(ready), "cycle %d: in_ready", cycle)
				sim.Step(1)
			}
		})
	}
}
