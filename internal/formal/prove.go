package formal

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/systole-hdl/systole/internal/stimulus"
	"github.com/systole-hdl/systole/rtlsim"
)

// prove judges every assertion (see the package documentation). netFile is
// the design's netlist in the output directory, which replays use.
func (r *runner) prove(ps []Prop, netFile string) ([]Result, error) {
	res := make([]Result, len(ps))
	byCell := map[string]int{}
	var want []string
	for i, p := range ps {
		res[i] = Result{Prop: p, Status: Bounded, Depth: r.opts.Depth}
		byCell[p.Cell] = i
		want = append(want, p.Cell)
	}
	slices.Sort(want)
	var failed []string
	for first := true; ; first = false {
		model, cells, err := r.model(failed, "")
		if err != nil {
			return nil, err
		}
		if first && !slices.Equal(cells, want) {
			return nil, fmt.Errorf("formal: the Yosys model has the assertions %v, expected %v (does the Verilog rename an instance?)", cells, want)
		}
		if len(cells) == 0 {
			break
		}
		r.cexs++
		vcd := fmt.Sprintf("cex_%d.vcd", r.cexs)
		ok, bad, step, err := r.check(model, false, vcd)
		if err != nil {
			return nil, err
		}
		if ok {
			break
		}
		if len(bad) == 0 {
			return nil, errors.New("formal: yosys-smtbmc found a counterexample but named no assertion")
		}
		cex, err := r.counterexample(vcd, netFile, step)
		if err != nil {
			return nil, err
		}
		for _, c := range bad {
			i, known := byCell[c]
			if !known || slices.Contains(failed, c) {
				return nil, fmt.Errorf("formal: yosys-smtbmc reports assertion %q, which is not one of the design's", c)
			}
			var others []Prop // what rtlsim may stop on first
			for _, f := range append(append([]string(nil), failed...), bad...) {
				if f != c {
					others = append(others, ps[byCell[f]])
				}
			}
			note, err := r.replay(cex, ps[i], others)
			if err != nil {
				return nil, err
			}
			res[i].Note = note
			res[i].Status, res[i].Depth = Failed, 0
			res[i].Cycle, res[i].VCD, res[i].Stimulus, res[i].Replay = cex.cycle, cex.vcd, cex.stim, cex.replay
			failed = append(failed, c)
		}
	}
	// Induction for the assertions that held: all together, dropping the
	// ones whose induction step fails until the rest close (an assertion
	// that fails the step with the others as hypotheses fails it alone
	// too), so that an assertion proved by induction may rest on others
	// (a strengthening invariant) and one assertion that does not close
	// costs the others nothing.
	var held []string
	for _, p := range ps {
		if !slices.Contains(failed, p.Cell) {
			held = append(held, p.Cell)
		}
	}
	for len(held) > 0 {
		model, _, err := r.model(append(slices.Clone(failed), dropped(ps, failed, held)...), "")
		if err != nil {
			return nil, err
		}
		ok, bad, _, err := r.check(model, true, "")
		if err != nil {
			return nil, err
		}
		if ok {
			for _, c := range held {
				res[byCell[c]].Status = Proved
			}
			break
		}
		var rest []string
		for _, c := range held {
			if !slices.Contains(bad, c) {
				rest = append(rest, c)
			}
		}
		if len(rest) == len(held) {
			// The solver named no assertion of the set: judge each alone.
			for _, c := range held {
				one, _, err := r.model(nil, c)
				if err != nil {
					return nil, err
				}
				ok, _, _, err := r.check(one, true, "")
				if err != nil {
					return nil, err
				}
				if ok {
					res[byCell[c]].Status = Proved
				}
			}
			break
		}
		held = rest
	}
	return res, nil
}

// dropped returns the cells of ps neither failed nor held: the assertions
// whose induction step failed.
func dropped(ps []Prop, failed, held []string) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(failed, p.Cell) && !slices.Contains(held, p.Cell) {
			out = append(out, p.Cell)
		}
	}
	return out
}

// cex is a counterexample written to the output directory.
type cex struct {
	vcd, stim, replay string
	st                *stimulus.Stimulus
	cycle             int // the rtlsim cycle whose edge fails
	cycles            int // the cycles "systole sim" runs to replay it
}

// counterexample turns the solver's waveform (in the work directory) into
// files of the output directory: the waveform and a stimulus file. step is
// the step the solver found the failure in.
func (r *runner) counterexample(vcd, netFile string, step int) (*cex, error) {
	data, err := os.ReadFile(filepath.Join(r.work, vcd))
	if err != nil {
		return nil, fmt.Errorf("formal: the counterexample: %w", err)
	}
	names := make([]string, len(r.inputs))
	for i, in := range r.inputs {
		names[i] = in.name
	}
	steps, err := readSteps(data, wrapperName, names)
	if err != nil {
		return nil, fmt.Errorf("formal: the counterexample %s: %w", vcd, err)
	}
	// The failure shows in the step after the edge it failed at (Yosys
	// samples a clocked assertion in a register).
	c := &cex{cycle: step - 1}
	if c.cycle < 0 || step >= len(steps) {
		return nil, fmt.Errorf("formal: the counterexample %s has %d steps, fails in step %d", vcd, len(steps), step)
	}
	off := 0
	if r.hasRst {
		off = 1 // step 0 is the reset edge, which "systole sim" makes itself
	}
	c.cycles = c.cycle + 1 - off
	var b strings.Builder
	fmt.Fprintf(&b, "# counterexample of systole prove for %s: cycle 0 is the first after the reset\n", r.d.Top)
	for s := off; s < off+c.cycles; s++ {
		fmt.Fprintf(&b, "%d", s-off)
		for i, in := range r.inputs {
			fmt.Fprintf(&b, " %s=%s", in.name, steps[s][i].String())
		}
		b.WriteString("\n")
	}
	base := strings.TrimSuffix(vcd, ".vcd")
	c.vcd = filepath.Join(r.opts.Dir, vcd)
	c.stim = filepath.Join(r.opts.Dir, base+".stim")
	if err := writeAtomic(c.vcd, data); err != nil {
		return nil, err
	}
	if err := writeAtomic(c.stim, []byte(b.String())); err != nil {
		return nil, err
	}
	if c.st, err = stimulus.Parse(c.stim, b.String()); err != nil {
		return nil, fmt.Errorf("formal: %w", err)
	}
	c.replay = fmt.Sprintf("systole sim %s --stimulus %s --cycles %d --vcd %s",
		shellQuote(netFile), shellQuote(c.stim), c.cycles, shellQuote(filepath.Join(r.opts.Dir, base+"_rtlsim.vcd")))
	return c, nil
}

// replay runs the counterexample in rtlsim, which must stop on the same
// assertion at the same cycle: the solver and the simulator judge one
// design. rtlsim checks every assertion, so it may stop first, at that
// cycle or before, on one of others (assertions the solver was told to
// leave out because they failed already); the returned note says so.
func (r *runner) replay(c *cex, p Prop, others []Prop) (string, error) {
	_, err := stimulus.Run(r.d, c.st, c.cycles, nil)
	var ae *rtlsim.AssertionError
	if !errors.As(err, &ae) {
		return "", fmt.Errorf("formal: the counterexample %s for %s (%s) does not fail in rtlsim (%v): the solver and rtlsim disagree", c.vcd, p.Name(), p.Pos, err)
	}
	same := func(q Prop) bool { return ae.Pos.String() == q.Pos && ae.Instance == q.Instance && ae.Msg == q.Msg }
	switch {
	case same(p) && int(ae.Cycle) == c.cycle:
		return "", nil
	case int(ae.Cycle) <= c.cycle && slices.ContainsFunc(others, same):
		return fmt.Sprintf("rtlsim stops first on %q in cycle %d", ae.Msg, ae.Cycle), nil
	}
	return "", fmt.Errorf("formal: the counterexample %s for %s fails at cycle %d, but rtlsim stops differently: %v: the solver and rtlsim disagree", c.vcd, p.Name(), c.cycle, ae)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
