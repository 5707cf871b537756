//go:build amd64 && !purego

package lanekern

import "golang.org/x/sys/cpu"

// available returns the implementations this CPU runs, best first:
// AVX-512 (with the F and DQ extensions, as the operating system enables
// them), AVX2, and the generic Go code, which runs what the assembly
// leaves out. Classes 8 and 16 run on their own elements in the widest
// vectors lanes fills (with AVX-512 BW 64 bytes or 32 words, else AVX2's
// 32 bytes or 16 words, else 16 bytes), and the kinds those lack
// computed at 32 bits.
func available() []*impl {
	var out []*impl
	avx2Tiers8 := []tier[uint8]{tier[uint8](avx2Impl8), tier[uint8](avx2Impl8x)}
	avx2Tiers16 := []tier[uint16]{tier[uint16](avx2Impl16)}
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ {
		im := &impl{name: "avx512", tiers8: avx2Tiers8, block8w: avx512Impl8w.block, next8w: avx512Impl8w.next,
			commit8w: avx512Impl8w.commit, tiers16: avx2Tiers16, block16w: avx512Impl16w.block, next16w: avx512Impl16w.next,
			commit16w: avx512Impl16w.commit, mix: mixTable(avx512Mix), block32: avx512Impl32.block, block64: avx512Impl64.block,
			next32: avx512Impl32.next, next64: avx512Impl64.next, commit32: avx512Impl32.commit, commit64: avx512Impl64.commit}
		if cpu.X86.HasAVX512BW { // classes 8 and 16 in 512-bit vectors
			im.tiers8 = append([]tier[uint8]{tier[uint8](avx512Impl8)}, avx2Tiers8...)
			im.tiers16 = append([]tier[uint16]{tier[uint16](avx512Impl16)}, avx2Tiers16...)
		}
		out = append(out, im)
	}
	if cpu.X86.HasAVX2 {
		out = append(out, &impl{name: "avx2", tiers8: avx2Tiers8, block8w: avx2Impl8w.block, next8w: avx2Impl8w.next,
			commit8w: avx2Impl8w.commit, tiers16: avx2Tiers16, block16w: avx2Impl16w.block, next16w: avx2Impl16w.next,
			commit16w: avx2Impl16w.commit, mix: mixTable(avx2Mix), block32: avx2Impl32.block, block64: avx2Impl64.block,
			next32: avx2Impl32.next, next64: avx2Impl64.next, commit32: avx2Impl32.commit, commit64: avx2Impl64.commit})
	}
	return append(out, generic)
}
