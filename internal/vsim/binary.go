package vsim

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// BuildBinary builds sources, a Verilog testbench with its own main
// (an initial block that drives the design and calls $finish), with
// verilator --binary and top as the top module, and returns the path of
// the executable. It is cached like Build: keyed by the Verilator version,
// the flags, top and the name and content of every source, so a test that
// runs the same testbench again does not rebuild it. Files the testbench
// reads at run time ($readmemh) are not part of the key: run the
// executable in the directory that holds them. Opt does not apply: the
// executable is built with Verilator's own optimization flags.
func (v *Verilator) BuildBinary(ctx context.Context, top string, sources []string) (string, error) {
	version, err := v.toolVersion(ctx)
	if err != nil {
		return "", err
	}
	fields := []string{cacheFormat, "binary", version, top, strings.Join(SplitFlags, " "), strconv.Itoa(len(v.Flags))}
	fields = append(fields, v.Flags...)
	abs := make([]string, len(sources))
	for i, src := range sources {
		data, err := os.ReadFile(src)
		if err != nil {
			return "", fmt.Errorf("vsim: source: %w", err)
		}
		if abs[i], err = filepath.Abs(src); err != nil {
			return "", fmt.Errorf("vsim: source: %w", err)
		}
		fields = append(fields, filepath.Base(src), string(data))
	}
	key := "b" + hashFields(fields...)[:31]
	cache, err := v.cacheDir()
	if err != nil {
		return "", err
	}
	entry := filepath.Join(cache, key)
	exe := filepath.Join(entry, modelFile)
	if _, err := os.Stat(exe); err == nil {
		return exe, nil
	}
	mu, _ := building.LoadOrStore(key, new(sync.Mutex))
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, err := os.Stat(exe); err == nil {
		return exe, nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", fmt.Errorf("vsim: %w", err)
	}
	removeStale(cache)
	tmp, err := os.MkdirTemp(cache, "build-*")
	if err != nil {
		return "", fmt.Errorf("vsim: %w", err)
	}
	defer os.RemoveAll(tmp)
	jobs := v.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	args := append([]string{"--binary", "-j", strconv.Itoa(jobs), "--top-module", top, "--Mdir", "obj", "--prefix", "Vtb"}, SplitFlags...)
	args = append(args, v.Flags...)
	args = append(args, abs...)
	if _, err := run(ctx, tmp, v.path(), args...); err != nil {
		return "", err
	}
	if err := os.Mkdir(filepath.Join(tmp, "entry"), 0o755); err != nil {
		return "", fmt.Errorf("vsim: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, "obj", "Vtb"), filepath.Join(tmp, "entry", modelFile)); err != nil {
		return "", fmt.Errorf("vsim: verilator --binary built no executable: %w", err)
	}
	if err := os.Rename(filepath.Join(tmp, "entry"), entry); err != nil {
		if _, statErr := os.Stat(exe); statErr != nil {
			return "", fmt.Errorf("vsim: %w", err)
		}
	}
	return exe, nil
}
