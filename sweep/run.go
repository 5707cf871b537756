package sweep

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/sweep/energy"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/scalesim"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/synth"
	"github.com/systole-hdl/systole/sweep/tiling"
	"github.com/systole-hdl/systole/sweep/workload"
)

// Options control a run.
type Options struct {
	Jobs  int         // points run in parallel; 0 for runtime.NumCPU()
	Shard spec.Shard  // the share of the points to run
	Lint  bool        // lint every point with Verilator
	Synth bool        // synthesize every point with Yosys
	Cache synth.Cache // tool results by parameter hash; "" for none
	// Done holds the keys of rows already finished (--resume): a point
	// whose every row is done is skipped.
	Done map[string]bool
	// OnRows is called, one point at a time, with the rows of each
	// finished point, as soon as it finishes.
	OnRows func([]report.Row)
	// Progress, when not nil, gets a progress bar with an ETA.
	Progress io.Writer
	// Lanes is the number of lanes of one rtlsim batch that simulate the
	// GEMMs of a point, each lane taking the next GEMM when it finishes
	// one (the rows are the same for any number): 1 runs them one after
	// the other on a single-lane simulation, L > 1 on up to L lanes, and
	// 0 picks the number a cost model deems fastest.
	Lanes int
}

// Run runs the spec's points of opts.Shard on opts.Jobs goroutines and
// returns their rows, in the spec's order. When ctx ends it stops,
// dropping the points in flight, and returns the finished rows with
// ctx's error.
func Run(ctx context.Context, s spec.Spec, opts Options) ([]report.Row, error) {
	pts, gemms, err := s.Points()
	if err != nil {
		return nil, err
	}
	hash, err := s.Hash()
	if err != nil {
		return nil, err
	}
	var todo []spec.Point
	for _, p := range pts {
		if !opts.Shard.Has(p.Index) {
			continue
		}
		done := true
		for _, g := range gemms {
			done = done && opts.Done[p.Key()+"|"+g.Name]
		}
		if !done {
			todo = append(todo, p)
		}
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	work := make(chan spec.Point)
	results := make(chan []report.Row)
	var wg sync.WaitGroup
	for range min(jobs, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rows := runPoint(ctx, p, gemms, s.Seed, s.Buffer(), opts)
				if ctx.Err() != nil {
					rows = nil // a point cut short is not finished
				}
				stamp(rows, hash, s.Seed, opts.Shard)
				results <- rows
			}
		}()
	}
	go func() {
		defer close(work)
		for _, p := range todo {
			select {
			case work <- p:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var all []report.Row
	n := 0
	bar := newProgress(opts.Progress, len(todo))
	for rows := range results {
		n++
		if rows != nil {
			all = append(all, rows...)
			if opts.OnRows != nil {
				opts.OnRows(rows)
			}
		}
		bar.show(n)
	}
	bar.finish()
	report.SortRows(all)
	return all, ctx.Err()
}

// runPoint elaborates, checks and simulates one point on every GEMM.
func runPoint(ctx context.Context, p spec.Point, gemms []workload.GEMM, seed uint64, buffer int64, opts Options) []report.Row {
	c := p.Config
	outFormat := systolic.Int
	if _, ok := c.Float(); ok {
		outFormat = cmp.Or(c.OutFormat, "fp32")
	}
	rows := make([]report.Row, len(gemms))
	for i, g := range gemms {
		rows[i] = report.Row{Point: p.Key(), Rows: c.Rows, Cols: c.Cols, InWidth: c.InWidth, AccWidth: c.AccWidth,
			Signed: c.Signed, Dataflow: string(c.Dataflow), Format: cmp.Or(c.Format, systolic.Int), AccRows: c.AccRows,
			Bias: c.Bias, ReLU: c.ReLU, OutFormat: outFormat, OutWidth: c.OutWidth,
			Workload: g.Name, M: g.M, K: g.K, N: g.N, Status: "ok", MACs: g.MACs(), Lint: "skipped", Synth: "skipped"}
	}
	var pointErrs []error
	fail := func(err error) []report.Row {
		pointErrs = append(pointErrs, err)
		for i := range rows {
			setError(&rows[i], errors.Join(pointErrs...))
		}
		return rows
	}
	gen, err := systolic.New(c)
	if err != nil {
		return fail(err)
	}
	d, err := elaborate.Elaborate(gen)
	if err != nil {
		return fail(err)
	}
	lp, err := netlist.LongestPath(d)
	if err != nil {
		return fail(err)
	}
	verilog, err := emit.Verilog(d)
	if err != nil {
		return fail(err)
	}
	params := p.Key()
	lintState, synthState := "skipped", "skipped"
	if opts.Lint {
		lintState = "ok"
		if err := synth.Lint(ctx, opts.Cache, params, d.Top, verilog); err != nil {
			lintState = "failed"
			pointErrs = append(pointErrs, fmt.Errorf("lint: %w", err))
		}
	}
	var syn synth.Result
	if opts.Synth {
		synthState = "ok"
		if syn, err = synth.Synthesize(ctx, opts.Cache, params, d, verilog); err != nil {
			synthState = "failed"
			pointErrs = append(pointErrs, fmt.Errorf("synth: %w", err))
		}
	}
	sims, simErrs, secs, err := tiling.Simulate(ctx, d, c, gemms, seed, opts.Lanes)
	if err != nil {
		return fail(err)
	}
	if ctx.Err() != nil {
		return nil
	}
	for i, g := range gemms {
		r, sim := &rows[i], sims[i]
		r.NetlistLevels, r.Lint, r.Synth = lp.Levels, lintState, synthState
		r.Cells, r.FlipFlops, r.MemoryBits, r.LTPDepth = syn.Cells, syn.FlipFlops, syn.MemoryBits, syn.Depth
		r.Tiles = tiling.Tiles(c, g)
		r.MappingEfficiency = tiling.MappingEfficiency(c, g)
		r.FormulaCycles, r.FormulaTol = tiling.FormulaCycles(c, g)
		r.ScaleSimCycles = scalesim.Cycles(c, g)
		r.ScaleSimISCycles = scalesim.ISCycles(c, g)
		r.Seconds = secs[i]
		errs := append([]error(nil), pointErrs...)
		if simErrs[i] != nil {
			errs = append(errs, simErrs[i])
		} else {
			r.Cycles, r.Verified = sim.Cycles, sim.Elements
			r.MACsPerCycle = float64(r.MACs) / float64(sim.Cycles)
			r.Utilization = r.MACsPerCycle / float64(c.Rows*c.Cols)
			r.FormulaDiff = r.Cycles - r.FormulaCycles
			r.ScaleSimDiff = r.ScaleSimCycles - r.Cycles
			r.Activity = sim.Activity
			r.Traffic = tiling.GEMMTraffic(c, g, buffer)
			r.SRAMBytesPerCycle = float64(r.Traffic.SRAMBytes()) / float64(sim.Cycles)
			r.SRAMPeakPerCycle = tiling.PeakSRAMBytesPerCycle(c)
			r.DRAMBytesPerCycle = float64(r.Traffic.DRAMBytes()) / float64(sim.Cycles)
			r.Breakdown = energy.GEMM(c, r.Activity, r.Traffic, buffer)
			r.EnergyPJ = r.Breakdown.Sum()
			r.EnergyPerMAC = r.EnergyPJ / float64(r.MACs)
			if abs(r.FormulaDiff) > r.FormulaTol {
				errs = append(errs, fmt.Errorf("timing: %d simulated cycles, formula %d ± %d", r.Cycles, r.FormulaCycles, r.FormulaTol))
			}
		}
		if len(errs) > 0 {
			setError(r, errors.Join(errs...))
		}
	}
	return rows
}

func setError(r *report.Row, err error) {
	r.Status = "error"
	r.Error = strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// progress is the bar of a run's points (github.com/schollz/progressbar),
// with the count, the rate and an ETA; nil draws nothing.
type progress struct{ bar *progressbar.ProgressBar }

func newProgress(w io.Writer, total int) progress {
	if w == nil {
		return progress{}
	}
	return progress{progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("points"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("points"),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
		progressbar.OptionClearOnFinish(),
	)}
}

func (p progress) show(done int) {
	if p.bar != nil {
		_ = p.bar.Set(done) // a failed write to the terminal only loses the bar
	}
}

func (p progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}

// stamp records on rows the sweep and the shard they belong to.
func stamp(rows []report.Row, hash string, seed uint64, sh spec.Shard) {
	for i := range rows {
		rows[i].Spec, rows[i].Seed = hash, seed
		rows[i].Shard, rows[i].Shards = sh.I, max(sh.N, 1)
	}
}
