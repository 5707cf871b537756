package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/systole-hdl/systole/sweep"
	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/synth"
)

// sweepCmd is 'systole sweep' (its run, the default) and 'systole sweep
// merge'.
type sweepCmd struct {
	Run   sweepRunCmd   `cmd:"" default:"withargs" hidden:"" help:"Run a parameter sweep of the systolic core over GEMM workloads (the default)."`
	Merge sweepMergeCmd `cmd:"" help:"Join the outputs of sweep shards into one table with plots."`
}

func (sweepCmd) Help() string { return sweepRunCmd{}.Help() }

type sweepRunCmd struct {
	Spec         string `default:"small" placeholder:"NAME|FILE" help:"A built-in spec (small, tiny, bert-base) or a YAML spec file."`
	Rows         string `placeholder:"LIST" help:"PE rows: list or ranges (overrides the spec)."`
	Cols         string `placeholder:"LIST" help:"PE columns: list or ranges."`
	InWidth      string `placeholder:"LIST" help:"Operand widths: list or ranges."`
	AccWidth     string `placeholder:"LIST" help:"Accumulator widths: list or ranges."`
	Signed       string `placeholder:"LIST" help:"Operand signedness: true, false or true,false."`
	Dataflow     string `placeholder:"LIST" help:"Dataflows: ws, os or ws,os."`
	AccRows      string `name:"acc-rows" placeholder:"LIST" help:"ws accumulator depths (acc_rows): list or ranges, 0 for none (os points take 0 only)."`
	Bias         string `placeholder:"LIST" help:"A bias stream (bias): true, false or true,false."`
	ReLU         string `name:"relu" placeholder:"LIST" help:"A ReLU (relu): true, false or true,false (on ws without acc_rows, ReLU or a conversion needs K <= rows: a GEMM with more is an error row)."`
	OutFormat    string `name:"out-format" placeholder:"LIST" help:"Float cores' result formats (out_format): fp32 (none), bf16, fp16, fp8e5m2, fp8e4m3 (integer points take fp32 only)."`
	OutWidth     string `name:"out-width" placeholder:"LIST" help:"Integer cores' result widths (out_width): list or ranges, 0 for acc_width without conversion (float points take 0 only)."`
	Format       string `placeholder:"LIST" help:"Number formats: int, fp8e4m3, fp8e5m2, bf16, fp16, comma-separated (a float format is one point; the width and signed lists are int's)."`
	Workload     string `placeholder:"LIST" help:"GEMMs: sets, set/layer, MxKxN or name=MxKxN, comma-separated."`
	WorkloadFile string `placeholder:"FILE,..." help:"SCALE-Sim topology CSVs (GEMM: name, M, N, K; or convolution layers) whose layers are the workload (with --workload: join it)."`
	Seed         uint64 `default:"0" placeholder:"S" help:"The seed of the operands (0: the spec's)."`
	BufferKiB    int    `name:"buffer-kib" default:"0" placeholder:"KIB" help:"The size of each operand buffer (A, B, C) the DRAM traffic and SRAM energy assume (0: the spec's, else 256)."`
	Out          string `name:"output" short:"o" default:"sweep-out" placeholder:"DIR" help:"The output directory."`
	Jobs         int    `default:"0" placeholder:"N" help:"Points run in parallel (0: one per CPU)."`
	Lanes        int    `default:"0" placeholder:"L" help:"The lanes of one rtlsim batch that simulate a point's GEMMs (0: as the cost model deems fastest; 1: one after the other on one simulation)."`
	Shard        string `placeholder:"i/n" help:"Run shard i/n of the points (0 <= i < n; default from the environment)."`
	Resume       bool   `help:"Keep the finished rows in the output and skip their points."`
	Lint         bool   `default:"true" negatable:"" help:"Lint every point with Verilator when it is installed."`
	Synth        bool   `default:"true" negatable:"" help:"Synthesize every point with Yosys when it is installed."`
	Cache        string `default:"${sweep_cache}" placeholder:"DIR" help:"The tool-result cache directory (\"\": none)."`
	Quiet        bool   `short:"q" help:"No summary table."`
	Force        bool   `help:"Replace files in the output directory that systole did not write."`
}

func (sweepRunCmd) Help() string {
	return "Sweep runs a grid of systolic-core parameters against a workload of GEMMs: for\n" +
		"each point it elaborates and emits the core, lints it with Verilator and\n" +
		"synthesizes it with Yosys when they are installed (cached by parameter hash),\n" +
		"runs every GEMM through the core tile by tile on rtlsim, verifies every output\n" +
		"element against a Go matrix product, and reports simulated cycles beside the\n" +
		"core's cycle formula and SCALE-Sim v2's (ws, os, and is for comparison), with\n" +
		"MACs per cycle, utilization, mapping efficiency, SRAM and DRAM traffic, energy\n" +
		"(from the MACs, register writes and memory accesses the RTL performs), logic\n" +
		"cells, flip-flops, memory bits (memories kept whole, not mapped to flip-flops)\n" +
		"and logic depth. --acc-rows gives the ws points an accumulator, which adds the\n" +
		"K-tiles in the core; --bias, --relu, --out-format and --out-width the output\n" +
		"stage (each GEMM gets a bias, ReLU, and a conversion in the core). It writes DIR/sweep.csv, DIR/sweep.jsonl (one row\n" +
		"per point and GEMM) and the plots DIR/utilization.svg, DIR/pareto.svg and\n" +
		"DIR/energy.svg, and prints a summary. A failing point is an error row; the\n" +
		"exit code is 1 when any row failed.\n\n" +
		"The spec is a built-in one (small: 16 points on two scaled BERT-base layers;\n" +
		"tiny; bert-base: full size) or a YAML file; the list flags override it. Lists\n" +
		"are comma-separated, with integer ranges a..b, a..b:step or a..b*factor.\n" +
		"Workload items: a built-in set (bert-base, gpt2, gpt2-decode, resnet50,\n" +
		"resnet50-v1, their -nopad and scaled -s16 variants...), set/layer (such as\n" +
		"bert-base/ffn1 or bert-base/scores, every head), MxKxN or name=MxKxN.\n" +
		"--workload-file reads SCALE-Sim topology CSVs (note: their GEMM columns are\n" +
		"M, N, K; systole writes MxKxN).\n\n" +
		"The GEMMs of a point share the compiled core: they run one after the other,\n" +
		"or on the lanes of one rtlsim batch (--lanes; by default where a cost model\n" +
		"deems it faster); the rows are the same either way.\n\n" +
		"Under a Slurm job array or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and\n" +
		"SYSTOLE_SHARDS) the shard comes from the environment; a shard writes\n" +
		"DIR/sweep.shard-I-of-N.{csv,jsonl}, and 'systole sweep merge' joins them.\n" +
		"Ctrl-C stops cleanly, keeping finished rows; --resume continues. See docs/sweep.md."
}

func (c *sweepRunCmd) Run(e *env) error {
	s, err := spec.LoadSpec(c.Spec)
	if err != nil {
		return usageError{err.Error()}
	}
	for _, o := range []struct {
		val  string
		dst  *spec.IntList
		name string
	}{{c.Rows, &s.Rows, "rows"}, {c.Cols, &s.Cols, "cols"}, {c.InWidth, &s.InWidth, "in-width"}, {c.AccWidth, &s.AccWidth, "acc-width"}, {c.AccRows, &s.AccRows, "acc-rows"}, {c.OutWidth, &s.OutWidth, "out-width"}} {
		if o.val != "" {
			l, err := spec.ParseIntList(o.val)
			if err != nil {
				return usagef("--%s: %v", o.name, err)
			}
			*o.dst = l
			s.Override(strings.ReplaceAll(o.name, "-", "_"))
		}
	}
	for _, o := range []struct {
		val  string
		dst  *spec.BoolList
		name string
	}{{c.Signed, &s.Signed, "signed"}, {c.Bias, &s.Bias, "bias"}, {c.ReLU, &s.ReLU, "relu"}} {
		if o.val != "" {
			if *o.dst, err = spec.ParseBoolList(o.val); err != nil {
				return usagef("--%s: %v", o.name, err)
			}
			s.Override(o.name)
		}
	}
	if c.OutFormat != "" {
		s.OutFormat = spec.ParseStrList(c.OutFormat)
		s.Override("out_format")
	}
	if c.Dataflow != "" {
		s.Dataflow = spec.ParseStrList(c.Dataflow)
		s.Override("dataflow")
	}
	if c.Format != "" {
		s.Format = spec.ParseStrList(c.Format)
		s.Override("format")
	}
	if c.Workload != "" {
		s.Workload = spec.ParseStrList(c.Workload)
		s.Override("workload")
	}
	if c.WorkloadFile != "" {
		if c.Workload == "" {
			s.Workload = nil // the files replace the spec's workload
			s.Override("workload")
		}
		s.WorkloadFile = spec.ParseStrList(c.WorkloadFile)
		s.Override("workload_file")
	}
	if c.Seed != 0 {
		s.Seed = c.Seed
	}
	if c.BufferKiB != 0 {
		s.BufferKiB = c.BufferKiB
		s.Override("buffer_kib")
	}
	if _, _, err := s.Points(); err != nil {
		return usageError{err.Error()}
	}
	var shard spec.Shard
	if c.Shard != "" {
		if shard, err = spec.ParseShard(c.Shard); err != nil {
			return usagef("--shard: %v", err)
		}
	} else if shard, _, err = shardFromEnv(os.Getenv); err != nil {
		return usageError{err.Error()}
	}
	if c.Lanes < 0 {
		return usagef("--lanes %d: want 0 (automatic) or a count of at least 1", c.Lanes)
	}
	out, err := report.OpenOutput(c.Out, shard)
	if err != nil {
		return err
	}
	defer out.Close()
	out.Force = c.Force
	opts := sweep.Options{Jobs: c.Jobs, Lanes: c.Lanes, Shard: shard, Lint: c.Lint && haveTool("verilator"),
		Synth: c.Synth && haveTool("yosys"), Cache: synth.Cache(c.Cache), Done: map[string]bool{}}
	var kept []report.Row
	if c.Resume {
		if kept, opts.Done, err = report.Resume(out.JSONL(), s, shard); errors.Is(err, report.ErrForeignRows) {
			return inputError{err}
		} else if err != nil {
			return err
		}
	}
	w, err := out.Create(kept)
	if err != nil {
		return inputError{err}
	}
	var writeErr error
	opts.OnRows = func(rs []report.Row) { writeErr = errors.Join(writeErr, w.Write(rs...)) }
	if se, ok := e.stderr.(*os.File); ok && isTerminal(se) {
		opts.Progress = e.stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rowsRun, runErr := sweep.Run(ctx, s, opts)
	if err := errors.Join(writeErr, w.Close()); err != nil {
		return err
	}
	all := append(kept, rowsRun...)
	report.SortRows(all)
	if runErr != nil && ctx.Err() == nil {
		return runErr
	}
	return finishSweep(e, out, all, c.Quiet, shard.N <= 1, ctx.Err() != nil)
}

// finishSweep prints the summary and writes the plots (none when no row
// is ok); the error is a failure when a row failed or the run was
// interrupted.
func finishSweep(e *env, out *report.Output, rows []report.Row, quiet, plots, interrupted bool) error {
	if !quiet {
		if err := report.Summary(e.stdout, rows); err != nil {
			return err
		}
	}
	written := []string{out.CSV(), out.JSONL()}
	if plots {
		ps, err := report.WritePlots(out.Dir, rows, out.Force)
		if err != nil {
			return inputError{err}
		}
		if len(ps) == 0 {
			fmt.Fprintf(e.stderr, "systole sweep: no row is ok: no plots written\n")
		}
		written = append(written, ps...)
	}
	for _, p := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", p)
	}
	if interrupted {
		return fmt.Errorf("interrupted: %d finished rows kept; run again with --resume to continue", len(rows))
	}
	if n := report.Failed(rows); n > 0 {
		return fmt.Errorf("%d of %d rows failed", n, len(rows))
	}
	return nil
}

type sweepMergeCmd struct {
	Inputs []string `arg:"" name:"FILE|DIR" help:"Shard outputs: .jsonl files, or directories whose sweep.shard-*.jsonl files are read."`
	Out    string   `name:"output" short:"o" default:"sweep-out" placeholder:"DIR" help:"The output directory."`
	Quiet  bool     `short:"q" help:"No summary table."`
	Force  bool     `help:"Replace files in the output directory that systole did not write."`
}

func (sweepMergeCmd) Help() string {
	return "Merge joins the JSON Lines outputs of sweep shards (files, or directories whose\n" +
		"*.jsonl files are read) into one table: DIR/sweep.csv, DIR/sweep.jsonl and the\n" +
		"plots, with a summary. A row present twice is kept once. The exit code is 1\n" +
		"when any row failed."
}

func (c *sweepMergeCmd) Run(e *env) error {
	var files []string
	for _, a := range c.Inputs {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			m, _ := filepath.Glob(filepath.Join(a, "sweep.shard-*.jsonl"))
			if len(m) == 0 {
				return inputError{fmt.Errorf("%s: no shard outputs (sweep.shard-*.jsonl) in the directory", a)}
			}
			files = append(files, m...)
			continue
		}
		files = append(files, a)
	}
	out, err := report.OpenOutput(c.Out, spec.Shard{})
	if err != nil {
		return err
	}
	defer out.Close()
	out.Force = c.Force
	rows, err := report.Merge(files...)
	if errors.Is(err, report.ErrForeignRows) {
		return inputError{err}
	} else if err != nil {
		return err
	}
	if miss := report.Missing(rows); len(miss) > 0 {
		fmt.Fprintf(e.stderr, "systole sweep merge: warning: no rows of shards %v of %d\n", miss, rows[0].Shards)
	}
	w, err := out.Create(rows)
	if err != nil {
		return inputError{err}
	}
	if err := w.Close(); err != nil {
		return err
	}
	return finishSweep(e, out, rows, c.Quiet, true, false)
}

// defaultCache is the user's cache directory for tool results.
func defaultCache() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "systole", "sweep")
}

// isTerminal reports whether f is a character device (a terminal).
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// haveTool reports whether a program is on PATH.
func haveTool(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}
