package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/systole-hdl/systole/sweep"
)

func runSweep(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "merge" {
		return runSweepMerge(args[1:], stdout, stderr)
	}
	f := newFlags("sweep", "[--spec NAME|FILE] [parameter lists] [--workload LIST] [-o DIR] [--jobs N] [--lanes L] [--shard i/n] [--resume]  |  merge [-o DIR] FILE|DIR...",
		"Sweep runs a grid of systolic-core parameters against a workload of GEMMs: for\n"+
			"each point it elaborates and emits the core, lints it with Verilator and\n"+
			"synthesizes it with Yosys when they are installed (cached by parameter hash),\n"+
			"runs every GEMM through the core tile by tile on rtlsim, verifies every output\n"+
			"element against a Go matrix product, and reports simulated cycles beside the\n"+
			"core's cycle formula and SCALE-Sim's estimate, with MACs per cycle, utilization,\n"+
			"mapping efficiency, cells, flip-flops and logic depth. It writes DIR/sweep.csv,\n"+
			"DIR/sweep.jsonl (one row per point and GEMM) and the plots DIR/utilization.svg\n"+
			"and DIR/pareto.svg, and prints a summary. A failing point is an error row; the\n"+
			"exit code is 1 when any row failed.\n\n"+
			"The spec is a built-in one (small: 16 points on two scaled BERT-base layers;\n"+
			"tiny; bert-base: full size) or a YAML file; the list flags override it. Lists\n"+
			"are comma-separated, with integer ranges a..b, a..b:step or a..b*factor.\n"+
			"Workload items: a built-in set (bert-base, bert-base-s16), set/layer, MxKxN or\n"+
			"name=MxKxN.\n\n"+
			"The GEMMs of a point share the compiled core: they run one after the other,\n"+
			"or on the lanes of one rtlsim batch (--lanes; by default where a cost model\n"+
			"deems it faster); the rows are the same either way.\n\n"+
			"Under a Slurm job array or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and\n"+
			"SYSTOLE_SHARDS) the shard comes from the environment; a shard writes\n"+
			"DIR/sweep.shard-I-of-N.{csv,jsonl}, and 'systole sweep merge' joins them.\n"+
			"Ctrl-C stops cleanly, keeping finished rows; --resume continues. See docs/sweep.md.")
	spec := f.String("spec", "small", "a built-in spec (small, tiny, bert-base) or a YAML spec file")
	rows := f.String("rows", "", "PE rows: list or ranges (overrides the spec)")
	cols := f.String("cols", "", "PE columns: list or ranges")
	inW := f.String("in-width", "", "operand widths: list or ranges")
	accW := f.String("acc-width", "", "accumulator widths: list or ranges")
	signed := f.String("signed", "", "operand signedness: true, false or true,false")
	df := f.String("dataflow", "", "dataflows: ws, os or ws,os")
	format := f.String("format", "", "number formats: int, fp8e4m3, fp8e5m2, bf16, fp16, comma-separated (a float format is one point; the width and signed lists are int's)")
	workload := f.String("workload", "", "GEMMs: sets, set/layer, MxKxN or name=MxKxN, comma-separated")
	seed := f.Uint64("seed", 0, "the seed of the operands (0: the spec's)")
	out := f.String("o", "sweep-out", "the output directory")
	jobs := f.Int("jobs", 0, "points run in parallel (0: one per CPU)")
	lanes := f.Int("lanes", 0, "the lanes of one rtlsim batch that simulate a point's GEMMs (0: as the cost model deems fastest; 1: one after the other on one simulation)")
	shardFlag := f.String("shard", "", "run shard i/n of the points (0 <= i < n; default from the environment)")
	resume := f.Bool("resume", false, "keep the finished rows in the output and skip their points")
	lintOn := f.Bool("lint", true, "lint every point with Verilator when it is installed")
	synthOn := f.Bool("synth", true, "synthesize every point with Yosys when it is installed")
	cacheDir := f.String("cache", defaultCache(), "the tool-result cache directory (\"\": none)")
	quiet := f.Bool("q", false, "no summary table")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	s, err := sweep.LoadSpec(*spec)
	if err != nil {
		return usageError(stderr, "sweep", "%v", err)
	}
	for _, o := range []struct {
		val  string
		dst  *sweep.IntList
		name string
	}{{*rows, &s.Rows, "rows"}, {*cols, &s.Cols, "cols"}, {*inW, &s.InWidth, "in-width"}, {*accW, &s.AccWidth, "acc-width"}} {
		if o.val != "" {
			l, err := sweep.ParseIntList(o.val)
			if err != nil {
				return usageError(stderr, "sweep", "--%s: %v", o.name, err)
			}
			*o.dst = l
		}
	}
	if *signed != "" {
		if s.Signed, err = sweep.ParseBoolList(*signed); err != nil {
			return usageError(stderr, "sweep", "--signed: %v", err)
		}
	}
	if *df != "" {
		s.Dataflow = sweep.ParseStrList(*df)
	}
	if *format != "" {
		s.Format = sweep.ParseStrList(*format)
	}
	if *workload != "" {
		s.Workload = sweep.ParseStrList(*workload)
	}
	if *seed != 0 {
		s.Seed = *seed
	}
	if _, _, err := s.Points(); err != nil {
		return usageError(stderr, "sweep", "%v", err)
	}
	var shard sweep.Shard
	if *shardFlag != "" {
		if shard, err = sweep.ParseShard(*shardFlag); err != nil {
			return usageError(stderr, "sweep", "--shard: %v", err)
		}
	} else if shard, _, err = sweep.ShardFromEnv(os.Getenv); err != nil {
		return usageError(stderr, "sweep", "%v", err)
	}
	base := shard.FileBase()
	csvPath, jsonlPath := filepath.Join(*out, base+".csv"), filepath.Join(*out, base+".jsonl")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return failure(stderr, "sweep", err)
	}
	if *lanes < 0 {
		return usageError(stderr, "sweep", "--lanes %d: want 0 (automatic) or a count of at least 1", *lanes)
	}
	opts := sweep.Options{Jobs: *jobs, Lanes: *lanes, Shard: shard, Lint: *lintOn && sweep.HaveTool("verilator"),
		Synth: *synthOn && sweep.HaveTool("yosys"), Cache: sweep.Cache(*cacheDir), Done: map[string]bool{}}
	var kept []sweep.Row
	if *resume {
		old, err := sweep.ReadJSONL(jsonlPath)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return failure(stderr, "sweep", err)
		}
		for _, r := range old {
			if r.Status == "ok" {
				kept = append(kept, r)
				opts.Done[r.Key()] = true
			}
		}
	}
	w, err := sweep.Create(csvPath, jsonlPath, kept)
	if err != nil {
		return failure(stderr, "sweep", err)
	}
	var writeErr error
	opts.OnRows = func(rs []sweep.Row) { writeErr = errors.Join(writeErr, w.Write(rs...)) }
	if se, ok := stderr.(*os.File); ok && sweep.IsTerminal(se) {
		opts.Progress = stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rowsRun, runErr := sweep.Run(ctx, s, opts)
	if err := errors.Join(writeErr, w.Close()); err != nil {
		return failure(stderr, "sweep", err)
	}
	all := append(kept, rowsRun...)
	sweep.SortRows(all)
	if runErr != nil && ctx.Err() == nil {
		return failure(stderr, "sweep", runErr)
	}
	return finishSweep(stdout, stderr, "sweep", *out, base, all, *quiet, shard.N <= 1, ctx.Err() != nil)
}

// finishSweep prints the summary, writes the plots and picks the exit code.
func finishSweep(stdout, stderr io.Writer, cmd, dir, base string, rows []sweep.Row, quiet, plots, interrupted bool) int {
	if !quiet {
		if err := sweep.Summary(stdout, rows); err != nil {
			return failure(stderr, cmd, err)
		}
	}
	written := []string{base + ".csv", base + ".jsonl"}
	if plots {
		if err := sweep.WritePlots(dir, rows); err != nil {
			return failure(stderr, cmd, err)
		}
		written = append(written, sweep.PlotFiles...)
	}
	for _, p := range written {
		fmt.Fprintf(stdout, "wrote %s\n", filepath.Join(dir, p))
	}
	if interrupted {
		fmt.Fprintf(stderr, "systole %s: interrupted: %d finished rows kept; run again with --resume to continue\n", cmd, len(rows))
		return exitFail
	}
	if n := sweep.Failed(rows); n > 0 {
		fmt.Fprintf(stderr, "systole %s: %d of %d rows failed\n", cmd, n, len(rows))
		return exitFail
	}
	return exitOK
}

func runSweepMerge(args []string, stdout, stderr io.Writer) int {
	f := newFlags("sweep merge", "[-o DIR] FILE|DIR...",
		"Merge joins the JSON Lines outputs of sweep shards (files, or directories whose\n"+
			"*.jsonl files are read) into one table: DIR/sweep.csv, DIR/sweep.jsonl and the\n"+
			"plots, with a summary. A row present twice is kept once. The exit code is 1\n"+
			"when any row failed.")
	f.maxArgs = 1 << 20
	out := f.String("o", "sweep-out", "the output directory")
	quiet := f.Bool("q", false, "no summary table")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	if f.NArg() == 0 {
		return usageError(stderr, "sweep merge", "no shard outputs given")
	}
	var files []string
	for _, a := range f.Args() {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			m, _ := filepath.Glob(filepath.Join(a, "sweep.shard-*.jsonl"))
			files = append(files, m...)
			continue
		}
		files = append(files, a)
	}
	rows, err := sweep.Merge(files...)
	if err != nil {
		return failure(stderr, "sweep merge", err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return failure(stderr, "sweep merge", err)
	}
	if err := sweep.WriteFiles(filepath.Join(*out, "sweep.csv"), filepath.Join(*out, "sweep.jsonl"), rows); err != nil {
		return failure(stderr, "sweep merge", err)
	}
	return finishSweep(stdout, stderr, "sweep merge", *out, "sweep", rows, *quiet, true, false)
}

// defaultCache is the user's cache directory for tool results.
func defaultCache() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "systole", "sweep")
}
