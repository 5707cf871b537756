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
		out = append(out, &impl{name: "avx512", block32: avx512Impl32.block, block64: avx512Impl64.block,
			next32: avx512Impl32.next, next64: avx512Impl64.next, commit32: avx512Impl32.commit, commit64: avx512Impl64.commit})
	}
	if cpu.X86.HasAVX2 {
		out = append(out, &impl{name: "avx2", block32: avx2Impl32.block, block64: avx2Impl64.block,
			next32: avx2Impl32.next, next64: avx2Impl64.next, commit32: avx2Impl32.commit, commit64: avx2Impl64.commit})
	}
	return append(out, generic)
}
