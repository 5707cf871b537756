package examples

import (
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// FIFO is a synchronous first-in, first-out queue of Depth words of Width
// bits, with valid/ready streams on both sides.
//
// Ports (see dsl.Stream; N is bits.Len(Depth)):
//
//	in_valid, in_data    input  Bool, UInt(Width)   words to store
//	in_ready             output Bool                there is room: count < Depth
//	out_valid, out_data  output Bool, UInt(Width)   the oldest word
//	out_ready            input  Bool                the consumer takes it
//	count                output UInt(N)             words held, 0..Depth
//
// A word moves on a rising edge where valid and ready are both 1. in_ready
// and out_valid depend only on the FIFO's state, never combinationally on
// the other side, so the FIFO cuts every path between its two streams;
// out_data holds from the edge out_valid rises until the transfer. A full
// FIFO refuses input even on an edge that removes a word, and a word pushed
// into an empty FIFO reaches out_valid two edges later; from Depth 3 on the
// FIFO sustains one transfer per cycle. Reset empties the FIFO.
//
// It is the library's queue (lib.Queue) with its memory storage, under
// this example's name: the words live in a memory with a synchronous read
// port, whose data changes one edge after the read is enabled, used as the
// output register: it reads the oldest stored word ahead of time
// ("show-ahead") whenever the output register is empty or being emptied,
// so out_data comes straight from a register and is ready whenever
// out_valid is.
type FIFO struct {
	Width, Depth int
}

// Build implements dsl.Generator.
func (c FIFO) Build(m *dsl.Module) {
	dsl.Helper()
	lib.Queue{Width: c.Width, Depth: c.Depth}.Build(m)
}
