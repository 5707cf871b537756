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
	Pos   lexer.Position
	Name  string     `parser:"'module' @Ident"`
	At    *astAt     `parser:"@@?"`
	Items []*astItem `parser:"'{' @@* '}'"`
}

// astAt is a source position attribute: @ "file":line or @ "file":line:col.
type astAt struct {
	Pos  lexer.Position
	File string  `parser:"'@' @String"`
	Line string  `parser:"':' @Int"`
	Col  *string `parser:"(':' @Int)?"`
}

type astItem struct {
	Net   *astNet   `parser:"@@"`
	Clock *astRef   `parser:"| 'clock' @@"`
	Ports *astPorts `parser:"| @@"`
	Cell  *astCell  `parser:"| @@"`
	Reg   *astReg   `parser:"| @@"`
	Mem   *astMem   `parser:"| @@"`
	Inst  *astInst  `parser:"| @@"`
}

type astNet struct {
	Pos       lexer.Position
	Kind      string `parser:"@('input' | 'output' | 'wire')"`
	Name      string `parser:"@Ident ':'"`
	Width     string `parser:"@Int"`
	Generated bool   `parser:"@'generated'?"`
	At        *astAt `parser:"@@?"`
}

// astPorts lists ports explicitly: ports(input a, output b).
type astPorts struct {
	Pos   lexer.Position
	Ports []*astPort `parser:"'ports' '(' (@@ (',' @@)*)? ')'"`
}

type astPort struct {
	Pos lexer.Position
	Dir string  `parser:"@('input' | 'output')"`
	Net *astRef `parser:"@@"`
}

// astRef is a reference to a net by name.
type astRef struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type astCell struct {
	Pos    lexer.Position
	Out    *astRef   `parser:"'cell' @@ '='"`
	Op     *astRef   `parser:"@@"`
	Parens bool      `parser:"( @'('"`
	In     []*astRef `parser:"(@@ (',' @@)*)? ')' )?"`
	Signed bool      `parser:"@'signed'?"`
	Lo     *astInt   `parser:"('lo' @@)?"`
	Value  *astLit   `parser:"@@?"`
	At     *astAt    `parser:"@@?"`
}

type astInt struct {
	Pos   lexer.Position
	Value string `parser:"@Int"`
}

type astLit struct {
	Pos   lexer.Position
	Value string `parser:"@Literal"`
}

type astReg struct {
	Pos   lexer.Position
	Q     *astRef `parser:"'reg' @@ '='"`
	D     *astRef `parser:"@@"`
	En    *astRef `parser:"('en' @@)?"`
	Reset *astRef `parser:"('reset' @@)?"`
	Init  *astLit `parser:"('init' @@)?"`
	At    *astAt  `parser:"@@?"`
}

type astMem struct {
	Pos    lexer.Position
	Name   string        `parser:"'mem' @Ident ':'"`
	Width  *astInt       `parser:"@@"`
	Depth  *astInt       `parser:"'depth' @@"`
	At     *astAt        `parser:"@@?"`
	Ports  []*astMemPort `parser:"'{' @@* '}'"`
	EndPos lexer.Position
}

type astMemPort struct {
	Read  *astRead  `parser:"@@"`
	Write *astWrite `parser:"| @@"`
}

type astRead struct {
	Pos  lexer.Position
	Data *astRef `parser:"'read' @@ '='"`
	Addr *astRef `parser:"'[' @@ ']'"`
	En   *astRef `parser:"('en' @@)?"`
	At   *astAt  `parser:"@@?"`
}

type astWrite struct {
	Pos  lexer.Position
	Addr *astRef `parser:"'write' '[' @@ ']' '='"`
	Data *astRef `parser:"@@"`
	En   *astRef `parser:"('en' @@)?"`
	At   *astAt  `parser:"@@?"`
}

type astInst struct {
	Pos    lexer.Position
	Name   string     `parser:"'inst' @Ident ':'"`
	Module string     `parser:"@Ident"`
	Conns  []*astConn `parser:"'(' (@@ (',' @@)*)? ')'"`
	At     *astAt     `parser:"@@?"`
}

type astConn struct {
	Pos  lexer.Position
	Port string  `parser:"@Ident '='"`
	Net  *astRef `parser:"@@"`
}
