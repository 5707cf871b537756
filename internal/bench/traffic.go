package bench

import (
	"math/rand/v2"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/vsim"
)

// Traffic is a fixed stimulus: Words[c] holds every input of cycle c,
// ceil(width/64) words each, in Inputs order.
type Traffic struct {
	Inputs []vsim.Port
	Off    []int // Off[i] is input i's first word in a row; Off[len] the row length
	Words  [][]uint64
}

// NewTraffic returns cycles of seeded random traffic for inputs named as a
// stream core names them: rst is high in the first two cycles only; every
// *_ready input is 1 (the consumer always accepts); every *_valid input is
// 1 with probability 7/8 and every *_last 1 with probability 1/8; every
// other input is uniformly random.
func NewTraffic(inputs []vsim.Port, cycles int, seed uint64) *Traffic {
	t := &Traffic{Inputs: inputs, Off: rowOffsets(inputs)}
	g := newTrafficGen(inputs, t.Off, seed)
	t.Words = make([][]uint64, cycles)
	n := t.Off[len(inputs)]
	flat := make([]uint64, cycles*n)
	for c := range t.Words {
		t.Words[c] = flat[c*n : (c+1)*n]
		g.row(c, t.Words[c])
	}
	return t
}

// trafficGen makes NewTraffic's rows one cycle after the other.
type trafficGen struct {
	inputs []vsim.Port
	off    []int
	r      *rand.Rand
}

func newTrafficGen(inputs []vsim.Port, off []int, seed uint64) *trafficGen {
	return &trafficGen{inputs: inputs, off: off, r: rand.New(rand.NewPCG(seed, 0x5eed))}
}

// row sets row to the inputs of cycle c, which follows the previous row's.
func (g *trafficGen) row(c int, row []uint64) {
	r := g.r
	for i, p := range g.inputs {
		w := row[g.off[i]:g.off[i+1]]
		switch {
		case p.Name == "rst":
			w[0] = b2u(c < 2)
		case strings.HasSuffix(p.Name, "_ready"):
			w[0] = 1
		case strings.HasSuffix(p.Name, "_valid"):
			w[0] = b2u(r.IntN(8) != 0)
		case strings.HasSuffix(p.Name, "_last"):
			w[0] = b2u(r.IntN(8) == 0)
		default:
			for k := range w {
				w[k] = r.Uint64()
			}
		}
		if m := p.Width % 64; m != 0 {
			w[len(w)-1] &= 1<<m - 1
		}
	}
}

// rowOffsets returns where each input's words start in a row of inputs,
// ceil(width/64) words each, and the row's length last.
func rowOffsets(inputs []vsim.Port) []int {
	off := make([]int, len(inputs)+1)
	for i, p := range inputs {
		off[i+1] = off[i] + bits.Words(p.Width)
	}
	return off
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// Stimulus returns the first n cycles of t in vsim's form.
func (t *Traffic) Stimulus(n int) vsim.Stimulus {
	stim := make(vsim.Stimulus, n)
	for c := range stim {
		row := make([]bits.Value, len(t.Inputs))
		for i, p := range t.Inputs {
			row[i] = bits.FromWords(p.Width, t.Words[c][t.Off[i]:t.Off[i+1]])
		}
		stim[c] = row
	}
	return stim
}

// TrafficFrom returns a stimulus in vsim's form as Traffic.
func TrafficFrom(inputs []vsim.Port, stim vsim.Stimulus) *Traffic {
	t := &Traffic{Inputs: inputs, Off: rowOffsets(inputs)}
	for _, row := range stim {
		w := make([]uint64, 0, t.Off[len(inputs)])
		for _, v := range row {
			for k := range bits.Words(v.Width()) {
				w = append(w, v.Word(k))
			}
		}
		t.Words = append(t.Words, w)
	}
	return t
}
