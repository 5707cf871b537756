package vsim

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/systole-hdl/systole/bits"
)

// Port is a top-level port of the design under simulation.
type Port struct {
	Name  string
	Width int
}

// Spec describes the top module to simulate and which of its ports the
// stimulus drives and the trace records.
type Spec struct {
	// Top names the top module.
	Top string
	// Sources are the Verilog files that define Top and everything it
	// instantiates. They must be self-contained: the Verilator cache key
	// covers their contents, not files they `include.
	Sources []string
	// Clock names the clock input, toggled once per cycle by the runner; ""
	// for a design without one (every cycle then only settles the inputs).
	Clock string
	// Inputs are the inputs set from the stimulus, in stimulus order. Every
	// input of Top except Clock must be listed.
	Inputs []Port
	// Outputs are the outputs recorded in the trace, in trace order; any
	// subset of Top's outputs.
	Outputs []Port
}

// Stimulus holds the input values of each cycle: Stimulus[c][i] is the value
// of Spec.Inputs[i] during cycle c, of exactly that port's width.
type Stimulus [][]bits.Value

// Trace holds the recorded outputs: Trace[c][o] is Spec.Outputs[o] in cycle
// c, after the inputs of cycle c settled and before the clock edge that ends
// the cycle (so registers show the state after c edges).
type Trace [][]bits.Value

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_$]*$`)

// Validate reports every problem of s at once: missing names, names that
// are not simple Verilog identifiers (escaped identifiers are not
// supported), duplicate ports and widths below one.
func (s *Spec) Validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("vsim: spec: "+format, args...))
	}
	if !identRE.MatchString(s.Top) {
		bad("top module name %q is not a simple identifier", s.Top)
	}
	if len(s.Sources) == 0 {
		bad("no source files")
	}
	seen := map[string]string{}
	name := func(kind, n string) {
		if !identRE.MatchString(n) {
			bad("%s name %q is not a simple identifier", kind, n)
			return
		}
		if prev, ok := seen[n]; ok {
			bad("duplicate port name %q (%s and %s)", n, prev, kind)
			return
		}
		seen[n] = kind
	}
	if s.Clock != "" {
		name("clock", s.Clock)
	}
	for _, group := range []struct {
		kind  string
		ports []Port
	}{{"input", s.Inputs}, {"output", s.Outputs}} {
		for _, p := range group.ports {
			name(group.kind, p.Name)
			if p.Width < 1 {
				bad("%s %q has width %d < 1", group.kind, p.Name, p.Width)
			}
		}
	}
	return errors.Join(errs...)
}

// clone returns a deep copy of s, so a Model keeps its own.
func (s Spec) clone() Spec {
	s.Sources = append([]string(nil), s.Sources...)
	s.Inputs = append([]Port(nil), s.Inputs...)
	s.Outputs = append([]Port(nil), s.Outputs...)
	return s
}

// checkStimulus reports the first row of stim that does not fit the inputs.
func checkStimulus(inputs []Port, stim Stimulus) error {
	for c, row := range stim {
		if len(row) != len(inputs) {
			return fmt.Errorf("vsim: stimulus cycle %d has %d values for %d inputs", c, len(row), len(inputs))
		}
		for i, v := range row {
			if v.Width() != inputs[i].Width {
				return fmt.Errorf("vsim: stimulus cycle %d: input %s is %d bits wide, got a %d-bit value",
					c, inputs[i].Name, inputs[i].Width, v.Width())
			}
		}
	}
	return nil
}

// digits returns the number of hex digits of a width-bit value.
func digits(width int) int { return (width + 3) / 4 }

// writeStimulus writes stim in the stimulus format: one line per cycle,
// every input as exactly digits(width) lowercase hex digits, concatenated in
// input order without separators (first input leftmost). The same file is
// a valid $readmemh image of one word per cycle.
func writeStimulus(w io.Writer, stim Stimulus) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	for _, row := range stim {
		for _, v := range row {
			bw.WriteString(v.Hex())
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// parseTrace reads the trace format: one line per cycle, every output as
// exactly digits(width) hex digits, separated by single spaces. tool names
// the simulator in errors.
func parseTrace(data []byte, outputs []Port, tool string) (Trace, error) {
	text := strings.TrimSuffix(string(data), "\n")
	if text == "" && len(data) == 0 {
		return Trace{}, nil
	}
	lines := strings.Split(text, "\n")
	trace := make(Trace, len(lines))
	for c, line := range lines {
		line = strings.TrimRight(line, " \r")
		fields := strings.Fields(line)
		if len(fields) != len(outputs) {
			return nil, fmt.Errorf("vsim: %s trace cycle %d has %d values for %d outputs: %.200q",
				tool, c, len(fields), len(outputs), line)
		}
		row := make([]bits.Value, len(outputs))
		for o, f := range fields {
			v, err := parseHex(f, outputs[o].Width)
			if err != nil {
				return nil, fmt.Errorf("vsim: %s trace cycle %d output %s: %w", tool, c, outputs[o].Name, err)
			}
			row[o] = v
		}
		trace[c] = row
	}
	return trace, nil
}

// parseHex reads exactly digits(width) hex digits into a width-bit Value.
// X and Z digits (from a four-state simulator) are errors: systole's
// semantics are two-state and a design must not depend on X.
func parseHex(s string, width int) (bits.Value, error) {
	if len(s) != digits(width) {
		return bits.Value{}, fmt.Errorf("%q has %d hex digits, want %d for %d bits", s, len(s), digits(width), width)
	}
	words := make([]uint64, bits.Words(width))
	for i := 0; i < len(s); i++ {
		d := s[len(s)-1-i] // digit i, counted from the least significant
		var v uint64
		switch {
		case d >= '0' && d <= '9':
			v = uint64(d - '0')
		case d >= 'a' && d <= 'f':
			v = uint64(d-'a') + 10
		case d >= 'A' && d <= 'F':
			v = uint64(d-'A') + 10
		case strings.IndexByte("xXzZ", d) >= 0:
			return bits.Value{}, fmt.Errorf("%d'h%s has X or Z bits", width, s)
		default:
			return bits.Value{}, fmt.Errorf("%q is not hexadecimal", s)
		}
		words[i/16] |= v << (4 * (i % 16))
	}
	v := bits.FromWords(width, words)
	if top := words[len(words)-1]; top != v.Word(len(words)-1) {
		return bits.Value{}, fmt.Errorf("%q does not fit in %d bits", s, width)
	}
	return v, nil
}

// Diff describes how got differs from want, naming the cycle and output of
// each of the first few mismatches (at most limit; all when limit <= 0), or
// returns "" when they are equal.
func Diff(outputs []Port, got, want Trace, limit int) string {
	var b strings.Builder
	n := 0
	if len(got) != len(want) {
		fmt.Fprintf(&b, "got %d cycles, want %d\n", len(got), len(want))
	}
	for c := 0; c < min(len(got), len(want)); c++ {
		for o := 0; o < max(len(got[c]), len(want[c])); o++ {
			var g, w bits.Value
			if o < len(got[c]) {
				g = got[c][o]
			}
			if o < len(want[c]) {
				w = want[c][o]
			}
			if g.Equal(w) {
				continue
			}
			if limit > 0 && n == limit {
				b.WriteString("...\n")
				return b.String()
			}
			n++
			name := fmt.Sprintf("#%d", o)
			if o < len(outputs) {
				name = outputs[o].Name
			}
			fmt.Fprintf(&b, "cycle %d: %s = %v, want %v\n", c, name, g, w)
		}
	}
	return b.String()
}
