package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"syscall"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/tiling"
	"github.com/systole-hdl/systole/sweep/workload"
	"github.com/systole-hdl/systole/testbench"
)

// gemmShape is --gemm's form: MxKxN.
var gemmShape = regexp.MustCompile(`^[0-9]+[xX][0-9]+[xX][0-9]+$`)

// parseGEMM parses --gemm MxKxN, within the GEMM limits.
func parseGEMM(s string) (workload.GEMM, error) {
	if !gemmShape.MatchString(s) {
		return workload.GEMM{}, usagef("--gemm %q: want MxKxN (C = A×B with A M×K and B K×N), such as 64x96x48", s)
	}
	gs, err := workload.ParseWorkload(s)
	if err != nil {
		return workload.GEMM{}, usageError{err.Error()}
	}
	g := gs[0]
	g.Name = "gemm"
	return g, nil
}

// gemmResult is what systole sim --gemm reports.
type gemmResult struct {
	Top           string  `json:"top"`
	Backend       string  `json:"backend"`
	Seed          uint64  `json:"seed"`
	M             int     `json:"m"`
	K             int     `json:"k"`
	N             int     `json:"n"`
	Pass          bool    `json:"pass"`
	Error         string  `json:"error,omitempty"`
	Tiles         int     `json:"tiles"` // ws: batches; os: output tiles
	Elements      int64   `json:"elements_checked"`
	Cycles        int     `json:"cycles"`
	FormulaCycles int     `json:"formula_cycles"`
	FormulaTol    int     `json:"formula_tol"`
	MACsPerCycle  float64 `json:"macs_per_cycle"`
	Utilization   float64 `json:"utilization"`
	VCD           string  `json:"vcd,omitempty"`
}

// simGEMM runs g through the core c on the backend with the tiling
// driver (sweep/tiling), every element of C checked against the
// reference. The VCD named vcd goes to trace, which the caller commits.
func simGEMM(c systolic.Config, g workload.GEMM, backend string, seed uint64, vcd string, trace io.Writer) (gemmResult, error) {
	res := gemmResult{Backend: backend, Seed: seed, M: g.M, K: g.K, N: g.N, Tiles: tiling.Tiles(c, g), VCD: vcd}
	res.FormulaCycles, res.FormulaTol = tiling.FormulaCycles(c, g)
	be, top, err := coreBackend(c, backend, trace)
	res.Top = top
	if err != nil {
		return res, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sim, runErr := tiling.RunGEMM(ctx, testbench.New(be, seed), c, g, seed)
	if err := be.Close(); runErr == nil {
		runErr = err
	}
	if ctx.Err() != nil {
		return res, fmt.Errorf("interrupted: %w", ctx.Err())
	}
	res.Pass = runErr == nil
	if runErr != nil {
		res.Error = runErr.Error()
		return res, nil
	}
	res.Elements, res.Cycles = sim.Elements, sim.Cycles
	res.MACsPerCycle = float64(g.MACs()) / float64(sim.Cycles)
	res.Utilization = res.MACsPerCycle / float64(c.Rows*c.Cols)
	if diff := sim.Cycles - res.FormulaCycles; diff > res.FormulaTol || -diff > res.FormulaTol {
		res.Pass = false
		res.Error = fmt.Sprintf("timing: %d simulated cycles, formula %d ± %d", sim.Cycles, res.FormulaCycles, res.FormulaTol)
	}
	return res, nil
}

func printGEMM(w io.Writer, c systolic.Config, r gemmResult) {
	verdict := "PASS"
	if !r.Pass {
		verdict = "FAIL"
	}
	unit := "batches"
	if c.Dataflow == systolic.OS {
		unit = "output tiles"
	}
	fmt.Fprintf(w, "%s %s on %s (seed %d): GEMM %dx%dx%d as %d %s, %d elements of C checked against the reference model\n",
		verdict, r.Top, r.Backend, r.Seed, r.M, r.K, r.N, r.Tiles, unit, r.Elements)
	if r.Error != "" {
		fmt.Fprintf(w, "  %s\n", r.Error)
	}
	if r.Cycles > 0 {
		fmt.Fprintf(w, "  %d cycles (formula %d ± %d), %.2f MACs/cycle, utilization %.1f%% of %d PEs\n",
			r.Cycles, r.FormulaCycles, r.FormulaTol, r.MACsPerCycle, 100*r.Utilization, c.Rows*c.Cols)
	}
	if r.VCD != "" {
		fmt.Fprintf(w, "wrote %s\n", r.VCD)
	}
}
