//go:build amd64 && !purego

package lanekern

import "golang.org/x/sys/cpu"

// available returns the implementations this CPU runs, best first:
// AVX-512 (with the F and DQ extensions, as the operating system enables
// them), AVX2, and the generic Go code, which runs what the assembly
// leaves out.
func available() []*impl {
	var out []*impl
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ {
		im := &impl{name: "avx512", step8: 16, block8w: avx512Impl8w.block, next8w: avx512Impl8w.next,
			commit8w: avx512Impl8w.commit, mix: mixTable(avx512Impl8w.mix), block32: avx512Impl32.block, block64: avx512Impl64.block,
			next32: avx512Impl32.next, next64: avx512Impl64.next, commit32: avx512Impl32.commit, commit64: avx512Impl64.commit}
		if cpu.X86.HasAVX512BW { // class 8 on bytes
			im.step8, im.block8, im.next8, im.commit8 = avx512Impl8.step, avx512Impl8.block, avx512Impl8.next, avx512Impl8.commit
		}
		out = append(out, im)
	}
	if cpu.X86.HasAVX2 {
		out = append(out, &impl{name: "avx2", step8: avx2Impl8.step, block8: avx2Impl8.block, next8: avx2Impl8.next,
			commit8: avx2Impl8.commit, block8w: avx2Impl8w.block, next8w: avx2Impl8w.next, commit8w: avx2Impl8w.commit,
			mix: mixTable(avx2Impl8w.mix), block32: avx2Impl32.block, block64: avx2Impl64.block,
			next32: avx2Impl32.next, next64: avx2Impl64.next, commit32: avx2Impl32.commit, commit64: avx2Impl64.commit})
	}
	return append(out, generic)
}
