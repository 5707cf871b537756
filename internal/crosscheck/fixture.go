package crosscheck

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// A Fixture is a design that once failed a cross-check, kept with the
// stimulus it failed on so that a test replays it for good: a random
// design's seed stops reproducing it once the generator changes, its
// netlist does not. It is stored as two files in one directory:
// NAME.net, the netlist text with a comment saying where it came from,
// and NAME.stim, one line per cycle of the input values in the order of
// its header line.
type Fixture struct {
	Name    string // file name without extension
	Comment string // where it came from, one line
	Design  *netlist.Design
	Inputs  []vsim.Port // the stimulus's columns
	Stim    vsim.Stimulus
}

// MaxFixtureBytes bounds the files ReadFixture reads.
const MaxFixtureBytes = 64 << 20

// Save writes the fixture into dir (created if needed) and returns the
// path of its netlist. Each file is written to a temporary file and
// renamed into place.
func (f *Fixture) Save(dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("crosscheck: fixture: %w", err)
	}
	var st strings.Builder
	st.WriteString("# inputs:")
	for _, p := range f.Inputs {
		fmt.Fprintf(&st, " %s:%d", p.Name, p.Width)
	}
	st.WriteString("\n")
	for _, row := range f.Stim {
		for k, v := range row {
			if k > 0 {
				st.WriteString(" ")
			}
			st.WriteString(v.String())
		}
		st.WriteString("\n")
	}
	net := "// " + strings.ReplaceAll(f.Comment, "\n", " ") + "\n" + netlist.Format(f.Design)
	path := filepath.Join(dir, f.Name+".net")
	for _, file := range []struct{ path, text string }{
		{path, net},
		{filepath.Join(dir, f.Name+".stim"), st.String()},
	} {
		if err := writeAtomic(file.path, file.text); err != nil {
			return "", err
		}
	}
	return path, nil
}

func writeAtomic(path, text string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fixture-*")
	if err != nil {
		return fmt.Errorf("crosscheck: fixture: %w", err)
	}
	_, werr := tmp.WriteString(text)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("crosscheck: fixture: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("crosscheck: fixture: %w", err)
	}
	return nil
}

// ReadFixture reads the fixture whose netlist is at path (NAME.net, with
// NAME.stim beside it).
func ReadFixture(path string) (*Fixture, error) {
	read := func(p string) (string, error) {
		fi, err := os.Stat(p)
		if err != nil {
			return "", err
		}
		if fi.Size() > MaxFixtureBytes {
			return "", fmt.Errorf("%s: larger than %d bytes", p, MaxFixtureBytes)
		}
		data, err := os.ReadFile(p)
		return string(data), err
	}
	text, err := read(path)
	if err != nil {
		return nil, fmt.Errorf("crosscheck: fixture: %w", err)
	}
	d, err := netlist.Parse(path, text)
	if err != nil {
		return nil, fmt.Errorf("crosscheck: fixture: %w", err)
	}
	name := strings.TrimSuffix(filepath.Base(path), ".net")
	f := &Fixture{Name: name, Design: d}
	if first, _, _ := strings.Cut(text, "\n"); strings.HasPrefix(first, "// ") {
		f.Comment = strings.TrimPrefix(first, "// ")
	}
	stimPath := strings.TrimSuffix(path, ".net") + ".stim"
	st, err := read(stimPath)
	if err != nil {
		return nil, fmt.Errorf("crosscheck: fixture: %w", err)
	}
	sc := bufio.NewScanner(strings.NewReader(st))
	sc.Buffer(nil, MaxFixtureBytes)
	line := 0
	for sc.Scan() {
		line++
		fields := strings.Fields(sc.Text())
		if line == 1 {
			if len(fields) < 2 || fields[0] != "#" || fields[1] != "inputs:" {
				return nil, fmt.Errorf("crosscheck: fixture: %s:1: want a header line \"# inputs: name:width ...\"", stimPath)
			}
			for _, nw := range fields[2:] {
				var p vsim.Port
				n, w, ok := strings.Cut(nw, ":")
				if _, err := fmt.Sscanf(w, "%d", &p.Width); !ok || err != nil || p.Width < 1 {
					return nil, fmt.Errorf("crosscheck: fixture: %s:1: bad input %q, want name:width", stimPath, nw)
				}
				p.Name = n
				f.Inputs = append(f.Inputs, p)
			}
			continue
		}
		if len(fields) != len(f.Inputs) {
			return nil, fmt.Errorf("crosscheck: fixture: %s:%d: %d values for %d inputs", stimPath, line, len(fields), len(f.Inputs))
		}
		row := make([]bits.Value, len(fields))
		for k, s := range fields {
			v, err := bits.Parse(s)
			if err != nil || v.Width() != f.Inputs[k].Width {
				return nil, fmt.Errorf("crosscheck: fixture: %s:%d: input %s: %q is not a %d-bit literal", stimPath, line, f.Inputs[k].Name, s, f.Inputs[k].Width)
			}
			row[k] = v
		}
		f.Stim = append(f.Stim, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("crosscheck: fixture: %s: %w", stimPath, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("crosscheck: fixture: %s: empty", stimPath)
	}
	return f, nil
}

// Fixtures reads every fixture of dir (its .net files), in name order.
func Fixtures(dir string) ([]*Fixture, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.net"))
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var out []*Fixture
	for _, p := range paths {
		f, err := ReadFixture(p)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Stimulus returns the fixture's stimulus for spec, whose inputs must be
// those the fixture recorded.
func (f *Fixture) Stimulus(spec vsim.Spec) (vsim.Stimulus, error) {
	if !slices.Equal(spec.Inputs, f.Inputs) {
		return nil, fmt.Errorf("crosscheck: fixture %s: the design's inputs %v are not the stimulus's %v", f.Name, spec.Inputs, f.Inputs)
	}
	return f.Stim, nil
}
