package testbench_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/bench"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/testbench"
)

// BenchmarkCoreLanes runs systole bench's traffic on the default 16x16
// int8 ws core in 64 lanes, in the testbench shape (bench.Testbench), two
// ways: straight on an rtlsim.Batch through its own Poke/Peek/Step
// (bench.BatchRunner), and as 64 lanes of testbench.RunLanes, each lane a
// test driving its Backend; the difference is the cost of RunLanes'
// coroutines and of the Backend's Peek (which returns a bits.Value). Every
// lane's output hash must equal the single-lane run's.
func BenchmarkCoreLanes(b *testing.B) {
	const lanes, cycles = 64, 256
	d, err := bench.Elaborated(systolic.Default())
	if err != nil {
		b.Fatal(err)
	}
	spec := vsim.SpecOf(d)
	trs := make([]*bench.Traffic, lanes)
	want := make([]uint64, lanes)
	for l := range trs {
		trs[l] = bench.NewTraffic(spec.Inputs, cycles, uint64(l+1))
		r, err := bench.NewRunner(d, spec, bench.Testbench)
		if err != nil {
			b.Fatal(err)
		}
		r.Run(trs[l], 0, cycles)
		want[l] = r.Hash
	}
	lt, err := bench.LanesOf(trs)
	if err != nil {
		b.Fatal(err)
	}
	after := bench.Testbench.After(spec.Outputs)
	b.Run("batch", func(b *testing.B) {
		for b.Loop() {
			r, err := bench.NewBatchRunner(d, spec, lanes, bench.Testbench)
			if err != nil {
				b.Fatal(err)
			}
			r.Run(lt, 0, cycles)
			for l, h := range r.Hashes {
				if h != want[l] {
					b.Fatalf("lane %d: hash %x, single lane %x", l, h, want[l])
				}
			}
		}
		b.ReportMetric(float64(b.N*lanes*cycles)/b.Elapsed().Seconds(), "lane-cycles/s")
	})
	b.Run("runlanes", func(b *testing.B) {
		got := make([]uint64, lanes)
		test := func(tb *testbench.Bench) error {
			l := int(tb.Seed())
			be := tb.Backend()
			var ins, outs []testbench.Port
			for _, p := range spec.Inputs {
				ins = append(ins, tb.Port(p.Name))
			}
			for _, p := range spec.Outputs {
				outs = append(outs, tb.Port(p.Name))
			}
			h := vsim.HashSeed
			hash := func(post bool) {
				for o, p := range outs {
					if after[o] == post {
						v := be.Peek(p)
						for k := range bits.Words(v.Width()) {
							h = vsim.HashWord(h, v.Word(k))
						}
					}
				}
			}
			t := trs[l]
			for c := range cycles {
				for i, p := range ins {
					be.Poke(p, bits.FromWords(spec.Inputs[i].Width, t.Words[c][t.Off[i]:t.Off[i+1]]))
				}
				hash(false)
				be.Step()
				hash(true)
			}
			got[l] = h
			return be.Err()
		}
		seeds := make([]uint64, lanes)
		for l := range seeds {
			seeds[l] = uint64(l)
		}
		for b.Loop() {
			errs, err := testbench.RunLanes(d, testbench.SeedLanes(test, seeds...))
			if err != nil {
				b.Fatal(err)
			}
			var bad []string
			for l, err := range errs {
				if err != nil || got[l] != want[l] {
					bad = append(bad, fmt.Sprintf("lane %d: %v, hash %x want %x", l, err, got[l], want[l]))
				}
			}
			if len(bad) > 0 {
				b.Fatal(strings.Join(bad, "\n"))
			}
		}
		b.ReportMetric(float64(b.N*lanes*cycles)/b.Elapsed().Seconds(), "lane-cycles/s")
	})
}
