package limits

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// MaxWidth is the widest net, port, register, memory word or literal, in
// bits (16 Mi). It is a constant, not a Limit: wider values are not
// supported.
const MaxWidth = 1 << 24

// A Limit is one named maximum.
type Limit struct {
	// Name is the limit's name in errors and in SYSTOLE_LIMIT_<NAME>
	// (upper-cased).
	Name string
	// Max is the largest value allowed.
	Max int64
	// What says what the limit bounds, for the README and --help.
	What string
	// Fixed marks a limit that cannot be raised (a format or an
	// implementation bounds it, not a choice of memory or time).
	Fixed bool
}

// The limits, in the order the README lists them.
var (
	Width = &Limit{Name: "width", Max: MaxWidth, Fixed: true,
		What: "bits of one net, port, register, memory word or literal"}
	MemDepth = &Limit{Name: "mem_depth", Max: 1 << 24,
		What: "words of one memory"}
	Bits = &Limit{Name: "bits", Max: 1 << 30,
		What: "bits of state of a design once flattened (every net and memory word of every instance), and of all its modules' nets and memories before flattening"}
	Nets = &Limit{Name: "nets", Max: 1 << 23,
		What: "nets of a design once flattened"}
	Cells = &Limit{Name: "cells", Max: 1 << 23,
		What: "cells (operators), registers and memory ports of a design once flattened"}
	Instances = &Limit{Name: "instances", Max: 1 << 20,
		What: "module instances of a design once flattened"}
	Depth = &Limit{Name: "depth", Max: 64,
		What: "levels of instance hierarchy below the top module"}
	GEMMDim = &Limit{Name: "gemm_dim", Max: 1 << 16,
		What: "each of a GEMM's M, K and N"}
	GEMMElements = &Limit{Name: "gemm_elements", Max: 1 << 25,
		What: "elements of a GEMM's A, B and C together (M·K + K·N + M·N)"}
	WorkloadGEMMs = &Limit{Name: "workload_gemms", Max: 1 << 16,
		What: "GEMMs of one sweep workload (its sets, shapes and topology files' layers, depthwise layers expanded)"}
	Jobs = &Limit{Name: "jobs", Max: 1 << 20,
		What: "jobs (batches or tiles) of one 'systole sim' regression run"}
	Traffic = &Limit{Name: "traffic", Max: 1 << 25,
		What: "cycles of stimulus held in memory at once ('systole bench': --cycles × --lanes)"}
	ListItems = &Limit{Name: "list_items", Max: 4096,
		What: "values of one sweep parameter list (after ranges are expanded)"}
	Points = &Limit{Name: "points", Max: 1 << 16,
		What: "points of a sweep's grid (the cross product of its parameter lists)"}
	FileBytes = &Limit{Name: "file_bytes", Max: 256 << 20,
		What: "bytes of one input file (a netlist, stimulus, spec or Verilog file)"}
)

// All returns every limit, in the order the README lists them.
func All() []*Limit {
	return []*Limit{Width, MemDepth, Bits, Nets, Cells, Instances, Depth,
		GEMMDim, GEMMElements, WorkloadGEMMs, Jobs, Traffic, ListItems, Points, FileBytes}
}

// Env is the environment variable that sets l (SYSTOLE_LIMIT_NETS for nets).
func (l *Limit) Env() string { return "SYSTOLE_LIMIT_" + strings.ToUpper(l.Name) }

// Check returns an *Error when n exceeds l; subject names what has n (a
// design, a memory, a file).
func (l *Limit) Check(subject string, n int64) error {
	if n <= l.Max {
		return nil
	}
	return &Error{Limit: l, Subject: subject, N: n, Max: l.Max}
}

// Error is a limit exceeded.
type Error struct {
	Limit   *Limit
	Subject string
	N, Max  int64
	// AtLeast says N is a lower bound: counting stopped past the limit.
	AtLeast bool
}

func (e *Error) Error() string {
	// count is n with the limit's unit, if it has one ("3 nets", "99999").
	count := func(n int64) string {
		if u := e.Limit.unit(); u != "" {
			return fmt.Sprintf("%d %s", n, u)
		}
		return fmt.Sprint(n)
	}
	var s string
	switch {
	case e.N == maxInt64: // a saturated count
		s = fmt.Sprintf("%s: more %s than the %s limit of %d", e.Subject, e.Limit.unit(), e.Limit.Name, e.Max)
		if e.Limit.unit() == "" {
			s = fmt.Sprintf("%s: more than the %s limit of %d", e.Subject, e.Limit.Name, e.Max)
		}
	case e.AtLeast:
		s = fmt.Sprintf("%s: more than %s, over the %s limit of %d", e.Subject, count(e.N), e.Limit.Name, e.Max)
	default:
		s = fmt.Sprintf("%s: %s, over the %s limit of %d", e.Subject, count(e.N), e.Limit.Name, e.Max)
	}
	if !e.Limit.Fixed {
		s += fmt.Sprintf(" (raise it with %s=N, or limits.%s.Max in Go)", e.Limit.Env(), e.Limit.goName())
	}
	return s
}

// unit names what a limit counts, for its error.
func (l *Limit) unit() string {
	switch l {
	case Width, Bits:
		return "bits"
	case MemDepth:
		return "words"
	case Nets:
		return "nets"
	case Cells:
		return "cells, registers and memory ports"
	case Instances:
		return "instances"
	case Depth:
		return "levels of hierarchy"
	case GEMMElements:
		return "matrix elements"
	case WorkloadGEMMs:
		return "GEMMs"
	case Jobs:
		return "jobs"
	case Traffic:
		return "cycles"
	case ListItems:
		return "values"
	case Points:
		return "points"
	case FileBytes:
		return "bytes"
	}
	return ""
}

func (l *Limit) goName() string {
	var b strings.Builder
	for _, part := range strings.Split(l.Name, "_") {
		switch part {
		case "gemm":
			b.WriteString("GEMM")
		case "gemms":
			b.WriteString("GEMMs")
		default:
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

// FromEnv sets every limit whose SYSTOLE_LIMIT_<NAME> variable getenv
// returns non-empty. A value that is not a positive integer, or that
// tries to raise a fixed limit, is an error naming the variable.
func FromEnv(getenv func(string) string) error {
	var errs []error
	for _, l := range All() {
		s := getenv(l.Env())
		if s == "" {
			continue
		}
		v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
		switch {
		case err != nil || v < 1:
			errs = append(errs, fmt.Errorf("%s=%q: want a positive integer", l.Env(), s))
		case l.Fixed && v > l.Max:
			errs = append(errs, fmt.Errorf("%s=%d: the %s limit cannot be raised above %d", l.Env(), v, l.Name, l.Max))
		default:
			l.Max = v
		}
	}
	return errors.Join(errs...)
}

// Mul returns a·b, or math.MaxInt64 when it overflows (a, b >= 0): sizes
// computed with it saturate instead of wrapping past a limit.
func Mul(a, b int64) int64 {
	if a == 0 || b == 0 {
		return 0
	}
	if a > maxInt64/b {
		return maxInt64
	}
	return a * b
}

// Add returns a+b, or math.MaxInt64 when it overflows (a, b >= 0).
func Add(a, b int64) int64 {
	if a > maxInt64-b {
		return maxInt64
	}
	return a + b
}

const maxInt64 = 1<<63 - 1
