package netlist

import (
	"fmt"
	"math/big"

	"github.com/systole-hdl/systole/bits"
)

// Op is the kind of a combinational Cell. Every op is declared once, in the
// ops table below: its text name, arity, width rule, whether Signed matters,
// its Verilog operator and its reference evaluation. Every consumer (Check,
// the text form, rtlsim, emit) switches over the same kinds.
type Op uint8

const (
	OpInvalid Op = iota
	OpConst      // Out = Value
	OpBuf        // Out = In[0]; same width
	OpNot        // bitwise ~; same width
	OpNeg        // two's complement -x mod 2^w; same width
	OpAnd        // bitwise; all widths equal
	OpOr         //
	OpXor        //
	OpAdd        // modulo 2^w; all widths equal
	OpSub        //
	OpMul        // modulo 2^w; all widths equal (full products come from extended inputs)
	OpShl        // In[0] << In[1]; In[1] any width, unsigned; Out as In[0]
	OpShr        // logical right shift
	OpSshr       // arithmetic right shift (always reads In[0] as signed)
	OpEq         // 1-bit result; inputs of equal width
	OpNe         //
	OpLt         // signed or unsigned per Cell.Signed
	OpLe         //
	OpGt         //
	OpGe         //
	OpMux        // Out = In[0] ? In[1] : In[2]; In[0] is 1 bit
	OpConcat     // Out = {In[0], In[1], ...}: In[0] is the most significant
	OpSlice      // Out = In[0][Lo +: width(Out)]
	OpZext       // zero-extend; width(Out) >= width(In[0])
	OpSext       // sign-extend; width(Out) >= width(In[0])
	OpRedAnd     // 1-bit &In[0]
	OpRedOr      // 1-bit |In[0]
	OpRedXor     // 1-bit ^In[0]
	numOps
)

// Shape is the width rule of an op.
type Shape uint8

const (
	ShapeConst   Shape = iota // no inputs; Value has the output width
	ShapeSame                 // every input has the output width
	ShapeShift                // In[0] has the output width; In[1] any width
	ShapeCompare              // inputs of one width; 1-bit output
	ShapeMux                  // 1-bit select, two inputs of the output width
	ShapeConcat               // one or more inputs whose widths sum to the output's
	ShapeSlice                // Lo + width(Out) <= width(In[0])
	ShapeExtend               // width(In[0]) <= width(Out)
	ShapeReduce               // any input width; 1-bit output
)

// OpInfo describes an op. See Info.
type OpInfo struct {
	Name  string // name in the netlist text form
	Arity int    // number of inputs; -1 for one or more
	Shape Shape
	// Signed reports whether Cell.Signed changes the result.
	Signed bool
	// Verilog is the operator symbol for prefix, infix and reduction ops,
	// empty for ops emitted structurally.
	Verilog string
}

var opTable = [numOps]OpInfo{
	OpInvalid: {Name: "invalid"},
	OpConst:   {Name: "const", Arity: 0, Shape: ShapeConst},
	OpBuf:     {Name: "buf", Arity: 1, Shape: ShapeSame},
	OpNot:     {Name: "not", Arity: 1, Shape: ShapeSame, Verilog: "~"},
	OpNeg:     {Name: "neg", Arity: 1, Shape: ShapeSame, Verilog: "-"},
	OpAnd:     {Name: "and", Arity: 2, Shape: ShapeSame, Verilog: "&"},
	OpOr:      {Name: "or", Arity: 2, Shape: ShapeSame, Verilog: "|"},
	OpXor:     {Name: "xor", Arity: 2, Shape: ShapeSame, Verilog: "^"},
	OpAdd:     {Name: "add", Arity: 2, Shape: ShapeSame, Verilog: "+"},
	OpSub:     {Name: "sub", Arity: 2, Shape: ShapeSame, Verilog: "-"},
	OpMul:     {Name: "mul", Arity: 2, Shape: ShapeSame, Verilog: "*"},
	OpShl:     {Name: "shl", Arity: 2, Shape: ShapeShift, Verilog: "<<"},
	OpShr:     {Name: "shr", Arity: 2, Shape: ShapeShift, Verilog: ">>"},
	OpSshr:    {Name: "sshr", Arity: 2, Shape: ShapeShift, Verilog: ">>>"},
	OpEq:      {Name: "eq", Arity: 2, Shape: ShapeCompare, Verilog: "=="},
	OpNe:      {Name: "ne", Arity: 2, Shape: ShapeCompare, Verilog: "!="},
	OpLt:      {Name: "lt", Arity: 2, Shape: ShapeCompare, Signed: true, Verilog: "<"},
	OpLe:      {Name: "le", Arity: 2, Shape: ShapeCompare, Signed: true, Verilog: "<="},
	OpGt:      {Name: "gt", Arity: 2, Shape: ShapeCompare, Signed: true, Verilog: ">"},
	OpGe:      {Name: "ge", Arity: 2, Shape: ShapeCompare, Signed: true, Verilog: ">="},
	OpMux:     {Name: "mux", Arity: 3, Shape: ShapeMux},
	OpConcat:  {Name: "concat", Arity: -1, Shape: ShapeConcat},
	OpSlice:   {Name: "slice", Arity: 1, Shape: ShapeSlice},
	OpZext:    {Name: "zext", Arity: 1, Shape: ShapeExtend},
	OpSext:    {Name: "sext", Arity: 1, Shape: ShapeExtend},
	OpRedAnd:  {Name: "redand", Arity: 1, Shape: ShapeReduce, Verilog: "&"},
	OpRedOr:   {Name: "redor", Arity: 1, Shape: ShapeReduce, Verilog: "|"},
	OpRedXor:  {Name: "redxor", Arity: 1, Shape: ShapeReduce, Verilog: "^"},
}

// Info returns the description of op.
func (op Op) Info() OpInfo {
	if op >= numOps {
		return opTable[OpInvalid]
	}
	return opTable[op]
}

func (op Op) String() string { return op.Info().Name }

// Ops returns every valid op, in declaration order.
func Ops() []Op {
	ops := make([]Op, 0, numOps-1)
	for op := OpConst; op < numOps; op++ {
		ops = append(ops, op)
	}
	return ops
}

// OpByName returns the op with the given text name.
func OpByName(name string) (Op, bool) {
	for op := OpConst; op < numOps; op++ {
		if opTable[op].Name == name {
			return op, true
		}
	}
	return OpInvalid, false
}

// CheckShape checks the widths of one use of op: the input widths, the
// output width and, for a Slice, the low bit. It returns a description of
// the first violation, or "".
func CheckShape(op Op, in []int, out int, lo int) string {
	info := op.Info()
	if op == OpInvalid || op >= numOps {
		return fmt.Sprintf("unknown op %d", op)
	}
	if info.Arity >= 0 && len(in) != info.Arity {
		return fmt.Sprintf("%s takes %d inputs, has %d", info.Name, info.Arity, len(in))
	}
	if info.Arity < 0 && len(in) == 0 {
		return fmt.Sprintf("%s takes at least one input", info.Name)
	}
	if out < 1 {
		return fmt.Sprintf("%s output width %d < 1", info.Name, out)
	}
	switch info.Shape {
	case ShapeSame:
		for i, w := range in {
			if w != out {
				return fmt.Sprintf("%s input %d is %d bits, output is %d bits", info.Name, i, w, out)
			}
		}
	case ShapeShift:
		if in[0] != out {
			return fmt.Sprintf("%s input 0 is %d bits, output is %d bits", info.Name, in[0], out)
		}
	case ShapeCompare:
		if in[0] != in[1] {
			return fmt.Sprintf("%s inputs are %d and %d bits", info.Name, in[0], in[1])
		}
		if out != 1 {
			return fmt.Sprintf("%s output is %d bits, must be 1", info.Name, out)
		}
	case ShapeMux:
		if in[0] != 1 {
			return fmt.Sprintf("mux select is %d bits, must be 1", in[0])
		}
		if in[1] != out || in[2] != out {
			return fmt.Sprintf("mux inputs are %d and %d bits, output is %d bits", in[1], in[2], out)
		}
	case ShapeConcat:
		sum := 0
		for _, w := range in {
			sum += w
		}
		if sum != out {
			return fmt.Sprintf("concat inputs sum to %d bits, output is %d bits", sum, out)
		}
	case ShapeSlice:
		if lo < 0 || lo+out > in[0] {
			return fmt.Sprintf("slice [%d +: %d] out of range of %d-bit input", lo, out, in[0])
		}
	case ShapeExtend:
		if in[0] > out {
			return fmt.Sprintf("%s from %d bits to narrower %d bits", info.Name, in[0], out)
		}
	case ShapeReduce:
		if out != 1 {
			return fmt.Sprintf("%s output is %d bits, must be 1", info.Name, out)
		}
	}
	return ""
}

// Eval is the reference evaluation of a cell: the result of op on in, of
// width out. It is written for clarity over arbitrary-precision integers and
// is the oracle that faster implementations (rtlsim, constant folding) are
// tested against. The inputs must satisfy CheckShape.
func Eval(op Op, signed bool, lo int, value bits.Value, in []bits.Value, out int) bits.Value {
	u := func(i int) *big.Int { return in[i].Big() }
	s := func(i int) *big.Int {
		if signed {
			return in[i].SignedBig()
		}
		return in[i].Big()
	}
	b2v := func(b bool) bits.Value {
		if b {
			return bits.FromUint64(1, 1)
		}
		return bits.New(1)
	}
	r := new(big.Int)
	switch op {
	case OpConst:
		return value
	case OpBuf:
		return in[0]
	case OpNot:
		return bits.FromBig(out, r.Not(u(0)))
	case OpNeg:
		return bits.FromBig(out, r.Neg(u(0)))
	case OpAnd:
		return bits.FromBig(out, r.And(u(0), u(1)))
	case OpOr:
		return bits.FromBig(out, r.Or(u(0), u(1)))
	case OpXor:
		return bits.FromBig(out, r.Xor(u(0), u(1)))
	case OpAdd:
		return bits.FromBig(out, r.Add(u(0), u(1)))
	case OpSub:
		return bits.FromBig(out, r.Sub(u(0), u(1)))
	case OpMul:
		return bits.FromBig(out, r.Mul(u(0), u(1)))
	case OpShl, OpShr, OpSshr:
		amt := u(1)
		if !amt.IsInt64() || amt.Int64() > int64(out) {
			amt = big.NewInt(int64(out))
		}
		n := uint(amt.Int64())
		switch op {
		case OpShl:
			return bits.FromBig(out, r.Lsh(u(0), n))
		case OpShr:
			return bits.FromBig(out, r.Rsh(u(0), n))
		default:
			return bits.FromBig(out, r.Rsh(in[0].SignedBig(), n))
		}
	case OpEq:
		return b2v(u(0).Cmp(u(1)) == 0)
	case OpNe:
		return b2v(u(0).Cmp(u(1)) != 0)
	case OpLt:
		return b2v(s(0).Cmp(s(1)) < 0)
	case OpLe:
		return b2v(s(0).Cmp(s(1)) <= 0)
	case OpGt:
		return b2v(s(0).Cmp(s(1)) > 0)
	case OpGe:
		return b2v(s(0).Cmp(s(1)) >= 0)
	case OpMux:
		if in[0].Bit(0) == 1 {
			return in[1]
		}
		return in[2]
	case OpConcat:
		for _, v := range in {
			r.Lsh(r, uint(v.Width()))
			r.Or(r, v.Big())
		}
		return bits.FromBig(out, r)
	case OpSlice:
		return in[0].Slice(lo, out)
	case OpZext:
		return in[0].Resize(out)
	case OpSext:
		return in[0].SignExtend(out)
	case OpRedAnd:
		return b2v(in[0].Equal(bits.Ones(in[0].Width())))
	case OpRedOr:
		return b2v(!in[0].IsZero())
	case OpRedXor:
		return bits.FromUint64(1, parity(in[0]))
	}
	panic(fmt.Sprintf("netlist.Eval: unknown op %d", op))
}

func parity(v bits.Value) uint64 {
	var p uint64
	for i := 0; i < bits.Words(v.Width()); i++ {
		w := v.Word(i)
		for w != 0 {
			p ^= w & 1
			w >>= 1
		}
	}
	return p
}
