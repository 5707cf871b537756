package sweep

import "github.com/systole-hdl/systole/cores/systolic"

// This file holds the analytical figures the simulated cycles are set
// beside: the core's own documented formula, and SCALE-Sim's.

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Tiles is the number of tiles (ws: weight tiles, each one batch of M
// rows; os: output tiles, each K k-steps) the tiling driver streams for g.
func Tiles(c systolic.Config, g GEMM) int {
	if c.Dataflow == systolic.OS {
		return ceilDiv(g.M, c.Rows) * ceilDiv(g.N, c.Cols)
	}
	return ceilDiv(g.K, c.Rows) * ceilDiv(g.N, c.Cols)
}

// MappingEfficiency is the fraction of the MACs the array performs on
// the tiles (padded to whole tiles) that belong to the GEMM.
func MappingEfficiency(c systolic.Config, g GEMM) float64 {
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
// ws: WSCycles(T, M) holds exactly when every batch has at least
// Rows + max(Cols-1, 1) rows, so that the next weight tile loads during
// the batch; a shorter batch waits for its tile, and the formula becomes
// (T-1)*max(M, Rows+max(Cols-1, 1)) + M + WSLatency(), stated with a
// tolerance of one cycle per boundary. os: OSCycles(T, K), exact.
func FormulaCycles(c systolic.Config, g GEMM) (cycles, tol int) {
	t := Tiles(c, g)
	if c.Dataflow == systolic.OS {
		return c.OSCycles(t, g.K), 0
	}
	minRows := c.Rows + max(c.Cols-1, 1)
	if g.M >= minRows {
		return c.WSCycles(t, g.M), 0
	}
	return (t-1)*minRows + g.M + c.WSLatency(), t - 1
}

// ScaleSimCycles is SCALE-Sim's analytical runtime for g on an array of
// c's shape and dataflow (Samajdar et al., "A Systematic Methodology for
// Characterizing Scalability of DNN Accelerators using SCALE-Sim",
// ISPASS 2020, eqs. 1-3): the GEMM maps to spatial dimensions Sr×Sc and a
// temporal one T (os: Sr=M, Sc=N, T=K; ws: Sr=K, Sc=N, T=M), folded onto
// the R×C array, each fold taking 2R + C + T - 2 cycles, one after the
// other:
//
//	ceil(Sr/R) * ceil(Sc/C) * (2R + C + T - 2)
//
// docs/sweep.md explains why it differs from the simulated count.
func ScaleSimCycles(c systolic.Config, g GEMM) int {
	sr, sc, t := g.K, g.N, g.M
	if c.Dataflow == systolic.OS {
		sr, sc, t = g.M, g.N, g.K
	}
	return ceilDiv(sr, c.Rows) * ceilDiv(sc, c.Cols) * (2*c.Rows + c.Cols + t - 2)
}
