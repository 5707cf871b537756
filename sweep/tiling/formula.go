package tiling

import (
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// This file holds the analytical figures the simulated cycles are set
// beside: the core's own documented formula, and SCALE-Sim's.

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Tiles is the number of tiles (ws: batches, each a weight tile and rows
// of A, see schedule.go: ⌈K/Rows⌉·⌈N/Cols⌉ without an accumulator, times
// ⌈M/acc_rows⌉ with one; os: output tiles, each K k-steps) the tiling
// driver streams for g.
func Tiles(c systolic.Config, g workload.GEMM) int {
	if c.Dataflow == systolic.OS {
		return ceilDiv(g.M, c.Rows) * ceilDiv(g.N, c.Cols)
	}
	return newWSSchedule(c, g, c.AccRows).batches()
}

// MappingEfficiency is the fraction of the MACs the array performs on
// the tiles (padded to whole tiles) that belong to the GEMM.
func MappingEfficiency(c systolic.Config, g workload.GEMM) float64 {
	var padded int64
	if c.Dataflow == systolic.OS {
		padded = int64(ceilDiv(g.M, c.Rows)*c.Rows) * int64(g.K) * int64(ceilDiv(g.N, c.Cols)*c.Cols)
	} else {
		padded = int64(g.M) * int64(ceilDiv(g.K, c.Rows)*c.Rows) * int64(ceilDiv(g.N, c.Cols)*c.Cols)
	}
	return float64(g.MACs()) / float64(padded)
}

// FormulaCycles is the core's documented cycle count for g's tiles
// streamed back to back with c_ready held at 1 (systolic.Config.WSCycles
// and OSCycles), and the tolerance within which the simulation must
// match it.
//
// ws: WSCycles(T, M) holds exactly when every batch has M rows, at least
// Rows + max(Cols-1, 1), so that the next weight tile loads during the
// batch; a shorter batch waits for its tile, one cycle of tolerance for
// each such boundary, and batches of an accumulating core come in
// chunks of acc_rows rows (wsSchedule.cycles has the general sum). os:
// OSCycles(T, K), exact.
func FormulaCycles(c systolic.Config, g workload.GEMM) (cycles, tol int) {
	if c.Dataflow == systolic.OS {
		return c.OSCycles(Tiles(c, g), g.K), 0
	}
	return newWSSchedule(c, g, c.AccRows).cycles(c)
}
