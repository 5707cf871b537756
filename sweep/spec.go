package sweep

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/limits"
)

// Spec is a sweep: a list of values for every core parameter (the points
// are their cross product) and a workload of GEMMs run on every point.
//
// In YAML every list may be written as a sequence, a single value, or a
// string of comma-separated items where an integer item may be a range:
// "4..16" (step 1), "4..16:4" (step 4) or "4..64*2" (doubling).
type Spec struct {
	Name     string   `yaml:"name"`
	Rows     IntList  `yaml:"rows"`
	Cols     IntList  `yaml:"cols"`
	InWidth  IntList  `yaml:"in_width"`
	AccWidth IntList  `yaml:"acc_width"`
	Signed   BoolList `yaml:"signed"`
	Dataflow StrList  `yaml:"dataflow"`
	// Format lists number formats: int (the default; in_width, acc_width
	// and signed apply) and float formats (fp8e4m3, fp8e5m2, bf16, fp16:
	// one point each, fp32 accumulation).
	Format StrList `yaml:"format"`
	// Workload items: a built-in set, set/layer, MxKxN or name=MxKxN (see
	// ParseWorkload).
	Workload StrList `yaml:"workload"`
	// WorkloadFile lists SCALE-Sim topology files (GEMM or convolution)
	// whose layers join the workload (see ReadTopology).
	WorkloadFile StrList `yaml:"workload_file"`
	// Seed makes the operands; every (point, GEMM) derives its own stream
	// from it, so shards reproduce a single run exactly.
	Seed uint64 `yaml:"seed"`
	// BufferKiB is the size of each operand buffer (A, B and C) the DRAM
	// traffic and the SRAM energy assume, in KiB; 0 for BufferBytes.
	BufferKiB int `yaml:"buffer_kib"`

	// file and lines say where a spec read by ParseSpecFile set each key,
	// for Check's messages.
	file  string
	lines map[string]int
}

// Specs are the built-in specs, by name.
var Specs = map[string]Spec{
	// small: 16 points (both dataflows, 4 and 8 rows and columns, 4- and
	// 8-bit operands) on two scaled BERT-base layers larger than every
	// array; a minute or two on two cores with Yosys, seconds without.
	"small": {
		Name: "small", Rows: IntList{4, 8}, Cols: IntList{4, 8}, InWidth: IntList{4, 8},
		AccWidth: IntList{32}, Signed: BoolList{true}, Dataflow: StrList{"ws", "os"},
		Workload: StrList{"bert-base-s16/qkv.query", "bert-base-s16/ffn2"}, Seed: 1,
	},
	// tiny: 8 points of 2×2..3×3 arrays on two odd-sized GEMMs, for tests.
	"tiny": {
		Name: "tiny", Rows: IntList{2, 3}, Cols: IntList{2, 3}, InWidth: IntList{4},
		AccWidth: IntList{16}, Signed: BoolList{true}, Dataflow: StrList{"ws", "os"},
		Workload: StrList{"a=6x5x7", "b=9x4x5"}, Seed: 1,
	},
	// bert-base: the default 16×16 and 32×32 arrays, both dataflows, on
	// every GEMM of one full-size BERT-base layer (long: minutes a point).
	"bert-base": {
		Name: "bert-base", Rows: IntList{16, 32}, Cols: IntList{16, 32}, InWidth: IntList{8},
		AccWidth: IntList{32}, Signed: BoolList{true}, Dataflow: StrList{"ws", "os"},
		Workload: StrList{"bert-base"}, Seed: 1,
	},
}

// LoadSpec returns the built-in spec of that name, or reads a YAML file.
func LoadSpec(nameOrFile string) (Spec, error) {
	if s, ok := Specs[nameOrFile]; ok {
		return s, nil
	}
	text, err := limits.ReadFile(nameOrFile)
	if err != nil {
		return Spec{}, fmt.Errorf("sweep: spec %q is neither a built-in spec (small, tiny, bert-base) nor a readable file: %w", nameOrFile, err)
	}
	return ParseSpecFile(nameOrFile, text)
}

// Point is one core configuration of a sweep, with its index in the
// spec's enumeration (which sharding uses).
type Point struct {
	Index  int
	Config systolic.Config
}

// Key names a point by its parameters, such as ws_4x8_i8_a32.
func (p Point) Key() string {
	c := p.Config
	return strings.TrimPrefix(c.TopName(), "systolic_")
}

// Points returns the cross product of the spec's parameter lists, in a
// fixed order (dataflow, rows, cols, format, in_width, acc_width, signed;
// a float format is one point, whatever the integer lists), and the
// workload. Empty lists take the default core's value.
func (s Spec) Points() ([]Point, []GEMM, error) {
	if err := s.Check(); err != nil {
		return nil, nil, err
	}
	d := systolic.Default()
	or := func(l IntList, v int) IntList {
		if len(l) == 0 {
			return IntList{v}
		}
		return l
	}
	rows, cols := or(s.Rows, d.Rows), or(s.Cols, d.Cols)
	ins, accs := or(s.InWidth, d.InWidth), or(s.AccWidth, d.AccWidth)
	signed := s.Signed
	if len(signed) == 0 {
		signed = BoolList{d.Signed}
	}
	dfs := s.Dataflow
	if len(dfs) == 0 {
		dfs = StrList{string(d.Dataflow)}
	}
	wl := s.Workload
	if len(wl) == 0 && len(s.WorkloadFile) == 0 {
		return nil, nil, errors.New("sweep: the spec has no workload")
	}
	var gemms []GEMM
	if len(wl) > 0 {
		gs, err := ParseWorkload(strings.Join(wl, ","))
		if err != nil {
			return nil, nil, err
		}
		gemms = gs
	}
	for _, f := range s.WorkloadFile {
		gs, err := ReadTopology(f)
		if err != nil {
			return nil, nil, err
		}
		gemms = append(gemms, gs...)
	}
	if err := limits.WorkloadGEMMs.Check("sweep: the workload", int64(len(gemms))); err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	for _, g := range gemms {
		if seen[g.Name] {
			return nil, nil, fmt.Errorf("sweep: workload %q appears twice", g.Name)
		}
		seen[g.Name] = true
	}
	formats := s.Format
	if len(formats) == 0 {
		formats = StrList{systolic.Int}
	}
	n := int64(1)
	for _, l := range []int{len(dfs), len(rows), len(cols), len(formats), len(ins), len(accs), len(signed)} {
		n = limits.Mul(n, int64(l))
	}
	if err := limits.Points.Check("sweep: the spec's grid", n); err != nil {
		return nil, nil, err
	}
	var pts []Point
	for _, df := range dfs {
		for _, r := range rows {
			for _, c := range cols {
				for _, f := range formats {
					base := systolic.Config{Rows: r, Cols: c, Dataflow: systolic.Dataflow(df), Format: f}
					if _, ok := base.Float(); ok {
						pts = append(pts, Point{Index: len(pts), Config: base.WithFormat(f)})
						continue
					}
					if f != systolic.Int {
						return nil, nil, fmt.Errorf("sweep: format %q: want one of %s", f, strings.Join(systolic.Formats, ", "))
					}
					for _, in := range ins {
						for _, acc := range accs {
							for _, sg := range signed {
								cfg := systolic.Config{Rows: r, Cols: c, InWidth: in, AccWidth: acc, Signed: sg, Dataflow: systolic.Dataflow(df)}
								pts = append(pts, Point{Index: len(pts), Config: cfg})
							}
						}
					}
				}
			}
		}
	}
	return pts, gemms, nil
}

// IntList is a list of integers; see Spec for its YAML forms.
type IntList []int

// ParseIntList parses comma-separated integers and ranges: "4,8",
// "4..16", "4..16:4", "4..64*2".
func ParseIntList(s string) (IntList, error) {
	var out IntList
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		lo, rest, isRange := strings.Cut(item, "..")
		if !isRange {
			v, err := strconv.Atoi(item)
			if err != nil {
				return nil, fmt.Errorf("sweep: %q is not an integer or a range a..b[:step|*factor]", item)
			}
			out = append(out, v)
			continue
		}
		hi, step, mul := rest, "1", false
		if h, st, ok := strings.Cut(rest, ":"); ok {
			hi, step = h, st
		} else if h, st, ok := strings.Cut(rest, "*"); ok {
			hi, step, mul = h, st, true
		}
		a, e1 := strconv.Atoi(strings.TrimSpace(lo))
		b, e2 := strconv.Atoi(strings.TrimSpace(hi))
		k, e3 := strconv.Atoi(strings.TrimSpace(step))
		if err := errors.Join(e1, e2, e3); err != nil || a > b || k < 1 || mul && (k < 2 || a < 1) {
			return nil, fmt.Errorf("sweep: bad range %q: want a..b, a..b:step (step >= 1) or a..b*factor (factor >= 2, a >= 1) with a <= b", item)
		}
		// Count first, in unsigned arithmetic that cannot overflow
		// (b >= a), so that a huge range fails before it allocates.
		n := uint64(b) - uint64(a)
		if mul {
			n = 1
			for v := a; v <= b/k; v *= k {
				n++
			}
		} else {
			n = min(n/uint64(k), 1<<62) + 1
		}
		if n > uint64(limits.ListItems.Max) || int64(len(out))+int64(n) > limits.ListItems.Max {
			return nil, &limits.Error{Limit: limits.ListItems, Subject: fmt.Sprintf("sweep: range %q", item),
				N: limits.Add(int64(min(n, 1<<62)), int64(len(out))), Max: limits.ListItems.Max}
		}
		for v, i := a, uint64(0); i < n; i++ {
			out = append(out, v)
			if mul {
				v *= k
			} else {
				v += k
			}
		}
	}
	if err := limits.ListItems.Check(fmt.Sprintf("sweep: list %q", s), int64(len(out))); err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalYAML accepts a sequence (of integers or range strings), an
// integer, or a range string.
func (l *IntList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "an integer or a range")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		v, err := ParseIntList(it.Value)
		if err != nil {
			return &lineError{it.Line, strings.TrimPrefix(err.Error(), "sweep: ")}
		}
		*l = append(*l, v...)
	}
	return nil
}

// BoolList is a list of booleans.
type BoolList []bool

// ParseBoolList parses "true,false".
func ParseBoolList(s string) (BoolList, error) {
	var out BoolList
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		v, err := strconv.ParseBool(item)
		if err != nil {
			return nil, fmt.Errorf("sweep: %q is not true or false", item)
		}
		out = append(out, v)
	}
	return out, nil
}

// UnmarshalYAML accepts a sequence of booleans, a boolean, or a
// comma-separated string.
func (l *BoolList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "true or false")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		v, err := ParseBoolList(it.Value)
		if err != nil {
			return &lineError{it.Line, strings.TrimPrefix(err.Error(), "sweep: ")}
		}
		*l = append(*l, v...)
	}
	return nil
}

// StrList is a list of strings.
type StrList []string

// ParseStrList splits a comma-separated list.
func ParseStrList(s string) StrList {
	var out StrList
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// UnmarshalYAML accepts a sequence of strings, or a comma-separated one.
func (l *StrList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "a string")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		*l = append(*l, ParseStrList(it.Value)...)
	}
	return nil
}

// Buffer is the size in bytes of each operand buffer the spec assumes.
func (s Spec) Buffer() int64 {
	if s.BufferKiB == 0 {
		return BufferBytes
	}
	return int64(s.BufferKiB) << 10
}
