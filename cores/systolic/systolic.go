package systolic

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/version"
)

// New validates c and returns the generator of its core: elaborate it like
// any dsl generator. The top module is named c.TopName().
func New(c Config) (dsl.Generator, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.Dataflow == OS {
		return osCore(c), nil
	}
	return wsCore(c), nil
}

// Timing is a core's documented timing, for manifests and reports. Its
// formulas are arithmetic in the parameters (rows, cols) and the traffic
// (T tiles or batches, M rows per batch, K the depth of an os tile).
type Timing struct {
	// Latency describes the cycles from the first input accepted to the
	// first output valid; LatencyCycles is its value, for the K that
	// LatencyAssumes states where the latency depends on the traffic.
	Latency        string `json:"latency"`
	LatencyCycles  int    `json:"latency_cycles"`
	LatencyAssumes string `json:"latency_assumes,omitempty"`
	// Cycles is the total-cycle formula for back-to-back traffic.
	Cycles string `json:"cycles"`
	// ResetCycles is the number of cycles after reset before the core can
	// accept a row of A: the ws accumulator's clear sweep (acc_rows);
	// absent (0) without one.
	ResetCycles int `json:"reset_cycles,omitempty"`
}

// Timing returns c's documented timing (see the ws and os documentation).
func (c Config) Timing() Timing {
	if c.Dataflow == OS {
		// The output stage's register stages add to the constant.
		n := 3 + c.outStages()
		return Timing{
			Latency:        fmt.Sprintf("K + rows + cols + %d (first k-step accepted to first c_valid, tiles of depth K)", n),
			LatencyCycles:  c.OSLatency(c.Rows),
			LatencyAssumes: fmt.Sprintf("K = rows = %d", c.Rows),
			Cycles: fmt.Sprintf("K + rows + cols + %d + (T - 1) * max(K, rows) + rows for T tiles of depth K; "+
				"= T * K + 2 * rows + cols + %d when K >= rows", n, n),
		}
	}
	t := Timing{
		Latency:       "rows + cols + 2 (A row accepted to its C row valid)",
		LatencyCycles: c.WSLatency(),
		Cycles:        "T * M + rows + cols + 2 for T batches of M rows (M >= rows + max(cols - 1, 1), next tile loaded)",
	}
	if c.AccRows > 0 {
		t.Latency = "rows + cols + 2 (A row accepted to its C row valid, a_out = 1; the accumulator adds no cycle)"
		t.Cycles += "; any a_acc/a_out mix, the last batch with a_out = 1; first A row no earlier than acc_rows cycles after reset"
		t.ResetCycles = c.AccRows
	}
	if c.Bias {
		t.Cycles += "; each bias vector transferred before its batch's first row"
	}
	return t
}

// ProductsPerResult is the number of products summed into one result
// element for tiles of depth k: rows for ws (k is ignored), k for os.
func (c Config) ProductsPerResult(k int) int {
	if c.Dataflow == OS {
		return k
	}
	return c.Rows
}

// MinExactAccWidth is the narrowest accumulator that holds every sum of k
// products of two operands exactly, without wrapping: for in_width 8
// signed and k = 16, 20 bits (16 * -128 * -128 = 262144 needs 20 bits
// signed). A narrower acc_width is allowed: results are then the sums
// modulo 2^acc_width. It is 0 for a float format, whose fp32 results are
// rounded and never wrap.
func (c Config) MinExactAccWidth(k int) int {
	if _, ok := c.Float(); ok {
		return 0
	}
	lo, hi := c.Range()
	kk := big.NewInt(int64(max(k, 1)))
	mul := func(a, b int64) *big.Int {
		p := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
		return p.Mul(p, kk)
	}
	if !c.Signed {
		return max(1, mul(hi, hi).BitLen())
	}
	// Signed: the largest sum is k*lo*lo, the smallest k*lo*hi. A w-bit
	// two's complement value holds -2^(w-1) .. 2^(w-1)-1.
	top := mul(lo, lo).BitLen() + 1
	neg := new(big.Int).Neg(mul(lo, hi))
	bottom := neg.Sub(neg, big.NewInt(1)).BitLen() + 1
	return max(top, bottom)
}

// WrapWarning says, when acc_width is narrower than MinExactAccWidth for
// the products per result the manifest assumes (rows; os tiles of depth K =
// rows), that results can wrap; it is "" otherwise.
func (c Config) WrapWarning() string {
	need := c.MinExactAccWidth(c.ProductsPerResult(c.Rows))
	if c.AccWidth >= need {
		return ""
	}
	return fmt.Sprintf("acc_width %d is narrower than the %d bits (min_exact_acc_width) that a sum of %d products of "+
		"%d-bit operands can need: such results wrap modulo 2^%d", c.AccWidth, need, c.ProductsPerResult(c.Rows),
		c.InWidth, c.AccWidth)
}

// Port is a port of the generated top module, for the manifest.
type Port struct {
	Name  string `json:"name"`
	Dir   string `json:"direction"`
	Width int    `json:"width"`
}

// Manifest describes a generated core for the tools around it: its
// parameters, ports, timing, exactness and module list, with the version of
// systole that wrote it and the version of this layout (version.ManifestSchema).
type Manifest struct {
	Generator      string   `json:"generator"`
	SystoleVersion string   `json:"systole_version"`
	SchemaVersion  int      `json:"schema_version"`
	Top            string   `json:"top"`
	Params         Params   `json:"parameters"`
	Ports          []Port   `json:"ports"`
	Clock          string   `json:"clock"`
	Reset          Reset    `json:"reset"`
	Timing         Timing   `json:"timing"`
	Exactness      Exact    `json:"exactness"`
	Modules        []string `json:"modules"`
	// Memories are the core's memory modules, which a chip flow can
	// replace with SRAM macros (see Memory); [] when it has none.
	Memories []Memory `json:"memories"`
}

// Reset describes the top's reset port.
type Reset struct {
	Name        string `json:"name"`
	ActiveLow   bool   `json:"active_low"`
	Synchronous bool   `json:"synchronous"`
}

// SetConventions records a chip flow's clock and reset conventions (which
// netlist.Conventions.Apply gave the design) in the manifest.
func (m *Manifest) SetConventions(cv netlist.Conventions) {
	m.Clock = cv.ClockName()
	m.Reset = Reset{Name: cv.ResetName(), ActiveLow: cv.ResetActiveLow, Synchronous: true}
}

// Exact says when results are exact sums of products.
type Exact struct {
	// MinExactAccWidth is MinExactAccWidth for ProductsPerResult
	// products, under Assumes; a narrower acc_width wraps.
	MinExactAccWidth  int    `json:"min_exact_acc_width"`
	ProductsPerResult int    `json:"products_per_result"`
	Assumes           string `json:"assumes,omitempty"`
	CanWrap           bool   `json:"results_can_wrap"`
}

// Params are the parameters in the manifest's spelling.
type Params struct {
	Rows     int    `json:"rows"`
	Cols     int    `json:"cols"`
	InWidth  int    `json:"in_width"`
	Signed   bool   `json:"signed"`
	AccWidth int    `json:"acc_width"`
	Dataflow string `json:"dataflow"`
	// Format is the float format; absent for integers.
	Format string `json:"format,omitempty"`
	// AccRows is the ws accumulator's depth; absent without one.
	AccRows int `json:"acc_rows,omitempty"`
	// The output stage, each absent when not set: bias and relu say the
	// stages exist; out_format is a float core's result format and
	// out_width an integer core's result width (see Config).
	Bias      bool   `json:"bias,omitempty"`
	ReLU      bool   `json:"relu,omitempty"`
	OutFormat string `json:"out_format,omitempty"`
	OutWidth  int    `json:"out_width,omitempty"`
}

// Manifest returns the manifest of c's elaborated design d.
func (c Config) Manifest(d *netlist.Design) Manifest {
	top := d.TopModule()
	k := c.ProductsPerResult(c.Rows)
	m := Manifest{
		Generator:      "systole cores/systolic",
		SystoleVersion: version.Systole,
		SchemaVersion:  version.ManifestSchema,
		Top:            d.Top,
		Params:         c.params(),
		Timing:         c.Timing(),
		Exactness: Exact{MinExactAccWidth: c.MinExactAccWidth(k), ProductsPerResult: k,
			CanWrap: c.WrapWarning() != ""},
	}
	m.SetConventions(netlist.Conventions{})
	if c.Dataflow == OS {
		m.Exactness.Assumes = fmt.Sprintf("K = rows = %d (one more bit for each doubling of K)", c.Rows)
	}
	if f, ok := c.Float(); ok {
		m.Exactness.Assumes = fmt.Sprintf("%s operands, fp32 results: every product and sum rounded to nearest even, "+
			"so min_exact_acc_width does not apply", f)
	}
	for _, p := range top.Ports {
		n := top.Nets[p.Net]
		m.Ports = append(m.Ports, Port{Name: n.Name, Dir: p.Dir.String(), Width: n.Width})
	}
	for _, mod := range d.Modules {
		m.Modules = append(m.Modules, mod.Name)
	}
	m.Memories = memories(d)
	if m.Memories == nil {
		m.Memories = []Memory{}
	}
	return m
}

// JSON returns the manifest as indented, plain JSON (">" as itself, not
// \u003e) with a final newline.
func (m Manifest) JSON() []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		panic(err) // plain data: cannot fail
	}
	return b.Bytes()
}

// CHeader returns a C header of the core's parameters, latency and port
// widths for firmware, with guard and macro names derived from the top
// module's name.
func (m Manifest) CHeader() []byte {
	p := strings.ToUpper(m.Top) + "_"
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	var b strings.Builder
	fmt.Fprintf(&b, "/* Generated by systole %s. Do not edit. */\n", m.SystoleVersion)
	fmt.Fprintf(&b, "/* Parameters of the systolic-array core %s. */\n", m.Top)
	fmt.Fprintf(&b, "#ifndef %sH\n#define %sH\n\n", p, p)
	for _, kv := range []struct {
		k string
		v int
	}{
		{"ROWS", m.Params.Rows}, {"COLS", m.Params.Cols}, {"IN_WIDTH", m.Params.InWidth}, {"SIGNED", b2i(m.Params.Signed)},
		{"ACC_WIDTH", m.Params.AccWidth}, {"DATAFLOW_OS", b2i(m.Params.Dataflow == string(OS))},
		{"LATENCY", m.Timing.LatencyCycles}, {"MIN_EXACT_ACC_WIDTH", m.Exactness.MinExactAccWidth},
	} {
		fmt.Fprintf(&b, "#define %s%s %d\n", p, kv.k, kv.v)
	}
	if m.Params.Format != "" {
		fmt.Fprintf(&b, "#define %sFORMAT \"%s\" /* operands; C is fp32 */\n", p, m.Params.Format)
	}
	if m.Params.AccRows > 0 {
		fmt.Fprintf(&b, "#define %sACC_ROWS %d /* accumulator rows; a_ready waits as many cycles after reset */\n", p, m.Params.AccRows)
	}
	// The output stage, only where it exists.
	if m.Params.Bias {
		fmt.Fprintf(&b, "#define %sBIAS 1 /* a bias vector per tile or batch */\n", p)
	}
	if m.Params.ReLU {
		fmt.Fprintf(&b, "#define %sRELU 1 /* a relu sideband */\n", p)
	}
	if m.Params.OutWidth > 0 {
		fmt.Fprintf(&b, "#define %sOUT_WIDTH %d /* C elements: shifted, rounded, saturated */\n", p, m.Params.OutWidth)
	}
	if m.Params.OutFormat != "" {
		fmt.Fprintf(&b, "#define %sOUT_FORMAT \"%s\" /* C elements, converted from fp32 */\n", p, m.Params.OutFormat)
	}
	fmt.Fprintf(&b, "\n/* Port widths in bits. */\n")
	for _, port := range m.Ports {
		fmt.Fprintf(&b, "#define %s%s_WIDTH %d\n", p, strings.ToUpper(port.Name), port.Width)
	}
	fmt.Fprintf(&b, "\n#endif /* %sH */\n", p)
	return []byte(b.String())
}
