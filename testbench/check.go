package testbench

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/systole-hdl/systole/netlist"
)

// Maker makes a fresh Backend of a design: NewRTLSim, or a Verilator
// backend (see VerilatorMaker).
type Maker func(d *netlist.Design) (Backend, error)

// RTLSimMaker makes rtlsim backends.
func RTLSimMaker(d *netlist.Design) (Backend, error) {
	b, err := NewRTLSim(d)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// EnvVCDDir names the directory where Check writes the waveform of a
// failed test; unset, it is systole-testbench under os.TempDir().
const EnvVCDDir = "SYSTOLE_TB_VCD_DIR"

// Check runs test on a fresh Bench over mk(d) with the given seed, and
// fails t when test, the bench or the backend reports an error. On failure
// it runs test again, with the same seed, on rtlsim with a VCD trace and,
// when the backend is Verilator, on Verilator built with --trace, and the
// failure message holds the seed and the paths of the waveforms (kept
// after the test; see EnvVCDDir). test must therefore be repeatable: all its
// randomness from b.Rand or its seed. When the re-run on rtlsim passes, the
// message says so: the failure then belongs to the other backend (a
// mismatch between it and rtlsim) or to a test that is not repeatable.
// A failed assertion of the design is such an error (its message names the
// cycle, instance and source line); on success the cover points' counts
// are logged when the backend counts them.
func Check(t testing.TB, d *netlist.Design, seed uint64, mk Maker, test func(b *Bench) error) {
	t.Helper()
	be, err := mk(d)
	if err != nil {
		t.Fatalf("testbench: %v", err)
	}
	err = runTest(be, seed, test)
	if err == nil {
		if c, ok := be.(Coverer); ok {
			if cs := c.Covers(); len(cs) > 0 {
				t.Logf("cover points:\n%s", CoverReport(cs))
			}
		}
		return
	}
	tr, _ := be.(vcdBackend)
	t.Fatalf("%s", failure(t.Name(), d, seed, backendName(be), tr, err, test))
}

// maxRerunLanes bounds the failing lanes of a CheckLanes that are re-run
// for a waveform.
const maxRerunLanes = 3

// CheckLanes is Check for many seeds at once: it runs test with every seed
// on its own lane of one rtlsim.Batch (see RunLanes), and fails t when any
// lane fails, with one message per failing seed. The first few failing
// seeds are re-run alone on rtlsim with a VCD trace, as Check does; the
// message of a later one says so, and Check with its seed gives its
// waveform.
func CheckLanes(t testing.TB, d *netlist.Design, seeds []uint64, test func(b *Bench) error) {
	t.Helper()
	errs, err := RunLanes(d, SeedLanes(test, seeds...))
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for i, err := range errs {
		if err == nil {
			continue
		}
		name := fmt.Sprintf("rtlsim.Batch (lane %d of %d)", i, len(seeds))
		if failed++; failed > maxRerunLanes {
			t.Errorf("%v\nseed %d, backend %s; not re-run for a waveform (only the first %d failing seeds are)", err, seeds[i], name, maxRerunLanes)
			continue
		}
		t.Error(failure(t.Name(), d, seeds[i], name, nil, err, test))
	}
	if failed > 0 {
		t.FailNow()
	}
}

// failure re-runs a failed test on rtlsim with a VCD trace and, when the
// failing backend can write its own waveform (Verilator's --trace), on
// that backend too, and returns the message of the failure: err, the seed,
// the backend, the waveforms' paths.
func failure(testName string, d *netlist.Design, seed uint64, backend string, tr vcdBackend, err error, test func(b *Bench) error) string {
	path, rerr := rerun(testName, d, seed, test)
	own := ""
	if tr != nil {
		if p, ownErr := rerunOwn(testName, seed, backend, tr, test); p != "" {
			own = fmt.Sprintf("; %s's own waveform (re-run, same seed): %s", backend, p)
			if ownErr == nil {
				own += " (that re-run PASSED)"
			}
		} else {
			own = fmt.Sprintf("; no %s waveform: %v", backend, ownErr)
		}
	}
	switch {
	case path == "":
		return fmt.Sprintf("%v\nseed %d, backend %s; no waveform: %v%s", err, seed, backend, rerr, own)
	case rerr == nil:
		return fmt.Sprintf("%v\nseed %d, backend %s; the re-run on rtlsim with the same seed PASSED (a %s/rtlsim mismatch, or a test that is not repeatable); its waveform: %s%s",
			err, seed, backend, backend, path, own)
	default:
		return fmt.Sprintf("%v\nseed %d, backend %s; waveform (re-run on rtlsim, same seed): %s%s", err, seed, backend, path, own)
	}
}

// vcdBackend is a backend that can make a twin writing its own waveform.
type vcdBackend interface {
	withVCD(path string) (Backend, error)
}

// rerunOwn runs test again on a twin of the failing backend that writes
// its own waveform, returning the waveform's path ("" when none could be
// made) and the re-run's error.
func rerunOwn(testName string, seed uint64, backend string, be vcdBackend, test func(b *Bench) error) (string, error) {
	path, err := vcdPath(testName, seed, "."+backend)
	if err != nil {
		return "", err
	}
	twin, err := be.withVCD(path)
	if err != nil {
		return "", err
	}
	return path, runTest(twin, seed, test)
}

// runTest runs test on a bench over be and closes be.
func runTest(be Backend, seed uint64, test func(b *Bench) error) error {
	b := New(be, seed)
	err := test(b)
	if err == nil {
		err = b.Err()
	}
	return errors.Join(err, be.Close())
}

func backendName(be Backend) string {
	if s, ok := be.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", be)
}

var unsafeRE = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// vcdPath is the waveform file of a failed test's seed, under EnvVCDDir
// (created): TEST-seedN.vcd, with suffix before .vcd.
func vcdPath(testName string, seed uint64, suffix string) (string, error) {
	dir := os.Getenv(EnvVCDDir)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "systole-testbench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(dir, fmt.Sprintf("%s-seed%d%s.vcd", unsafeRE.ReplaceAllString(testName, "_"), seed, suffix)), nil
}

// rerun runs test on rtlsim with a VCD trace, returning the trace's path
// (or "" when none could be written) and the re-run's error.
func rerun(testName string, d *netlist.Design, seed uint64, test func(b *Bench) error) (string, error) {
	path, err := vcdPath(testName, seed, "")
	if err != nil {
		return "", err
	}
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	be, err := NewRTLSim(d)
	if err != nil {
		return "", err
	}
	if err := be.TraceVCD(f); err != nil {
		return "", err
	}
	return path, runTest(be, seed, test)
}
