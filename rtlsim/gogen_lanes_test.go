package rtlsim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLanesApart: a run runs eight at a time only when the words it
// writes are none of the words it reads, whatever their strides; a
// running sum (each instruction reads the word the one before wrote)
// runs one at a time.
func TestLanesApart(t *testing.T) {
	b := func(i uint32) goLoc { return goLoc{goB, i} }
	for _, c := range []struct {
		name string
		locs []goLoc
		str  []int64
		ok   bool
	}{
		{"apart", []goLoc{b(100), b(200), b(300)}, []int64{1, 1, 1}, true},
		{"chain", []goLoc{b(101), b(100), b(300)}, []int64{1, 1, 1}, false},
		{"reads the next", []goLoc{b(100), b(101), b(300)}, []int64{1, 1, 1}, false},
		{"the last word read", []goLoc{b(100), b(50), b(300)}, []int64{1, 5, 1}, false},
		{"just before", []goLoc{b(100), b(50), b(300)}, []int64{1, 3, 1}, true},
		{"around it (the interval counts)", []goLoc{b(100), b(50), b(300)}, []int64{1, 49, 1}, false},
		{"backwards into it", []goLoc{b(100), b(200), b(300)}, []int64{1, -10, 1}, false},
		{"one word in it", []goLoc{b(100), b(115), b(300)}, []int64{1, 0, 1}, false},
		{"one word after it", []goLoc{b(100), b(116), b(300)}, []int64{1, 0, 1}, true},
		{"other class", []goLoc{b(100), {goH, 100}}, []int64{1, 1}, true},
	} {
		require.Equal(t, c.ok, lanesApart(c.locs, c.str, 16), c.name)
	}

	// lanesStmt: only runs of at least eight of the uint8 class written
	// by unit strides, with a kind that has byte lanes
	g := &goGen{loops: true}
	and := &op{kind: k64And, mask: 0xff}
	it := goRunItem{locs: []goLoc{b(100), b(200), b(300)}}
	_, ok := g.lanesStmt(and, it, []int64{1, 1, 0}, 12)
	require.True(t, ok)
	for _, c := range []struct {
		name string
		o    *op
		it   goRunItem
		str  []int64
		n    int
	}{
		{"short", and, it, []int64{1, 1, 1}, 7},
		{"chain", and, goRunItem{locs: []goLoc{b(101), b(100), b(300)}}, []int64{1, 1, 1}, 12},
		{"strided dst", and, it, []int64{2, 1, 1}, 12},
		{"strided operand", and, it, []int64{1, 1, 3}, 12},
		{"uint16", and, goRunItem{locs: []goLoc{{goH, 100}, b(200), b(300)}}, []int64{1, 1, 1}, 12},
		{"no lanes", &op{kind: k64Lt}, it, []int64{1, 1, 1}, 12},
	} {
		_, ok := g.lanesStmt(c.o, c.it, c.str, c.n)
		require.False(t, ok, c.name)
	}
}
