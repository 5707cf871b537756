package sweep

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
)

// Row is one (point, workload) result: every parameter and metric. An
// error row has Status "error" and says why in Error; its metrics are
// whatever was measured before the failure.
type Row struct {
	Point    string `json:"point"`
	Rows     int    `json:"rows"`
	Cols     int    `json:"cols"`
	InWidth  int    `json:"in_width"`
	AccWidth int    `json:"acc_width"`
	Signed   bool   `json:"signed"`
	Dataflow string `json:"dataflow"`
	Format   string `json:"format"` // int, or a float format
	Workload string `json:"workload"`
	M        int    `json:"m"`
	K        int    `json:"k"`
	N        int    `json:"n"`
	Status   string `json:"status"` // ok or error
	Error    string `json:"error"`

	MACs              int64   `json:"macs"`
	Tiles             int     `json:"tiles"`
	Cycles            int     `json:"cycles"` // simulated
	MACsPerCycle      float64 `json:"macs_per_cycle"`
	Utilization       float64 `json:"utilization"`        // MACs/cycle over Rows*Cols
	MappingEfficiency float64 `json:"mapping_efficiency"` // useful MACs over the padded tiles' MACs
	Verified          int64   `json:"verified_elements"`
	FormulaCycles     int     `json:"formula_cycles"` // the core's documented formula
	FormulaDiff       int     `json:"formula_diff"`   // Cycles - FormulaCycles
	FormulaTol        int     `json:"formula_tol"`    // |FormulaDiff| must not exceed it
	ScaleSimCycles    int     `json:"scalesim_cycles"`
	ScaleSimDiff      int     `json:"scalesim_diff"`      // ScaleSimCycles - Cycles
	ScaleSimISCycles  int     `json:"scalesim_is_cycles"` // SCALE-Sim's input-stationary estimate

	// What the RTL did (counted on every edge of the simulation), the
	// memory traffic, and the energy of both (activity.go, traffic.go,
	// energy.go).
	Activity
	Traffic
	SRAMBytesPerCycle float64 `json:"sram_bytes_per_cycle"`      // SRAM bytes over simulated cycles
	SRAMPeakPerCycle  float64 `json:"sram_peak_bytes_per_cycle"` // PeakSRAMBytesPerCycle
	DRAMBytesPerCycle float64 `json:"dram_bytes_per_cycle"`      // the DRAM bandwidth the point needs to run without stalls
	Energy
	EnergyPJ     float64 `json:"energy_pj"`         // the sum of the energy columns
	EnergyPerMAC float64 `json:"energy_per_mac_pj"` // EnergyPJ over MACs (the GEMM's, not the padded ones)

	NetlistLevels int    `json:"netlist_levels"` // netlist.LongestPath
	Lint          string `json:"lint"`           // ok, skipped or failed
	Synth         string `json:"synth"`          // ok, skipped or failed
	Cells         int    `json:"cells"`
	FlipFlops     int    `json:"flip_flops"`
	LTPDepth      int    `json:"ltp_depth"`

	// Seconds is the wall time of the GEMM's simulation: a timing, which
	// varies run to run. GEMMs on the lanes of one batch (see
	// Options.Lanes) run at once, so their times overlap.
	Seconds float64 `json:"seconds"`

	// Where the row comes from: the spec's Hash and seed, and the shard
	// (index and count; 0 of 1 unsharded). Resume and Merge refuse rows
	// of another sweep or shard count.
	Spec   string `json:"spec"`
	Seed   uint64 `json:"seed"`
	Shard  int    `json:"shard"`
	Shards int    `json:"shards"`
}

// Key identifies a row across runs, shards and resumes.
func (r Row) Key() string { return r.Point + "|" + r.Workload }

// Shard selects point i of a sweep when i mod N == I; the zero Shard
// selects every point.
type Shard struct{ I, N int }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// FileBase is the base name of the shard's output files:
// sweep.shard-I-of-N, or sweep for the whole sweep.
func (s Shard) FileBase() string {
	if s.N <= 1 {
		return "sweep"
	}
	return fmt.Sprintf("sweep.shard-%d-of-%d", s.I, s.N)
}

// Has reports whether the shard runs point index i.
func (s Shard) Has(i int) bool { return s.N <= 1 || i%s.N == s.I }

// ParseShard parses "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, e1 := strconv.Atoi(a)
	n, e2 := strconv.Atoi(b)
	if !ok || e1 != nil || e2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("sweep: shard %q: want i/n with 0 <= i < n", s)
	}
	return Shard{i, n}, nil
}

// EnvShardCount names the variable that gives the shard count next to a
// Kubernetes Indexed Job's JOB_COMPLETION_INDEX (Kubernetes has no
// variable of its own for it).
const EnvShardCount = "SYSTOLE_SHARDS"

// ShardFromEnv picks the shard of a Slurm job array task or a Kubernetes
// Indexed Job pod; ok is false outside both. A Slurm task's shard is its
// place in the array, (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) /
// SLURM_ARRAY_TASK_STEP, of SLURM_ARRAY_TASK_COUNT (an array 0-10:2 has 6
// shards); an array whose IDs are not evenly spaced (1,3,8) is an error,
// as --shard must say. A Kubernetes pod's is JOB_COMPLETION_INDEX of
// SYSTOLE_SHARDS. An index without its count is an error under both.
func ShardFromEnv(getenv func(string) string) (s Shard, ok bool, err error) {
	num := func(name string, def int) (int, error) {
		v := getenv(name)
		if v == "" {
			return def, nil
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, fmt.Errorf("sweep: %s=%q is not an integer", name, v)
		}
		return n, nil
	}
	if getenv("SLURM_ARRAY_TASK_ID") != "" {
		if getenv("SLURM_ARRAY_TASK_COUNT") == "" {
			return Shard{}, false, errors.New("sweep: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT (the shard count) is not; give --shard i/n")
		}
		id, e1 := num("SLURM_ARRAY_TASK_ID", 0)
		n, e2 := num("SLURM_ARRAY_TASK_COUNT", 0)
		lo, e3 := num("SLURM_ARRAY_TASK_MIN", 0)
		step, e4 := num("SLURM_ARRAY_TASK_STEP", 1)
		if err := errors.Join(e1, e2, e3, e4); err != nil {
			return Shard{}, false, err
		}
		if step < 1 || id < lo || (id-lo)%step != 0 {
			return Shard{}, false, fmt.Errorf("sweep: Slurm task %d is not at min %d plus a multiple of step %d: the array's IDs are not evenly spaced; give --shard i/n", id, lo, step)
		}
		s, err = ParseShard(fmt.Sprintf("%d/%d", (id-lo)/step, n))
		if err != nil {
			return Shard{}, false, fmt.Errorf("%w (from Slurm task %d, min %d, step %d, count %d)", err, id, lo, step, n)
		}
		return s, true, nil
	}
	if getenv("JOB_COMPLETION_INDEX") == "" {
		return Shard{}, false, nil
	}
	if getenv(EnvShardCount) == "" {
		return Shard{}, false, fmt.Errorf("sweep: JOB_COMPLETION_INDEX is set but %s (the shard count) is not", EnvShardCount)
	}
	i, e1 := num("JOB_COMPLETION_INDEX", 0)
	n, e2 := num(EnvShardCount, 0)
	if err := errors.Join(e1, e2); err != nil {
		return Shard{}, false, err
	}
	s, err = ParseShard(fmt.Sprintf("%d/%d", i, n))
	return s, err == nil, err
}

// Options control a run.
type Options struct {
	Jobs  int   // points run in parallel; 0 for runtime.NumCPU()
	Shard Shard // the share of the points to run
	Lint  bool  // lint every point with Verilator
	Synth bool  // synthesize every point with Yosys
	Cache Cache // tool results by parameter hash; "" for none
	// Done holds the keys of rows already finished (--resume): a point
	// whose every row is done is skipped.
	Done map[string]bool
	// OnRows is called, one point at a time, with the rows of each
	// finished point, as soon as it finishes.
	OnRows func([]Row)
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
func Run(ctx context.Context, spec Spec, opts Options) ([]Row, error) {
	pts, gemms, err := spec.Points()
	if err != nil {
		return nil, err
	}
	hash, err := spec.Hash()
	if err != nil {
		return nil, err
	}
	var todo []Point
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
	work := make(chan Point)
	results := make(chan []Row)
	var wg sync.WaitGroup
	for range min(jobs, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				rows := runPoint(ctx, p, gemms, spec.Seed, spec.Buffer(), opts)
				if ctx.Err() != nil {
					rows = nil // a point cut short is not finished
				}
				stamp(rows, hash, spec.Seed, opts.Shard)
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

	var all []Row
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
	SortRows(all)
	return all, ctx.Err()
}

// ltpModules picks the modules whose longest path the synthesis
// measures: ltp does not see through instances, so the leaves (modules
// without instances), and the modules with state whose instances hold no
// state anywhere below them (a float PE and its datapath), which
// Synthesize flattens first (flat), so that their register-to-register
// path is measured whole. The integer cores have none of the latter.
func ltpModules(d *netlist.Design) (leaves, flat []string) {
	byName := map[string]*netlist.Module{}
	for _, m := range d.Modules {
		byName[m.Name] = m
	}
	var stateless func(m *netlist.Module) bool
	stateless = func(m *netlist.Module) bool {
		if len(m.Regs) > 0 || len(m.Mems) > 0 {
			return false
		}
		for _, in := range m.Insts {
			if sub := byName[in.Module]; sub == nil || !stateless(sub) {
				return false
			}
		}
		return true
	}
	for _, m := range d.Modules {
		switch {
		case len(m.Insts) == 0:
			leaves = append(leaves, m.Name)
		case len(m.Regs)+len(m.Mems) > 0 && !slices.ContainsFunc(m.Insts, func(in netlist.Instance) bool {
			sub := byName[in.Module]
			return sub == nil || !stateless(sub)
		}):
			leaves, flat = append(leaves, m.Name), append(flat, m.Name)
		}
	}
	return leaves, flat
}

// runPoint elaborates, checks and simulates one point on every GEMM.
func runPoint(ctx context.Context, p Point, gemms []GEMM, seed uint64, buffer int64, opts Options) []Row {
	c := p.Config
	rows := make([]Row, len(gemms))
	for i, g := range gemms {
		rows[i] = Row{Point: p.Key(), Rows: c.Rows, Cols: c.Cols, InWidth: c.InWidth, AccWidth: c.AccWidth,
			Signed: c.Signed, Dataflow: string(c.Dataflow), Format: cmp.Or(c.Format, systolic.Int), Workload: g.Name, M: g.M, K: g.K, N: g.N,
			Status: "ok", MACs: g.MACs(), Lint: "skipped", Synth: "skipped"}
	}
	var pointErrs []error
	fail := func(err error) []Row {
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
		if err := Lint(ctx, opts.Cache, params, d.Top, verilog); err != nil {
			lintState = "failed"
			pointErrs = append(pointErrs, fmt.Errorf("lint: %w", err))
		}
	}
	var syn Synth
	if opts.Synth {
		leaves, flat := ltpModules(d)
		synthState = "ok"
		if syn, err = Synthesize(ctx, opts.Cache, params, d.Top, leaves, flat, verilog); err != nil {
			synthState = "failed"
			pointErrs = append(pointErrs, fmt.Errorf("synth: %w", err))
		}
	}
	plan, err := planActivity(d)
	if err != nil {
		return fail(err)
	}
	sims, simErrs, secs, err := simulate(ctx, d, c, gemms, seed, opts.Lanes, plan)
	if err != nil {
		return fail(err)
	}
	if ctx.Err() != nil {
		return nil
	}
	for i, g := range gemms {
		r, sim := &rows[i], sims[i]
		r.NetlistLevels, r.Lint, r.Synth = lp.Levels, lintState, synthState
		r.Cells, r.FlipFlops, r.LTPDepth = syn.Cells, syn.FlipFlops, syn.Depth
		r.Tiles = Tiles(c, g)
		r.MappingEfficiency = MappingEfficiency(c, g)
		r.FormulaCycles, r.FormulaTol = FormulaCycles(c, g)
		r.ScaleSimCycles = ScaleSimCycles(c, g)
		r.ScaleSimISCycles = ScaleSimISCycles(c, g)
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
			r.Traffic = GEMMTraffic(c, g, buffer)
			r.SRAMBytesPerCycle = float64(r.Traffic.SRAMBytes()) / float64(sim.Cycles)
			r.SRAMPeakPerCycle = PeakSRAMBytesPerCycle(c)
			r.DRAMBytesPerCycle = float64(r.Traffic.DRAMBytes()) / float64(sim.Cycles)
			r.Energy = GEMMEnergy(c, r.Activity, r.Traffic, buffer)
			r.EnergyPJ = r.Energy.Sum()
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

func setError(r *Row, err error) {
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
