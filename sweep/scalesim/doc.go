// Package scalesim is SCALE-Sim's arithmetic: the compute cycles that
// SCALE-Sim v2 (and v3, the same for a dense GEMM) reports for a GEMM on an
// R×C array in the weight-, output- and input-stationary dataflows with
// ideal memory, exactly, so that the sweep can set its simulated cycles
// beside them. The tests pin it to runs of SCALE-Sim itself, kept in
// testdata with how they were made; docs/sweep.md compares it with the
// core.
package scalesim
