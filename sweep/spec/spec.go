package spec

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/limits"
	"github.com/systole-hdl/systole/sweep/workload"
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
	// AccRows lists the ws core's accumulator depths (0, the default: no
	// accumulator; 1..65536). An os point takes 0 only: its PEs
	// accumulate all of K.
	AccRows IntList `yaml:"acc_rows"`
	// Bias and ReLU list whether the cores have a bias stream and a ReLU
	// (false, the default; true; or both: a point each).
	Bias BoolList `yaml:"bias"`
	ReLU BoolList `yaml:"relu"`
	// OutFormat lists the float cores' result formats: fp32 (the
	// accumulator's, no conversion: the default), bf16, fp16, fp8e5m2,
	// fp8e4m3. Integer points take fp32 only (their results are
	// integers; out_width narrows them).
	OutFormat StrList `yaml:"out_format"`
	// OutWidth lists the integer cores' result widths: 0 (acc_width, no
	// conversion: the default) or 1..acc_width (shift, round, saturate).
	// Float points take 0 only (out_format converts them).
	OutWidth IntList `yaml:"out_width"`
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
// fixed order (dataflow, rows, cols, format, in_width, acc_width, signed,
// acc_rows, bias, relu, then out_format for a float point or out_width for
// an integer one; a float format is one point for each acc_rows, whatever
// the integer lists; an os point one whatever acc_rows; a float point one
// whatever out_width, an integer point one whatever out_format), and the
// workload. Empty lists take the default core's value.
func (s Spec) Points() ([]Point, []workload.GEMM, error) {
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
	var gemms []workload.GEMM
	if len(wl) > 0 {
		gs, err := workload.ParseWorkload(strings.Join(wl, ","))
		if err != nil {
			return nil, nil, err
		}
		gemms = gs
	}
	for _, f := range s.WorkloadFile {
		gs, err := workload.ReadTopology(f)
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
	accRows := s.AccRows
	if len(accRows) == 0 {
		accRows = IntList{0}
	}
	bias, relu := s.Bias, s.ReLU
	if len(bias) == 0 {
		bias = BoolList{false}
	}
	if len(relu) == 0 {
		relu = BoolList{false}
	}
	outFormats := s.OutFormat
	if len(outFormats) == 0 {
		outFormats = StrList{fp32}
	}
	outWidths := or(s.OutWidth, 0)
	n := int64(1)
	for _, l := range []int{len(dfs), len(rows), len(cols), len(formats), len(ins), len(accs), len(signed), len(accRows), len(bias), len(relu), max(len(outFormats), len(outWidths))} {
		n = limits.Mul(n, int64(l))
	}
	if err := limits.Points.Check("sweep: the spec's grid", n); err != nil {
		return nil, nil, err
	}
	var pts []Point
	// add appends cfg once for each output stage: bias, relu, then the
	// float conversions of a float cfg or the integer ones of an integer
	// cfg.
	add := func(cfg systolic.Config) {
		for _, b := range bias {
			for _, r := range relu {
				c := cfg
				c.Bias, c.ReLU = b, r
				if _, ok := c.Float(); ok {
					for _, of := range outFormats {
						c.OutFormat = of
						if of == fp32 {
							c.OutFormat = "" // the accumulator's: no conversion
						}
						pts = append(pts, Point{Index: len(pts), Config: c})
					}
					continue
				}
				for _, ow := range outWidths {
					c.OutWidth = ow
					pts = append(pts, Point{Index: len(pts), Config: c})
				}
			}
		}
	}
	for _, df := range dfs {
		for _, r := range rows {
			for _, c := range cols {
				for _, f := range formats {
					// An os point has no accumulator memory: acc_rows 0 only.
					depths := accRows
					if systolic.Dataflow(df) == systolic.OS {
						depths = IntList{0}
					}
					base := systolic.Config{Rows: r, Cols: c, Dataflow: systolic.Dataflow(df), Format: f}
					if _, ok := base.Float(); ok {
						for _, ar := range depths {
							cfg := base.WithFormat(f)
							cfg.AccRows = ar
							add(cfg)
						}
						continue
					}
					if f != systolic.Int {
						return nil, nil, fmt.Errorf("sweep: format %q: want one of %s", f, strings.Join(systolic.Formats, ", "))
					}
					for _, in := range ins {
						for _, acc := range accs {
							for _, sg := range signed {
								for _, ar := range depths {
									add(systolic.Config{Rows: r, Cols: c, InWidth: in, AccWidth: acc, Signed: sg, Dataflow: systolic.Dataflow(df), AccRows: ar})
								}
							}
						}
					}
				}
			}
		}
	}
	return pts, gemms, nil
}

// Buffer is the size in bytes of each operand buffer the spec assumes.
func (s Spec) Buffer() int64 {
	if s.BufferKiB == 0 {
		return BufferBytes
	}
	return int64(s.BufferKiB) << 10
}

// Hash identifies the results a spec produces: a hash of its points (every
// parameter of every core, in order), its GEMMs (names and dimensions) and
// its seed, the inputs that change a row. The spec's name and the way its
// lists were written do not count. Every row carries it, so that --resume
// and Merge can refuse rows of another sweep.
func (s Spec) Hash() (string, error) {
	pts, gemms, err := s.Points()
	if err != nil {
		return "", err
	}
	type point struct {
		Rows, Cols, InWidth, AccWidth int
		Signed                        bool
		Dataflow                      string
		AccRows                       int    `json:",omitempty"`
		Format                        string `json:",omitempty"` // a float format ("" for int)
		Bias                          bool   `json:",omitempty"`
		ReLU                          bool   `json:",omitempty"`
		OutFormat                     string `json:",omitempty"` // a float conversion ("" for none)
		OutWidth                      int    `json:",omitempty"` // an integer conversion (0 for none)
	}
	canon := struct {
		Version int // bump when a row's meaning changes
		Points  []point
		GEMMs   []workload.GEMM
		Seed    uint64
		Buffer  int64 `json:",omitempty"` // bytes; 0 for BufferBytes
	}{Version: 4, GEMMs: gemms, Seed: s.Seed} // 2: SCALE-Sim v2 exact, energy and traffic columns; 3: memory bits apart from cells, acc_rows, float formats told apart; 4: the output stage (bias, relu, out_format, out_width)
	if b := s.Buffer(); b != BufferBytes {
		canon.Buffer = b
	}
	for _, p := range pts {
		c := p.Config
		canon.Points = append(canon.Points, point{c.Rows, c.Cols, c.InWidth, c.AccWidth, c.Signed, string(c.Dataflow), c.AccRows, c.Format, c.Bias, c.ReLU, c.OutFormat, c.OutWidth})
	}
	b, err := json.Marshal(canon)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8]), nil
}

// fp32 is the out_format of a float core without conversion: its
// accumulator's.
const fp32 = "fp32"

// OutFormats lists the valid values of a spec's out_format.
var OutFormats = []string{fp32, "bf16", "fp16", "fp8e5m2", "fp8e4m3"}

// BufferBytes is the size of each operand buffer (A, B and C) that the
// DRAM traffic and the SRAM energy assume unless a spec says otherwise
// (buffer_kib): 256 KiB, three of them, as a TPU-like edge accelerator's
// scratchpads.
const BufferBytes = 256 << 10

// MaxBufferKiB bounds a spec's buffer_kib: 1 GiB.
const MaxBufferKiB = 1 << 20
