package rtlsim_test

import (
	"fmt"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/internal/vsim"
)

// BenchmarkCore replays the traffic of systole bench (seed 1) on the
// default int8 ws core at 4x4, 16x16 and 32x32 in both driver shapes
// (bench.Shapes): per cycle poke every input, hash the outputs read before
// the edge, one edge, hash the outputs read after it.
func BenchmarkCore(b *testing.B) {
	for _, n := range []int{4, 16, 32} {
		for _, sh := range bench.Shapes {
			b.Run(fmt.Sprintf("%dx%d/%s", n, n, sh), func(b *testing.B) {
				c := systolic.Default()
				c.Rows, c.Cols = n, n
				d, err := bench.Elaborated(c)
				if err != nil {
					b.Fatal(err)
				}
				spec := vsim.SpecOf(d)
				const period = 4096
				tr := bench.NewTraffic(spec.Inputs, period, 1)
				r, err := bench.NewRunner(d, spec, sh)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				cycles := 0
				for b.Loop() {
					r.Run(tr, cycles%period, cycles%period+1)
					cycles++
				}
				b.ReportMetric(float64(cycles)/b.Elapsed().Seconds(), "cycles/s")
				b.ReportMetric(float64(r.Sim.Instructions()), "instrs")
				if err := r.Err(); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkCoreBatch replays the traffic of systole bench on the default
// 16x16 int8 ws core in a Batch of 64 lanes, lane l on seed l+1, in the
// testbench shape: per cycle poke every input of every lane, hash their
// handshake outputs, one edge, hash their data outputs.
func BenchmarkCoreBatch(b *testing.B) {
	const n, lanes, period = 16, 64, 1024
	c := systolic.Default()
	c.Rows, c.Cols = n, n
	d, err := bench.Elaborated(c)
	if err != nil {
		b.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	trs := make([]*bench.Traffic, lanes)
	for l := range trs {
		trs[l] = bench.NewTraffic(spec.Inputs, period, uint64(l+1))
	}
	lt, err := bench.LanesOf(trs)
	if err != nil {
		b.Fatal(err)
	}
	r, err := bench.NewBatchRunner(d, spec, lanes, bench.Testbench)
	if err != nil {
		b.Fatal(err)
	}
	b.Run(fmt.Sprintf("%dx%d/lanes%d", n, n, lanes), func(b *testing.B) {
		b.ReportAllocs()
		cycles := 0
		for b.Loop() {
			r.Run(lt, cycles%period, cycles%period+1)
			cycles++
		}
		b.ReportMetric(float64(cycles*lanes)/b.Elapsed().Seconds(), "lane-cycles/s")
		b.ReportMetric(float64(r.Batch.Instructions()), "instrs")
		if err := r.Err(); err != nil {
			b.Fatal(err)
		}
	})
}
