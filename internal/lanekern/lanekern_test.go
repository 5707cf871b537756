package lanekern

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/opgen"
)

var seedFlag = flag.Uint64("seed", 1, "the random tests' seed")

// TestGeneratedUpToDate: the committed *_gen.go files are what
// internal/opgen generates from its table (run go generate
// ./internal/lanekern).
func TestGeneratedUpToDate(t *testing.T) {
	files, err := opgen.GenerateLanekern()
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for name, want := range files {
		got, err := os.ReadFile(name)
		require.NoError(t, err, "run go generate ./internal/lanekern")
		require.True(t, bytes.Equal(want, got), "%s is stale: run go generate ./internal/lanekern", name)
	}
}

// TestTable: the package's kinds and classes are the table's, in its
// order, and Op and Reg have the layout the contract (and the assembly)
// fixes.
func TestTable(t *testing.T) {
	n := 0
	for i, k := range opgen.Kinds {
		if k.Wide {
			continue
		}
		require.Equal(t, n, i, "the one-word kinds come first")
		require.Equal(t, k.Name, Kind(i).String())
		n++
	}
	require.Equal(t, n, NumKinds)
	require.Equal(t, "Kind(200)", Kind(200).String())
	require.Equal(t, Operands(0), Kind(200).Reads())
	require.Equal(t, ReadsA|ReadsDst, DepOr.Reads())
	require.Equal(t, ReadsA|ReadsB|ReadsC, Mac.Reads())
	require.Equal(t, len(opgen.RegClasses), NumRegClasses)
	for i, rc := range opgen.RegClasses {
		require.Equal(t, rc.Field, RegClass(i).String())
	}
	require.Equal(t, "RegClass(9)", RegClass(9).String())
	require.Equal(t, opgen.TableHash(), tableHash)

	require.EqualValues(t, 32, unsafe.Sizeof(Op{}))
	require.EqualValues(t, 24, unsafe.Sizeof(Reg{}))
	var o Op
	require.Equal(t, []uintptr{0, 4, 8, 12, 16, 17, 24}, []uintptr{unsafe.Offsetof(o.Dst), unsafe.Offsetof(o.A), unsafe.Offsetof(o.B),
		unsafe.Offsetof(o.C), unsafe.Offsetof(o.Sh), unsafe.Offsetof(o.Sh2), unsafe.Offsetof(o.M)})
	var r Reg
	require.Equal(t, []uintptr{0, 4, 8, 12, 16}, []uintptr{unsafe.Offsetof(r.Q), unsafe.Offsetof(r.D), unsafe.Offsetof(r.En),
		unsafe.Offsetof(r.Rst), unsafe.Offsetof(r.Init)})
}

// eachImpl runs f with every implementation this CPU runs in use.
func eachImpl(t *testing.T, f func(t *testing.T)) {
	for _, name := range Impls() {
		t.Run(name, func(t *testing.T) {
			restore, err := SetImpl(name)
			require.NoError(t, err)
			defer restore()
			require.Equal(t, name, Impl())
			f(t)
		})
	}
}

// TestKinds runs random blocks of every kind, at both widths and 16, 32
// and 64 lanes, against netlist.Eval, on every implementation. (A kind
// new in the table, with no reference in refs yet, is checked by
// TestTableMeaning only.)
func TestKinds(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 1))
		for k := range Kind(NumKinds) {
			if _, ok := refs[k.String()]; !ok {
				t.Logf("%v has no reference by netlist.Eval in refs: add one", k)
				continue
			}
			for _, cw := range opgen.Widths {
				for _, lanes := range []int{16, 32, 64} {
					for round := range 4 {
						p, err := newProg(r, k, cw, lanes, 1+r.IntN(6))
						require.NoError(t, err)
						runProg(t, r, k, p, fmt.Sprintf("%v class %d, %d lanes, round %d", k, cw, lanes, round))
					}
				}
			}
		}
	})
}

// runProg runs p's block in the plane of its class and checks it.
func runProg(t *testing.T, r *rand.Rand, k Kind, p *prog, what string) {
	t.Helper()
	pl := trunc(p.cw, plane[uint64](r, p))
	before := slices.Clone(pl)
	blockAt(p.cw, k, pl, p.ops, p.lanes)
	check(t, what, p, pl, before)
}

// TestRegs commits random registers of every class, at both widths and
// 16, 32 and 64 lanes, against the registers' meaning (a reset takes
// priority over an enable), on every implementation.
func TestRegs(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 2))
		for c := range RegClass(NumRegClasses) {
			for _, cw := range opgen.Widths {
				for _, lanes := range []int{16, 32, 64} {
					rp := newRegProg(r, c, cw, lanes, 1+r.IntN(5))
					runRegs(t, r, rp, cw, fmt.Sprintf("%v class %d, %d lanes", c, cw, lanes))
				}
			}
		}
	})
}

// A regProg is a random commit of registers of one class, its plane's
// values and the next values by the reference.
type regProg struct {
	c         RegClass
	lanes     int
	regs      []Reg
	planeInit []uint64
	want      []uint64 // by register, by lane
}

// regMeaning is the next value of a register by the meaning of its class:
// the registers that have no enable always load, those with no reset
// never reset.
var regMeaning = map[string]func(q, d, en, rst, init uint64) uint64{
	"plain": func(q, d, en, rst, init uint64) uint64 { return d },
	"en": func(q, d, en, rst, init uint64) uint64 {
		if en == 1 {
			return d
		}
		return q
	},
	"rst": func(q, d, en, rst, init uint64) uint64 {
		if rst == 1 {
			return init
		}
		return d
	},
	"both": func(q, d, en, rst, init uint64) uint64 {
		switch {
		case rst == 1:
			return init
		case en == 1:
			return d
		}
		return q
	},
}

func newRegProg(r *rand.Rand, c RegClass, cw, lanes, n int) *regProg {
	mean, ok := regMeaning[c.String()]
	if !ok {
		panic(fmt.Sprintf("register class %v has no meaning in regMeaning", c))
	}
	rp := &regProg{c: c, lanes: lanes}
	base := r.IntN(3)
	rp.planeInit = make([]uint64, base)
	net := func(w int) uint32 {
		off := uint32(len(rp.planeInit))
		for range lanes {
			rp.planeInit = append(rp.planeInit, randValue(r, w))
		}
		return off
	}
	for range n {
		w := 1 + r.IntN(cw)
		g := Reg{Q: net(w), D: net(w), En: net(1), Rst: net(1), Init: randValue(r, w)}
		if r.IntN(3) == 0 && len(rp.regs) > 0 { // two registers share an enable
			g.En = rp.regs[len(rp.regs)-1].En
		}
		rp.regs = append(rp.regs, g)
		for l := range lanes {
			at := func(off uint32) uint64 { return rp.planeInit[int(off)+l] }
			rp.want = append(rp.want, mean(at(g.Q), at(g.D), at(g.En), at(g.Rst), g.Init))
		}
		if cw < 64 {
			rp.regs[len(rp.regs)-1].Init |= r.Uint64() << cw // only the low cw bits matter
		}
	}
	return rp
}

func runRegs(t *testing.T, r *rand.Rand, rp *regProg, cw int, what string) {
	t.Helper()
	pl := slices.Clone(rp.planeInit)
	before := slices.Clone(pl)
	nx := make([]uint64, len(rp.regs)*rp.lanes+r.IntN(3))
	for i := range nx {
		nx[i] = r.Uint64()
	}
	nx = trunc(cw, nx)
	tail := slices.Clone(nx[len(rp.regs)*rp.lanes:])
	nextAt(cw, rp.c, pl, nx, rp.regs, rp.lanes)
	require.Equal(t, before, pl, "%s: the plane changed", what)
	require.Equal(t, tail, nx[len(rp.regs)*rp.lanes:], "%s: nx changed beyond the registers", what)
	for i, want := range rp.want {
		require.Equal(t, want, nx[i], "%s: register %d lane %d (%+v)", what, i/rp.lanes, i%rp.lanes, rp.regs[i/rp.lanes])
	}
}

// TestBadCalls: the kernels panic, naming what is wrong, on a call
// outside the contract, and write nothing for the op at fault.
func TestBadCalls(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		pl32, pl64 := make([]uint32, 64), make([]uint64, 64)
		require.PanicsWithValue(t, "lanekern: Block32: 8 lanes, want a multiple of 16", func() { Block32(Add, pl32, []Op{{}}, 8) })
		require.PanicsWithValue(t, "lanekern: Block64: Kind(200) is not a one-word kind", func() { Block64(200, pl64, []Op{{}}, 16) })
		require.PanicsWithValue(t, "lanekern: Next32: no register class RegClass(9)", func() { Next32(9, pl32, pl32, nil, 16) })
		require.PanicsWithValue(t, "lanekern: Next64: 2 registers of 16 lanes, nx of 16", func() { Next64(Plain, pl64, pl64[:16], make([]Reg, 2), 16) })
		for k := range Kind(NumKinds) {
			ops := []Op{{Dst: 16, A: 1, B: 2, C: 3, M: 1}, {Dst: 49, A: 49, B: 49, C: 49, M: 1}}
			require.Panics(t, func() { Block64(k, pl64, ops, 16) }, "%v", k)
			require.Panics(t, func() { Block32(k, pl32, ops, 16) }, "%v", k)
		}
		for c := range RegClass(NumRegClasses) {
			regs := []Reg{{Q: 49, D: 49, En: 49, Rst: 49}}
			require.Panics(t, func() { Next64(c, pl64, make([]uint64, 16), regs, 16) }, "%v", c)
			require.Panics(t, func() { Commit32(c, pl32, regs, 16) }, "%v", c)
		}
		require.PanicsWithValue(t, "lanekern: Commit64: no register class RegClass(9)", func() { Commit64(9, pl64, nil, 16) })
		require.PanicsWithValue(t, "lanekern: Commit32: 0 lanes, want a multiple of 16", func() { Commit32(Plain, pl32, nil, 0) })
		require.PanicsWithValue(t, "lanekern: Block32: op 1 ({Dst:0 A:49 B:0 C:0 Sh:0 Sh2:0 _:[0 0 0 0 0 0] M:255}): a net beyond the plane of 64",
			func() { Block32(Add, pl32, []Op{{M: 255}, {A: 49, M: 255}}, 16) })
		require.PanicsWithValue(t, "lanekern: Commit64: register 0 ({Q:0 D:0 En:0 Rst:0 Init:0}): a net beyond the plane of 8",
			func() { Commit64(Plain, pl64[:8], make([]Reg, 1), 16) })
		// the plane ends at its length, whatever its capacity
		require.PanicsWithValue(t, "lanekern: Block64: op 0 ({Dst:0 A:30 B:0 C:0 Sh:0 Sh2:0 _:[0 0 0 0 0 0] M:0}): a net beyond the plane of 40",
			func() { Block64(Not, pl64[:40], []Op{{A: 30}}, 16) })
		require.PanicsWithValue(t, "lanekern: Next32: register 0 ({Q:0 D:0 En:30 Rst:0 Init:0}): a net beyond the plane of 40",
			func() { Next32(En, pl32[:40], make([]uint32, 16), []Reg{{En: 30}}, 16) })
		// classes 8 and 16: on their own elements (64 lanes) and at 32
		// bits (16)
		pl8, pl16 := make([]uint8, 128), make([]uint16, 128)
		badNarrow(t, 8, func(k Kind, ops []Op, lanes int) { Block8(k, pl8, ops, lanes) },
			func(c RegClass, regs []Reg, lanes int) { Commit8(c, pl8, regs, lanes) },
			func(c RegClass, regs []Reg, lanes int) { Next8(c, pl8, make([]uint8, 128), regs, lanes) })
		badNarrow(t, 16, func(k Kind, ops []Op, lanes int) { Block16(k, pl16, ops, lanes) },
			func(c RegClass, regs []Reg, lanes int) { Commit16(c, pl16, regs, lanes) },
			func(c RegClass, regs []Reg, lanes int) { Next16(c, pl16, make([]uint16, 128), regs, lanes) })
		require.PanicsWithValue(t, "lanekern: Block16: 24 lanes, want a multiple of 16", func() { Block16(Add, pl16, []Op{{}}, 24) })
		require.PanicsWithValue(t, "lanekern: Commit16: no register class RegClass(9)", func() { Commit16(9, pl16, nil, 16) })
		require.PanicsWithValue(t, "lanekern: Next16: 2 registers of 16 lanes, nx of 16", func() { Next16(Plain, pl16, pl16[:16], make([]Reg, 2), 16) })
		require.PanicsWithValue(t, "lanekern: Block8: 8 lanes, want a multiple of 16", func() { Block8(Add, pl8, []Op{{}}, 8) })
		require.PanicsWithValue(t, "lanekern: Next8: 2 registers of 16 lanes, nx of 16", func() { Next8(Plain, pl8, pl8[:16], make([]Reg, 2), 16) })
		Block32(Add, pl32, nil, 16) // no ops, nothing to do
		Next32(Plain, nil, nil, nil, 16)
	})
}

// badNarrow checks that the Block, Commit and Next functions of class c,
// on a plane of 128 elements, panic naming the op or register whose net
// is beyond it, with 16 and with 64 lanes.
func badNarrow(t *testing.T, c int, block func(Kind, []Op, int), commit, next func(RegClass, []Reg, int)) {
	t.Helper()
	for _, lanes := range []int{16, 64} {
		for k := range Kind(NumKinds) {
			ops := []Op{{Dst: 0, A: 0, B: 0, C: 0, M: 1}, {Dst: 113, A: 113, B: 113, C: 113, M: 1}}
			require.PanicsWithValue(t, fmt.Sprintf("lanekern: Block%d: op 1 (%+v): a net beyond the plane of 128", c, ops[1]), func() { block(k, ops, lanes) }, "%v", k)
		}
		for rc := range RegClass(NumRegClasses) {
			regs := []Reg{{}, {Q: 113, D: 113, En: 113, Rst: 113}}
			require.PanicsWithValue(t, fmt.Sprintf("lanekern: Commit%d: register 1 (%+v): a net beyond the plane of 128", c, regs[1]), func() { commit(rc, regs, lanes) }, "%v", rc)
			require.PanicsWithValue(t, fmt.Sprintf("lanekern: Next%d: register 1 (%+v): a net beyond the plane of 128", c, regs[1]), func() { next(rc, regs, lanes) }, "%v", rc)
		}
	}
}

// TestCommit commits random registers of every class in place, at both
// widths and 16, 32 and 64 lanes, against the registers' meaning applied
// register after register: a register often reads (as D, enable or
// reset) the Q of one before it, and sees its new value.
func TestCommit(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 4))
		for c := range RegClass(NumRegClasses) {
			mean := regMeaning[c.String()]
			for _, cw := range opgen.Widths {
				for _, lanes := range []int{16, 32, 64} {
					const nets = 12
					w := 1 + r.IntN(cw)
					width := make([]int, nets) // the width of each net: w, or 1 for an enable or reset
					for i := range width {
						width[i] = w
						if i >= 8 {
							width[i] = 1
						}
					}
					base := r.IntN(3)
					init := make([]uint64, base+nets*lanes)
					for i := range nets {
						for l := range lanes {
							init[base+i*lanes+l] = randValue(r, width[i])
						}
					}
					off := func(i int) uint32 { return uint32(base + i*lanes) }
					var regs []Reg
					qs := r.Perm(8)[:1+r.IntN(4)] // distinct Qs among the w-bit nets
					for _, q := range qs {
						regs = append(regs, Reg{Q: off(q), D: off(r.IntN(8)), En: off(8 + r.IntN(4)), Rst: off(8 + r.IntN(4)), Init: randValue(r, w)})
					}
					// the reference, register after register
					want := slices.Clone(init)
					for _, g := range regs {
						for l := range lanes {
							at := func(o uint32) uint64 { return want[int(o)+l] }
							want[int(g.Q)+l] = mean(at(g.Q), at(g.D), at(g.En), at(g.Rst), g.Init)
						}
					}
					what := fmt.Sprintf("%v class %d, %d lanes, %+v", c, cw, lanes, regs)
					pl := slices.Clone(init)
					commitAt(cw, c, pl, regs, lanes)
					require.Equal(t, want, pl, what)
				}
			}
		}
	})
}

// TestNoAllocs: the kernels allocate nothing (a batch calls them many
// times a cycle).
func TestNoAllocs(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		pl32, pl64 := make([]uint32, 64), make([]uint64, 64)
		ops, regs := []Op{{Dst: 16, A: 32, B: 48, M: 0xff}}, []Reg{{Q: 0, D: 16, En: 32, Rst: 48}}
		nx32, nx64 := make([]uint32, 16), make([]uint64, 16)
		pl8, nx8 := make([]uint8, 64), make([]uint8, 16)
		pl16, nx16 := make([]uint16, 64), make([]uint16, 16)
		pls := &Planes{P8: pl8, P16: pl16, P32: pl32, P64: pl64}
		require.Zero(t, testing.AllocsPerRun(10, func() {
			Block16(Mac, pl16, ops, 16)
			Next16(En, pl16, nx16, regs, 16)
			Commit16(Both, pl16, regs, 16)
			BlockMix(Mac, Mix{At: 32, Dst: 16, A: 8, B: 8, C: 16}, pls, ops, 16)
			BlockMix(Slice, Mix{At: 64, Dst: 16, A: 64}, pls, ops, 16)
			Block8(Add, pl8, ops, 16)
			Next8(En, pl8, nx8, regs, 16)
			Commit8(Both, pl8, regs, 16)
			BlockMix(Mac, Mix{At: 32, Dst: 32, A: 8, B: 8, C: 32}, pls, ops, 16)
			BlockMix(Eq, Mix{At: 64, Dst: 8, A: 64, B: 32}, pls, ops, 16)
			Block32(Add, pl32, ops, 16)
			Block64(Mac, pl64, ops, 16)
			Next32(Both, pl32, nx32, regs, 16)
			Next64(En, pl64, nx64, regs, 16)
			Commit32(Rst, pl32, regs, 16)
			Commit64(Plain, pl64, regs, 16)
		}))
	})
}
