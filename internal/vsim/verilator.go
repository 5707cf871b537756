package vsim

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Verilator builds simulation models with Verilator. The zero value is
// ready to use, and Build is safe for concurrent use.
type Verilator struct {
	// Path is the verilator executable; "" means "verilator" on $PATH.
	Path string
	// CacheDir holds the built models. "" means $SYSTOLE_VSIM_CACHE when
	// set, else the directory systole/vsim under os.UserCacheDir.
	CacheDir string
	// Flags are extra verilator options, such as -Wno-UNOPTFLAT; they are
	// part of the cache key.
	Flags []string
	// Jobs is the number of parallel C++ compiles; 0 means runtime.NumCPU().
	Jobs int
	// Opt is the C++ optimization level of the model, such as "-O0" for a
	// large model run for few cycles, where compile time is all that counts;
	// "" means -O1.
	Opt string
}

// Model is a built Verilator simulation of one Spec.
type Model struct {
	Spec Spec
	// Path is the simulation executable inside the cache.
	Path string
	// Built reports whether Build compiled the model; false means it came
	// from the cache.
	Built bool
	// kind is the harness the model was built with: batch models Run,
	// interactive ones Start.
	kind modelKind
}

// modelKind selects the generated harness of a model.
type modelKind uint8

const (
	batchModel       modelKind = iota // harness: stimulus file in, trace file out
	interactiveModel                  // harness: commands over pipes (see Start)
	benchModel                        // harness: timed replay of a stimulus file (see Bench)
)

// buildFlags are the verilator options of every build. Lint and style
// warnings are another test's job and must not stop a simulation; every
// other warning still fails the build. The C++ is compiled at -O1: for test
// models compile time dominates run time. SplitFlags bound the size of the
// C++ functions.
var buildFlags = append([]string{"--cc", "--exe", "--no-timing", "-Wno-lint", "-Wno-style", "--prefix", "Vdut"}, SplitFlags...)

// SplitFlags are in every Verilator build systole makes. Verilator
// flattens an array into a few very large C++ functions (the emitted 16x16
// core's sequential logic is two of about 6,000 lines, one 833 KB file),
// which the C++ compiler optimizes in time superlinear in their size;
// split into functions of at most 300 statements and files of about
// 20,000 (which make compiles in parallel), the 16x16 core built in
// 2.5-2.75x the CPU time of a plain hand-written 16x16 array instead of
// 27x (internal/bench.BuildTimes, -O3 and -CFLAGS -O2; figures in the
// README).
var SplitFlags = []string{"--output-split", "20000", "--output-split-cfuncs", "300"}

func (v *Verilator) makeOpt() []string {
	o := v.Opt
	if o == "" {
		o = "-O1"
	}
	return []string{"OPT_FAST=" + o, "OPT_SLOW=" + o, "OPT_GLOBAL=" + o}
}

// cacheFormat changes whenever the build or the harness generator changes
// in a way that makes old cache entries wrong. (The fixed harness code is
// part of the key by itself.)
const cacheFormat = "systole-vsim-verilator-1"

// modelFile is the executable's name inside a cache entry.
const modelFile = "model"

// building serializes builds of one cache key within this process, so
// parallel tests wait for one build instead of all compiling it. Separate
// processes may still build one key twice; the rename in Build keeps that
// safe.
var building sync.Map // key -> *sync.Mutex

// Build returns the model of spec, from the cache when an identical build
// (same sources, spec, flags and Verilator version) exists, otherwise by
// running verilator and make. A new model is built in a temporary directory
// inside the cache and renamed into place, so concurrent builds never see a
// half-written entry.
func (v *Verilator) Build(ctx context.Context, spec Spec) (*Model, error) {
	return v.buildKind(ctx, spec, batchModel)
}

func (v *Verilator) buildKind(ctx context.Context, spec Spec, kind modelKind) (*Model, error) {
	if err := spec.Validate(); err != nil {
		return nil, err
	}
	spec = spec.clone()
	version, err := v.toolVersion(ctx)
	if err != nil {
		return nil, err
	}
	key, sources, err := v.cacheKey(spec, version)
	if err != nil {
		return nil, err
	}
	switch kind {
	case interactiveModel:
		key = interactiveKey(key)
	case benchModel:
		key = benchKey(key)
	}
	cache, err := v.cacheDir()
	if err != nil {
		return nil, err
	}
	entry := filepath.Join(cache, key)
	m := &Model{Spec: spec, Path: filepath.Join(entry, modelFile), kind: kind}
	if _, err := os.Stat(m.Path); err == nil {
		return m, nil
	}
	mu, _ := building.LoadOrStore(key, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, err := os.Stat(m.Path); err == nil {
		return m, nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, fmt.Errorf("vsim: %w", err)
	}
	removeStale(cache)
	tmp, err := os.MkdirTemp(cache, "build-*")
	if err != nil {
		return nil, fmt.Errorf("vsim: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := v.build(ctx, spec, kind, sources, tmp, v.runtimeDir(cache, version)); err != nil {
		return nil, err
	}
	if err := os.Rename(filepath.Join(tmp, "entry"), entry); err != nil {
		// Another process finished the same build first: use its entry.
		if _, statErr := os.Stat(m.Path); statErr != nil {
			return nil, fmt.Errorf("vsim: %w", err)
		}
		return m, nil
	}
	m.Built = true
	return m, nil
}

// staleAge is the age after which a temporary directory in the cache
// belongs to a build that was killed before it could clean up.
const staleAge = 6 * time.Hour

// removeStale deletes such leftovers of killed builds.
func removeStale(cache string) {
	for _, pattern := range []string{"build-*", "runtime-tmp-*"} {
		dirs, _ := filepath.Glob(filepath.Join(cache, pattern))
		for _, d := range dirs {
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > staleAge {
				os.RemoveAll(d)
			}
		}
	}
}

// build verilates spec in dir/obj, generates the harness from the model
// header, compiles it (with the runtime objects cached in rdir), and leaves
// the cache entry in dir/entry.
func (v *Verilator) build(ctx context.Context, spec Spec, kind modelKind, sources []string, dir, rdir string) error {
	obj := filepath.Join(dir, "obj")
	harnessPath := filepath.Join(obj, "harness.cpp")
	args := append([]string(nil), buildFlags...)
	args = append(args, "--top-module", spec.Top, "--Mdir", obj)
	args = append(args, v.Flags...)
	args = append(args, sources...)
	args = append(args, harnessPath)
	if _, err := run(ctx, dir, v.path(), args...); err != nil {
		return err
	}
	header, err := os.ReadFile(filepath.Join(obj, "Vdut.h"))
	if err != nil {
		return fmt.Errorf("vsim: verilator wrote no model header: %w", err)
	}
	clock, ins, outs, err := bindPorts(&spec, string(header))
	if err != nil {
		return err
	}
	code := harness(spec.Top, clock, ins, outs)
	switch kind {
	case interactiveModel:
		code = interactiveHarness(spec.Top, clock, ins, outs)
	case benchModel:
		code = benchHarness(spec.Top, clock, ins, outs)
	}
	if err := os.WriteFile(harnessPath, []byte(code), 0o644); err != nil {
		return fmt.Errorf("vsim: %w", err)
	}
	objs, err := runtimeObjs(obj)
	if err != nil {
		return err
	}
	cached := useRuntime(rdir, obj, objs)
	jobs := v.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	margs := append([]string{"-f", "Vdut.mk", "-j", strconv.Itoa(jobs)}, v.makeOpt()...)
	if _, err := run(ctx, obj, "make", append(margs, "Vdut")...); err != nil {
		return err
	}
	if !cached {
		saveRuntime(filepath.Dir(rdir), rdir, obj, objs)
	}
	entry := filepath.Join(dir, "entry")
	if err := os.Mkdir(entry, 0o755); err != nil {
		return fmt.Errorf("vsim: %w", err)
	}
	// Keep the harness next to the model: it documents the port binding
	// when a run needs debugging.
	if err := os.Rename(harnessPath, filepath.Join(entry, "harness.cpp")); err != nil {
		return fmt.Errorf("vsim: %w", err)
	}
	if err := os.Rename(filepath.Join(obj, "Vdut"), filepath.Join(entry, modelFile)); err != nil {
		return fmt.Errorf("vsim: make built no model: %w", err)
	}
	return nil
}

func (v *Verilator) path() string {
	if v.Path == "" {
		return "verilator"
	}
	return v.Path
}

// versions caches verilator --version by executable path for the life of
// the process: the perl wrapper takes a noticeable part of a cache hit.
var versions struct {
	sync.Mutex
	byPath map[string]string
}

// toolVersion returns the output of verilator --version.
func (v *Verilator) toolVersion(ctx context.Context) (string, error) {
	versions.Lock()
	defer versions.Unlock()
	if version, ok := versions.byPath[v.path()]; ok {
		return version, nil
	}
	out, err := run(ctx, "", v.path(), "--version")
	if err != nil {
		return "", err
	}
	if versions.byPath == nil {
		versions.byPath = map[string]string{}
	}
	versions.byPath[v.path()] = strings.TrimSpace(string(out))
	return versions.byPath[v.path()], nil
}

func (v *Verilator) cacheDir() (string, error) {
	if v.CacheDir != "" {
		return v.CacheDir, nil
	}
	if dir := os.Getenv("SYSTOLE_VSIM_CACHE"); dir != "" {
		return dir, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("vsim: no cache directory (set Verilator.CacheDir or $SYSTOLE_VSIM_CACHE): %w", err)
	}
	return filepath.Join(base, "systole", "vsim"), nil
}

// cacheKey hashes everything the built model depends on: the cache format,
// the Verilator version, the flags, the spec and the contents of the
// sources. It also returns the sources as absolute paths.
func (v *Verilator) cacheKey(spec Spec, version string) (string, []string, error) {
	h := sha256.New()
	field := func(s string) { fmt.Fprintf(h, "%d:%s\n", len(s), s) }
	field(cacheFormat)
	field(harnessHead)
	field(harnessMain)
	field(version)
	field(strings.Join(buildFlags, " "))
	field(strings.Join(v.makeOpt(), " "))
	field(strconv.Itoa(len(v.Flags)))
	for _, f := range v.Flags {
		field(f)
	}
	field(spec.Top)
	field(spec.Clock)
	for _, group := range [][]Port{spec.Inputs, spec.Outputs} {
		field(strconv.Itoa(len(group)))
		for _, p := range group {
			field(p.Name)
			field(strconv.Itoa(p.Width))
		}
	}
	field(strconv.Itoa(len(spec.Sources)))
	abs := make([]string, len(spec.Sources))
	var errs []error
	for i, src := range spec.Sources {
		data, err := os.ReadFile(src)
		if err != nil {
			errs = append(errs, fmt.Errorf("vsim: source: %w", err))
			continue
		}
		field(filepath.Base(src))
		field(string(data))
		if abs[i], err = filepath.Abs(src); err != nil {
			errs = append(errs, fmt.Errorf("vsim: source: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return "", nil, err
	}
	return hex.EncodeToString(h.Sum(nil))[:32], abs, nil
}

// Run simulates stim on the model and returns the trace, one row per
// stimulus row (see Spec for the cycle protocol).
func (m *Model) Run(ctx context.Context, stim Stimulus) (Trace, error) {
	if m.kind != batchModel {
		return nil, errors.New("vsim: Run of an interactive model (built by BuildInteractive): use Start")
	}
	if err := checkStimulus(m.Spec.Inputs, stim); err != nil {
		return nil, err
	}
	if len(stim) == 0 {
		return Trace{}, nil
	}
	dir, err := os.MkdirTemp("", "systole-vsim-run-*")
	if err != nil {
		return nil, fmt.Errorf("vsim: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := writeFile(filepath.Join(dir, "stim.hex"), stim); err != nil {
		return nil, err
	}
	out, err := run(ctx, dir, m.Path, "stim.hex", "trace.hex")
	if err != nil {
		return nil, err
	}
	return readTrace(filepath.Join(dir, "trace.hex"), m.Spec.Outputs, len(stim), "verilator", out)
}

// writeFile writes stim to path in the stimulus format.
func writeFile(path string, stim Stimulus) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("vsim: %w", err)
	}
	if err := writeStimulus(f, stim); err != nil {
		f.Close()
		return fmt.Errorf("vsim: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("vsim: %w", err)
	}
	return nil
}

// readTrace reads and parses the trace file a simulator wrote, checking it
// has one row per cycle; simOut is the simulator's own output, quoted in
// errors. When the design stopped on a failed assertion, it returns the
// rows up to the failing cycle and an *AssertionError.
func readTrace(path string, outputs []Port, cycles int, tool string, simOut []byte) (Trace, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = nil, fmt.Errorf("vsim: %s wrote no trace", tool)
	}
	var trace Trace
	if err == nil {
		trace, err = parseTrace(data, outputs, tool)
	}
	if err == nil && len(trace) < cycles && len(trace) > 0 {
		if msg, ok := failureLine(simOut); ok {
			return trace, &AssertionError{Tool: tool, Cycle: len(trace) - 1, Message: msg}
		}
	}
	if err == nil && len(trace) != cycles {
		err = fmt.Errorf("vsim: %s trace has %d cycles, the stimulus %d (did the design call $finish?)",
			tool, len(trace), cycles)
	}
	if err != nil {
		if s := trimOutput(simOut); s != "" {
			err = fmt.Errorf("%w\n%s output:\n%s", err, tool, s)
		}
		return nil, err
	}
	return trace, nil
}
