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
