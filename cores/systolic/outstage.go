package systolic

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
)

// This file is the output stage that both dataflows can put between the
// accumulated results and c_data: ReLU and the conversion to the output
// format (the bias is added where each core accumulates). One block,
// <top>_post, does both for a row of Cols results, combinationally; Post
// is its plain-Go reference.
//
// # Arithmetic
//
// ReLU (Config.ReLU, applied to the results its relu input marks): x
// becomes x when x > 0, else +0; a NaN stays NaN. For a signed integer
// core that is "negative becomes 0"; for an unsigned core every nonzero
// value is > 0, so ReLU changes nothing there (the relu input exists all
// the same, so the ports do not depend on signedness); for floats, −0,
// negative numbers and −∞ become +0.
//
// Integer conversion (Config.OutWidth W > 0): the result is x / 2^s
// (s = the shift input, 0..2^ShiftWidth−1; any s is exact arithmetic, so
// s >= AccWidth gives 0, or 1 for an unsigned x above 2^(s−1)), x read as
// a signed or unsigned AccWidth-bit number as the core's operands are,
// rounded to the nearest integer with ties to even, then saturated to the
// W-bit range (−2^(W−1)..2^(W−1)−1 signed, 0..2^W−1 unsigned). In hardware
// that is an arithmetic (signed) or logical (unsigned) right shift, the
// last bit shifted out as the guard and the OR of the rest as sticky.
//
// Float conversion (Config.OutFormat): fp.Convert, fp32 to bf16, fp16,
// fp8e5m2 or fp8e4m3, round to nearest even; overflow to ±∞, except E4M3,
// which saturates to ±448 (and takes ±∞ to ±448); every NaN becomes the
// target's canonical NaN (0x7FC0, 0x7E00, 0x7E, 0x7F).

// outFloat returns the float format results are converted to, ok false
// when there is no float conversion.
func (c Config) outFloat() (fp.Format, bool) {
	if _, ok := c.Float(); !ok || c.OutFormat == "" || c.OutFormat == fp.FP32.Name {
		return fp.Format{}, false
	}
	f, err := fp.ByName(c.OutFormat)
	return f, err == nil
}

// intConv reports whether results are converted to OutWidth-bit integers.
func (c Config) intConv() bool {
	_, float := c.Float()
	return !float && c.OutWidth > 0
}

// hasPost reports whether the cores instantiate the post block: with
// ReLU or a conversion.
func (c Config) hasPost() bool {
	_, conv := c.outFloat()
	return c.ReLU || conv || c.intConv()
}

// OutElemWidth is the width of one c_data element: the output format's
// (OutWidth, or the float OutFormat's width), else AccWidth.
func (c Config) OutElemWidth() int {
	if f, ok := c.outFloat(); ok {
		return f.Width()
	}
	if c.intConv() {
		return c.OutWidth
	}
	return c.AccWidth
}

// ShiftWidth is the width of the shift sideband (a_shift, in_shift):
// enough bits for 0..AccWidth−1 with an integer conversion, else 0 (no
// such port).
func (c Config) ShiftWidth() int {
	if !c.intConv() {
		return 0
	}
	return max(1, bits.Len(uint(c.AccWidth-1)))
}

// validateOut checks the output-stage fields.
func (c Config) validateOut() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf("systolic: "+format, args...)) }
	f, float := c.Float()
	switch {
	case float:
		if c.OutWidth != 0 {
			bad("out_width %d: integer cores only; a %s core converts its fp32 results with out_format", c.OutWidth, f)
		}
		if c.OutFormat != "" && c.OutFormat != fp.FP32.Name {
			if _, err := fp.ByName(c.OutFormat); err != nil {
				bad("out_format %q: want bf16, fp16, fp8e5m2, fp8e4m3, or fp32 (the accumulator's, no conversion)", c.OutFormat)
			}
		}
	case c.Format != "" && c.Format != Int:
		// Validate reports the format.
	default:
		if c.OutFormat != "" && c.OutFormat != Int {
			bad("out_format %q: an integer core's results are integers; narrow them with out_width", c.OutFormat)
		}
		if c.OutWidth < 0 || c.OutWidth > c.AccWidth {
			bad("out_width %d: want 1..acc_width (%d), or 0 for acc_width without conversion", c.OutWidth, c.AccWidth)
		}
	}
	return errs
}

// params are c's parameters in the manifest's spelling.
func (c Config) params() Params {
	p := Params{Rows: c.Rows, Cols: c.Cols, InWidth: c.InWidth, Signed: c.Signed, AccWidth: c.AccWidth,
		Dataflow: string(c.Dataflow), Format: c.fp().Name, AccRows: c.AccRows, Bias: c.Bias, ReLU: c.ReLU}
	if f, ok := c.outFloat(); ok {
		p.OutFormat = f.Name
	}
	if c.intConv() {
		p.OutWidth = c.OutWidth
	}
	return p
}

// outSuffix is the TopName suffix of the output-stage options.
func (c Config) outSuffix() string {
	s := ""
	if c.Bias {
		s += "_bias"
	}
	if c.ReLU {
		s += "_relu"
	}
	if f, ok := c.outFloat(); ok {
		s += "_o" + f.Name
	} else if c.intConv() {
		s += fmt.Sprintf("_o%s%d", c.intLetter(), c.OutWidth)
	}
	return s
}

// SampleOutStage draws run-time settings of c's output stage for test
// traffic, each zero where c lacks the option: a bias vector (Cols values:
// for integers half the time of the size of a sum of products, either
// sign, else any AccWidth-bit value; for floats fp32 bits as
// fp.Format.Sample draws them, specials included), relu (1/2), and a shift
// (0..AccWidth−1, or 1/8 of the time any value the port carries).
func (c Config) SampleOutStage(r *rand.Rand) (bias []uint64, relu bool, shift int) {
	if c.Bias {
		bias = make([]uint64, c.Cols)
		_, float := c.Float()
		for j := range bias {
			switch w := min(62, 2*c.InWidth+2); {
			case float:
				bias[j] = fp.FP32.Sample(r)
			case r.IntN(2) == 0:
				bias[j] = c.Mask(uint64(int64(r.Uint64()>>(64-w)) - 1<<(w-1)))
			default:
				bias[j] = c.Mask(r.Uint64())
			}
		}
	}
	relu = c.ReLU && r.IntN(2) == 0
	if sw := c.ShiftWidth(); sw > 0 {
		shift = r.IntN(c.AccWidth)
		if r.IntN(8) == 0 {
			shift = r.IntN(1 << sw)
		}
	}
	return bias, relu, shift
}

// Post is the reference of the post block: each element of row (Cols raw
// AccWidth-bit results) through ReLU (when c.ReLU and relu) and the
// conversion (see the file's documentation; shift is used by an integer
// conversion only), as OutElemWidth-bit values.
func (c Config) Post(row []uint64, relu bool, shift int) []uint64 {
	out := make([]uint64, len(row))
	for j, x := range row {
		x = c.Mask(x)
		if c.ReLU && relu {
			x = c.relu(x)
		}
		if f, ok := c.outFloat(); ok {
			x = fp.Convert(f, uint32(x))
		} else if c.intConv() {
			x = c.narrow(x, shift)
		}
		out[j] = x
	}
	return out
}

// relu is x > 0 ? x : +0 for an AccWidth-bit result x.
func (c Config) relu(x uint64) uint64 {
	if _, ok := c.Float(); ok {
		if x>>31 == 1 && !fp.FP32.IsNaN(x) {
			return 0
		}
		return x
	}
	if c.Signed && x>>(c.AccWidth-1) == 1 {
		return 0
	}
	return x
}

// narrow is the integer conversion of the AccWidth-bit result x: x/2^shift
// rounded half to even, saturated to OutWidth bits, as exact integers.
func (c Config) narrow(x uint64, shift int) uint64 {
	v := new(big.Int).SetUint64(x)
	if c.Signed && x>>(c.AccWidth-1) == 1 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(c.AccWidth)))
	}
	s := uint(max(shift, 0))
	q := new(big.Int).Rsh(v, s) // floor(v / 2^s)
	if s > 0 {
		rem := new(big.Int).Sub(v, new(big.Int).Lsh(q, s)) // 0 <= rem < 2^s
		switch rem.Cmp(new(big.Int).Lsh(big.NewInt(1), s-1)) {
		case 1:
			q.Add(q, big.NewInt(1))
		case 0:
			if q.Bit(0) == 1 {
				q.Add(q, big.NewInt(1))
			}
		}
	}
	w := uint(c.OutWidth)
	lo, hi := big.NewInt(0), new(big.Int).Lsh(big.NewInt(1), w)
	if c.Signed {
		lo.Neg(new(big.Int).Lsh(big.NewInt(1), w-1))
		hi.Lsh(big.NewInt(1), w-1)
	}
	hi.Sub(hi, big.NewInt(1))
	if q.Cmp(lo) < 0 {
		q = lo
	} else if q.Cmp(hi) > 0 {
		q = hi
	}
	if q.Sign() < 0 {
		q.Add(q, new(big.Int).Lsh(big.NewInt(1), w))
	}
	return q.Uint64()
}

// post returns the generator of the post block, module <top>_post: for
// each of Cols elements, ReLU and then the conversion (see the file's
// documentation). It is combinational.
//
// Ports:
//
//	in     input   UInt(Cols*AccWidth)      element j at [j*AccWidth +: AccWidth]
//	relu   input   Bool                     ReLU on these results (only with ReLU)
//	shift  input   UInt(ShiftWidth)         the right shift (only with an integer conversion)
//	out    output  UInt(Cols*OutElemWidth)  element j at [j*OutElemWidth +: OutElemWidth]
//
// Each element is an instance of <top>_post_lane, which has the same ports
// for one element.
func (c Config) post() dsl.Generator { return postBlock{c} }

type postBlock struct{ c Config }

func (p postBlock) ModuleName() string { return p.c.TopName() + "_post" }

// Build implements dsl.Generator.
func (p postBlock) Build(m *dsl.Module) {
	c := p.c
	in := m.InputVec("in", c.Cols, dsl.UInt(c.AccWidth))
	var relu, shift dsl.Signal
	if c.ReLU {
		relu = m.Input("relu", dsl.Bool())
	}
	if sw := c.ShiftWidth(); sw > 0 {
		shift = m.Input("shift", dsl.UInt(sw))
	}
	outs := make([]dsl.Signal, c.Cols)
	for j := range outs {
		l := m.Instance(fmt.Sprintf("lane_%d", j), postLane(p))
		l.Port("in").Set(in.At(j))
		if relu.IsValid() {
			l.Port("relu").Set(relu)
		}
		if shift.IsValid() {
			l.Port("shift").Set(shift)
		}
		outs[j] = l.Port("out")
	}
	m.Output("out", dsl.UInt(c.Cols*c.OutElemWidth())).Set(dsl.VecOf(outs...).Pack())
}

// postLane is the post block of one element.
type postLane struct{ c Config }

func (p postLane) ModuleName() string { return p.c.TopName() + "_post_lane" }

// Build implements dsl.Generator.
func (p postLane) Build(m *dsl.Module) {
	c := p.c
	a := c.AccWidth
	x := m.Input("in", dsl.UInt(a))
	out := m.Output("out", dsl.UInt(c.OutElemWidth()))
	_, float := c.Float()
	if c.ReLU {
		relu := m.Input("relu", dsl.Bool())
		var zero dsl.Signal
		switch {
		case float: // negative and not NaN: −0, negatives, −∞
			nan := x.Bits(30, 23).AndR().And(x.Bits(22, 0).OrR())
			zero = relu.And(x.Bit(31)).And(nan.Not())
		case c.Signed:
			zero = relu.And(x.Bit(a - 1))
		default: // unsigned: every nonzero value is > 0
			zero = dsl.B(false)
		}
		x = m.Named("relu_out", dsl.Mux(zero, dsl.U(a, 0), x))
	}
	switch f, ok := c.outFloat(); {
	case ok:
		cv := m.Instance("cvt", fp.Converter{Out: f, Prefix: c.TopName() + "_"})
		cv.Port("x").Set(x)
		out.Set(cv.Port("y"))
	case c.intConv():
		out.Set(c.buildNarrow(m, x, m.Input("shift", dsl.UInt(c.ShiftWidth()))))
	default:
		out.Set(x)
	}
}

// buildNarrow is the integer conversion of x by shift (see narrow).
func (c Config) buildNarrow(m *dsl.Module, x, shift dsl.Signal) dsl.Signal {
	a, w := c.AccWidth, c.OutWidth
	// x with a fraction of a bits below it, shifted right: the integer
	// part is floor(x / 2^shift), the fraction what fell off (a shift of
	// 2^ShiftWidth−1 <= 2a−1 keeps every bit that can matter).
	wide := dsl.Cat(x, dsl.U(a, 0))
	if c.Signed {
		wide = wide.AsSInt()
	}
	wide = m.Named("shifted", wide.ShrBy(shift))
	q := wide.Bits(2*a-1, a)
	guard := wide.Bit(a - 1)
	sticky := wide.Bits(a-2, 0).OrR()
	inc := m.Named("round_up", guard.And(sticky.Or(q.Bit(0))))
	// q + inc in a+1 bits cannot overflow.
	if !c.Signed {
		r := m.Named("rounded", q.ZeroExtend(a+1).Add(inc.ZeroExtend(a+1)))
		hi := dsl.U(a+1, uint64(1)<<w-1)
		return dsl.Mux(r.Gt(hi), hi, r).Trunc(w)
	}
	r := m.Named("rounded", q.AsSInt().SignExtend(a+1).Add(inc.ZeroExtend(a+1).AsSInt()))
	lo, hi := dsl.S(a+1, -(int64(1)<<(w-1))), dsl.S(a+1, int64(1)<<(w-1)-1)
	return dsl.Mux(r.Gt(hi), hi, dsl.Mux(r.Lt(lo), lo, r)).Trunc(w).AsUInt()
}
