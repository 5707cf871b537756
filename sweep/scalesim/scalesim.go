package scalesim

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// This file is SCALE-Sim's arithmetic: the compute cycles that SCALE-Sim
// v2 (scalesim/compute/systolic_compute_{ws,os,is}.py) reports for a GEMM
// on an R×C array with ideal memory (no stall cycles), which the sweep
// sets beside the simulated count. v3 reports the same for a dense GEMM
// (its compute files build the same demand matrices, adding structured
// sparsity in ws); the tests pin runs of both.
//
// SCALE-Sim maps C = A×B (A M×K, B K×N) to two spatial dimensions Sr×Sc
// and a temporal one T, and folds Sr onto the R rows and Sc onto the C
// columns:
//
//	dataflow  Sr  Sc  T   one fold's demand rows
//	ws        K   N   M   R (weights in) + T + C-1 (drain), skewed by R-1: 2R + C + T - 2
//	is        K   M   N   the same as ws with A and B swapped:              2R + C + T - 2
//	os        M   N   K   T + R-1 (drain), skewed by C-1:                    R + C + T - 2
//
// The folds run one after the other, and SCALE-Sim reports the 0-based
// cycle of the last output write (double_buffered_scratchpad's
// total_cycles), one less than their sum:
//
//	cycles = ceil(Sr/R) * ceil(Sc/C) * fold - 1
//
// testdata holds runs of SCALE-Sim v2 itself that the
// tests hold this to; docs/sweep.md compares it with the core.

// Dataflows are the dataflows SCALE-Sim models; the core has ws
// and os.
var Dataflows = []string{"ws", "os", "is"}

// Folds returns SCALE-Sim's fold count for g on a rows×cols
// array and the cycles of one fold (see the file comment).
func Folds(dataflow string, rows, cols int, g workload.GEMM) (folds, fold int, err error) {
	if rows < 1 || cols < 1 {
		return 0, 0, fmt.Errorf("sweep: scalesim: a %dx%d array", rows, cols)
	}
	switch dataflow {
	case "ws":
		return ceilDiv(g.K, rows) * ceilDiv(g.N, cols), 2*rows + cols + g.M - 2, nil
	case "is":
		return ceilDiv(g.K, rows) * ceilDiv(g.M, cols), 2*rows + cols + g.N - 2, nil
	case "os":
		return ceilDiv(g.M, rows) * ceilDiv(g.N, cols), rows + cols + g.K - 2, nil
	}
	return 0, 0, fmt.Errorf("sweep: scalesim: dataflow %q: want ws, os or is", dataflow)
}

// V2Cycles is the total cycle count SCALE-Sim v2 (and v3)
// reports for g on a rows×cols array of the dataflow (ws, os or is) with
// no stall cycles: folds × fold − 1.
func V2Cycles(dataflow string, rows, cols int, g workload.GEMM) (int, error) {
	folds, fold, err := Folds(dataflow, rows, cols, g)
	if err != nil {
		return 0, err
	}
	return folds*fold - 1, nil
}

// Cycles is V2Cycles for c's array and dataflow.
func Cycles(c systolic.Config, g workload.GEMM) int {
	n, err := V2Cycles(string(c.Dataflow), c.Rows, c.Cols, g)
	if err != nil {
		return 0 // not a dataflow SCALE-Sim models; Validate rejects it first
	}
	return n
}

// ISCycles is SCALE-Sim v2's estimate for g on c's array in the
// input-stationary dataflow, which the core does not have: a column to
// compare the dataflows by.
func ISCycles(c systolic.Config, g workload.GEMM) int {
	n, _ := V2Cycles("is", c.Rows, c.Cols, g)
	return n
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }
