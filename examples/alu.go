package examples

import "github.com/systole-hdl/systole/dsl"

// ALUOp is an ALU operation: the value of the ALU's op input.
type ALUOp uint8

// The ALU operations. Opcodes from ALUNumOps up to 2^ALUOpWidth-1 are
// unused and give 0.
const (
	ALUAdd    ALUOp = iota // a + b, wrapping
	ALUSub                 // a - b, wrapping
	ALUAnd                 // a & b
	ALUOr                  // a | b
	ALUXor                 // a ^ b
	ALUShl                 // a << b; 0 when b >= Width
	ALUShr                 // a >> b, logical; 0 when b >= Width
	ALUSra                 // a >> b, arithmetic; all sign bits when b >= Width
	ALUSlt                 // 1 when a < b as two's complement numbers, else 0
	ALUEq                  // 1 when a == b, else 0
	ALUNumOps              // the number of operations
)

// ALUOpWidth is the width of the ALU's op input.
const ALUOpWidth = 4

var aluOpNames = [...]string{"add", "sub", "and", "or", "xor", "shl", "shr", "sra", "slt", "eq"}

func (op ALUOp) String() string {
	if int(op) < len(aluOpNames) {
		return aluOpNames[op]
	}
	return "unused"
}

// ALU is a combinational Width-bit arithmetic and logic unit.
//
// Ports:
//
//	op    input  UInt(ALUOpWidth)  the operation, an ALUOp
//	a, b  input  UInt(Width)       the operands
//	y     output UInt(Width)       the result
//	zero  output Bool              y == 0
//
// The operands are plain bits; the operations that read them as signed
// numbers (ALUSra, ALUSlt) say so with AsSInt, the way a CPU's instruction
// decides signedness rather than its registers. Shifts use all of b as the
// amount, so shifting by Width or more is well defined.
type ALU struct {
	Width int
}

// Build implements dsl.Generator.
func (c ALU) Build(m *dsl.Module) {
	w := c.Width
	op := m.Input("op", dsl.UInt(ALUOpWidth))
	a := m.Input("a", dsl.UInt(w))
	b := m.Input("b", dsl.UInt(w))
	y := m.Output("y", dsl.UInt(w))
	zero := m.Output("zero", dsl.Bool())

	is := func(code ALUOp) dsl.Signal {
		dsl.Helper() // blame the line that asks, not this one
		return op.Eq(dsl.U(ALUOpWidth, uint64(code)))
	}
	// One When chain: exactly one branch assigns y.
	m.When(is(ALUAdd), func() { y.Set(a.Add(b)) }).
		ElseWhen(is(ALUSub), func() { y.Set(a.Sub(b)) }).
		ElseWhen(is(ALUAnd), func() { y.Set(a.And(b)) }).
		ElseWhen(is(ALUOr), func() { y.Set(a.Or(b)) }).
		ElseWhen(is(ALUXor), func() { y.Set(a.Xor(b)) }).
		ElseWhen(is(ALUShl), func() { y.Set(a.ShlBy(b)) }).
		ElseWhen(is(ALUShr), func() { y.Set(a.ShrBy(b)) }).
		ElseWhen(is(ALUSra), func() { y.Set(a.AsSInt().ShrBy(b).AsUInt()) }).
		ElseWhen(is(ALUSlt), func() { y.Set(a.AsSInt().Lt(b.AsSInt()).ZeroExtend(w)) }).
		ElseWhen(is(ALUEq), func() { y.Set(a.Eq(b).ZeroExtend(w)) }).
		Otherwise(func() { y.Set(dsl.U(w, 0)) })
	zero.Set(y.OrR().Not())
}
