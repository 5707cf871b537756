// Package tiling is the sweep's tiling driver: it runs a whole GEMM of any
// size on a systolic core behind a testbench, as tiles streamed back to
// back (RunGEMM), checks every element of C against a plain-Go product in
// the core's order of accumulation, and counts what the RTL did on every
// clock edge (Activity: MACs, register bits written, memory bits read and
// written) for the energy model. Simulate runs the GEMMs of one point on
// one compiled core, on the lanes of one rtlsim batch when a cost model
// deems that faster.
//
// Beside the simulation it holds what the driver's schedule implies in
// closed form: the tiles (Tiles), the core's documented cycle formula for
// them (FormulaCycles, with the tolerance the simulation is held to), the
// mapping efficiency, and the memory traffic of the operand buffers and
// DRAM (GEMMTraffic).
package tiling
