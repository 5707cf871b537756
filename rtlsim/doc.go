// Package rtlsim is systole's bit-accurate, two-state, cycle-based simulator
// of a netlist.Design.
//
// Compile checks a design with netlist.Check, flattens its hierarchy into one
// net space (a child's port nets become aliases of the parent nets they are
// connected to), levelizes the combinational cells once, and lowers them to a
// program of instructions over a flat layout of 64-bit words, in which every
// net owns ceil(width/64) words at a fixed offset. Nets of at most 64 bits
// take a one-word fast path; wider nets, of any width, take a multi-word
// path. The interpreter then stores the words by width class (below); the
// lane batch and the compiled mode start from the same flat layout and lay
// it out their own way.
//
// The instruction kinds are declared once, in the table of
// internal/opgen (each kind's operands and one-line kernel, and the
// classes of register the clock edge commits), from which go generate
// writes the interpreter's loops (exec_gen.go), the lane batch's
// (batch_gen.go) and the Go writer's statements (gogen_gen.go). The whole
// clock edge comes from the table too: one-word registers by class, and
// wide registers and memory ports word by word with a class's kernel.
//
// The state is laid out for the structure a generator repeats. The
// registers' Qs are grouped by role (the same register of every instance
// of a module: every PE's partial sum, then every PE's activation, ...),
// the Ds that instructions compute follow in the same order, and the other
// nets of the hot program are ordered by level, then by op (constants by
// value): a grid's nets of one role are consecutive words.
//
// Repeated structure then runs as strided blocks: the instructions of one
// kind and one level are reordered so that those whose operands advance by
// constant strides (the PEs of a row, the first column reading from
// outside the grid) form rows, at a constant stride from one row to the
// next; a block of at least 16 such instructions runs from its first
// instruction's offsets and the strides, without loading the others, and
// where every stride is one word (as the layout makes them) as a loop over
// slices of the state with no bounds to check; rows one word apart whose
// heads (the first column's instructions) run later in the level run as
// one row over them, the heads then overwritten. The clock edge commits the
// one-word registers whose Qs and Ds are both consecutive words (a shift
// chain: each PE's activation is its neighbour's; the registers whose Ds
// instructions compute) with one copy per run, a whole array of rows
// whose heads take their values from elsewhere with one copy over the
// heads (which then commit one by one, after it and after every register
// reading them), and the registers of one
// class whose operands advance by constant strides from their first
// register's offsets; the others one by one, each step of the edge before
// the registers whose Q it reads.
//
// The interpreter's state is stored by width class, as Verilator sizes its
// variables: every word of a net of at most 8, 16 or 32 bits in an array
// of uint8, uint16 or uint32 (the narrowest class of the nets sharing the
// word), in the order of the layout above, so consecutive words stay
// consecutive; the words of nets of 33 to 64 bits, and the words that code
// other than the one-word instructions and register commits reads as flat
// words (multi-word nets and the operands of the multi-word instructions,
// wide registers, memory read data, black-box ports), stay uint64 words.
// The 16x16 core's state is about 10 KB (4,209 bytes, 768 halves, 877
// words of 32 bits and 84 of 64) instead of 47 KB of words. The kernels are
// generic over the element types of the arrays they touch and compiled
// once per combination (Go stencils each of uint8, uint16, uint32 and
// uint64 apart): every load zero-extends, the table's one-line kernel runs
// at 64 bits, and the store truncates (a net's value never has a bit set
// above its width). So that a kind has at most 16 such copies, its words
// fall into two groups whose words share a class (a comparison's result
// and its operands, a multiply-add's factors and its sum: see
// internal/opgen's interpGroups), as do a register's Q and D, and its
// enable and reset: Compile widens the class of a word where a group
// needs it (a wider array holds any narrower value). The blocks are then
// of one kind and one class signature, which picks their loop in one jump
// table. Poke, Peek, tracing, the properties and the memory ports read
// and write each word where it is. In a strided row's loop, an operand
// as wide as its class is sign-extended by the load itself (an int8
// factor of a multiply-add in the uint8 array). Where every word is a
// byte, eight of them are one uint64 (SWAR): a unit-stride run of
// registers commits eight at a time (the register kernels are bitwise,
// an enable or reset times 0xff is its byte mask), and so does a row of
// a bitwise kind, of an addition, a subtraction or an and-with-compare
// (byte-lane kernels of the table, internal/opgen's Kind.Lanes8) when no
// destination of the row is one of its operands (block.lanes: a block
// may be a chain, which computes in order). A run or row of n >= 8 ends
// with its last eight words, some computed already, computed again.
//
// The compiler shares the words of copies (buf, and zext within a word
// count) instead of copying, and fuses multiply-adds: a product of sign- or
// zero-extended operands, extended again and added to an accumulator, is
// one instruction (the whole arithmetic of a systolic PE), and so is an and
// with an inverted input, and an and with a comparison of one-word nets. A
// slice of a wide net within one of its words, and a part of a wide concat
// within one word, are one-word instructions on that word. The program runs
// level by level, each level's instructions grouped by kind into blocks so
// that eval dispatches once per block. Logic that no register, memory port,
// output or other hot instruction reads (the nets a fused instruction
// computes through, and dead logic) moves to a second, lazy program, which
// runs only when such a net is peeked or traced: every net of the design can
// still be peeked, with the value it settles to.
//
// A Sim is then driven like a testbench drives a circuit:
//
//	sim, err := rtlsim.Compile(design)
//	a, _ := sim.Handle("a")
//	sum, _ := sim.Handle("u_add.sum") // instance names joined with '.'
//	sim.Reset()                       // rst held high for one clock edge
//	sim.PokeUint64(a, 3)
//	sim.Step(1)                       // one rising edge of the clock
//	got := sim.PeekUint64(sum)
//
// # Semantics
//
// Every register and memory is clocked by the rising edge of the one global
// clock: the top's clock port, which Step drives and which the user does not
// poke. (Combinational logic that reads the clock net sees 0.) At an edge the
// simulator settles the combinational logic, computes the next value of every
// register (Q <= Reset ? Init : (En ? D : Q)) and of every memory read port
// (read-first: a read sees the word before this edge's writes; an address at
// or beyond the depth reads 0), performs the memory writes in port order (the
// later port wins; out-of-range addresses write nothing), and only then
// commits all new values at once. Registers without a reset start at zero,
// memories at their initial contents (netlist.Mem.Init; zero beyond them). The result of every operator agrees bit for bit
// with netlist.Eval.
//
// Poke, PokeUint64, Peek by Handle, PeekUint64 and Step allocate nothing;
// Peek allocates only the bits.Value it returns (PeekWords appends into a
// caller's slice instead). Combinational logic is settled lazily: a Peek after
// a Poke sees the settled value. A settle runs only what changed: after an
// edge the whole hot program, after pokes alone only the instructions the
// top's inputs reach (the input cone, computed once by Compile: 47 of the
// 16x16 core's 1,485 instructions), every other net keeping the value it
// settled to after the edge. So a testbench that reads the result data
// after the edge and the handshakes after the next pokes pays for one
// settle of the design and one of the cone per cycle, as Verilator, which
// re-evaluates what changed inputs reach, does.
//
// A Sim is not safe for concurrent use.
//
// # Assertions and cover points
//
// The design's properties (netlist.Property: the dsl's Assert, Assume and
// Cover) are checked at every edge, with the values settled just before
// it, where their reset is 0 and their enable 1. A failing assertion or
// assumption stops the simulation before that edge: Step returns early,
// Cycle stays at the failing edge's number, later Steps do nothing, and
// Err and Failure report an *AssertionError naming the message, the cycle,
// the instance and the source position. Covers counts the edges at which
// each cover point was hit. A Batch checks every lane (the first failing
// lane stops all of them) and a compiled model (WriteGo) checks the same
// properties, failing with the same message.
//
// # Lanes
//
// CompileBatch compiles a design into a Batch that simulates several
// independent lanes at once, for regression seeds or sweep points of one
// design: every lane has its own nets, registers, memories and inputs, and
// all lanes take their edges together. It runs the same program as a Sim
// on state laid out by width class and lane-major. The lanes are cut into
// tiles (of 16 to 64 lanes, as many as keep a tile's state within 2 MiB);
// a tile keeps its lanes' words in four planes: a []uint8 plane for the
// words of nets of at most 8 bits, a []uint16 plane for nets of 9 to 16
// bits, a []uint32 plane for nets of 17 to 32 bits (a wider net that
// shares a narrower net's word, a copy, is on the narrower net's plane),
// and a []uint64 plane for nets of 33 to 64 bits and every word of a
// wider net. A word owns one row of its plane, a
// lane's element after another (lane l of row r at r*lanes+l): an 8-bit
// word of 64 lanes is one 64-byte cache line, one AVX-512 vector, a
// 32-bit word of 16 lanes too. The 16x16 int8 core takes about 10 KB of
// state a lane (4,211 rows of 8 bits, 768 of 16, 911 of 32, 51 of 64),
// a fifth of what a uint64 a word took.
//
// Each run of one-word instructions of one kind is dispatched once per
// tile, as a block on one plane, to internal/lanekern's vector kernels
// (AVX-512 or AVX2 assembly, chosen at run time, else portable Go), which
// loop over the tile's lanes; so are the register commits, one class of
// one wave at a time, in place; a plain register (no enable, no reset)
// whose D one instruction writes is not copied at all: its Q and D swap
// rows at every edge, the batch keeping the programs and the places of
// the words of both parities (on the 16x16 core, 544 of the 2,334
// registers). An instruction whose nets are on several planes (the
// multiply-add of two 8-bit nets into a 32-bit sum, an equality of
// 32-bit nets into a bit) runs in a block of its kind and mix of planes
// (lanekern.BlockMix), computed at the widest plane's width (32 bits at
// least), its operands zero-extended as they are loaded and its result
// truncated as it is stored. A register reading a narrower plane's enable, reset or
// D reads a copy of it made before the commits. The concats, slices and
// comparisons of wide nets become one-word instructions computed at 64
// bits (Slice, DepOr, Xor, Or, RedOr: a funnel shift is a Slice and a
// DepOr), mixed blocks where a word is narrower; the other multi-word
// instructions run lane by lane, gathered into a one-lane state. A
// register of more than 64 bits commits as one-word registers of the
// 64-bit plane. Memories are each lane's own, laid out in a tile entry by
// entry and, within an entry's word, lane by lane (a 64-bit word of 64
// lanes is one row of 512 bytes): a port whose lanes all address one
// entry (lanes running the same program on different data) reads or
// writes rows, else it gathers or scatters lane by lane.
//
// PokeLane, PokeUint64Lane, PokeWordsLane, PeekLane, PeekUint64Lane and
// PeekWordsLane take a lane number besides the Handle; Step and Reset act
// on every lane and allocate nothing. PokeLanes sets an input in every
// lane in one call, PeekLanes reads the low 64 bits of a net in every lane
// and PeekWordsLanes all its words (a row copy a word a tile), for a
// testbench that drives or watches every lane: a value of every lane side
// by side, word k of lane l at [k*Lanes()+l]; PokesReach tells whether
// pokes can change a net before the next edge (a testbench holding its
// pokes back may read the others at once). Each lane behaves exactly
// as a Sim on the same stimulus. Step settles each tile right after its
// edge, while its state is in the caches. For a large design the tiles are settled and
// stepped by up to GOMAXPROCS goroutines (SetWorkers changes that, cutting
// the lanes into more tiles where needed). A Batch does not trace.
//
// # Compiled mode
//
// Sim.WriteGo writes the compiled design as the Go source of a package of
// its own: a Model type with the Sim's program and clock edge over a
// fixed-size state, which the Go toolchain compiles with every operand
// resolved (no dispatch). The model stores each net by width class, as
// Verilator does: the nets of at most 8, 16 and 32 bits in arrays of
// uint8, uint16 and uint32, every other word (nets of 33 to 64 bits,
// multi-word nets, the ports, memory ports, wider registers, properties
// and the operands of the multi-word instructions it leaves to its copy
// of the multi-word evaluator) in an array of uint64; the 16x16 core's
// state is about 10 KB instead of 47 KB of words, and the Go compiler
// sign-extends and truncates with the loads and stores. Multi-word
// slices, concatenations, copies, bitwise operations, additions,
// subtractions, muxes and equalities are written word by word; selects
// (mux, enable, reset) become conditional moves; a run of plain
// registers (pipelines, shift chains) whose Qs and Ds lie one after the
// other is one copy, and a run of registers of one reset one test of the
// reset and a fill or a copy; the register commits of a function read a shared
// enable or reset once; a temporary that one later instruction alone
// reads is written into that instruction's expression. Up to 32Ki
// statements (about a 32x32 core) the code is straight-line, one
// statement an instruction or register; a larger design's runs of
// instructions (and registers) of one kind whose words advance by
// constant strides within one width class, which are most of a
// generated array, become loops unrolled by four, so the code grows with
// the number of runs rather than of PEs and stays faster than the
// interpreter at every size (64x64 and 128x128 build in seconds).
// "systole gen --go" writes it for a testbench to import, and "systole
// bench" times it as rtlsim-go (README, "Performance", has the figures).
// The interpreter stays the default: it reaches its first cycle in tens
// of milliseconds and sees every net.
//
// # Black boxes
//
// A black box (netlist.Extern: an SRAM macro, vendor IP) is simulated by
// its DSL model, the body of its module, in every mode; or, in Sim only,
// by a Go Model given to CompileWith by Verilog name (Options.Models),
// which also replaces a DSL model. A Go model's outputs settle with the
// logic: after each settle rtlsim calls every model's Eval and settles the
// logic the outputs reach again, until nothing changes (one round per
// black box on a chain of combinational paths); at each rising edge it
// calls Edge with the settled inputs, before the registers commit. Batch
// and WriteGo refuse a black box that needs a Go model.
//
// # Tracing
//
// TraceVCD writes a Value Change Dump of every named (non-generated) net, one
// $scope per instance, that GTKWave and other viewers open. Scopes and
// nets have the names of the emitted Verilog (netlist.Legalize), as in a
// Verilator or Icarus trace; Handle and error messages use the netlist's. Cycle c (after c
// edges) is at time 10*c ns: the clock rises there and falls at 10*c+5 ns,
// where the inputs poked before the next edge appear.
package rtlsim
