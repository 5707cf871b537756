package systolic

import (
	"errors"
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/netlist"
)

// Dataflow is how the array moves data: which operand stays in the PEs.
type Dataflow string

const (
	// WS is weight-stationary: each PE holds one weight B[k][j]; rows of A
	// stream through and partial sums flow down the columns (TPU style).
	WS Dataflow = "ws"
	// OS is output-stationary: each PE accumulates one C[i][j]; A flows
	// right, B flows down, one k-step per cycle.
	OS Dataflow = "os"
)

// Config is a core's parameters.
type Config struct {
	Rows, Cols int      // the PE grid: 1..256 each
	InWidth    int      // operand width in bits: 2..32 (int); the format's width (float)
	Signed     bool     // both operands signed two's complement, or both unsigned (int only)
	AccWidth   int      // accumulator and result width: InWidth+1..64 (int); 32 (float)
	Dataflow   Dataflow // WS or OS
	Top        string   // the top module name; "" for the default (see TopName)
	// Format is the number format of the operands: "int" (or "") for
	// InWidth-bit integers, or a float format (Formats) with fp32
	// accumulation, exactly as package fp defines it.
	Format string
	// AccRows is the depth of the ws core's accumulator memory: 0 for
	// none (the default), else 1..MaxAccRows rows of Cols accumulators
	// after the column sums, driven by the a_acc and a_out sidebands (see
	// the ws documentation). ws only.
	AccRows int

	// The output stage (see outstage.go): which stages exist is fixed
	// here; their run-time settings ride on the input stream.
	Bias bool // a bias vector stream, added to each tile's or batch's results
	ReLU bool // a relu sideband: x > 0 ? x : +0 on the results it marks
	// OutFormat is the results' format: "" (or the accumulator's own,
	// "int" or "fp32") for the accumulator format; for float cores bf16,
	// fp16, fp8e5m2 or fp8e4m3, converted from fp32.
	OutFormat string
	// OutWidth is, for integer cores, the results' width W: 0 for
	// AccWidth without conversion; 1..AccWidth to shift right by the shift
	// sideband, round half to even and saturate to W bits.
	OutWidth int
}

// MaxAccRows is the deepest accumulator memory (Config.AccRows).
const MaxAccRows = 65536

// Int is the integer format, the default.
const Int = "int"

// Formats lists the valid values of Config.Format.
var Formats = []string{Int, "fp8e4m3", "fp8e5m2", "bf16", "fp16"}

// Float returns the float format of c, ok false for the integer format.
func (c Config) Float() (f fp.Format, ok bool) {
	if c.Format == "" || c.Format == Int {
		return fp.Format{}, false
	}
	for _, f := range fp.Formats {
		if f.Name == c.Format {
			return f, true
		}
	}
	return fp.Format{}, false
}

// fp is c's float format, or the zero Format for integers.
func (c Config) fp() fp.Format {
	f, _ := c.Float()
	return f
}

// WithFormat returns c with Format set to format and, for a float format,
// the operand width, accumulator width (32) and signedness (false) it
// implies.
func (c Config) WithFormat(format string) Config {
	c.Format = format
	if f, ok := c.Float(); ok {
		c.InWidth, c.AccWidth, c.Signed = f.Width(), 32, false
	}
	return c
}

// Default is the default core: 16×16, int8 signed, 32-bit accumulators,
// weight-stationary.
func Default() Config {
	return Config{Rows: 16, Cols: 16, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: WS}
}

// Validate reports every invalid parameter at once.
func (c Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("systolic: "+format, args...)) }
	if c.Rows < 1 || c.Rows > 256 {
		bad("rows %d: want 1..256", c.Rows)
	}
	if c.Cols < 1 || c.Cols > 256 {
		bad("cols %d: want 1..256", c.Cols)
	}
	if f, ok := c.Float(); ok {
		if c.InWidth != f.Width() {
			bad("in_width %d: format %s has %d-bit operands", c.InWidth, f, f.Width())
		}
		if c.AccWidth != 32 {
			bad("acc_width %d: format %s accumulates in fp32 (32)", c.AccWidth, f)
		}
		if c.Signed {
			bad("signed: format %s carries its own sign (signed is for int)", f)
		}
	} else if c.Format != "" && c.Format != Int {
		bad("format %q: want one of %s", c.Format, strings.Join(Formats, ", "))
	} else {
		if c.InWidth < 2 || c.InWidth > 32 {
			bad("in_width %d: want 2..32", c.InWidth)
		}
		if c.AccWidth < c.InWidth+1 || c.AccWidth > 64 {
			bad("acc_width %d: want in_width+1 (%d)..64", c.AccWidth, c.InWidth+1)
		}
	}
	if c.Dataflow != WS && c.Dataflow != OS {
		bad("dataflow %q: want ws or os", c.Dataflow)
	}
	errs = append(errs, c.validateOut()...)
	switch {
	case c.AccRows < 0 || c.AccRows > MaxAccRows:
		bad("acc_rows %d: want 0 (no accumulator) or 1..%d", c.AccRows, MaxAccRows)
	case c.AccRows > 0 && c.Dataflow == OS:
		bad("acc_rows %d: the accumulator memory is the ws core's (an os tile accumulates in its PEs)", c.AccRows)
	}
	switch {
	case c.Top != "" && !validIdent(c.Top):
		bad("top %q: not a Verilog identifier", c.Top)
	case netlist.Reserved(c.Top):
		// Renaming it would give the files and the manifest one name and
		// the Verilog module another.
		bad("top %q: a reserved word of Verilog, SystemVerilog or C++; use %q", c.Top, netlist.LegalName(c.Top))
	}
	return errors.Join(errs...)
}

func validIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return s != ""
}

// TopName is the top module's name: Top, or systolic_<df>_<R>x<C>_<i|u><in>_a<acc>
// such as systolic_ws_16x16_i8_a32 for integers, systolic_<df>_<R>x<C>_<format>
// such as systolic_ws_16x16_bf16 for a float format, followed by a suffix
// for each option that is set, in this order: _acc<AccRows>
// (systolic_ws_16x16_i8_a32_acc512), _bias, _relu, and _o<format> (float
// conversion, such as _obf16) or _o<i|u><W> (integer conversion, such as
// _oi8).
func (c Config) TopName() string {
	if c.Top != "" {
		return c.Top
	}
	var name string
	if f, ok := c.Float(); ok {
		name = fmt.Sprintf("systolic_%s_%dx%d_%s", c.Dataflow, c.Rows, c.Cols, f)
	} else {
		name = fmt.Sprintf("systolic_%s_%dx%d_%s%d_a%d", c.Dataflow, c.Rows, c.Cols, c.intLetter(), c.InWidth, c.AccWidth)
	}
	return name + c.accSuffix() + c.outSuffix()
}

// intLetter is "i" for a signed core, "u" for an unsigned one.
func (c Config) intLetter() string {
	if c.Signed {
		return "i"
	}
	return "u"
}

// accSuffix is the TopName suffix of the accumulator.
func (c Config) accSuffix() string {
	if c.AccRows > 0 {
		return fmt.Sprintf("_acc%d", c.AccRows)
	}
	return ""
}
