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

// TestRowsBytes: the row loops of the bitwise kinds, additions,
// subtractions and and-with-compares over bytes (eight
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
		"not": func(d8, a8, _, _ []uint8, d16, a16, _, _ []uint16, m uint64) {
			rowNot(d8, a8, true, m)
			rowNot(d16, a16, true, m)
		},
		"and": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowAnd(d8, a8, b8, true)
			rowAnd(d16, a16, b16, true)
		},
		"or": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowOr(d8, a8, b8, true)
			rowOr(d16, a16, b16, true)
		},
		"xor": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowXor(d8, a8, b8, true)
			rowXor(d16, a16, b16, true)
		},
		"andnot": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, _ uint64) {
			rowAndNot(d8, a8, b8, true)
			rowAndNot(d16, a16, b16, true)
		},
		"add": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, m uint64) {
			rowAdd(d8, a8, b8, true, m)
			rowAdd(d16, a16, b16, true, m)
		},
		"sub": func(d8, a8, b8, _ []uint8, d16, a16, b16, _ []uint16, m uint64) {
			rowSub(d8, a8, b8, true, m)
			rowSub(d16, a16, b16, true, m)
		},
		"andeq": func(d8, a8, b8, c8 []uint8, d16, a16, b16, c16 []uint16, _ uint64) {
			for i := range c8 {
				if i%3 != 0 { // mostly equal, as a comparison with a constant often is
					c8[i] = b8[i]
					c16[i] = b16[i]
				}
			}
			rowAndEq(d8, a8, b8, c8, true)
			rowAndEq(d16, a16, b16, c16, true)
		},
		"mux": func(d8, a8, b8, c8 []uint8, d16, a16, b16, c16 []uint16, _ uint64) {
			for i := range a8 {
				a8[i] &= 1 // a select: one bit
				a16[i] = uint16(a8[i])
			}
			rowMux(d8, c8, b8, a8, true)
			rowMux(d16, c16, b16, a16, true)
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

// TestRowsApart: a strided block computes its rows eight words at a time
// only when no row's destination words are among its operand words: not
// a chain (each addition reading the one before it, as a carry or a
// running sum does), nor a row reading its own destinations.
func TestRowsApart(t *testing.T) {
	bl := block{kind: k64Add, run: true, n: 20, rows: 2, cols: 10, sd: 1, sa: 1, sb: 1, rd: 10, ra: 10, rb: 10}
	require.True(t, rowsApart(&bl, &op{dst: 200, a: 100, b: 300}))
	require.False(t, rowsApart(&bl, &op{dst: 101, a: 100, b: 300}), "a chain")
	require.False(t, rowsApart(&bl, &op{dst: 300, a: 100, b: 305}), "operand b overlapping the destinations")
	require.True(t, rowsApart(&bl, &op{dst: 200, a: 100, b: 300, c: 200}), "Add does not read c")
	// row 1 reads row 0's destinations: the rows run one after the other
	require.True(t, rowsApart(&bl, &op{dst: 90, a: 80, b: 300}))
	bl.sa = ^uint32(0) // a runs backwards, from 215 down to 206
	require.False(t, rowsApart(&bl, &op{dst: 200, a: 215, b: 300}))
}
