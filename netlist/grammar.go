package netlist

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The grammar of the text form, declared as participle AST structs. Every
// node records the text position of its first token (Pos), so that the
// builder can blame an element's own line and column. Numbers are captured
// as text and converted by the builder (decimal only, with range checks).

var textLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n]+`},
	{Name: "String", Pattern: `"(\\.|[^"\\\n])*"`},
	{Name: "Literal", Pattern: `[0-9]+'[a-zA-Z][0-9a-zA-Z_]*`},
	{Name: "Int", Pattern: `-?[0-9]+`},
	{Name: "Ident", Pattern: `[a-zA-Z_][a-zA-Z0-9_$]*`},
	{Name: "Punct", Pattern: `[{}()\[\]:=,@]`},
})

var textParser = participle.MustBuild[astFile](
	participle.Lexer(textLexer),
	participle.Elide("Comment", "Whitespace"),
)

type astFile struct {
	Pos     lexer.Position
	Top     string       `parser:"'design' @Ident"`
	Modules []*astModule `parser:"@@*"`
}

type astModule struct {
	Pos         lexer.Position
	Name        string     `parser:"'module' @Ident"`
	Replaceable bool       `parser:"@'replaceable'?"`
	At          *sourcePos `parser:"@@?"`
	Items       []*astItem `parser:"'{' @@* '}'"`
}

// sourcePos is a source position attribute: @ "file":line or @ "file":line:col.
type sourcePos struct {
	Pos  lexer.Position
	File string  `parser:"'@' @String"`
	Line string  `parser:"':' @Int"`
	Col  *string `parser:"(':' @Int)?"`
}

type astItem struct {
	Net   *astNet    `parser:"@@"`
	Clock *netRef    `parser:"| 'clock' @@"`
	Ports *astPorts  `parser:"| @@"`
	Cell  *astCell   `parser:"| @@"`
	Reg   *astReg    `parser:"| @@"`
	Mem   *astMem    `parser:"| @@"`
	Inst  *astInst   `parser:"| @@"`
	Prop  *astProp   `parser:"| @@"`
	Enum  *astEnum   `parser:"| @@"`
	Ext   *astExtern `parser:"| @@"`
	Param *astParam  `parser:"| @@"`
	File  *astFile1  `parser:"| @@"`
	Comb  *astComb   `parser:"| @@"`
}

// astExtern is extern VERILOG: the module is a black box.
type astExtern struct {
	Pos     lexer.Position
	Verilog string     `parser:"'extern' @Ident"`
	At      *sourcePos `parser:"@@?"`
}

// astParam is param NAME = INT or param NAME = "STRING".
type astParam struct {
	Pos  lexer.Position
	Name string  `parser:"'param' @Ident '='"`
	Int  *number `parser:"( @@"`
	Str  *string `parser:"| @String )"`
}

// astFile1 is file "PATH", a Verilog file of a black box.
type astFile1 struct {
	Pos  lexer.Position
	Path string `parser:"'file' @String"`
}

// astComb is comb OUT from (IN, ...), a combinational path of a black box.
type astComb struct {
	Pos lexer.Position
	Out *netRef   `parser:"'comb' @@ 'from'"`
	In  []*netRef `parser:"'(' (@@ (',' @@)*)? ')'"`
}

// astEnum is enum NAME: WIDTH (VALUE, ...) nets (NET, ...).
type astEnum struct {
	Pos   lexer.Position
	Name  string     `parser:"'enum' @Ident ':'"`
	Width *number    `parser:"@@"`
	Names []string   `parser:"'(' @Ident (',' @Ident)* ')'"`
	Nets  []*netRef  `parser:"('nets' '(' @@ (',' @@)* ')')?"`
	At    *sourcePos `parser:"@@?"`
}

type astNet struct {
	Pos       lexer.Position
	Kind      string     `parser:"@('input' | 'output' | 'wire')"`
	Name      string     `parser:"@Ident ':'"`
	Width     *number    `parser:"@@"`
	Generated bool       `parser:"@'generated'?"`
	At        *sourcePos `parser:"@@?"`
}

// astPorts lists ports explicitly: ports(input a, output b).
type astPorts struct {
	Pos   lexer.Position
	Ports []*astPort `parser:"'ports' '(' (@@ (',' @@)*)? ')'"`
}

type astPort struct {
	Pos lexer.Position
	Dir string  `parser:"@('input' | 'output')"`
	Net *netRef `parser:"@@"`
}

// netRef is a reference to a net by name.
type netRef struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type astCell struct {
	Pos    lexer.Position
	Out    *netRef    `parser:"'cell' @@ '='"`
	Op     *netRef    `parser:"@@"`
	Parens bool       `parser:"( @'('"`
	In     []*netRef  `parser:"(@@ (',' @@)*)? ')' )?"`
	Signed bool       `parser:"@'signed'?"`
	Lo     *number    `parser:"('lo' @@)?"`
	Value  *literal   `parser:"@@?"`
	At     *sourcePos `parser:"@@?"`
}

type number struct {
	Pos   lexer.Position
	Value string `parser:"@Int"`
}

type literal struct {
	Pos   lexer.Position
	Value string `parser:"@Literal"`
}

type astReg struct {
	Pos   lexer.Position
	Q     *netRef    `parser:"'reg' @@ '='"`
	D     *netRef    `parser:"@@"`
	En    *netRef    `parser:"('en' @@)?"`
	Reset *netRef    `parser:"('reset' @@)?"`
	Init  *literal   `parser:"('init' @@)?"`
	At    *sourcePos `parser:"@@?"`
}

type astMem struct {
	Pos    lexer.Position
	Name   string        `parser:"'mem' @Ident ':'"`
	Width  *number       `parser:"@@"`
	Depth  *number       `parser:"'depth' @@"`
	At     *sourcePos    `parser:"@@?"`
	Ports  []*astMemPort `parser:"'{' @@* '}'"`
	EndPos lexer.Position
}

type astMemPort struct {
	Read  *astRead   `parser:"@@"`
	Write *astWrite  `parser:"| @@"`
	Init  []*literal `parser:"| 'init' @@+"`
}

type astRead struct {
	Pos  lexer.Position
	Data *netRef    `parser:"'read' @@ '='"`
	Addr *netRef    `parser:"'[' @@ ']'"`
	En   *netRef    `parser:"('en' @@)?"`
	At   *sourcePos `parser:"@@?"`
}

type astWrite struct {
	Pos  lexer.Position
	Addr *netRef    `parser:"'write' '[' @@ ']' '='"`
	Data *netRef    `parser:"@@"`
	En   *netRef    `parser:"('en' @@)?"`
	At   *sourcePos `parser:"@@?"`
}

type astInst struct {
	Pos    lexer.Position
	Name   string     `parser:"'inst' @Ident ':'"`
	Module string     `parser:"@Ident"`
	Conns  []*astConn `parser:"'(' (@@ (',' @@)*)? ')'"`
	At     *sourcePos `parser:"@@?"`
}

type astConn struct {
	Pos  lexer.Position
	Port string  `parser:"@Ident '='"`
	Net  *netRef `parser:"@@"`
}
