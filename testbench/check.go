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
// it runs test again, with the same seed, on rtlsim with a VCD trace, and
// the failure message holds the seed and the path of the waveform (kept
// after the test; see EnvVCDDir). test must therefore be repeatable: all its
// randomness from b.Rand or its seed. When the re-run on rtlsim passes, the
// message says so: the failure then belongs to the other backend (a
// mismatch between it and rtlsim) or to a test that is not repeatable.
func Check(t testing.TB, d *netlist.Design, seed uint64, mk Maker, test func(b *Bench) error) {
	t.Helper()
	be, err := mk(d)
	if err != nil {
		t.Fatalf("testbench: %v", err)
	}
	err = runTest(be, seed, test)
	if err == nil {
		return
	}
	name := backendName(be)
	path, rerr := rerun(t.Name(), d, seed, test)
	switch {
	case path == "":
		t.Fatalf("%v\nseed %d, backend %s; no waveform: %v", err, seed, name, rerr)
	case rerr == nil:
		t.Fatalf("%v\nseed %d, backend %s; the re-run on rtlsim with the same seed PASSED (a %s/rtlsim mismatch, or a test that is not repeatable); its waveform: %s",
			err, seed, name, name, path)
	default:
		t.Fatalf("%v\nseed %d, backend %s; waveform (re-run on rtlsim, same seed): %s", err, seed, name, path)
	}
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

// rerun runs test on rtlsim with a VCD trace, returning the trace's path
// (or "" when none could be written) and the re-run's error.
func rerun(testName string, d *netlist.Design, seed uint64, test func(b *Bench) error) (string, error) {
	dir := os.Getenv(EnvVCDDir)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "systole-testbench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-seed%d.vcd", unsafeRE.ReplaceAllString(testName, "_"), seed))
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
