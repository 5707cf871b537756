package rtlsim

import (
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCommitRunsBytes: the commits of strided runs of byte registers
// (eight at a time with unit strides, ending with eight registers some of
// which committed already) take the values of the generic loop, register
// by register, for every class, run length 1 to 40 and both unit and
// other strides, with enables and resets high and low.
func TestCommitRunsBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	type commit struct {
		name     string
		bytes    func(qv, ev []uint8, r *strideReg)
		generic  func(qv, ev []uint8, r *strideReg)
		en, rsts bool
	}
	commits := []commit{
		{"plain", func(qv, _ []uint8, r *strideReg) { commitRunPlainB(qv, r) },
			func(qv, _ []uint8, r *strideReg) { commitRunPlain(qv, qv, r) }, false, false},
		{"en", commitRunEnB, func(qv, ev []uint8, r *strideReg) { commitRunEn(qv, qv, ev, r) }, true, false},
		{"rst", commitRunRstB, func(qv, ev []uint8, r *strideReg) { commitRunRst(qv, qv, ev, r) }, false, true},
		{"both", commitRunBothB, func(qv, ev []uint8, r *strideReg) { commitRunBoth(qv, qv, ev, r) }, true, true},
	}
	swar := 0
	for _, c := range commits {
		for n := uint32(1); n <= 40; n++ {
			for _, stride := range []uint32{1, 2} {
				for rep := range 6 {
					// Qs at 0.., Ds at 100.., enables at 200.., the
					// reset at 300: a run reads no Q of its own
					r := strideReg{sig: 0x05, n: n, q: 3, d: 103, en: 203, rst: 300, sq: stride, sd: stride,
						sen: stride, init: uint64(rng.Intn(256))}
					qv := make([]uint8, 400)
					ev := make([]uint8, 400)
					for i := range qv {
						qv[i] = uint8(rng.Intn(256))
						ev[i] = uint8(rng.Intn(2))
					}
					ev[300] = uint8(rep % 2)
					if rep == 2 {
						r.srst = 1 // a reset per register: the generic loop
					}
					want, wantEv := slices.Clone(qv), slices.Clone(ev)
					c.generic(want, wantEv, &r)
					c.bytes(qv, ev, &r)
					require.Equal(t, want, qv, "%s: n %d, stride %d, rep %d", c.name, n, stride, rep)
					require.Equal(t, wantEv, ev, "%s: enables and resets unchanged", c.name)
					if n >= 8 && stride == 1 && rep != 2 {
						swar++
					}
				}
			}
		}
	}
	require.Greater(t, swar, 500)
}
