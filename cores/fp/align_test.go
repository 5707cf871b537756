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
	for _, a := range []Align{{24, 3, 8}, {24, 3, 5}, {11, 3, 4}, {8, 2, 6}, {4, 3, 2}} {
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
