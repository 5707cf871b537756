package testbench_test

import (
	"fmt"
	"log"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/testbench"
)

// A testbench for a FIFO: a Source feeds its input stream with random gaps,
// a Sink drains its output stream under random backpressure, Monitors check
// the stream rules on both sides, and a Scoreboard checks that the words
// come out in order. The same code runs on Verilator with
// testbench.NewVerilator in place of NewRTLSim.
func Example() {
	design := elaborate.MustElaborate(examples.FIFO{Width: 8, Depth: 4})
	be, err := testbench.NewRTLSim(design)
	if err != nil {
		log.Fatal(err)
	}
	defer be.Close()

	const seed = 1
	b := testbench.New(be, seed)
	in := testbench.NewStream("in", "data")   // in_valid, in_ready, in_data
	out := testbench.NewStream("out", "data") // out_valid, out_ready, out_data
	src := testbench.NewSource(b, in, 0.3)    // idle 30% of the cycles
	testbench.NewMonitor(b, in)
	sink := testbench.NewSink(b, out, 0.5) // not ready half of the cycles
	testbench.NewMonitor(b, out)
	sb := testbench.NewScoreboard(b, sink)

	r := b.Rand("words")
	for range 20 {
		w := r.Uint64N(256)
		src.PushUint64(w)  // the reference model of a FIFO: what goes in
		sb.ExpectUint64(w) // comes out, in order
	}
	b.Reset()
	if err := b.Run(1000); err != nil { // until every beat is through
		log.Fatalf("seed %d: %v", seed, err)
	}
	fmt.Printf("%d words in order in %d cycles; first %v\n", sb.Matched(), b.Cycle(), sink.Beats()[0])
	// Output: 20 words in order in 38 cycles; first [8'h59]
}

// The FIFO test of the Example on four seeds at once: every seed runs on
// its own lane of one compiled rtlsim batch, in lockstep with the others,
// and sees exactly what it would see alone (seed 1 takes the 38 cycles it
// takes in the Example). The lanes share each evaluation of the design and
// each clock edge.
func ExampleRunLanes() {
	design := elaborate.MustElaborate(examples.FIFO{Width: 8, Depth: 4})
	in := testbench.NewStream("in", "data")
	out := testbench.NewStream("out", "data")
	seeds := []uint64{1, 2, 3, 4}
	cycles := make([]uint64, len(seeds))

	var lanes []testbench.Lane
	for i, seed := range seeds {
		lanes = append(lanes, testbench.Lane{Seed: seed, Test: func(b *testbench.Bench) error {
			src := testbench.NewSource(b, in, 0.3)
			testbench.NewMonitor(b, in)
			sink := testbench.NewSink(b, out, 0.5)
			testbench.NewMonitor(b, out)
			sb := testbench.NewScoreboard(b, sink)
			r := b.Rand("words")
			for range 20 {
				w := r.Uint64N(256)
				src.PushUint64(w)
				sb.ExpectUint64(w)
			}
			b.Reset() // this lane's rst only
			if err := b.Run(1000); err != nil {
				return err
			}
			cycles[i] = b.Cycle()
			return nil
		}})
	}
	errs, err := testbench.RunLanes(design, lanes)
	if err != nil {
		log.Fatal(err)
	}
	for i, err := range errs {
		if err != nil {
			fmt.Printf("seed %d: %v\n", seeds[i], err)
			continue
		}
		fmt.Printf("seed %d: 20 words in order in %d cycles\n", seeds[i], cycles[i])
	}
	// Output:
	// seed 1: 20 words in order in 38 cycles
	// seed 2: 20 words in order in 40 cycles
	// seed 3: 20 words in order in 44 cycles
	// seed 4: 20 words in order in 47 cycles
}

// ExampleRunLanesProbe counts, in every lane at once, the edges on which
// the FIFO's output handshake transfers a word: a Probe reads out_valid
// and out_ready of all the lanes just before every edge.
func ExampleRunLanesProbe() {
	design := elaborate.MustElaborate(examples.FIFO{Width: 8, Depth: 4})
	in := testbench.NewStream("in", "data")
	out := testbench.NewStream("out", "data")
	seeds := []uint64{1, 2, 3}
	var lanes []testbench.Lane
	for _, seed := range seeds {
		lanes = append(lanes, testbench.Lane{Seed: seed, Test: func(b *testbench.Bench) error {
			src := testbench.NewSource(b, in, 0.3)
			sink := testbench.NewSink(b, out, 0.5)
			sb := testbench.NewScoreboard(b, sink)
			for w := range uint64(10 * seed) {
				src.PushUint64(w)
				sb.ExpectUint64(w)
			}
			b.Reset()
			return b.Run(1000)
		}})
	}
	transfers := make([]int, len(lanes))
	probe := testbench.Probe{Nets: []string{"out_valid", "out_ready"}, Edge: func(peek func(i int) []uint64) {
		valid := append([]uint64(nil), peek(0)...) // peek(1) reuses the slice
		for l, ready := range peek(1) {
			transfers[l] += int(valid[l] & ready)
		}
	}}
	errs, err := testbench.RunLanesProbe(design, lanes, probe)
	if err != nil {
		log.Fatal(err)
	}
	for l, err := range errs {
		fmt.Printf("seed %d: %v, %d words out\n", seeds[l], err, transfers[l])
	}
	// Output:
	// seed 1: <nil>, 10 words out
	// seed 2: <nil>, 20 words out
	// seed 3: <nil>, 30 words out
}
