package fp

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// alignRef is the model: (sig << extra) >> by over exact integers, bit 0
// ORed with whatever fell off.
func alignRef(sig uint64, extra int, by uint64) uint64 {
	v := sig << extra
	if by >= 64 {
		return map[bool]uint64{false: 0, true: 1}[v != 0]
	}
	out := v >> by
	if v&(1<<by-1) != 0 {
		out |= 1
	}
	return out
}

func TestAlign(t *testing.T) {
	for _, a := range []Align{{Width: 24, Extra: 3, ByWidth: 8}, {Width: 24, Extra: 3, ByWidth: 5}, {Width: 11, Extra: 3, ByWidth: 4}, {Width: 8, Extra: 2, ByWidth: 6}, {Width: 4, Extra: 3, ByWidth: 2, Prefix: "p_"}} {
		t.Run(a.ModuleName(), func(t *testing.T) {
			c := newComb(t, a)
			r := rand.New(rand.NewPCG(5, uint64(a.Width)))
			for i := range 20000 {
				sig := r.Uint64N(1 << a.Width)
				if i%4 == 0 {
					sig >>= r.IntN(a.Width) // few bits set
				}
				by := r.Uint64N(1 << a.ByWidth)
				c.poke("sig", sig)
				c.poke("by", by)
				require.Equal(t, alignRef(sig, a.Extra, by), c.peek("out"), "sig %#x by %d", sig, by)
			}
		})
	}
}
