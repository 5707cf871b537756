package testbench_test

import (
	"testing"

	"github.com/systole-hdl/systole/testbench"
)

// BenchmarkLanesFIFO runs 16 seeds of a FIFO test one after the other on
// RTLSim and as 16 lanes of one batch; the FIFO is so small that this
// measures the lockstep's own cost.
func BenchmarkLanesFIFO(b *testing.B) {
	d := fifo(b)
	const seeds, words = 16, 500
	test := fifoTest(words, 0.2, 0.2)
	b.Run("single", func(b *testing.B) {
		for b.Loop() {
			for s := range uint64(seeds) {
				be, err := testbench.NewRTLSim(d)
				if err != nil {
					b.Fatal(err)
				}
				if err := test(testbench.New(be, s)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("lanes", func(b *testing.B) {
		ss := make([]uint64, seeds)
		for i := range ss {
			ss[i] = uint64(i)
		}
		for b.Loop() {
			errs, err := testbench.RunLanes(d, testbench.SeedLanes(test, ss...))
			if err != nil {
				b.Fatal(err)
			}
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
