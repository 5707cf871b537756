// Package stimulus reads the stimulus files that drive a netlist in
// `systole sim FILE.net`, and runs a design in rtlsim on one.
//
// A stimulus file has one line per cycle that changes an input:
//
//	# comment
//	0  we=1 waddr=0 wdata=8'd100
//	1  waddr=1 wdata=50
//	4  we=0 raddr=0x3
//
// The first field is the cycle, counted from 0 after the reset edge, in
// increasing order; the others set top-level inputs by name to a sized
// literal of the input's width (8'h2a, 4'b1010, 16'd7) or to an unsigned
// decimal or 0x hexadecimal number that fits it. An input keeps its value
// until a later line changes it; inputs never named stay 0. The clock is
// driven by the simulator and cannot be set; rst may be, to reset again.
package stimulus

import (
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// Set is one assignment of a stimulus line.
type Set struct {
	Name  string
	Value string
}

// Step is one line: the assignments made before the edge of Cycle.
type Step struct {
	Cycle int
	Line  int
	Sets  []Set
}

// Stimulus is a parsed stimulus file.
type Stimulus struct {
	Name  string
	Steps []Step
}

// Parse reads a stimulus file; name is used in messages (name:line: ...).
func Parse(name, text string) (*Stimulus, error) {
	s := &Stimulus{Name: name}
	last := -1
	for i, line := range strings.Split(text, "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		c, err := strconv.Atoi(fields[0])
		if err != nil || c < 0 {
			return nil, bad("%s:%d: %q is not a cycle number", name, i+1, fields[0])
		}
		if c <= last {
			return nil, bad("%s:%d: cycle %d does not come after cycle %d", name, i+1, c, last)
		}
		last = c
		st := Step{Cycle: c, Line: i + 1}
		for _, f := range fields[1:] {
			k, v, ok := strings.Cut(f, "=")
			if !ok || k == "" || v == "" {
				return nil, bad("%s:%d: %q: want INPUT=VALUE", name, i+1, f)
			}
			st.Sets = append(st.Sets, Set{k, v})
		}
		s.Steps = append(s.Steps, st)
	}
	return s, nil
}

// value converts the text of a Set to a value of width bits.
func value(text string, width int) (bits.Value, error) {
	if strings.Contains(text, "'") {
		v, err := bits.Parse(text)
		if err != nil {
			return v, err
		}
		if v.Width() != width {
			return v, fmt.Errorf("%s is %d bits, the input %d", text, v.Width(), width)
		}
		return v, nil
	}
	n, ok := new(big.Int).SetString(text, 0)
	if !ok || n.Sign() < 0 {
		return bits.Value{}, fmt.Errorf("%q is not a sized literal or an unsigned number", text)
	}
	if n.BitLen() > width {
		return bits.Value{}, fmt.Errorf("%s does not fit in %d bits", text, width)
	}
	return bits.FromBig(width, n), nil
}

// Output is the value of an output after a run.
type Output struct {
	Name  string `json:"name"`
	Width int    `json:"width"`
	Value string `json:"value"`
}

// Run simulates d in rtlsim: one reset edge, then cycles edges, the inputs
// set by s (nil: every input held at 0) before each. It traces to vcd
// unless it is nil and returns the outputs after the last edge.
func Run(d *netlist.Design, s *Stimulus, cycles int, vcd io.Writer) ([]Output, error) {
	sim, err := rtlsim.Compile(d)
	if err != nil {
		return nil, err
	}
	if vcd != nil {
		if err := sim.TraceVCD(vcd); err != nil {
			return nil, err
		}
	}
	type step struct {
		cycle int
		pokes []func()
	}
	var steps []step
	if s != nil {
		inputs := map[string]rtlsim.PortInfo{}
		for _, p := range sim.Inputs() {
			inputs[p.Name] = p
		}
		for _, st := range s.Steps {
			if st.Cycle >= cycles {
				return nil, bad("%s:%d: cycle %d is not among the %d cycles simulated", s.Name, st.Line, st.Cycle, cycles)
			}
			var pokes []func()
			for _, set := range st.Sets {
				p, ok := inputs[set.Name]
				if !ok || p.Clock {
					return nil, bad("%s:%d: %s is not an input of %s that a stimulus can drive", s.Name, st.Line, set.Name, d.Top)
				}
				v, err := value(set.Value, p.Width)
				if err != nil {
					return nil, bad("%s:%d: %s: %v", s.Name, st.Line, set.Name, err)
				}
				pokes = append(pokes, func() { sim.Poke(p.Handle, v) })
			}
			steps = append(steps, step{st.Cycle, pokes})
		}
	}
	sim.Reset()
	for c := range cycles {
		if len(steps) > 0 && steps[0].cycle == c {
			for _, poke := range steps[0].pokes {
				poke()
			}
			steps = steps[1:]
		}
		sim.Step(1)
	}
	var outs []Output
	for _, p := range sim.Outputs() {
		outs = append(outs, Output{p.Name, p.Width, sim.Peek(p.Handle).String()})
	}
	return outs, sim.Close()
}

// BadInput is an error in the stimulus itself (its text, or what it asks
// of the design), as opposed to a failure to simulate.
type BadInput struct{ Err error }

func (e *BadInput) Error() string { return e.Err.Error() }
func (e *BadInput) Unwrap() error { return e.Err }

func bad(format string, args ...any) error { return &BadInput{fmt.Errorf(format, args...)} }
