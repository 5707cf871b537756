package vsim

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// FailPrefix opens the line the emitted Verilog prints when one of the
// design's assertions or assumptions fails, before it calls $finish (it is
// emit.FailPrefix; vsim does not import emit).
const FailPrefix = "systole: "

// AssertionError is an assertion or assumption of the design failing in a
// simulator: the emitted check printed Message (the failure line without
// FailPrefix: position, kind, instance and message) and stopped the
// simulation at the clock edge that ends Cycle, so a trace has the rows of
// cycles 0 to Cycle. rtlsim stops the same failure at the same cycle.
type AssertionError struct {
	Tool    string
	Cycle   int
	Message string
}

func (e *AssertionError) Error() string {
	return fmt.Sprintf("vsim: %s: cycle %d: %s", e.Tool, e.Cycle, e.Message)
}

// failureLine returns the first failure line in a simulator's output,
// without its prefix.
func failureLine(out []byte) (string, bool) {
	for line := range bytes.Lines(out) {
		line = bytes.TrimRight(line, "\r\n")
		if rest, ok := bytes.CutPrefix(line, []byte(FailPrefix)); ok {
			return string(rest), true
		}
	}
	return "", false
}

// finishRE matches the line a Verilator harness prints when the design
// calls $finish.
var finishRE = regexp.MustCompile(`the design called \$finish in cycle ([0-9]+)`)

// finishCycle returns the cycle a harness reported $finish in.
func finishCycle(out []byte) (int, bool) {
	m := finishRE.FindSubmatch(out)
	if m == nil {
		return 0, false
	}
	c, err := strconv.Atoi(string(m[1]))
	return c, err == nil
}
