package lanekern

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"math/bits"
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/internal/opgen"
)

// An evaluator runs a kernel of the table, a Go expression, on one lane
// at a class width, by walking its syntax tree: the table's meaning at
// that width, written apart from the generator (a second reading of the
// same expressions). Every value is a word of width bits, with a flag
// for signed; a comparison gives a bool.
type evaluator struct {
	width int
	vars  map[string]uint64
}

type ev struct {
	x      uint64
	signed bool
	b      bool
}

var evPlaceholder = regexp.MustCompile(`\$(sh2|sh|init|rst|en|a|b|c|d|m|q|v)\b`)

// parsed are the kernels the evaluator has parsed.
var parsed = map[string]ast.Expr{}

func (e *evaluator) run(t *testing.T, kernel string) uint64 {
	x, ok := parsed[kernel]
	if !ok {
		var err error
		x, err = parser.ParseExpr(evPlaceholder.ReplaceAllString(kernel, "PH_$1"))
		require.NoError(t, err)
		parsed[kernel] = x
	}
	return e.eval(t, x).x
}

func (e *evaluator) mask(x uint64) uint64 { return x & (^uint64(0) >> (64 - e.width)) }

// sext reads the width-bit word x as signed.
func (e *evaluator) sext(x uint64) int64 { return int64(x<<(64-e.width)) >> (64 - e.width) }

// run and eval are not test helpers (t.Helper): they run for every lane
// (eval for every node), and marking them cost most of the tests' time.
func (e *evaluator) eval(t *testing.T, x ast.Expr) ev {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return e.eval(t, x.X)
	case *ast.BasicLit:
		n, err := strconv.ParseUint(x.Value, 0, 64)
		require.NoError(t, err)
		return ev{x: n}
	case *ast.Ident:
		v, ok := e.vars[x.Name[3:]]
		require.True(t, ok, "no value for %s", x.Name)
		return ev{x: e.mask(v)}
	case *ast.CallExpr:
		var args []ev
		for _, a := range x.Args {
			args = append(args, e.eval(t, a))
		}
		switch fn := x.Fun.(*ast.Ident).Name; fn {
		case "uint64", "int64":
			return ev{x: args[0].x, signed: fn == "int64"}
		case "b2u":
			if args[0].b {
				return ev{x: 1}
			}
			return ev{}
		case "parity":
			return ev{x: uint64(bits.OnesCount64(args[0].x) & 1)}
		case "min":
			return ev{x: min(args[0].x, args[1].x), signed: args[0].signed}
		default:
			t.Fatalf("no function %s", fn)
		}
	case *ast.UnaryExpr:
		a := e.eval(t, x.X)
		switch x.Op {
		case token.XOR:
			return ev{x: e.mask(^a.x), signed: a.signed}
		case token.SUB:
			return ev{x: e.mask(-a.x), signed: a.signed}
		}
	case *ast.BinaryExpr:
		a, b := e.eval(t, x.X), e.eval(t, x.Y)
		w := uint64(e.width)
		r := ev{signed: a.signed}
		switch x.Op {
		case token.SHL:
			if b.x < w {
				r.x = e.mask(a.x << b.x)
			}
		case token.SHR:
			switch {
			case a.signed:
				r.x = e.mask(uint64(e.sext(a.x) >> min(b.x, w-1)))
			case b.x < w:
				r.x = a.x >> b.x
			}
		case token.AND:
			r.x = a.x & b.x
		case token.OR:
			r.x = a.x | b.x
		case token.XOR:
			r.x = a.x ^ b.x
		case token.AND_NOT:
			r.x = a.x &^ b.x
		case token.ADD:
			r.x = e.mask(a.x + b.x)
		case token.SUB:
			r.x = e.mask(a.x - b.x)
		case token.MUL:
			r.x = e.mask(a.x * b.x)
		case token.EQL:
			r.b = a.x == b.x
		case token.NEQ:
			r.b = a.x != b.x
		case token.LSS, token.LEQ, token.GTR, token.GEQ:
			c := 0
			if a.signed {
				c = cmpOf(e.sext(a.x), e.sext(b.x))
			} else {
				c = cmpOf(a.x, b.x)
			}
			r.b = map[token.Token]bool{token.LSS: c < 0, token.LEQ: c <= 0, token.GTR: c > 0, token.GEQ: c >= 0}[x.Op]
		default:
			t.Fatalf("no operator %s", x.Op)
		}
		return r
	}
	t.Fatalf("no expression %T", x)
	return ev{}
}

func cmpOf[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestTableMeaning runs every kind and class, on every implementation,
// on any words (any values, shifts and masks, also those no compiler
// emits) against the evaluator: the kernels have the table's meaning at
// each class width. It is the reference of a kind added to the table
// before refs has one.
func TestTableMeaning(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 3))
		for _, cw := range opgen.Widths {
			word := func() uint64 { return randValue(r, cw) }
			for i, kd := range opgen.Kinds {
				if kd.Wide {
					continue
				}
				for round := range 24 {
					// a whole vector of bytes, and the narrower vectors
					// of classes 8 and 16 (of 32 and 16 lanes)
					lanes := []int{64, 32, 16}[round%3]
					plane := make([]uint64, 4*lanes)
					for j := range plane {
						plane[j] = word()
					}
					L := uint32(lanes)
					o := Op{Dst: 0, A: L, B: 2 * L, C: 3 * L, Sh: uint8(r.IntN(cw + 8)), Sh2: uint8(r.IntN(cw + 8)), M: r.Uint64()}
					if round%2 == 0 {
						o.M = word()
					}
					e := &evaluator{width: cw}
					want := make([]uint64, lanes)
					for l := range lanes {
						e.vars = map[string]uint64{"a": plane[lanes+l], "b": plane[2*lanes+l], "c": plane[3*lanes+l], "d": plane[l],
							"sh": uint64(o.Sh), "sh2": uint64(o.Sh2), "m": o.M}
						want[l] = e.run(t, kd.Kernel)
					}
					got := runOne(Kind(i), cw, plane, o, lanes)
					require.Equal(t, want, got, "%s class %d: %+v", kd.Name, cw, o)
				}
			}
			for c, rc := range opgen.RegClasses {
				for _, lanes := range []int{64, 32, 16} {
					plane := make([]uint64, 4*lanes)
					for j := range plane {
						plane[j] = word()
						if j >= 2*lanes {
							plane[j] &= 1 // en and rst are one bit
						}
					}
					L := uint32(lanes)
					g := Reg{Q: 0, D: L, En: 2 * L, Rst: 3 * L, Init: r.Uint64()}
					e := &evaluator{width: cw}
					want := make([]uint64, lanes)
					for l := range lanes {
						e.vars = map[string]uint64{"q": plane[l], "d": plane[lanes+l], "en": plane[2*lanes+l], "rst": plane[3*lanes+l], "init": g.Init}
						if rc.Let != "" {
							e.vars["v"] = e.run(t, rc.Let)
						}
						want[l] = e.run(t, rc.Kernel)
					}
					require.Equal(t, want, runNext(RegClass(c), cw, plane, g, lanes), "%s class %d, %d lanes", rc.Field, cw, lanes)
				}
			}
		}
	})
}

// runOne runs one op on a copy of plane in its class, and returns its
// result's lanes.
func runOne(k Kind, cw int, plane []uint64, o Op, lanes int) []uint64 {
	pl := trunc(cw, plane)
	blockAt(cw, k, pl, []Op{o}, lanes)
	return pl[o.Dst:][:lanes]
}

// runNext commits one register from a copy of plane in its class, and
// returns its next value's lanes.
func runNext(c RegClass, cw int, plane []uint64, g Reg, lanes int) []uint64 {
	out := make([]uint64, lanes)
	nextAt(cw, c, trunc(cw, plane), out, []Reg{g}, lanes)
	return out
}

// The evaluator itself, on a few words whose results are known.
func TestEvaluator(t *testing.T) {
	for _, c := range []struct {
		width  int
		kernel string
		vars   map[string]uint64
		want   uint64
	}{
		{32, "uint64(int64($a<<$sh)>>$sh) & $m", map[string]uint64{"a": 0x80, "sh": 24, "m": 0xffff}, 0xff80},
		{64, "uint64(int64($a<<$sh)>>$sh>>min($b, 63)) & $m", map[string]uint64{"a": 0x80, "b": 100, "sh": 56, "m": 0xff}, 0xff},
		{32, "($a << $b) & $m", map[string]uint64{"a": 1, "b": 32, "m": ^uint64(0)}, 0},
		{32, "b2u(int64($a<<$sh) < int64($b<<$sh))", map[string]uint64{"a": 0xff, "b": 1, "sh": 24}, 1},
		{64, "b2u($a < $b)", map[string]uint64{"a": 0xff, "b": 1}, 0},
		{32, "-$a & $m", map[string]uint64{"a": 1, "m": 0xf}, 0xf},
		{64, "parity($a)", map[string]uint64{"a": 0x8000000000000001}, 0},
	} {
		e := &evaluator{width: c.width, vars: c.vars}
		require.Equal(t, c.want, e.run(t, c.kernel), fmt.Sprintf("%s at %d", c.kernel, c.width))
	}
}
