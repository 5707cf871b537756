//go:build amd64 && !purego

package lanekern

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/opgen"
)

// TestAsmUpToDate: the assembly was generated from the table as it is
// (run go generate ./internal/lanekern), and covers every kind but those
// it says it leaves to the generic code.
func TestAsmUpToDate(t *testing.T) {
	require.Equal(t, opgen.TableHash(), asmTableHash, "the assembly is stale: run go generate ./internal/lanekern")
	for _, tab := range []struct {
		name string
		b32  [NumKinds]func(*uint32, int, *Op, int, int) int
		b64  [NumKinds]func(*uint64, int, *Op, int, int) int
		n32  [NumRegClasses]func(*uint32, int, *uint32, *Reg, int, int) int
		n64  [NumRegClasses]func(*uint64, int, *uint64, *Reg, int, int) int
		c32  [NumRegClasses]func(*uint32, int, *Reg, int, int) int
		c64  [NumRegClasses]func(*uint64, int, *Reg, int, int) int
	}{
		{"avx512", avx512Impl32.block, avx512Impl64.block, avx512Impl32.next, avx512Impl64.next, avx512Impl32.commit, avx512Impl64.commit},
		{"avx2", avx2Impl32.block, avx2Impl64.block, avx2Impl32.next, avx2Impl64.next, avx2Impl32.commit, avx2Impl64.commit},
	} {
		missing := 0
		for k := range Kind(NumKinds) {
			for _, none := range []bool{tab.b32[k] == nil, tab.b64[k] == nil} {
				if none {
					missing++
				}
			}
		}
		for c := range RegClass(NumRegClasses) {
			require.NotNil(t, tab.n32[c], "%s: class %v", tab.name, c)
			require.NotNil(t, tab.n64[c], "%s: class %v", tab.name, c)
			require.NotNil(t, tab.c32[c], "%s: class %v", tab.name, c)
			require.NotNil(t, tab.c64[c], "%s: class %v", tab.name, c)
		}
		n := 0
		for _, s := range asmSkipped {
			if strings.HasPrefix(s, tab.name+" 32 ") || strings.HasPrefix(s, tab.name+" 64 ") {
				n++
			}
		}
		require.Equal(t, n, missing, "%s: kernels without assembly, and asmSkipped %v", tab.name, asmSkipped)
	}
	t.Logf("left to the generic code: %v", asmSkipped)
	// BlockMix finds every mix the assembly has: mixCode numbers them
	// apart, and each names only the classes of the words its kind reads
	// classes 8 and 16: every register class, on their own elements and
	// at 32 bits; every kind at 32 bits but those asmSkipped names
	for _, tab := range []struct {
		name        string
		c           int
		block       [NumKinds]bool
		next, commt [NumKinds]bool
	}{
		{"avx512 8w", 8, nonNil(avx512Impl8w.block), nonNil(avx512Impl8w.next), nonNil(avx512Impl8w.commit)},
		{"avx512 16w", 16, nonNil(avx512Impl16w.block), nonNil(avx512Impl16w.next), nonNil(avx512Impl16w.commit)},
		{"avx2 8w", 8, nonNil(avx2Impl8w.block), nonNil(avx2Impl8w.next), nonNil(avx2Impl8w.commit)},
		{"avx2 16w", 16, nonNil(avx2Impl16w.block), nonNil(avx2Impl16w.next), nonNil(avx2Impl16w.commit)},
		{"avx512 8", 8, nonNil(avx512Impl8.block), nonNil(avx512Impl8.next), nonNil(avx512Impl8.commit)},
		{"avx512 16", 16, nonNil(avx512Impl16.block), nonNil(avx512Impl16.next), nonNil(avx512Impl16.commit)},
		{"avx2 8", 8, nonNil(avx2Impl8.block), nonNil(avx2Impl8.next), nonNil(avx2Impl8.commit)},
		{"avx2 16", 16, nonNil(avx2Impl16.block), nonNil(avx2Impl16.next), nonNil(avx2Impl16.commit)},
		{"avx2 8x", 8, nonNil(avx2Impl8x.block), nonNil(avx2Impl8x.next), nonNil(avx2Impl8x.commit)},
	} {
		for c := range RegClass(NumRegClasses) {
			require.True(t, tab.next[c] && tab.commt[c], "%s: class %v", tab.name, c)
		}
		for k := range Kind(NumKinds) {
			skipped := slices.ContainsFunc(asmSkipped, func(s string) bool { return strings.HasPrefix(s, tab.name+" "+k.String()+":") })
			require.True(t, tab.block[k] != skipped, "%s %v: a kernel, or asmSkipped says why not", tab.name, k)
		}
	}
	// the kernels of class 16 on words: all but the shifts lane by lane
	// of AVX2
	require.Equal(t, []Kind{Shl, Shr, Sshr}, nilKinds(avx2Impl16.block))
	require.Empty(t, nilKinds(avx512Impl16.block))
	require.Empty(t, nilKinds(avx512Impl16w.block))
	require.Empty(t, nilKinds(avx2Impl16w.block))
	// bytes in 128-bit registers: the kinds of bytes in 256-bit ones
	require.Equal(t, nilKinds(avx2Impl8.block), nilKinds(avx2Impl8x.block))
	require.Equal(t, 16, avx2Impl8x.step)
	for _, mix := range []map[mixKey]mixFunc{avx512Mix, avx2Mix} {
		codes := map[[2]int]bool{}
		for key := range mix {
			codes[[2]int{int(key.k), mixCode(key.x)}] = true
			r := key.k.Reads()
			require.True(t, (r&ReadsA != 0) == (key.x.A != 0) && (r&ReadsB != 0) == (key.x.B != 0) && (r&ReadsC != 0) == (key.x.C != 0), "%v %+v", key.k, key.x)
		}
		require.Len(t, codes, len(mix))
		require.Equal(t, len(avx512Mix), len(mix), "every mix on both ISAs")
		// every mix of classes 8, 16 and 32 at 32 bits
		for k := range Kind(NumKinds) {
			n := 1
			for _, fl := range []Operands{ReadsA, ReadsB, ReadsC} {
				if k.Reads()&fl != 0 {
					n++
				}
			}
			pow := 1
			for range n {
				pow *= 3
			}
			got := 0
			for key := range mix {
				if key.k == k && key.x.At == 32 {
					got++
				}
			}
			require.Equal(t, pow-3, got, "%v: mixes at 32 bits", k)
		}
	}
}

// nonNil returns, by index, whether a table of functions (an array) has
// one.
func nonNil(table any) (out [NumKinds]bool) {
	v := reflect.ValueOf(table)
	for i := range v.Len() {
		out[i] = !v.Index(i).IsNil()
	}
	return out
}

// nilKinds returns the kinds a table of block functions has none for.
func nilKinds(table any) []Kind {
	var out []Kind
	for k, ok := range nonNil(table) {
		if k < NumKinds && !ok {
			out = append(out, Kind(k))
		}
	}
	return out
}

// FuzzAsm runs a random block of one kind, or commit of one class, with
// every implementation the CPU runs and compares the planes with the
// generic code's: any values, masks and shifts (also those no compiler
// emits), nets anywhere in the plane.
func FuzzAsm(f *testing.F) {
	for i := range uint64(NumKinds + NumRegClasses) {
		f.Add(i, uint64(i*7+1))
	}
	f.Fuzz(func(t *testing.T, what, seed uint64) {
		r := rand.New(rand.NewPCG(seed, what))
		lanes := 16 * (1 + r.IntN(4))
		nets := 2 + r.IntN(8)
		base := r.IntN(3)
		size := base + nets*lanes + r.IntN(3)
		net := func() uint32 { return uint32(base + r.IntN(nets)*lanes) }
		init := make([]uint64, size)
		for i := range init {
			init[i] = r.Uint64() >> r.IntN(64)
		}
		cw := []int{8, 16, 32, 64}[r.IntN(4)]
		for _, name := range Impls() {
			if name == "generic" {
				continue
			}
			if int(what%uint64(NumKinds+NumRegClasses)) < NumKinds {
				k := Kind(what % uint64(NumKinds+NumRegClasses))
				ops := make([]Op, 1+r.IntN(5))
				for i := range ops {
					ops[i] = Op{Dst: net(), A: net(), B: net(), C: net(), Sh: uint8(r.Uint32()), Sh2: uint8(r.Uint32()), M: r.Uint64()}
					if r.IntN(2) == 0 {
						ops[i].Sh %= uint8(cw)
						ops[i].Sh2 %= uint8(cw)
					}
				}
				switch cw {
				case 8:
					sameAsGeneric(t, name, init, func(pl []uint8) { Block8(k, pl, ops, lanes) })
					// and as a mix of classes 8 and 32 at 32 bits
					x := Mix{At: 32, Dst: []uint8{8, 32}[r.IntN(2)], A: []uint8{8, 32}[r.IntN(2)], B: []uint8{8, 32}[r.IntN(2)], C: []uint8{8, 32}[r.IntN(2)]}
					sameAsGeneric(t, name, init, func(pl []uint32) {
						p8 := make([]uint8, len(pl))
						for i, v := range pl {
							p8[i] = uint8(v >> 8)
						}
						BlockMix(k, x, &Planes{P8: p8, P32: pl}, ops, lanes)
						for i, v := range p8 { // both planes compared
							pl[i] = pl[i]&0xffff00ff | uint32(v)<<8
						}
					})
				case 16:
					sameAsGeneric(t, name, init, func(pl []uint16) { Block16(k, pl, ops, lanes) })
					// and as a mix of classes 8, 16 and 32 at 32 bits
					c := func() uint8 { return []uint8{8, 16, 32}[r.IntN(3)] }
					x := Mix{At: 32, Dst: c(), A: c(), B: c(), C: c()}
					sameAsGeneric(t, name, init, func(pl []uint32) {
						p := &Planes{P8: make([]uint8, len(pl)), P16: make([]uint16, len(pl)), P32: pl}
						for i, v := range pl {
							p.P8[i], p.P16[i] = uint8(v>>8), uint16(v>>16)
						}
						BlockMix(k, x, p, ops, lanes)
						for i := range pl { // every plane compared
							pl[i] ^= uint32(p.P8[i])<<8 ^ uint32(p.P16[i])<<16
						}
					})
				case 32:
					sameAsGeneric(t, name, init, func(pl []uint32) { Block32(k, pl, ops, lanes) })
				default:
					sameAsGeneric(t, name, init, func(pl []uint64) { Block64(k, pl, ops, lanes) })
					// and as a mix of classes 8, 16, 32 and 64 at 64 bits
					c := func() uint8 { return mixClasses[r.IntN(4)] }
					x := Mix{At: 64, Dst: c(), A: c(), B: c(), C: c()}
					sameAsGeneric(t, name, init, func(pl []uint64) {
						p := &Planes{P8: make([]uint8, len(pl)), P16: make([]uint16, len(pl)), P32: make([]uint32, len(pl)), P64: pl}
						for i, v := range pl {
							p.P8[i], p.P16[i], p.P32[i] = uint8(v>>8), uint16(v>>24), uint32(v>>16)
						}
						BlockMix(k, x, p, ops, lanes)
						for i := range pl { // every plane compared
							pl[i] ^= uint64(p.P8[i])<<8 ^ uint64(p.P16[i])<<24 ^ uint64(p.P32[i])<<16
						}
					})
				}
				continue
			}
			c := RegClass(what%uint64(NumKinds+NumRegClasses)) - NumKinds
			regs := make([]Reg, 1+r.IntN(5))
			for i := range regs {
				regs[i] = Reg{Q: net(), D: net(), En: net(), Rst: net(), Init: r.Uint64()}
			}
			inPlace := r.IntN(2) == 0
			switch cw {
			case 8:
				regsAsGeneric(t, name, init, inPlace, func(pl []uint8) { Commit8(c, pl, regs, lanes) }, func(pl, nx []uint8) { Next8(c, pl, nx, regs, lanes) }, len(regs)*lanes)
			case 16:
				regsAsGeneric(t, name, init, inPlace, func(pl []uint16) { Commit16(c, pl, regs, lanes) }, func(pl, nx []uint16) { Next16(c, pl, nx, regs, lanes) }, len(regs)*lanes)
			case 32:
				regsAsGeneric(t, name, init, inPlace, func(pl []uint32) { Commit32(c, pl, regs, lanes) }, func(pl, nx []uint32) { Next32(c, pl, nx, regs, lanes) }, len(regs)*lanes)
			default:
				regsAsGeneric(t, name, init, inPlace, func(pl []uint64) { Commit64(c, pl, regs, lanes) }, func(pl, nx []uint64) { Next64(c, pl, nx, regs, lanes) }, len(regs)*lanes)
			}
		}
	})
}

// regsAsGeneric is sameAsGeneric of a commit of registers: in place
// (commit), or by next into an nx of n elements copied into the plane.
func regsAsGeneric[T word](t *testing.T, name string, init []uint64, inPlace bool, commit func(pl []T), next func(pl, nx []T), n int) {
	t.Helper()
	if inPlace {
		sameAsGeneric(t, name, init, commit)
		return
	}
	sameAsGeneric(t, name, init, func(pl []T) {
		nx := make([]T, n)
		next(pl, nx)
		copy(pl, nx)
	})
}

// sameAsGeneric runs f on a plane of init with the implementation name and
// with the generic code, and compares the planes.
func sameAsGeneric[T word](t *testing.T, name string, init []uint64, f func([]T)) {
	t.Helper()
	pl := make([]T, len(init))
	for i, v := range init {
		pl[i] = T(v)
	}
	want := slices.Clone(pl)
	restore, err := SetImpl("generic")
	require.NoError(t, err)
	f(want)
	restore()
	restore, err = SetImpl(name)
	require.NoError(t, err)
	defer restore()
	f(pl)
	require.Equal(t, want, pl, "%s against generic", name)
}
