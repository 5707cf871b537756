// Package lanekern runs rtlsim's one-word instructions and register
// commits over many simulation lanes at once, on lane-major planes: the
// kernels of a lane batch.
//
// A plane holds the nets of one width class: class 8 ([]uint8) for nets of
// at most 8 bits, class 16 ([]uint16) for nets of at most 16 bits, class
// 32 ([]uint32) for nets of at most 32 bits, class 64 ([]uint64) for nets
// of 33 to 64 bits. A net owns lanes consecutive
// elements of its class's plane (lane l of the net at offset o is
// plane[o+l]); lanes is a multiple of 16, at least 16.
//
// Block8, Block16, Block32 and Block64 run a block of instructions of one Kind, in order
// (an instruction reads what an earlier one of the block wrote); Commit32
// and Commit64 commit a block of registers of one RegClass in place,
// register after register (for registers ordered so that none reads a Q
// committed before it in the same cycle, as rtlsim's waves are); Next32
// and Next64 compute their next values instead, for the caller to copy
// into the registers all at once (a ring of registers needs that); and
// so do Commit8, Next8, Commit16 and Next16. BlockMix runs a block of instructions whose
// nets are on planes of different classes (Planes, Mix: an 8x8-bit
// product accumulated into 32 bits, a comparison of 32-bit nets into a
// bit of the 8-bit plane), computed at the widest class, the operands
// zero-extended as they are loaded and the result truncated as it is
// stored. The
// kinds and classes are those of internal/opgen's table, in its order
// (Kind(i) is opgen.Kinds[i], RegClass(i) is opgen.RegClasses[i]), and
// each kernel has the table's meaning at the class width: class 64 runs
// the table's expressions as they are, class 32 the same expressions on
// 32-bit words (shifts by 32 or more give 0, or the sign; Sh and Sh2 of
// the sign-extending kinds are 32 minus a width), class 16 on 16-bit
// words, class 8 on bytes.
//
// The portable Go kernels are generated from the table (go generate
// ./internal/lanekern); on amd64, kernels in assembly for AVX2 and
// AVX-512, generated from the same table by the avo program in _asm,
// replace them where they exist (class 8: on bytes, in the widest
// vectors the lanes fill: 64 lanes a vector with AVX-512 BW, 32 with
// AVX2, 16 in 128-bit registers, for the kinds without shifts or
// products and every register class, the others computed at 32 bits;
// class 16 likewise on 16-bit words, 32 lanes a vector with AVX-512 BW
// and 16 with AVX2, every kind but, with AVX2, the shifts lane by lane,
// the rest computed at 32 bits; every mix of classes 8, 16 and 32 at 32
// bits, and the mixes at 64 bits of the kinds rtlsim lowers wide slices
// and concats to, of Shr and of DepSet: stored truncated by VPMOVDB/DW/QB/QW/QD with AVX-512,
// by a VPSHUFB and an OR of the halves with AVX2), chosen at init from
// the CPU's features (Impl names the choice; SetImpl forces one; build
// tag purego leaves the assembly out). Every implementation gives the
// same results, bit for bit, on any words (also outside what a compiler
// emits: shifts of the width or more, selects and enables of more than
// one bit).
package lanekern
