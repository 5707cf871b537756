package bench

import (
	"fmt"
	"slices"

	"github.com/systole-hdl/systole/internal/vsim"
)

// LaneTraffic is the traffic of the lanes of an rtlsim.Batch laid out as
// a testbench that drives them with Batch.PokeLanes holds it: cycle by
// cycle, input by input, each input's words word by word and each word
// lane by lane, so that a cycle's pokes read one run of memory and each
// input is one PokeLanes of a slice of it.
type LaneTraffic struct {
	Inputs []vsim.Port
	// Off[i] is input i's first word in a lane's row, Off[len] the row
	// length, as in Traffic.
	Off    []int
	Lanes  int
	Cycles int
	// Words holds word k of input i of lane l in cycle c at
	// [(c*Off[len(Inputs)]+Off[i]+k)*Lanes+l].
	Words []uint64
}

// NewLaneTraffic returns the traffic of lanes lanes, lane l the traffic
// NewTraffic(inputs, cycles, seed+l) returns, made cycle by cycle (a
// cycle's rows of every lane, then the next cycle's).
func NewLaneTraffic(inputs []vsim.Port, cycles, lanes int, seed uint64) *LaneTraffic {
	t := newLaneTraffic(inputs, cycles, lanes)
	gens := make([]*trafficGen, lanes)
	for l := range gens {
		gens[l] = newTrafficGen(inputs, t.Off, seed+uint64(l))
	}
	n := t.Off[len(inputs)]
	row := make([]uint64, n)
	for c := range cycles {
		block := t.Words[c*n*lanes : (c+1)*n*lanes]
		for l, g := range gens {
			g.row(c, row)
			for j, w := range row {
				block[j*lanes+l] = w
			}
		}
	}
	return t
}

// LanesOf lays out ts, lane l's traffic ts[l], all of ts's inputs and
// cycles. It returns an error when they differ.
func LanesOf(ts []*Traffic) (*LaneTraffic, error) {
	if len(ts) == 0 {
		return nil, fmt.Errorf("bench: LanesOf: no lanes")
	}
	t := newLaneTraffic(ts[0].Inputs, len(ts[0].Words), len(ts))
	for l, tr := range ts {
		if len(tr.Words) != t.Cycles || !slices.Equal(tr.Inputs, t.Inputs) {
			return nil, fmt.Errorf("bench: LanesOf: lane %d has %d cycles of %v, lane 0 %d of %v", l, len(tr.Words), tr.Inputs, t.Cycles, t.Inputs)
		}
		t.put(l, tr)
	}
	return t, nil
}

// newLaneTraffic returns a zero LaneTraffic of inputs for cycles and lanes.
func newLaneTraffic(inputs []vsim.Port, cycles, lanes int) *LaneTraffic {
	t := &LaneTraffic{Inputs: inputs, Lanes: lanes, Cycles: cycles, Off: rowOffsets(inputs)}
	t.Words = make([]uint64, cycles*t.Off[len(inputs)]*lanes)
	return t
}

// put stores tr as lane l.
func (t *LaneTraffic) put(l int, tr *Traffic) {
	for c, row := range tr.Words {
		block := t.Words[c*len(row)*t.Lanes:]
		for j, w := range row {
			block[j*t.Lanes+l] = w
		}
	}
}

// Input returns the words of input i of every lane in cycle c, word k of
// lane l at [k*Lanes+l]: what rtlsim's Batch.PokeLanes takes.
func (t *LaneTraffic) Input(c, i int) []uint64 {
	row := t.Off[len(t.Inputs)]
	return t.Words[(c*row+t.Off[i])*t.Lanes : (c*row+t.Off[i+1])*t.Lanes]
}

// Lane appends the words of input i of lane l in cycle c to dst: what a
// testbench of that lane alone pokes (Traffic.Words[c][Off[i]:Off[i+1]]
// of its traffic).
func (t *LaneTraffic) Lane(dst []uint64, c, i, l int) []uint64 {
	in := t.Input(c, i)
	for k := l; k < len(in); k += t.Lanes {
		dst = append(dst, in[k])
	}
	return dst
}
