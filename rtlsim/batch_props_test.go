package rtlsim

import (
	"math/rand"
	"testing"

	"github.com/stretchr/testify/require"
)

// noneFire's eight-lanes-a-load test agrees with the lane-by-lane meaning
// for any bytes (not only 0 and 1), any lane count (whole loads and a
// tail), with and without enable and reset, for assertions and covers; a
// property with a row off the 8-bit plane gets no answer.
func TestBatchNoneFire(t *testing.T) {
	const T = 64
	rng := rand.New(rand.NewSource(1))
	// offsets 0..2: cond, en, rst rows 0..2 of the 8-bit plane; 3: a word
	// of the 32-bit plane
	tl := laneTile{loc: []wordLoc{0<<2 | cls8, 1<<2 | cls8, 2<<2 | cls8, cls32}, lanes: T} // cls32: row 0
	tl.P8, tl.P32 = make([]uint8, 3*T), make([]uint32, T)
	byteOf := func() uint8 { // mostly 0 and 1, sometimes any byte
		if rng.Intn(4) == 0 {
			return uint8(rng.Intn(256))
		}
		return uint8(rng.Intn(2))
	}
	fired, quiet := 0, 0
	for round := range 4000 {
		n := 1 + rng.Intn(T)
		dense := round%3 == 0 // else rows where a lane rarely fires
		for i := range tl.P8 {
			tl.P8[i] = byteOf()
			if !dense && i < T && rng.Intn(8) != 0 {
				tl.P8[i] = 1 + uint8(rng.Intn(255)) // cond true
			}
		}
		p := simProp{cond: 0, en: -1, rst: -1}
		if rng.Intn(2) == 0 {
			p.en = 1
		}
		if rng.Intn(2) == 0 {
			p.rst = 2
		}
		for _, hit := range []bool{false, true} {
			want := true
			for j := range n {
				on := (p.en < 0 || tl.P8[T+j] != 0) && (p.rst < 0 || tl.P8[2*T+j] == 0)
				if on && (tl.P8[j] != 0) == hit {
					want = false
				}
			}
			none, ok := tl.noneFire(&p, n, hit)
			require.True(t, ok)
			require.Equal(t, want, none, "round %d n %d en %d rst %d hit %v", round, n, p.en, p.rst, hit)
			if want {
				quiet++
			} else {
				fired++
			}
		}
	}
	require.Greater(t, fired, 1000) // both answers were tested
	require.Greater(t, quiet, 1000)
	for _, p := range []simProp{{cond: 3, en: -1, rst: -1}, {cond: 0, en: 3, rst: -1}, {cond: 0, en: -1, rst: 3}} {
		_, ok := tl.noneFire(&p, T, false)
		require.False(t, ok)
	}
}
