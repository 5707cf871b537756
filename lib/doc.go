// Package lib is systole's library of parameterized blocks, written with
// package dsl and used by the cores and examples instead of writing their
// own: queues, skid buffers, delay lines, counters, an arbiter, and
// packing. Each block has tests against a plain-Go reference model (the
// *Model types and PackValues/UnpackValues), which testbenches may use
// too.
//
// Streams follow dsl.Stream (AXI-Stream rules): a word moves on a rising
// edge where valid and ready are both 1. A block's module name is its
// Name field when set (a core names its blocks after its top, so two cores
// can share a design), otherwise made from its parameters.
//
// # Queue
//
// A show-ahead FIFO of Depth >= 1 words of Width bits (N = bits.Len(Depth)):
//
//	in_valid, in_data    input  Bool, UInt(Width)   words to store
//	in_ready             output Bool                count < Depth
//	out_valid, out_data  output Bool, UInt(Width)   the oldest word, shown ahead
//	out_ready            input  Bool                the consumer takes it
//	count                output UInt(N)             words held, 0..Depth
//
// in_ready depends only on the queue's state: a full queue refuses a word
// even on an edge that removes one. Storage is a memory by default: its
// synchronous read port is the output register, so out_valid and out_data
// come straight from registers, a word pushed into an empty queue is valid
// two edges later, and from Depth 3 on the queue moves one word per cycle.
// With Regs the words are registers and out_data a mux over them (one
// edge of latency, a word per cycle from Depth 2). With Flow, a word
// offered to an empty queue is on out in the same cycle (no latency;
// out_valid and out_data then depend combinationally on in_valid and
// in_data, never on out_ready). Reset empties the queue. With SRAM the
// memory is a Mem1R1W instance (below), same behaviour.
//
// # Memories a chip flow can replace (Mem1R1W)
//
// Mem1R1W{Depth, Width, Prefix} is a memory of Depth (1..limits.MemDepth)
// words of Width bits in a module of its own, named
// Prefix + "mem_<Depth>x<Width>_1r1w", with one uniform interface
// (A = AddrWidth() = ceil(log2 Depth), at least 1):
//
//	clk      input  Bool       the clock (no reset: SRAMs have none)
//	wr_en    input  Bool       write wr_data at wr_addr on this edge
//	wr_addr  input  UInt(A)
//	wr_data  input  UInt(Width)
//	rd_en    input  Bool       read rd_addr on this edge
//	rd_addr  input  UInt(A)
//	rd_data  output UInt(Width) registered: the word at rd_addr on the
//	                            last edge with rd_en=1, held while rd_en=0
//
// Words start at zero in simulation and are never reset. The module is
// replaceable (dsl.Module.Replaceable): the Verilog defines it inside
// `ifndef <NAME>_EXTERN ... `endif, NAME the module name upper-cased, so
// a chip flow defines that macro and adds its own module of that name and
// ports (a wrapper of an SRAM macro) instead, while rtlsim, and Verilator
// or Icarus without the macro, run the built-in body. Instance(m, name)
// instantiates it and adds to m the assertions that make a macro's
// read-during-write and out-of-range behaviour irrelevant: a read and a
// write of one address never happen on one edge, and (for a depth that is
// not a power of two) no enabled address reaches Depth. They sit in m,
// outside the guard, so they stay when the macro is swapped in.
// Mem1R1WModel is the reference model.
//
// # Skid
//
// A skid buffer of Width bits: in_valid, in_data, out_ready in; in_ready,
// out_valid, out_data out. Every output is a register (in_ready is "the
// skid slot is empty"), so it cuts all combinational paths between the
// two streams, ready included, and still moves one word per cycle with
// one edge of latency; when out stalls, the word offered that cycle waits
// in the skid slot.
//
// # Delay lines
//
// Taps(m, name, v, n, opts...) adds n registers inside the caller's module
// and returns every stage (stage i is v delayed i+1 edges); Delay returns
// the last. dsl.Enable(en) in opts makes the line move only on edges where
// en is 1; dsl.Init(0) gives the stages a reset. Skew delays each lane of
// a Vec by its own count (a triangular skew buffer, a deskew buffer). The
// module ShiftRegister has in (UInt(Width)), en (Bool, with Enable) and
// out: in delayed Stages enabled edges.
//
// # Counters
//
// WrapCounter(m, name, n, inc) adds a register counting 0..n-1 and
// wrapping on edges where inc is 1, and returns it with its terminal count
// (last: the count is n-1). The module Counter has up (and down, with
// Down) in and value, last (value = N-1) and, with Down, first (value = 0)
// out; up and down together hold.
//
// # Arbiter
//
// A round-robin arbiter of N requesters (1..MaxArbiterN): req UInt(N) and
// take Bool in; grant UInt(N) (one-hot, 0 when nobody asks), grant_index
// and valid (someone asks) out, all combinational from req and the
// priority register. It grants the first requester after the one granted
// last, wrapping; on an edge where take and valid are 1 the grant is
// recorded, so a requester that keeps asking is served within N grants.
// After reset requester 0 comes first.
//
// # Pack and Unpack
//
// Packing is part of the dsl: dsl.Vec's Pack and dsl.Unpack put element e
// of width W at bits [e*W +: W] (element 0 in the low bits), and Vec
// ports (dsl.Module.InputVec, OutputVec) are packed buses. PackValues and
// UnpackValues are their reference model, for testbenches.
package lib
