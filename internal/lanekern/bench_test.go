package lanekern

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// The planes of the benchmarks: one that fits L1 and one that fits L2
// (not L1), in bytes.
var benchPlanes = []struct {
	name  string
	bytes int
}{{"L1", 16 << 10}, {"L2", 512 << 10}}

// benchKinds are the kinds the systolic array's processing element runs
// most.
var benchKinds = []Kind{Mac, Mux, And, AndNot, Or, Add, Eq, Slice, DepOr, Sext}

const benchLanes = 64

// BenchmarkBlock runs blocks of 256 ops of one kind over random nets of a
// plane, 64 lanes, with each implementation; ns/lane-op is the time of
// one op in one lane.
func BenchmarkBlock(b *testing.B) {
	for _, name := range Impls() {
		for _, cw := range []int{32, 64} {
			for _, pl := range benchPlanes {
				for _, k := range benchKinds {
					b.Run(fmt.Sprintf("%s/class%d/%s/%v", name, cw, pl.name, k), func(b *testing.B) {
						restore, err := SetImpl(name)
						if err != nil {
							b.Fatal(err)
						}
						defer restore()
						nets := pl.bytes / (cw / 8) / benchLanes
						ops := benchOps(k, cw, nets)
						if cw == 32 {
							plane := make([]uint32, nets*benchLanes)
							for b.Loop() {
								Block32(k, plane, ops, benchLanes)
							}
						} else {
							plane := make([]uint64, nets*benchLanes)
							for b.Loop() {
								Block64(k, plane, ops, benchLanes)
							}
						}
						b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ops)*benchLanes), "ns/lane-op")
					})
				}
			}
		}
	}
}

// benchOps returns 256 ops of kind k over random nets of a plane of nets
// nets, with the shifts and masks of an 8-bit datapath.
func benchOps(k Kind, cw, nets int) []Op {
	r := rand.New(rand.NewPCG(1, uint64(k)))
	net := func() uint32 { return uint32(r.IntN(nets) * benchLanes) }
	ops := make([]Op, 256)
	for i := range ops {
		ops[i] = Op{Dst: net(), A: net(), B: net(), C: net(), Sh: uint8(cw - 8), Sh2: uint8(cw - 8), M: 1<<(cw-1) - 1}
		if k == Slice || k == DepOr {
			ops[i].Sh = 8
		}
	}
	return ops
}

// BenchmarkNext commits 256 registers of each class, as BenchmarkBlock.
func BenchmarkNext(b *testing.B) {
	for _, name := range Impls() {
		for _, cw := range []int{32, 64} {
			for _, pl := range benchPlanes {
				for c := range RegClass(NumRegClasses) {
					b.Run(fmt.Sprintf("%s/class%d/%s/%v", name, cw, pl.name, c), func(b *testing.B) {
						restore, err := SetImpl(name)
						if err != nil {
							b.Fatal(err)
						}
						defer restore()
						r := rand.New(rand.NewPCG(2, uint64(c)))
						nets := pl.bytes / (cw / 8) / benchLanes
						net := func() uint32 { return uint32(r.IntN(nets) * benchLanes) }
						regs := make([]Reg, 256)
						for i := range regs {
							regs[i] = Reg{Q: net(), D: net(), En: net(), Rst: net(), Init: 3}
						}
						if cw == 32 {
							plane, nx := make([]uint32, nets*benchLanes), make([]uint32, len(regs)*benchLanes)
							for b.Loop() {
								Next32(c, plane, nx, regs, benchLanes)
							}
						} else {
							plane, nx := make([]uint64, nets*benchLanes), make([]uint64, len(regs)*benchLanes)
							for b.Loop() {
								Next64(c, plane, nx, regs, benchLanes)
							}
						}
						b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(regs)*benchLanes), "ns/lane-op")
					})
				}
			}
		}
	}
}

// coreMix is the default 16x16 int8 ws core's program as rtlsim
// compiles it (its one-word instructions by kind, in blocks, and its
// one-word registers by class), measured on the code of this round.
var coreMix = struct {
	ops []struct {
		k         Kind
		n, blocks int
	}
	regs [NumRegClasses]int
	nets int
}{
	ops: []struct {
		k         Kind
		n, blocks int
	}{
		{Mux, 270, 7}, {And, 269, 8}, {AndNot, 262, 8}, {Eq, 262, 6}, {Sub, 261, 6}, {Mac, 256, 1},
		{Add, 39, 10}, {Slice, 36, 1}, {Or, 7, 4}, {Ne, 6, 2}, {Lt, 6, 1}, {Not, 5, 3}, {Le, 3, 2},
		{DepOr, 2, 2}, {DepSet, 2, 2},
	},
	regs: [NumRegClasses]int{Plain: 1281, En: 512, Rst: 537, Both: 4},
	nets: 4096,
}

// BenchmarkCoreMix runs one batch cycle of the default core's mix at 64
// lanes, all in class 32 (its nets are of at most 32 bits but 18), on a
// plane of 4,096 nets (1 MiB): the blocks, then the register commits,
// in place (commit: Commit32, as rtlsim's waves allow on this core) or
// into nx and copied into the registers (next: Next32 and a copy per
// register). ns/lane-cycle is the kernels' share of a lane-cycle.
func BenchmarkCoreMix(b *testing.B) {
	for _, name := range Impls() {
		for _, mode := range []string{"commit", "next"} {
			b.Run(name+"/"+mode, func(b *testing.B) {
				restore, err := SetImpl(name)
				if err != nil {
					b.Fatal(err)
				}
				defer restore()
				r := rand.New(rand.NewPCG(3, 3))
				net := func() uint32 { return uint32(r.IntN(coreMix.nets) * benchLanes) }
				type blk struct {
					k   Kind
					ops []Op
				}
				var blocks []blk
				for _, m := range coreMix.ops {
					for i := range m.blocks {
						n := m.n / m.blocks
						if i < m.n%m.blocks {
							n++
						}
						ops := make([]Op, n)
						for j := range ops {
							ops[j] = Op{Dst: net(), A: net(), B: net(), C: net(), Sh: 24, Sh2: 24, M: 0xffff}
							if m.k == Slice || m.k == DepOr || m.k == DepSet {
								ops[j].Sh = 8
							}
						}
						blocks = append(blocks, blk{m.k, ops})
					}
				}
				r.Shuffle(len(blocks), func(i, j int) { blocks[i], blocks[j] = blocks[j], blocks[i] })
				var regs [NumRegClasses][]Reg
				nregs := 0
				for c, n := range coreMix.regs {
					for range n {
						regs[c] = append(regs[c], Reg{Q: net(), D: net(), En: net(), Rst: net(), Init: 1})
					}
					nregs = max(nregs, n)
				}
				plane := make([]uint32, coreMix.nets*benchLanes)
				nx := make([]uint32, nregs*benchLanes)
				for b.Loop() {
					for _, bl := range blocks {
						Block32(bl.k, plane, bl.ops, benchLanes)
					}
					for c := range RegClass(NumRegClasses) {
						if mode == "commit" {
							Commit32(c, plane, regs[c], benchLanes)
							continue
						}
						Next32(c, plane, nx, regs[c], benchLanes)
						for i, g := range regs[c] {
							copy(plane[g.Q:g.Q+benchLanes], nx[i*benchLanes:])
						}
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*benchLanes), "ns/lane-cycle")
			})
		}
	}
}

// BenchmarkCall runs a block of one Add over 64 lanes in L1: the cost of
// a call, for a batch that runs short blocks.
func BenchmarkCall(b *testing.B) {
	for _, name := range Impls() {
		b.Run(name, func(b *testing.B) {
			restore, err := SetImpl(name)
			if err != nil {
				b.Fatal(err)
			}
			defer restore()
			plane := make([]uint32, 3*benchLanes)
			ops := []Op{{Dst: 0, A: benchLanes, B: 2 * benchLanes, M: 0xff}}
			for b.Loop() {
				Block32(Add, plane, ops, benchLanes)
			}
		})
	}
}
