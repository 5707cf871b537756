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
