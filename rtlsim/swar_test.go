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

// TestRowsBytes: the row loops of the bitwise kinds over bytes (eight
// words at a time, ending with eight words some of which are computed
// already) compute what the same loops compute word by word over 16-bit
// words, for rows of 1 to 40 words.
func TestRowsBytes(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	w16 := func(x []uint8) []uint16 {
		out := make([]uint16, len(x))
		for i, v := range x {
			out[i] = uint16(v)
		}
		return out
	}
	rows := map[string]func(d8, a8, b8, c8 []uint8, d16, a16, b16, c16 []uint16, m uint64){
		"not": func(d8, a8, _, _ []uint8, d16, a16, _, _ []uint16, m uint64) { rowNot(d8, a8, m); rowNot(d16, a16, m) },
		"and": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowAnd(d8, a8, b8)
			rowAnd(d16, a16, b16)
		},
		"or": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowOr(d8, a8, b8)
			rowOr(d16, a16, b16)
		},
		"xor": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowXor(d8, a8, b8)
			rowXor(d16, a16, b16)
		},
		"andnot": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowAndNot(d8, a8, b8)
			rowAndNot(d16, a16, b16)
		},
		"mux": func(d8, a8, b8, c8 []uint8, d16, a16, b16, c16 []uint16, _ uint64) {
			for i := range a8 {
				a8[i] &= 1 // a select: one bit
				a16[i] = uint16(a8[i])
			}
			rowMux(d8, c8, b8, a8)
			rowMux(d16, c16, b16, a16)
		},
	}
	for name, row := range rows {
		for n := 1; n <= 40; n++ {
			ops := make([][]uint8, 4)
			for k := range ops {
				ops[k] = make([]uint8, n)
				for i := range ops[k] {
					ops[k][i] = uint8(rng.Intn(256))
				}
			}
			m := uint64(1)<<(1+rng.Intn(8)) - 1
			d8, a8, b8, c8 := ops[0], ops[1], ops[2], ops[3]
			d16, a16, b16, c16 := w16(d8), w16(a8), w16(b8), w16(c8)
			row(d8, a8, b8, c8, d16, a16, b16, c16, m)
			require.Equal(t, d16, w16(d8), "%s: n %d", name, n)
		}
	}
}
