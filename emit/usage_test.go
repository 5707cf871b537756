package emit

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/systole-hdl/systole/netlist"
)

// usage marks and scans a word at a time; a bit-at-a-time model must
// agree on every unread run, across word boundaries.
func TestUsageWords(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		w := 1 + r.IntN(300)
		m := &netlist.Module{Nets: []netlist.Net{{Name: "n", Width: w}}}
		u := newUsage(m)
		read := make([]bool, w)
		for range r.IntN(5) {
			lo := r.IntN(w)
			hi := lo + r.IntN(w-lo)
			u.mark(0, lo, hi)
			for i := lo; i <= hi; i++ {
				read[i] = true
			}
		}
		var want []string
		for hi := w - 1; hi >= 0; {
			if read[hi] {
				hi--
				continue
			}
			lo := hi
			for lo > 0 && !read[lo-1] {
				lo--
			}
			want = append(want, sel("n", w, hi, lo))
			hi = lo - 1
		}
		if got := u.unused(0, "n"); !slices.Equal(got, want) {
			t.Fatalf("width %d, read %v: unused %v, want %v", w, read, got, want)
		}
	}
}
