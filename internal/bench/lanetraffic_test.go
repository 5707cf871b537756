package bench

import (
	"slices"
	"testing"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/vsim"
)

// TestLaneTraffic: a LaneTraffic holds each lane's Traffic, word k of
// input i of lane l of cycle c where Input and Lane say, built from the
// lanes' Traffic or from their seeds.
func TestLaneTraffic(t *testing.T) {
	in := []vsim.Port{{Name: "rst", Width: 1}, {Name: "a_valid", Width: 1}, {Name: "x", Width: 130}, {Name: "y", Width: 64}}
	const lanes, cycles = 5, 30
	ts := make([]*Traffic, lanes)
	for l := range ts {
		ts[l] = NewTraffic(in, cycles, uint64(l+3))
	}
	lt, err := LanesOf(ts)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(lt.Words, NewLaneTraffic(in, cycles, lanes, 3).Words) {
		t.Error("NewLaneTraffic differs from LanesOf of the lanes' NewTraffic")
	}
	var w []uint64
	for c := range cycles {
		for i := range in {
			src := lt.Input(c, i)
			if len(src) != lanes*bits.Words(in[i].Width) {
				t.Fatalf("cycle %d input %d: %d words", c, i, len(src))
			}
			for l, tr := range ts {
				want := tr.Words[c][tr.Off[i]:tr.Off[i+1]]
				if w = lt.Lane(w[:0], c, i, l); !slices.Equal(w, want) {
					t.Fatalf("cycle %d input %d lane %d: %x, want %x", c, i, l, w, want)
				}
				for k, v := range want {
					if src[k*lanes+l] != v {
						t.Fatalf("cycle %d input %d lane %d word %d: Input %x, want %x", c, i, l, k, src[k*lanes+l], v)
					}
				}
			}
		}
	}
	if _, err := LanesOf(append(ts, NewTraffic(in, cycles-1, 9))); err == nil {
		t.Error("LanesOf of lanes of different cycles: no error")
	}
	if _, err := LanesOf(append(ts, NewTraffic(in[1:], cycles, 9))); err == nil {
		t.Error("LanesOf of lanes of different inputs: no error")
	}
	if _, err := LanesOf(nil); err == nil {
		t.Error("LanesOf of no lanes: no error")
	}
}
