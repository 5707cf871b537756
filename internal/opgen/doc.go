// Package opgen holds rtlsim's table of instruction kinds (Kinds: each
// kind's operands and its one-line kernel) and of register classes
// (RegClasses: how the clock edge commits a one-word register), and
// generates from them the three places that run them: the interpreter's
// Sim.eval and register commits (kernels generic over the element types
// of its state's width classes, see interp.go), the lane batch's kernels (internal/lanekern's
// Block32/Block64 and Next32/Next64) with its Batch.edgeSeq and the flags
// of the kinds whose shifts are widths (batchSh), and the Go writer's
// statements (goGen.stmt, regStmts). A kind is added or
// changed here, once; `go generate ./rtlsim` rewrites rtlsim's *_gen.go
// files, and rtlsim's TestGeneratedUpToDate fails while they are stale.
// Where a kind's kernel is bitwise (a one-bit operand, Kind.Bit, negated
// as a mask) or the kind gives a byte-lane kernel (Kind.Lanes8), and
// for every register class (bitwise), the interpreter's loops over bytes
// compute eight words in a uint64 (byteLanes, swarRun).
//
// GenerateLanekern writes internal/lanekern's kinds, register classes and
// portable kernels at each width of Widths (`go generate
// ./internal/lanekern`, checked by lanekern's TestGeneratedUpToDate);
// lanekern's assembly is generated from the same table by its _asm
// program, and records TableHash.
package opgen
