package crosscheck

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/randdesign"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// DefaultChunk is the number of random designs built into one Verilator
// model. Verilator's memory grows with the model (0.5 GB for 25 designs,
// 0.9 GB for 50, 1.8 GB for 100, 3.6 GB for 200), while each model pays a
// fixed cost (the harness, the link, the headers of every C++ file):
// measured in CPU seconds per design for verilate and make at -O0, 0.89
// for chunks of 25, 0.81 for 50, 0.60 for 100 and 0.65 for 200.
const DefaultChunk = 100

// Config is a check of many random designs: they are split into chunks,
// each chunk is built into one Verilator model (see Wrap) and checked
// against rtlsim, and chunks run in parallel.
type Config struct {
	Seeds   []int64            // the randdesign seeds to check
	Options randdesign.Options // the size of every design
	Cycles  int                // cycles of random stimulus per design
	// Generate, when not nil, makes the design of a seed in place of
	// randdesign.New (a test of the checker gives it a broken one).
	Generate func(seed int64) dsl.Generator

	Chunk int // designs per Verilator model; 0 means DefaultChunk
	Jobs  int // chunks checked at once; 0 means runtime.NumCPU()
	// IcarusEvery, when > 0, also runs every IcarusEvery-th chunk (the
	// first included) under Icarus.
	IcarusEvery int
	// GoModelEvery, when > 0, calls GoModel on every GoModelEvery-th chunk
	// (the first included); GoModel checks rtlsim's compiled mode against
	// the chunk's rtlsim trace.
	GoModelEvery int
	GoModel      func(ctx context.Context, res *Result) error

	// Verilator builds the models. Its Jobs, when 0, is set so that the
	// parallel chunks share the CPUs.
	Verilator vsim.Verilator
	// Discard removes each chunk's model from the Verilator cache once it
	// has run (a soak of thousands of designs would otherwise fill it).
	Discard bool
	// Work holds each chunk's Verilog while it runs, and the Verilog and
	// stimulus of every failing design for a person to look at.
	Work string
	// Fixtures, when not "", is the directory where every failing design
	// is saved as a fixture (see SaveFixture), for a test to replay.
	Fixtures string
	// Log, when not nil, receives progress and the evidence of triage.
	Log func(format string, args ...any)
}

// Finding is one design that failed, or that a Verilator bug was blamed
// for.
type Finding struct {
	Seed    int64
	Kind    string // "elaborate", "verilator", "rtlsim", "mismatch", "icarus", "gomodel" or "miscompiled"
	Report  string // the error or the triage's evidence
	Fixture string // the fixture saved, when Config.Fixtures is set
}

// Report is the outcome of Check.
type Report struct {
	Designs int // designs compared with Verilator without a failure
	Chunks  int // Verilator models built and run
	Icarus  int // designs also compared with Icarus
	GoModel int // designs whose chunk rtlsim's compiled mode replayed
	// Miscompiled are the designs blamed on Verilator's optimizer: they
	// differ from rtlsim under Verilator alone, while Verilator without
	// its optimizations and Icarus agree with rtlsim.
	Miscompiled []Finding
	Failures    []Finding // everything else that went wrong, by seed
	Elapsed     time.Duration
	Chunk, Jobs int // the chunk size and parallel chunks used
}

// Check runs the check of c.
func Check(ctx context.Context, c Config) (*Report, error) {
	if c.Cycles <= 0 {
		return nil, fmt.Errorf("crosscheck: %d cycles", c.Cycles)
	}
	if c.Chunk <= 0 {
		c.Chunk = DefaultChunk
	}
	if c.Jobs <= 0 {
		c.Jobs = runtime.NumCPU()
	}
	if c.Verilator.Jobs <= 0 {
		c.Verilator.Jobs = max(1, runtime.NumCPU()/c.Jobs)
	}
	if c.Work == "" {
		return nil, fmt.Errorf("crosscheck: no work directory")
	}
	if c.Log == nil {
		c.Log = func(string, ...any) {}
	}
	var chunks [][]int64
	for s := c.Seeds; len(s) > 0; s = s[min(len(s), c.Chunk):] {
		chunks = append(chunks, s[:min(len(s), c.Chunk)])
	}
	ck := &checker{Config: c, rep: &Report{Chunk: c.Chunk, Jobs: c.Jobs}}
	start := time.Now()
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(c.Jobs, len(chunks)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				ck.chunk(ctx, i, chunks[i])
			}
		}()
	}
	for i := range chunks {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	ck.rep.Elapsed = time.Since(start)
	for _, l := range [][]Finding{ck.rep.Miscompiled, ck.rep.Failures} {
		slices.SortFunc(l, func(a, b Finding) int { return int(a.Seed - b.Seed) })
	}
	return ck.rep, ctx.Err()
}

type checker struct {
	Config
	mu   sync.Mutex
	rep  *Report
	done int // designs finished, for the progress log
}

func (ck *checker) fail(f Finding) {
	ck.mu.Lock()
	defer ck.mu.Unlock()
	if f.Kind == "miscompiled" {
		ck.rep.Miscompiled = append(ck.rep.Miscompiled, f)
	} else {
		ck.rep.Failures = append(ck.rep.Failures, f)
	}
	ck.Log("design seed %d: %s\n%s", f.Seed, f.Kind, f.Report)
}

// generators returns the random designs of seeds.
func (ck *checker) generators(seeds []int64) []dsl.Generator {
	gs := make([]dsl.Generator, len(seeds))
	for i, s := range seeds {
		if ck.Generate != nil {
			gs[i] = ck.Generate(s)
		} else {
			gs[i] = randdesign.New(s, ck.Options)
		}
	}
	return gs
}

// seedInError finds the random design an error of a tool names: emit
// marks each module's lines with its own file name, and random modules are
// named rnd<seed>...
var seedInError = regexp.MustCompile(`rnd(\d+)`)

// chunk checks the designs of seeds in one model. A chunk that fails to
// elaborate, emit, build or simulate is split to find the designs at
// fault: the one the error names when it fails alone, else each half.
func (ck *checker) chunk(ctx context.Context, index int, seeds []int64) {
	if ctx.Err() != nil || len(seeds) == 0 {
		return
	}
	t0 := time.Now()
	dir, err := os.MkdirTemp(ck.Work, fmt.Sprintf("chunk-%d-", seeds[0]))
	if err != nil {
		ck.fail(Finding{Seed: seeds[0], Kind: "elaborate", Report: err.Error()})
		return
	}
	// The chunk's Verilog stays until Icarus has run it too.
	defer os.RemoveAll(dir)
	res, model, err := ck.run(ctx, seeds, dir)
	if model != "" && ck.Discard {
		defer os.RemoveAll(model)
	}
	if err != nil {
		kind, err := err.(stageError).stage, err.(stageError).err
		if len(seeds) == 1 {
			ck.fail(ck.found(seeds[0], kind, err.Error(), nil))
			return
		}
		if m := seedInError.FindStringSubmatch(err.Error()); m != nil {
			s, _ := strconv.ParseInt(m[1], 10, 64)
			if i := slices.Index(seeds, s); i >= 0 {
				adir, derr := os.MkdirTemp(ck.Work, fmt.Sprintf("design-%d-", s))
				if derr != nil {
					ck.fail(Finding{Seed: s, Kind: "elaborate", Report: derr.Error()})
					return
				}
				_, amodel, aerr := ck.run(ctx, seeds[i:i+1], adir)
				os.RemoveAll(adir)
				if amodel != "" && ck.Discard {
					os.RemoveAll(amodel)
				}
				if aerr != nil {
					ck.fail(ck.found(s, aerr.(stageError).stage, aerr.(stageError).err.Error(), nil))
					ck.chunk(ctx, index, slices.Delete(slices.Clone(seeds), i, i+1))
					return
				}
			}
		}
		ck.chunk(ctx, index, seeds[:len(seeds)/2])
		ck.chunk(ctx, index, seeds[len(seeds)/2:])
		return
	}
	bad := map[int]bool{}
	if res.Mismatch != nil {
		for _, out := range res.Differing() {
			i := DesignOf(out)
			if i < 0 || i >= len(seeds) {
				ck.fail(Finding{Seed: seeds[0], Kind: "mismatch", Report: res.Mismatch.Error()})
				continue
			}
			if !bad[i] {
				bad[i] = true
				ck.triage(ctx, seeds[i], lastDiffering(res, i))
			}
		}
	}
	icarus, gomodel := 0, 0
	if ck.IcarusEvery > 0 && index%ck.IcarusEvery == 0 {
		icarus = ck.icarus(ctx, seeds, res)
	}
	if ck.GoModel != nil && ck.GoModelEvery > 0 && index%ck.GoModelEvery == 0 {
		if err := ck.GoModel(ctx, res); err != nil {
			ck.fail(Finding{Seed: seeds[0], Kind: "gomodel", Report: fmt.Sprintf("chunk of seeds %v: %v", seeds, err)})
		} else {
			gomodel = len(seeds)
		}
	}
	ck.mu.Lock()
	ck.rep.Chunks++
	ck.rep.Designs += len(seeds) - len(bad)
	ck.rep.Icarus += icarus
	ck.rep.GoModel += gomodel
	ck.done += len(seeds)
	ck.Log("chunk %d: %d designs (seeds %d..%d) checked in %v (Verilator build %v); %d of %d done",
		index, len(seeds), seeds[0], seeds[len(seeds)-1], time.Since(t0).Round(time.Millisecond), res.build.Round(time.Millisecond), ck.done, len(ck.Seeds))
	ck.mu.Unlock()
}

// stageError is an error of run with the step it came from.
type stageError struct {
	stage string
	err   error
}

func (e stageError) Error() string { return e.stage + ": " + e.err.Error() }

// run elaborates, emits, builds and simulates the designs of seeds as one
// model, with the stimulus of WrapStimulus, and compares Verilator with
// rtlsim; the Verilog goes into dir. model is the cache entry of the Verilator model, "" when there
// is none.
func (ck *checker) run(ctx context.Context, seeds []int64, dir string) (res *Result, model string, err error) {
	d, err := elaborate.Elaborate(Wrap("xcheck", ck.generators(seeds)))
	if err != nil {
		return nil, "", stageError{"elaborate", err}
	}
	v, err := emit.Verilog(d)
	if err != nil {
		return nil, "", stageError{"emit", err}
	}
	src := filepath.Join(dir, d.Top+".v")
	if err := os.WriteFile(src, v, 0o644); err != nil {
		return nil, "", stageError{"emit", err}
	}
	spec := vsim.SpecOf(d, src)
	res = &Result{Design: d, Spec: spec, Stim: WrapStimulus(spec, seeds, ck.Cycles)}
	t0 := time.Now()
	m, err := ck.Verilator.Build(ctx, spec)
	res.build = time.Since(t0)
	if err != nil {
		return nil, "", stageError{"verilator", err}
	}
	if m.Built {
		model = filepath.Dir(m.Path)
	}
	if res.Other, err = m.Run(ctx, res.Stim); err != nil {
		return nil, model, stageError{"verilator", err}
	}
	if res.RTLSim, err = RTLSim(d, spec, res.Stim); err != nil {
		return nil, model, stageError{"rtlsim", err}
	}
	res.Mismatch = compare(spec.Outputs, res.RTLSim, res.Other)
	return res, model, nil
}

// lastDiffering returns the last cycle on which an output of design i of
// res differs.
func lastDiffering(res *Result, i int) int {
	last := 0
	for o, p := range res.Spec.Outputs {
		if DesignOf(p.Name) != i {
			continue
		}
		for c := range min(len(res.RTLSim), len(res.Other)) {
			if !res.RTLSim[c][o].Equal(res.Other[c][o]) {
				last = max(last, c)
			}
		}
	}
	return last
}

// triage reruns the design of seed alone, on its stimulus up to the last
// cycle that differed, under Verilator, Verilator without its
// optimizations and Icarus. Only a design that differs under the
// optimizing Verilator alone is blamed on Verilator.
func (ck *checker) triage(ctx context.Context, seed int64, last int) {
	d, err := elaborate.Elaborate(Wrap("xcheck", ck.generators([]int64{seed})))
	if err != nil {
		ck.fail(ck.found(seed, "mismatch", err.Error(), nil))
		return
	}
	dir, err := os.MkdirTemp(ck.Work, fmt.Sprintf("design-%d-", seed))
	if err != nil {
		ck.fail(ck.found(seed, "mismatch", err.Error(), nil))
		return
	}
	stim := func(spec vsim.Spec) vsim.Stimulus { return WrapStimulus(spec, []int64{seed}, last+1) }
	noOpt := ck.Verilator
	noOpt.Flags = append(slices.Clone(noOpt.Flags), "-O0")
	var sb strings.Builder
	fmt.Fprintf(&sb, "design seed %d alone, %d cycles:\n", seed, last+1)
	verdicts := map[string]bool{}
	var alone *Result
	for _, be := range []struct {
		name string
		b    Backend
	}{
		{"verilator", &VerilatorBackend{V: ck.Verilator}},
		{"verilator -O0 (no Verilator optimizations)", &VerilatorBackend{V: noOpt}},
		{"icarus", IcarusBackend{}},
	} {
		r, err := Run(ctx, be.b, d, nil, dir, stim)
		if err != nil {
			fmt.Fprintf(&sb, "  %s: %v\n", be.name, err)
			ck.fail(ck.found(seed, "mismatch", sb.String(), alone))
			return
		}
		alone = r
		verdicts[be.name] = r.Mismatch != nil
		if r.Mismatch == nil {
			fmt.Fprintf(&sb, "  %s: agrees with rtlsim\n", be.name)
		} else {
			fmt.Fprintf(&sb, "  %s: %v\n", be.name, r.Mismatch)
		}
	}
	fmt.Fprintf(&sb, "kept: %s (xcheck.v)\n", dir)
	kind := "mismatch"
	if verdicts["verilator"] && !verdicts["verilator -O0 (no Verilator optimizations)"] && !verdicts["icarus"] {
		kind = "miscompiled"
	}
	ck.fail(ck.found(seed, kind, sb.String(), alone))
}

// icarus runs the chunk of res under Icarus and compares it with rtlsim's
// trace; it returns the number of designs that agree.
func (ck *checker) icarus(ctx context.Context, seeds []int64, res *Result) int {
	other, err := vsim.RunIcarus(ctx, res.Spec, res.Stim)
	if err != nil {
		// Find the designs at fault one by one; those that agree alone
		// are checked all the same.
		ck.Log("chunk of seeds %d..%d fails under Icarus, running its designs alone: %v", seeds[0], seeds[len(seeds)-1], err)
		n := 0
		for _, s := range seeds {
			alone, aerr := ck.aloneIcarus(ctx, s)
			switch {
			case aerr != nil:
				ck.fail(ck.found(s, "icarus", aerr.Error(), nil))
			case alone.Mismatch != nil:
				ck.fail(ck.found(s, "icarus", "differs from rtlsim under Icarus: "+alone.Mismatch.Error(), alone))
			default:
				n++
			}
		}
		return n
	}
	r := &Result{Spec: res.Spec, RTLSim: res.RTLSim, Other: other}
	bad := map[int]bool{}
	for _, out := range r.Differing() {
		i := DesignOf(out)
		if i < 0 || i >= len(seeds) || bad[i] {
			continue
		}
		bad[i] = true
		alone, err := ck.aloneIcarus(ctx, seeds[i])
		report := fmt.Sprint(err)
		if err == nil && alone.Mismatch != nil {
			report = alone.Mismatch.Error()
		}
		ck.fail(ck.found(seeds[i], "icarus", "differs from rtlsim under Icarus: "+report, alone))
	}
	return len(seeds) - len(bad)
}

func (ck *checker) aloneIcarus(ctx context.Context, seed int64) (*Result, error) {
	d, err := elaborate.Elaborate(Wrap("xcheck", ck.generators([]int64{seed})))
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(ck.Work, fmt.Sprintf("design-%d-", seed))
	if err != nil {
		return nil, err
	}
	res, err := Run(ctx, IcarusBackend{}, d, nil, dir, func(spec vsim.Spec) vsim.Stimulus {
		return WrapStimulus(spec, []int64{seed}, ck.Cycles)
	})
	if err == nil && res.Mismatch == nil {
		os.RemoveAll(dir) // kept only for a failure
	}
	return res, err
}

// found returns the finding of a failing design, saved as a fixture when
// Config.Fixtures is set: alone is its run alone when there is one (its
// design and stimulus), else it is elaborated again.
func (ck *checker) found(seed int64, kind, report string, alone *Result) Finding {
	f := Finding{Seed: seed, Kind: kind, Report: report}
	if ck.Fixtures == "" || kind == "miscompiled" {
		return f
	}
	var d *netlist.Design
	var stim vsim.Stimulus
	var spec vsim.Spec
	if alone != nil {
		d, spec, stim = alone.Design, alone.Spec, alone.Stim
	} else {
		var err error
		if d, err = elaborate.Elaborate(Wrap("xcheck", ck.generators([]int64{seed}))); err != nil {
			f.Report += fmt.Sprintf("\n(no fixture: %v)", err)
			return f
		}
		spec = vsim.SpecOf(d)
		stim = WrapStimulus(spec, []int64{seed}, ck.Cycles)
	}
	fx := &Fixture{
		Name:    fmt.Sprintf("rnd-v%d-%d", randdesign.Version, seed),
		Comment: fmt.Sprintf("randdesign version %d, seed %d, %d cycles: %s", randdesign.Version, seed, len(stim), kind+": "+summary(report)),
		Design:  d,
		Inputs:  spec.Inputs,
		Stim:    stim,
	}
	path, err := fx.Save(ck.Fixtures)
	if err != nil {
		f.Report += fmt.Sprintf("\n(no fixture: %v)", err)
		return f
	}
	f.Fixture = path
	return f
}

// summary returns the line of a report that says what went wrong: a
// tool's first error line when it has one, else the report's first line.
func summary(report string) string {
	lines := strings.Split(report, "\n")
	for _, l := range lines {
		if strings.Contains(l, "%Error") || strings.Contains(l, "error:") {
			return strings.TrimSpace(l)
		}
	}
	return strings.TrimSpace(lines[0])
}

// resetSeed seeds the one reset pattern every chunk shares.
const resetSeed = 1

// WrapStimulus returns cycles of random stimulus for a Wrap top of the
// random designs of seeds: the inputs of design d<i> come from a generator
// seeded with seeds[i], and rst from one fixed pattern (high in cycle 0 and
// then in about one cycle of thirty), so that a design sees the same
// stimulus alone as in any chunk.
func WrapStimulus(spec vsim.Spec, seeds []int64, cycles int) vsim.Stimulus {
	stim := make(vsim.Stimulus, cycles)
	for c := range stim {
		stim[c] = make([]bits.Value, len(spec.Inputs))
	}
	rr := rand.New(rand.NewSource(resetSeed))
	byDesign := map[int][]int{}
	for k, p := range spec.Inputs {
		if p.Name == "rst" {
			for c := range stim {
				on := c == 0 || rr.Intn(30) == 0
				stim[c][k] = bits.FromUint64(1, b2u(on))
			}
			continue
		}
		i := DesignOf(p.Name)
		byDesign[i] = append(byDesign[i], k)
	}
	for i, cols := range byDesign {
		seed := int64(i)
		if i >= 0 && i < len(seeds) {
			seed = seeds[i]
		}
		r := rand.New(rand.NewSource(seed))
		for c := range stim {
			for _, k := range cols {
				stim[c][k] = RandomValue(r, spec.Inputs[k].Width)
			}
		}
	}
	return stim
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
