package bench

import (
	"context"
	_ "embed"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/vsim"
)

// HandArray is a plain hand-written 16x16 int8 weight-stationary array
// (testdata/hand_array.v, module hand_array): the yardstick of
// BuildTimes.
//
//go:embed testdata/hand_array.v
var HandArray []byte

// BuildFlags are the flags of BuildTimes' builds: the library of the model
// (--cc --build), optimized as a user would for a fast simulation.
var BuildFlags = []string{"--cc", "--build", "-O3", "--x-assign", "fast", "--x-initial", "fast", "--noassert", "-CFLAGS", "-O2"}

// BuildTime is one measured Verilator build: its wall time and the CPU
// time of verilator, make and the compiler together, which a loaded
// machine changes far less.
type BuildTime struct {
	Name       string  `json:"name"`
	Seconds    float64 `json:"seconds"`
	CPUSeconds float64 `json:"cpu_seconds"`
}

// BuildTimes builds, one after the other in fresh directories under dir,
// the hand-written array and the core c's emitted Verilog (with BuildFlags,
// and the core also with vsim.SplitFlags), and returns the times of each
// build, so that a ratio is measured side by side on one machine.
func BuildTimes(ctx context.Context, dir string, c systolic.Config) ([]BuildTime, error) {
	g, err := systolic.New(c)
	if err != nil {
		return nil, err
	}
	d, err := elaborate.Elaborate(g)
	if err != nil {
		return nil, err
	}
	v, err := emit.Verilog(d)
	if err != nil {
		return nil, err
	}
	hand := filepath.Join(dir, "hand_array.v")
	core := filepath.Join(dir, d.Top+".v")
	if err := os.WriteFile(hand, HandArray, 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(core, v, 0o644); err != nil {
		return nil, err
	}
	var out []BuildTime
	for _, b := range []struct {
		name  string
		src   string
		extra []string
	}{
		{"hand-written 16x16 array", hand, nil},
		{d.Top, core, nil},
		{d.Top + " with vsim.SplitFlags", core, vsim.SplitFlags},
	} {
		obj := filepath.Join(dir, fmt.Sprintf("obj%d", len(out)))
		args := append(append(append([]string{}, BuildFlags...), b.extra...), "--Mdir", obj, b.src)
		start := time.Now()
		cmd := exec.CommandContext(ctx, "verilator", args...)
		if msg, err := cmd.CombinedOutput(); err != nil {
			return out, fmt.Errorf("bench: verilator %v: %w\n%s", args, err, msg)
		}
		ps := cmd.ProcessState
		out = append(out, BuildTime{b.name, time.Since(start).Seconds(), (ps.UserTime() + ps.SystemTime()).Seconds()})
	}
	return out, nil
}
