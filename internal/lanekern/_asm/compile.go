package main

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
)

// A node is one vector value of a kernel: an operation of the target on
// earlier nodes. The kernel compiler lowers a table expression to nodes
// (lowering what the ISA lacks: 64-bit arithmetic shifts and products on
// AVX2, unsigned comparisons), hash-consed, so a placeholder used twice
// is loaded once.
type node struct {
	op     string // see emitNode
	args   []int
	imm    uint64 // a constant, a shift, a predicate
	name   string // a placeholder (load, bcast, count)
	signed bool   // cmp512: a signed comparison
}

// Levels of a node: when it is computed.
const (
	levelFunc = iota // once per call: a constant
	levelOp          // once per op or register: its scalars
	levelLane        // once per vector of lanes
)

// A kernel is a compiled kernel: its nodes in order, and the one its
// result is.
type kernel struct {
	t      target
	nodes  []node
	levels []int
	memo   map[string]int
	result int
}

// words returns the nets an op of the kernel addresses: its destination
// d first, then every word it loads, in the order the kernel loads them.
func (k *kernel) words() []string {
	words := []string{"d"}
	for _, nd := range k.nodes {
		if nd.op == "load" && nd.name != "d" {
			words = append(words, nd.name)
		}
	}
	return words
}

func (k *kernel) add(n node) int {
	key := fmt.Sprintf("%s %v %d %s %v", n.op, n.args, n.imm, n.name, n.signed)
	if i, ok := k.memo[key]; ok {
		return i
	}
	lvl := levelFunc
	switch n.op {
	case "bcast", "count":
		lvl = levelOp
	case "load":
		lvl = levelLane
	}
	for _, a := range n.args {
		lvl = max(lvl, k.levels[a])
	}
	k.nodes = append(k.nodes, n)
	k.levels = append(k.levels, lvl)
	k.memo[key] = len(k.nodes) - 1
	return len(k.nodes) - 1
}

// A value is what an expression compiles to: a vector node, a mask node
// (all ones where a comparison holds), a scalar the op or register holds
// (m, init; sh, sh2 as shift counts), a literal, or min(x, lit) as a
// saturating shift count.
type value struct {
	kind   string // "vec", "mask", "scalar", "count", "lit", "sat"
	id     int
	signed bool
	name   string
	lit    uint64
}

// errNoAsm says a kernel uses what the compiler does not lower: the
// generic Go code runs it.
var errNoAsm = errors.New("no assembly")

var phRe = regexp.MustCompile(`\$(sh2|sh|init|rst|en|a|b|c|d|m|q|v)\b`)

// compile compiles kernel, a table expression, for t (with let, when not
// empty, bound to $v first). An expression it cannot lower is errNoAsm.
func compile(t target, kern, let string) (*kernel, error) {
	k := &kernel{t: t, memo: map[string]int{}}
	env := map[string]value{}
	if let != "" {
		v, err := k.expr(let, env)
		if err != nil {
			return nil, err
		}
		env["v"] = v
	}
	v, err := k.expr(kern, env)
	if err != nil {
		return nil, err
	}
	r, err := k.vec(v)
	if err != nil {
		return nil, err
	}
	k.result = r
	return k, nil
}

func (k *kernel) expr(src string, env map[string]value) (value, error) {
	e, err := parser.ParseExpr(phRe.ReplaceAllString(src, "PH_$1"))
	if err != nil {
		return value{}, fmt.Errorf("%q: %w", src, err)
	}
	v, err := k.compile(e, env)
	if err != nil {
		return value{}, fmt.Errorf("%q: %w", src, err)
	}
	return v, nil
}

// vec returns v as a vector node.
func (k *kernel) vec(v value) (int, error) {
	switch v.kind {
	case "vec":
		return v.id, nil
	case "mask":
		if n := k.nodes[v.id]; n.op == "cmp512" {
			// AVX-512: 1 where the comparison holds, by a zeroing move
			return k.add(node{op: "cmp512one", args: []int{n.args[0], n.args[1], k.add(node{op: "const", imm: 1})}, imm: n.imm, signed: n.signed}), nil
		}
		if k.t.width == 8 { // no byte shifts: the low bit of all ones
			return k.add(node{op: "and", args: []int{v.id, k.add(node{op: "const", imm: 1})}}), nil
		}
		return k.add(node{op: "shir", args: []int{v.id}, imm: uint64(k.t.width - 1)}), nil
	case "scalar":
		return k.add(node{op: "bcast", name: v.name}), nil
	case "lit":
		return k.add(node{op: "const", imm: v.lit}), nil
	}
	return 0, fmt.Errorf("%w: a %s as a value", errNoAsm, v.kind)
}

func (k *kernel) compile(e ast.Expr, env map[string]value) (value, error) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return k.compile(e.X, env)
	case *ast.BasicLit:
		if e.Kind != token.INT {
			return value{}, fmt.Errorf("%w: literal %s", errNoAsm, e.Value)
		}
		n, err := strconv.ParseUint(e.Value, 0, 64)
		if err != nil {
			return value{}, err
		}
		return value{kind: "lit", lit: n}, nil
	case *ast.Ident:
		if len(e.Name) < 4 || e.Name[:3] != "PH_" {
			return value{}, fmt.Errorf("%w: identifier %s", errNoAsm, e.Name)
		}
		switch name := e.Name[3:]; name {
		case "v":
			v, ok := env["v"]
			if !ok {
				return value{}, fmt.Errorf("$v with no let")
			}
			return v, nil
		case "m", "init":
			return value{kind: "scalar", name: name}, nil
		case "sh", "sh2":
			return value{kind: "count", name: name}, nil
		default:
			return value{kind: "vec", id: k.add(node{op: "load", name: name})}, nil
		}
	case *ast.CallExpr:
		fn, _ := e.Fun.(*ast.Ident)
		if fn == nil {
			return value{}, fmt.Errorf("%w: call", errNoAsm)
		}
		var args []value
		for _, a := range e.Args {
			v, err := k.compile(a, env)
			if err != nil {
				return value{}, err
			}
			args = append(args, v)
		}
		switch {
		case (fn.Name == "uint64" || fn.Name == "int64") && len(args) == 1:
			v := args[0]
			if v.kind == "vec" {
				v.signed = fn.Name == "int64"
			}
			return v, nil
		case fn.Name == "b2u" && len(args) == 1 && args[0].kind == "mask":
			id, err := k.vec(args[0])
			return value{kind: "vec", id: id}, err
		case fn.Name == "parity" && len(args) == 1 && k.t.width > 8:
			// fold the word onto its low bit: x ^= x >> s, halving s
			x, err := k.vec(args[0])
			if err != nil {
				return value{}, err
			}
			for s := k.t.width / 2; s >= 1; s /= 2 {
				x = k.add(node{op: "xor", args: []int{x, k.add(node{op: "shir", args: []int{x}, imm: uint64(s)})}})
			}
			return value{kind: "vec", id: k.add(node{op: "and", args: []int{x, k.add(node{op: "const", imm: 1})}})}, nil
		case fn.Name == "min" && len(args) == 2 && args[1].kind == "lit" && args[1].lit >= uint64(k.t.width-1):
			// a count of the width minus 1 or more shifts a signed value
			// as far as it goes: a saturating shift needs no min
			return value{kind: "sat", id: args[0].id, name: args[0].kind}, nil
		}
		return value{}, fmt.Errorf("%w: %s()", errNoAsm, fn.Name)
	case *ast.UnaryExpr:
		x, err := k.compile(e.X, env)
		if err != nil {
			return value{}, err
		}
		xv, err := k.vec(x)
		if err != nil {
			return value{}, err
		}
		switch e.Op {
		case token.XOR:
			return value{kind: "vec", id: k.add(node{op: "xor", args: []int{xv, k.add(node{op: "ones"})}}), signed: x.signed}, nil
		case token.SUB:
			return value{kind: "vec", id: k.add(node{op: "sub", args: []int{k.add(node{op: "zero"}), xv}}), signed: x.signed}, nil
		}
		return value{}, fmt.Errorf("%w: unary %s", errNoAsm, e.Op)
	case *ast.BinaryExpr:
		x, err := k.compile(e.X, env)
		if err != nil {
			return value{}, err
		}
		y, err := k.compile(e.Y, env)
		if err != nil {
			return value{}, err
		}
		return k.binary(e.Op, x, y)
	}
	return value{}, fmt.Errorf("%w: %T", errNoAsm, e)
}

func (k *kernel) binary(op token.Token, x, y value) (value, error) {
	xv, err := k.vec(x)
	if err != nil {
		return value{}, err
	}
	signed := x.signed
	vec := func(id int) (value, error) { return value{kind: "vec", id: id, signed: signed}, nil }
	if k.t.width == 8 && (op == token.SHL || op == token.SHR || op == token.MUL) {
		// x86 has no byte shifts or products: class 8 computes at 32 bits
		return value{}, fmt.Errorf("%w: operator %s on bytes", errNoAsm, op)
	}
	if k.t.width == 16 && k.t.isa == "avx2" && (op == token.SHL || op == token.SHR) && (y.kind == "vec" || y.kind == "sat" && y.name == "vec") {
		// AVX2 has no shifts of 16-bit words lane by lane
		return value{}, fmt.Errorf("%w: operator %s lane by lane on 16-bit words", errNoAsm, op)
	}
	if op == token.SHL || op == token.SHR {
		kind := "l"
		if op == token.SHR {
			kind = "r"
			if signed {
				kind = "a"
			}
		}
		var n int
		switch {
		case y.kind == "count":
			n = k.add(node{op: "count", name: y.name})
		case y.kind == "lit":
			if y.lit >= 256 {
				return value{}, fmt.Errorf("%w: shift by %d", errNoAsm, y.lit)
			}
			n = -1
		case y.kind == "sat" && kind == "a" && y.name == "vec":
			n = y.id
		case y.kind == "vec":
			n = y.id
		default:
			return value{}, fmt.Errorf("%w: shift by a %s", errNoAsm, y.kind)
		}
		return vec(k.shift(kind, xv, n, y.lit))
	}
	yv, err := k.vec(y)
	if err != nil {
		return value{}, err
	}
	switch op {
	case token.AND:
		return vec(k.add(node{op: "and", args: []int{xv, yv}}))
	case token.OR:
		return vec(k.add(node{op: "or", args: []int{xv, yv}}))
	case token.XOR:
		if a, b, m, ok := k.selectOf(xv, yv); ok && t512(k.t) {
			// AVX-512: a bitwise select is one ternary-logic instruction
			return vec(k.add(node{op: "sel", args: []int{a, b, m}}))
		}
		return vec(k.add(node{op: "xor", args: []int{xv, yv}}))
	case token.AND_NOT:
		return vec(k.add(node{op: "andn", args: []int{xv, yv}}))
	case token.ADD:
		return vec(k.add(node{op: "add", args: []int{xv, yv}}))
	case token.SUB:
		return vec(k.add(node{op: "sub", args: []int{xv, yv}}))
	case token.MUL:
		return vec(k.mul(xv, yv))
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
		return value{kind: "mask", id: k.cmp(op, signed, xv, yv)}, nil
	}
	return value{}, fmt.Errorf("%w: operator %s", errNoAsm, op)
}

func t512(t target) bool { return t.isa == "avx512" }

// selectOf reports whether x ^ y is a ^ ((a ^ b) & m), in any order of
// the operands: the bitwise select m ? b : a.
func (k *kernel) selectOf(x, y int) (a, b, m int, ok bool) {
	for _, p := range [][2]int{{x, y}, {y, x}} {
		a, and := p[0], k.nodes[p[1]]
		if and.op != "and" {
			continue
		}
		for _, q := range [][2]int{{and.args[0], and.args[1]}, {and.args[1], and.args[0]}} {
			xor := k.nodes[q[0]]
			if xor.op != "xor" {
				continue
			}
			switch a {
			case xor.args[0]:
				return a, xor.args[1], q[1], true
			case xor.args[1]:
				return a, xor.args[0], q[1], true
			}
		}
	}
	return 0, 0, 0, false
}

// live returns, by node, whether the result depends on it (a peephole
// leaves the nodes it replaces unused).
func (k *kernel) live() []bool {
	live := make([]bool, len(k.nodes))
	live[k.result] = true
	for i := len(k.nodes) - 1; i >= 0; i-- {
		if live[i] {
			for _, a := range k.nodes[i].args {
				live[a] = true
			}
		}
	}
	return live
}

// shift returns the node of x shifted (kind l, r or a) by the count node
// n (a count or a vector), or by the immediate imm when n < 0.
func (k *kernel) shift(kind string, x, n int, imm uint64) int {
	if kind == "a" && k.t.q() && k.t.isa == "avx2" {
		// AVX2 has no 64-bit arithmetic shift: ((x ^ s) >> n) ^ s, s the
		// sign in every bit, shifts x or its complement logically, and
		// gives s for a count of 64 or more
		s := k.add(node{op: "gt", args: []int{k.add(node{op: "zero"}), x}})
		return k.add(node{op: "xor", args: []int{k.shift("r", k.add(node{op: "xor", args: []int{x, s}}), n, imm), s}})
	}
	if n < 0 {
		return k.add(node{op: "shi" + kind, args: []int{x}, imm: imm})
	}
	return k.add(node{op: "sh" + kind, args: []int{x, n}})
}

// mul returns the node of the low word of x * y.
func (k *kernel) mul(x, y int) int {
	if !k.t.q() || k.t.isa == "avx512" {
		return k.add(node{op: "mul", args: []int{x, y}})
	}
	// AVX2 has no 64-bit product: from three of 32 x 32 bits
	lo := k.add(node{op: "mulu32", args: []int{x, y}})
	xh := k.add(node{op: "shir", args: []int{x}, imm: 32})
	yh := k.add(node{op: "shir", args: []int{y}, imm: 32})
	cross := k.add(node{op: "add", args: []int{k.add(node{op: "mulu32", args: []int{xh, y}}), k.add(node{op: "mulu32", args: []int{x, yh}})}})
	return k.add(node{op: "add", args: []int{lo, k.add(node{op: "shil", args: []int{cross}, imm: 32})}})
}

// cmp returns the mask node of x op y.
func (k *kernel) cmp(op token.Token, signed bool, x, y int) int {
	if op == token.GTR || op == token.GEQ {
		x, y = y, x
		op = map[token.Token]token.Token{token.GTR: token.LSS, token.GEQ: token.LEQ}[op]
	}
	pred := map[token.Token]int{token.EQL: predEq, token.NEQ: predNe, token.LSS: predLt, token.LEQ: predLe}[op]
	if k.t.isa == "avx512" {
		return k.add(node{op: "cmp512", args: []int{x, y}, imm: uint64(pred), signed: signed})
	}
	not := func(id int) int { return k.add(node{op: "xor", args: []int{id, k.add(node{op: "ones"})}}) }
	if !signed && (pred == predLt || pred == predLe) {
		// the signed order of both with their sign bits flipped
		s := k.add(node{op: "const", imm: 1 << (k.t.width - 1)})
		x, y = k.add(node{op: "xor", args: []int{x, s}}), k.add(node{op: "xor", args: []int{y, s}})
	}
	switch pred {
	case predEq:
		return k.add(node{op: "eq", args: []int{x, y}})
	case predNe:
		return not(k.add(node{op: "eq", args: []int{x, y}}))
	case predLt:
		return k.add(node{op: "gt", args: []int{y, x}})
	}
	return not(k.add(node{op: "gt", args: []int{x, y}}))
}
