// Package netlist is systole's intermediate representation: the one data
// structure where every front end (the dsl through elaborate, the text form)
// meets every back end (rtlsim, emit).
//
// A Design is a set of Modules and the name of its top. A Module owns a
// dense table of Nets; everything else refers to nets by NetID. Every net has
// exactly one driver: an input port, a Cell (a combinational operator), a Reg,
// a memory read port, or an output of a child Instance. Every width is
// explicit; the width rules of each operator are declared once, in ops.go, and
// Check enforces them for a design from any source.
//
// Semantics: values are two-state. Arithmetic is modulo 2^width of the
// result. Registers and memories are clocked by their module's clock port on
// the rising edge; a register with a Reset net loads its Init value on a
// clock edge where that net is 1 (synchronous, active high), otherwise loads
// D when its enable is 1 (or always, without an enable). Registers without a
// reset, and memory contents, start at zero.
//
// Memories have synchronous write ports and synchronous read ports: a read
// port with its enable high at a clock edge loads the word at its address
// into its data net, which then holds until the next enabled read. A read of
// an address that is written at the same edge returns the old word
// (read-first), and of two write ports writing one address at one edge the
// later port in Writes wins. An address at or beyond Depth reads as zero and
// writes nothing.
//
// Names are decided here, once, for every back end: Legalize gives each
// module, port, net, memory and instance a name that no back end rejects
// (Reserved words of Verilog, SystemVerilog and C++ escaped, collisions
// resolved, temporaries with TempPrefix) and lists what it changed.
// Conventions applies a chip flow's clock and reset names and reset
// polarity to a design's top module.
package netlist
