// Package dslir is the description the dsl builder records and elaborate
// reads: nodes, statements and module definitions, exactly as the user's
// generator code made them, unchecked. Like Chisel's Builder commands, it
// judges nothing; all checks live in elaborate.
package dslir

import (
	"fmt"

	"github.com/systole-hdl/systole/bits"
)

// Type is an unsigned or signed (two's complement) vector type, or the
// type of an enum's values.
type Type struct {
	Signed bool
	Width  int
	Enum   *Enum // the values are named; nil for plain vectors
}

// Enum is a recorded enum type: value i is named Names[i].
type Enum struct {
	Name  string
	Names []string
	Pos   Pos
}

func (t Type) String() string {
	if t.Enum != nil {
		return fmt.Sprintf("enum %s (UInt(%d))", t.Enum.Name, t.Width)
	}
	if t.Signed {
		return fmt.Sprintf("SInt(%d)", t.Width)
	}
	return fmt.Sprintf("UInt(%d)", t.Width)
}

// Pos is a place in the user's Go source ("dir/file.go", line).
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string {
	if p.Line == 0 {
		return "-"
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// Kind says what a node is.
type Kind uint8

const (
	Invalid  Kind = iota // a use of the zero Signal
	Lit                  // a constant
	Input                // an input port of its module
	Output               // an output port of its module
	Wire                 // a named wire
	Reg                  // a register
	Reset                // the module's implicit reset input
	Expr                 // an operator applied to Args
	MemRead              // the data of a memory read port
	InstPort             // a port of a child instance, seen from the parent
)

// Op is a builder operator.
type Op uint8

const (
	OpNone Op = iota
	Add
	AddExpand
	Sub
	SubExpand
	Mul
	Neg
	And
	Or
	Xor
	Not
	Shl   // by the constant Amt
	Shr   // by the constant Amt; arithmetic for SInt
	ShlBy // by Args[1]
	ShrBy // by Args[1]; arithmetic for SInt
	Eq
	Ne
	Lt
	Le
	Gt
	Ge
	Mux    // Args: sel, a, b
	Cat    // Args most significant first
	Bits   // Args[0][Amt +: Type.Width]
	Extend // sign or zero per the operand's type
	ZeroExtend
	SignExtend
	Trunc
	AsUInt
	AsSInt
	AndR
	OrR
	XorR
)

var opNames = [...]string{
	OpNone: "none", Add: "Add", AddExpand: "AddExpand", Sub: "Sub", SubExpand: "SubExpand",
	Mul: "Mul", Neg: "Neg", And: "And", Or: "Or", Xor: "Xor", Not: "Not", Shl: "Shl",
	Shr: "Shr", ShlBy: "ShlBy", ShrBy: "ShrBy", Eq: "Eq", Ne: "Ne", Lt: "Lt", Le: "Le",
	Gt: "Gt", Ge: "Ge", Mux: "Mux", Cat: "Cat", Bits: "Bits", Extend: "Extend",
	ZeroExtend: "ZeroExtend", SignExtend: "SignExtend", Trunc: "Trunc", AsUInt: "AsUInt",
	AsSInt: "AsSInt", AndR: "AndR", OrR: "OrR", XorR: "XorR",
}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("Op(%d)", o)
}

// Node is one recorded value.
type Node struct {
	Kind  Kind
	Type  Type
	Name  string
	Owner *Module // nil for constants and expressions of constants only
	Pos   Pos

	Op   Op
	Args []*Node
	Amt  int // shift amount, or the low bit of Bits

	Lit bits.Value // Kind Lit
	// Err is a problem found while recording (a literal that does not fit,
	// a bit range out of range); elaborate reports it when the node is used.
	Err string

	Init   *bits.Value // Kind Reg: the value loaded on reset, or nil
	Enable *Node       // Kind Reg: an explicit enable, or nil

	Mem *Mem // Kind MemRead

	Inst    *Inst  // Kind InstPort
	Port    string // Kind InstPort: the child's port name
	PortOut bool   // Kind InstPort: the child port is an output
}

// Describe names a node for messages: its name, or what it is.
func (n *Node) Describe() string {
	switch {
	case n.Name != "":
		return n.Name
	case n.Kind == InstPort:
		return n.Inst.Name + "." + n.Port
	case n.Kind == Lit && n.Lit.IsValid():
		return "constant " + n.Lit.String()
	case n.Kind == Expr:
		return n.Op.String() + " expression"
	case n.Kind == MemRead:
		return "read data of memory " + n.Mem.Name
	}
	return "expression"
}

// StmtKind says what a statement does.
type StmtKind uint8

const (
	Assign   StmtKind = iota // Target <- Value
	When                     // a When/ElseWhen/Otherwise chain
	MemWrite                 // Mem[Addr] <- Data, enabled by the path condition
	MemRd                    // enables read port Read (with En when not nil) on the path condition
	Error                    // a misuse found while recording: Msg
	Property                 // an assertion, assumption or cover of Value, by Prop, with Msg
)

// PropKind says what a Property statement declares.
type PropKind uint8

const (
	PropAssert PropKind = iota
	PropAssume
	PropCover
)

// Stmt is one recorded statement of a block.
type Stmt struct {
	Kind   StmtKind
	Pos    Pos
	Target *Node
	Value  *Node
	Chain  *Chain
	Mem    *Mem
	Addr   *Node
	Data   *Node
	En     *Node
	Read   *Node
	Msg    string
	Signal string   // Kind Error: the signal or instance the message is about, or ""
	Prop   PropKind // Kind Property
}

// Block is a sequence of statements (a module body or a When branch).
type Block struct {
	Stmts []*Stmt
}

// Chain is a When / ElseWhen... / Otherwise chain.
type Chain struct {
	Branches  []*Branch
	Otherwise *Block // nil without Otherwise
	OtherPos  Pos
}

// Branch is one condition and its body.
type Branch struct {
	Cond *Node
	Body *Block
	Pos  Pos
}

// Mem is a recorded memory.
type Mem struct {
	Name  string
	Type  Type
	Depth int
	Owner *Module
	Pos   Pos
	Reads []*Node // read data nodes, in port order
	// Init is the initial contents, word 0 first (checked to fit).
	Init []bits.Value
}

// Inst is a recorded child instance.
type Inst struct {
	Name   string
	Module *Module
	Owner  *Module
	Pos    Pos
	// Ports are the parent-side nodes of the child's ports, made on first
	// use, in the child's port order.
	Ports []*Node
	// Broken marks an instance that could not be made (an instantiation
	// cycle), already reported: its ports are Invalid nodes that lower to
	// zero without further errors, and it is not in its owner's Insts.
	Broken bool
}

// Module is one module definition: one distinct parameterization of a
// generator.
type Module struct {
	Name string // unique in the circuit
	Key  string // identifies the parameterization
	Pos  Pos    // where the generator was first instantiated
	Path string // the instance path of its first instantiation
	// Replaceable marks a module a chip flow may replace with its own
	// (netlist.Module.Replaceable).
	Replaceable bool
	// Ports in declaration order; Wires, Regs, Mems and Insts likewise.
	Ports []*Node
	Wires []*Node
	Regs  []*Node
	Mems  []*Mem
	Insts []*Inst
	Body  *Block
	// ResetNode is the implicit reset, made when first used.
	ResetNode *Node
	// Builder is the dsl builder of the circuit while it records; nil after.
	Builder any
	// Late lists the misuses of the module's builder after its generator
	// returned (they change nothing; dsl's Module.Err returns them).
	Late []Misuse
	// LateOf is, for a stand-in module made for a call on a module whose
	// generator had returned, that module: misuses go to its Late.
	LateOf *Module
	// Extern makes the module a black box; nil for most modules.
	Extern *Extern
}

// Extern is a recorded black box declaration.
type Extern struct {
	Verilog string
	Pos     Pos
	Params  []Param
	Files   []string
	// Clock names the black box's clock input ("" for none): the module's
	// implicit clock, connected to the parent's.
	Clock    string
	ClockPos Pos
	Comb     []Comb
}

// Param is a recorded Verilog parameter of a black box.
type Param struct {
	Name     string
	IsString bool
	Int      int64
	Str      string
	Pos      Pos
}

// Comb is a recorded combinational path of a black box: output Out
// depends on inputs In.
type Comb struct {
	Out *Node
	In  []*Node
	Pos Pos
}

// Misuse is a builder call that could not take effect.
type Misuse struct {
	Pos Pos
	Msg string
}

// Circuit is everything recorded from one top-level generator.
type Circuit struct {
	Top *Module
	// Modules in the order their definitions were finished: every module
	// after the modules it instantiates.
	Modules []*Module
}

// Record runs a top dsl.Generator and returns what it recorded. Package
// dsl sets it when it is initialized, so that elaborate (which imports
// dsl) can reach the description while dsl's public API never names
// dslir's types.
var Record func(top any) (*Circuit, error)

func (k PropKind) String() string {
	switch k {
	case PropAssert:
		return "assert"
	case PropAssume:
		return "assume"
	case PropCover:
		return "cover"
	}
	return fmt.Sprintf("PropKind(%d)", k)
}
