package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
)

// ElabResult is the generator's cost for one array size: description
// (systolic.New) to emitted Verilog.
type ElabResult struct {
	Rows         int     `json:"rows"`
	Cols         int     `json:"cols"`
	Seconds      float64 `json:"seconds"`
	Elaborate    float64 `json:"elaborate_s"`
	Emit         float64 `json:"emit_s"`
	VerilogBytes int     `json:"verilog_bytes"`
	// PeakMiB is the peak resident memory of the process that did only
	// this size (0 where the OS does not report it).
	PeakMiB float64 `json:"peak_mib"`
	// PerPEMicros is Seconds per PE, in microseconds: flat when the time
	// grows linearly with rows*cols.
	PerPEMicros float64 `json:"us_per_pe"`
}

// ElabOne elaborates and emits the core c in this process.
func ElabOne(c systolic.Config) (ElabResult, error) {
	r := ElabResult{Rows: c.Rows, Cols: c.Cols}
	t0 := time.Now()
	g, err := systolic.New(c)
	if err != nil {
		return r, err
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		return r, err
	}
	t1 := time.Now()
	v, err := emit.Verilog(d)
	if err != nil {
		return r, err
	}
	r.Elaborate, r.Emit = t1.Sub(t0).Seconds(), since(t1)
	r.Seconds = r.Elaborate + r.Emit
	r.VerilogBytes = len(v)
	r.PerPEMicros = 1e6 * r.Seconds / float64(c.Rows*c.Cols)
	return r, nil
}

// Elab runs ElabOne for every size n (an n×n array of c's other
// parameters) in a child process of its own, so each peak memory is that
// size's alone. child returns the command that runs ElabOne for one
// config and prints its ElabResult as JSON on stdout.
func Elab(ctx context.Context, c systolic.Config, sizes []int, child func(ctx context.Context, c systolic.Config) *exec.Cmd) ([]ElabResult, error) {
	var out []ElabResult
	for _, n := range sizes {
		cn := c
		cn.Rows, cn.Cols = n, n
		if err := cn.Validate(); err != nil {
			return out, err
		}
		cmd := child(ctx, cn)
		data, err := cmd.Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				err = fmt.Errorf("%w: %s", err, ee.Stderr)
			}
			return out, fmt.Errorf("bench: elaborating %dx%d: %w", n, n, err)
		}
		var r ElabResult
		if err := json.Unmarshal(data, &r); err != nil {
			return out, fmt.Errorf("bench: elaborating %dx%d: %w", n, n, err)
		}
		r.PeakMiB = peakMiB(cmd)
		out = append(out, r)
	}
	return out, nil
}
