package rtlsim

import (
	"fmt"
	"strings"
)

// goWideInline reports whether WriteGo writes the multi-word instruction
// o as straight-line code of its words (wideStmt) rather than as a call of
// its copy of evalWide: the kinds that move, combine or compare words
// without a loop over a variable amount. Such an instruction reads and
// writes its words through the layout, so its one-word operands need not
// be pinned to the uint64 array. A core's wide nets are its packed ports:
// slices of the input vectors, the concatenation of the results.
func goWideInline(o *instr) bool {
	switch o.kind {
	case kWCopy, kWZero, kWNot, kWAnd, kWOr, kWXor, kWAdd, kWSub, kWMux, kWSlice, kWDep:
		return true
	case kWEq, kWNe, kWRedOr:
		return nwords(o.w) == 1
	}
	return false
}

// wideStmt returns the Go statement of the multi-word instruction o word
// by word, computing what evalWide does (see goWideInline), or "" for an
// instruction that evalWide runs.
func (g *goGen) wideStmt(o *instr) string {
	if !goWideInline(o) {
		return ""
	}
	nd, na := nwords(o.w), nwords(o.wa)
	word := func(off, k uint32) goLoc { return g.l.loc[off+k] }
	x := func(k uint32) string { return word(o.a, k).read(0) }
	y := func(k uint32) string { return word(o.b, k).read(0) }
	var stmts []string
	// z sets word k of the destination to e, with the mask evalWide
	// applies to its top word.
	z := func(k uint32, e string) {
		if k == nd-1 && o.mask != ^uint64(0) {
			e = fmt.Sprintf("(%s) & %#x", e, o.mask)
		}
		stmts = append(stmts, word(o.dst, k).write(0, e))
	}
	switch o.kind {
	case kWCopy:
		for i := range nd {
			if i < na {
				z(i, x(i))
			} else {
				z(i, "0")
			}
		}
	case kWZero:
		for i := range nd {
			z(i, "0")
		}
	case kWNot:
		for i := range nd {
			z(i, "^"+x(i))
		}
	case kWAnd, kWOr, kWXor:
		opr := map[kind]string{kWAnd: " & ", kWOr: " | ", kWXor: " ^ "}[o.kind]
		for i := range nd {
			z(i, x(i)+opr+y(i))
		}
	case kWAdd, kWSub:
		fn := map[kind]string{kWAdd: "bits.Add64", kWSub: "bits.Sub64"}[o.kind]
		stmts = append(stmts, "var t, c uint64")
		for i := range nd {
			stmts = append(stmts, fmt.Sprintf("t, c = %s(%s, %s, c)", fn, x(i), y(i)))
			z(i, "t")
		}
		stmts = append(stmts, "_ = c")
	case kWEq, kWNe:
		var eq []string
		for i := range na {
			eq = append(eq, x(i)+" == "+y(i))
		}
		if o.kind == kWEq {
			z(0, "b2u("+strings.Join(eq, " && ")+")")
		} else {
			z(0, "b2u(!("+strings.Join(eq, " && ")+"))")
		}
	case kWRedOr:
		var or []string
		for i := range na {
			or = append(or, x(i))
		}
		z(0, "b2u("+strings.Join(or, " | ")+" != 0)")
	case kWMux:
		stmts = append(stmts, fmt.Sprintf("sel := -b2u(%s != 0)", word(o.a, 0).read(0)))
		for i := range nd {
			b, c := word(o.b, i).read(0), word(o.c, i).read(0)
			z(i, fmt.Sprintf("%s ^ (%s^%s)&sel", c, c, b))
		}
	case kWSlice:
		q, r := o.lo/64, o.lo%64
		for i := range nd {
			k := q + i
			var parts []string
			if k < na {
				if r == 0 {
					parts = append(parts, x(k))
				} else {
					parts = append(parts, fmt.Sprintf("%s>>%d", x(k), r))
				}
			}
			if r != 0 && k+1 < na {
				parts = append(parts, fmt.Sprintf("%s<<%d", x(k+1), 64-r))
			}
			if len(parts) == 0 {
				parts = []string{"0"}
			}
			z(i, strings.Join(parts, " | "))
		}
	case kWDep:
		q, r := o.lo/64, o.lo%64
		or := func(k uint32, e string) {
			stmts = append(stmts, word(o.dst, k).write(0, word(o.dst, k).read(0)+" | "+e))
		}
		for j := range na {
			if r == 0 {
				or(q+j, x(j))
				continue
			}
			or(q+j, fmt.Sprintf("%s<<%d", x(j), r))
			if q+j+1 < nd {
				or(q+j+1, fmt.Sprintf("%s>>%d", x(j), 64-r))
			}
		}
		if o.mask != ^uint64(0) {
			stmts = append(stmts, word(o.dst, nd-1).write(0, fmt.Sprintf("%s & %#x", word(o.dst, nd-1).read(0), o.mask)))
		}
	}
	return "{ " + strings.Join(stmts, "; ") + " }"
}
