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
			commit8w: avx512Impl8w.commit, step16: 16, block16w: avx512Impl16w.block, next16w: avx512Impl16w.next,
			commit16w: avx512Impl16w.commit, mix: mixTable(avx512Mix), block32: avx512Impl32.block, block64: avx512Impl64.block,
			next32: avx512Impl32.next, next64: avx512Impl64.next, commit32: avx512Impl32.commit, commit64: avx512Impl64.commit}
		if cpu.X86.HasAVX512BW { // classes 8 and 16 on their own elements
			im.step8, im.block8, im.next8, im.commit8 = avx512Impl8.step, avx512Impl8.block, avx512Impl8.next, avx512Impl8.commit
			im.step16, im.block16, im.next16, im.commit16 = avx512Impl16.step, avx512Impl16.block, avx512Impl16.next, avx512Impl16.commit
		}
		out = append(out, im)
	}
	if cpu.X86.HasAVX2 {
		out = append(out, &impl{name: "avx2", step8: avx2Impl8.step, block8: avx2Impl8.block, next8: avx2Impl8.next,
			commit8: avx2Impl8.commit, block8w: avx2Impl8w.block, next8w: avx2Impl8w.next, commit8w: avx2Impl8w.commit,
			step16: avx2Impl16.step, block16: avx2Impl16.block, next16: avx2Impl16.next, commit16: avx2Impl16.commit,
			block16w: avx2Impl16w.block, next16w: avx2Impl16w.next, commit16w: avx2Impl16w.commit,
			mix: mixTable(avx2Mix), block32: avx2Impl32.block, block64: avx2Impl64.block,
			next32: avx2Impl32.next, next64: avx2Impl64.next, commit32: avx2Impl32.commit, commit64: avx2Impl64.commit})
	}
	return append(out, generic)
}
