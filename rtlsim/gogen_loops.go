package rtlsim

import (
	"fmt"
	"strings"
)

// goStraightMax is the most statements (instructions and one-word
// register commits) for which WriteGo writes straight-line code, one
// statement each; a larger design's program and registers are written as
// loops over their runs (goMinRun).
//
// Straight-line code is the fastest while it fits the caches: every
// operand is a constant offset, and temporaries read once are not stored
// (see inlined). With the state by width class (loaded machine, thread CPU
// time), the 32x32 core (about 15,000 statements) ran 130,000 cycles a
// second straight-line against 68,000 with loops; the 64x64 core (about
// 60,000) ran straight-line within the noise of its loops after a build
// of about 25 s instead of 2 s; the 128x128 core would take minutes.
const goStraightMax = 32 << 10

// goMinRun is the fewest instructions (or register commits) in an
// arithmetic progression that a loop covers.
//
// Most of a generated core's program is repeated structure: the compiler
// groups each level's instructions by kind and lays their outputs out in
// that order, so the multiply-adds of the PEs of a row, and the nets they
// read, sit at constant strides from each other (89% of the 16x16 core's
// instructions and 98% of the 64x64's are in runs of 4 or more). A run of
// instructions of one kind whose operands advance by constant strides is
// one loop, so the generated code grows with the number of runs, not of
// PEs.
const goMinRun = 4

// goStatements returns the statements of straight-line code for s.
func (s *Sim) goStatements() int {
	n := len(s.prog)
	for _, w := range s.waves {
		n += len(w.plain) + len(w.en) + len(w.rst) + len(w.both)
	}
	return n
}

// opItem returns the run item of one instruction: its kind, shifts and
// mask, and the words it writes and reads (dst, then a, b, c as the kind
// reads them).
func (g *goGen) opItem(o *op) goRunItem {
	it := goRunItem{key: fmt.Sprintf("%d %d %d %#x", o.kind, o.sh, o.sh2, o.mask), locs: []goLoc{g.l.loc[o.dst]}}
	for _, r := range opReads(o) {
		it.locs = append(it.locs, g.l.loc[r.off])
	}
	return it
}

// opStmt returns the Go statement of the instruction o of run item it,
// whose words advance by str (nil: not in a loop).
func (g *goGen) opStmt(o *op, it goRunItem, str []int64) string {
	if o.kind >= kWCopy {
		if st := g.wideStmt(&g.s.wide[o.c]); st != "" {
			return st
		}
		return fmt.Sprintf("evalWide(st.w[:], &wideInstrs[%d])", o.c)
	}
	stride := func(k int) int64 {
		if str == nil {
			return 0
		}
		return str[k]
	}
	dst := it.locs[0]
	ops := map[uint8]string{}
	k := 1
	rd := k64Reads[o.kind]
	for _, f := range []uint8{readsA, readsB, readsC} {
		if rd&f != 0 {
			ops[f] = it.locs[k].read(stride(k))
			k++
		}
	}
	x := kernelExpr(o.kind, ops[readsA], ops[readsB], ops[readsC], dst.read(stride(0)),
		fmt.Sprint(o.sh), fmt.Sprint(o.sh2), fmt.Sprintf("%#x", o.mask))
	return dst.write(stride(0), x)
}

// progStmts returns the statements of prog in order: one statement an
// instruction, or with g.loops each run of at least goMinRun one-word
// instructions of one kind, shifts and mask whose words advance by
// constant strides, each within one class, as one loop (an operand the
// kind does not read does not count).
//
// With inline (straight-line code only), an instruction whose result one
// later instruction alone reads is written into that one's expression
// instead of stored (see inlined).
func (g *goGen) progStmts(prog []op, inline bool) []string {
	if inline && !g.loops {
		skip := g.inlined(prog)
		exprs := map[uint32]string{}
		var out []string
		for i := range prog {
			o := &prog[i]
			switch {
			case skip[i]:
				exprs[o.dst] = g.opExpr(o, exprs)
			case o.kind >= kWCopy:
				out = append(out, g.opStmt(o, goRunItem{}, nil))
			default:
				out = append(out, g.l.loc[o.dst].write(0, g.opExpr(o, exprs)))
			}
		}
		return out
	}
	items := make([]goRunItem, len(prog))
	for i := range prog {
		if prog[i].kind < kWCopy {
			items[i] = g.opItem(&prog[i])
		} else {
			items[i] = goRunItem{key: fmt.Sprintf("wide %d", i)} // never in a run
		}
	}
	var out []string
	for i := 0; i < len(prog); {
		n := 1
		if g.loops {
			n = goRunLen(items[i:])
		}
		if n < goMinRun {
			out = append(out, g.opStmt(&prog[i], items[i], nil))
			i++
			continue
		}
		str := strides(items[i : i+n])
		o, it := &prog[i], items[i]
		if st, ok := g.lanesStmt(o, it, str, n); ok {
			out = append(out, st)
			i += n
			continue
		}
		out = append(out, loopStmt(n, func(k int) string { return g.opStmt(o, shifted(it, str, k), str) }))
		i += n
	}
	return out
}

// regItem returns the run item of one one-word register: its class and
// reset value, and the words of its Q, D, enable and reset as the class
// reads them.
func (g *goGen) regItem(r *regRec) goRunItem {
	it := goRunItem{key: fmt.Sprintf("%s %#x", r.field, r.init), locs: []goLoc{g.l.loc[r.q], g.l.loc[r.d]}}
	for _, x := range []int64{r.en, r.rst} {
		if x >= 0 {
			it.locs = append(it.locs, g.l.loc[x])
		}
	}
	return it
}

// A goRegRun is one register, or a loop over a run of n registers
// whose words advance by str.
type goRegRun struct {
	r   regRec
	it  goRunItem
	n   int
	str []int64 // nil for one register
	// copy: a run of registers whose next value is D, with the Qs and
	// the Ds one after the other in one class: one copy (see copyRun);
	// reset: the same for registers whose next value is D or, while
	// their one reset is 1, their one reset value (see resetRun)
	copy, reset bool
}

// goCopyMin is the fewest registers a copy statement commits.
const goCopyMin = 8

// copyRun returns the length of the run of registers from rs[0] on (run
// items its) that one copy commits, or 0: registers of a class whose next
// value is D itself (a plain register: a pipeline or a shift chain of
// a generated array), whose Qs and Ds advance by one word within one
// class. A wave's registers read no Q of the wave, so the Ds and the Qs
// do not overlap and the copy commits them as the registers one by one
// do.
func copyRun(rs []regRec, its []goRunItem) int {
	if regExpr(rs[0].field, "q", "d", "en", "rst", "init") != "d" {
		return 0
	}
	n := goRunLen(its)
	if n < goCopyMin {
		return 0
	}
	q, d := its[0].locs[0], its[0].locs[1]
	if str := strides(its[:n]); q.cls != d.cls || str[0] != 1 || str[1] != 1 {
		return 0
	}
	return n
}

// resetRun returns the length of the run of registers from rs[0] on that
// one test of their reset commits, or 0: registers of a class whose next
// value is their reset value while their reset is 1 and D otherwise (a
// select, see goSelect), of one reset word and one reset value, whose Qs
// and Ds advance by one word within one class. A reset is rarely 1, so
// the branch is predicted, and the run is a copy (see copyRun).
func resetRun(rs []regRec, its []goRunItem) int {
	if regExpr(rs[0].field, "q", "d", "en", "rst", "init") != "sel(d, init, rst)" || rs[0].en >= 0 {
		return 0
	}
	n := goRunLen(its)
	if n < goCopyMin {
		return 0
	}
	q, d := its[0].locs[0], its[0].locs[1]
	if str := strides(its[:n]); q.cls != d.cls || str[0] != 1 || str[1] != 1 || str[2] != 0 {
		return 0
	}
	return n
}

// regStmtOf returns the Go statement that commits rr into out ("st" or
// "nx"). An enable or reset word that hoist names (a local holding it,
// read once at the top of the function) is read from there.
func (g *goGen) regStmtOf(rr *goRegRun, out string, hoist map[goLoc]string) string {
	r, it := &rr.r, rr.it
	if rr.copy || rr.reset {
		q, d := it.locs[0], it.locs[1]
		f := goClassInfo[q.cls].field
		dst := fmt.Sprintf("st.%s[%d:%d]", f, q.i, q.i+uint32(rr.n))
		if out == "nx" {
			// not in place: every Q is pinned, at its own offset
			dst = fmt.Sprintf("nx[%d:%d]", q.i, q.i+uint32(rr.n))
		}
		cp := fmt.Sprintf("copy(%s, st.%s[%d:%d])", dst, f, d.i, d.i+uint32(rr.n))
		if !rr.copy {
			rst, ok := hoist[it.locs[2]]
			if !ok {
				rst = it.locs[2].read(0)
			}
			fill := fmt.Sprintf("clear(%s)", dst)
			if r.init != 0 {
				fill = fmt.Sprintf("for k := range %d { %s[%d+k] = %#x }", rr.n, dst[:strings.Index(dst, "[")], q.i, r.init)
			}
			cp = fmt.Sprintf("if %s != 0 { %s } else { %s }", rst, fill, cp)
		}
		return cp
	}
	stride := func(k int) int64 {
		if rr.str == nil {
			return 0
		}
		return rr.str[k]
	}
	read := func(k int) string {
		if v, ok := hoist[it.locs[k]]; ok && stride(k) == 0 {
			return v
		}
		return it.locs[k].read(stride(k))
	}
	q := it.locs[0]
	en, rst, k := "", "", 2
	if r.en >= 0 {
		en = read(k)
		k++
	}
	if r.rst >= 0 {
		rst = read(k)
	}
	x := regExpr(r.field, q.read(stride(0)), it.locs[1].read(stride(1)), en, rst, fmt.Sprintf("%#x", r.init))
	var st string
	if out == "nx" {
		// not in place: every Q is pinned, at its own offset
		st = fmt.Sprintf("nx[%s] = %s", idx(q.i, stride(0)), x)
	} else {
		st = q.write(stride(0), x)
	}
	return st
}

// regLoop returns the Go statement that commits rr, a run of registers,
// or one register, into out, reading a hoisted word from its local.
func (g *goGen) regLoop(rr *goRegRun, out string, hoist map[goLoc]string) string {
	if rr.copy || rr.str == nil {
		return g.regStmtOf(rr, out, hoist)
	}
	if st, ok := g.regLanesStmt(rr, out); ok {
		return st
	}
	return loopStmt(rr.n, func(k int) string {
		r := *rr
		r.it = shifted(rr.it, rr.str, k)
		return g.regStmtOf(&r, out, hoist)
	})
}

// goUnroll is how many iterations one pass of a generated loop runs.
const goUnroll = 4

// loopStmt returns the loop over i of n iterations of body(0), unrolled:
// body(k) is the iteration i+k. A pass of goUnroll iterations pays the
// loop's own increment, compare and branch once (they cost as much as a
// one-instruction body); the Go compiler proves every index in range from
// the constant bounds, and folds the constant part of each into the load
// or store.
func loopStmt(n int, body func(k int) string) string {
	if n < 2*goUnroll {
		return fmt.Sprintf("for i := range %d { %s }", n, body(0))
	}
	var b []string
	for k := range goUnroll {
		b = append(b, body(k))
	}
	n4 := n - n%goUnroll
	st := fmt.Sprintf("for i := 0; i < %d; i += %d { %s }", n4, goUnroll, strings.Join(b, "; "))
	if n4 < n {
		st += fmt.Sprintf("\nfor i := %d; i < %d; i++ { %s }", n4, n, body(0))
	}
	return st
}

// shifted returns run item it with every word advanced k steps of its
// stride in str.
func shifted(it goRunItem, str []int64, k int) goRunItem {
	out := goRunItem{key: it.key, locs: make([]goLoc, len(it.locs))}
	for j, lc := range it.locs {
		out.locs[j] = at(lc, str[j], k)
	}
	return out
}

// at returns the word lc+i*stride.
func at(lc goLoc, stride int64, i int) goLoc {
	return goLoc{lc.cls, uint32(int64(lc.i) + int64(i)*stride)}
}

// regRuns returns the registers of one wave in the order commitWave
// commits them, with g.loops runs of at least goMinRun registers of one
// class and reset value whose words advance by constant strides, each
// within one class, as one loop (Compile sorted the wave's registers into
// strided runs: see sortWave).
func (g *goGen) regRuns(w *regWave) []goRegRun {
	var out []goRegRun
	regs := waveRegs(w)
	items := make([]goRunItem, len(regs))
	for i := range regs {
		items[i] = g.regItem(&regs[i])
	}
	for i := 0; i < len(regs); {
		if n := copyRun(regs[i:], items[i:]); n > 0 {
			out = append(out, goRegRun{r: regs[i], it: items[i], n: n, copy: true})
			i += n
			continue
		}
		if n := resetRun(regs[i:], items[i:]); n > 0 {
			out = append(out, goRegRun{r: regs[i], it: items[i], n: n, reset: true})
			i += n
			continue
		}
		n := 1
		if g.loops {
			n = goRunLen(items[i:])
		}
		if n < goMinRun {
			out = append(out, goRegRun{r: regs[i], it: items[i], n: 1})
			i++
			continue
		}
		out = append(out, goRegRun{r: regs[i], it: items[i], n: n, str: strides(items[i : i+n])})
		i += n
	}
	return out
}

// regStmts returns the statements that commit one wave of one-word
// registers into out ("st" or "nx"), as commitWave does, reading every
// word from the state.
func (g *goGen) regStmts(w *regWave, out string) []string {
	var stmts []string
	for _, rr := range g.regRuns(w) {
		stmts = append(stmts, g.regLoop(&rr, out, nil))
	}
	return stmts
}

// regChunks writes the one-word register commits rs into out as the
// functions regs0, regs1, ... of at most goChunk statements, and regs
// calling them in order. An enable or reset word that two statements of
// a function read is read once, at its top, into a local: the commits
// write only Qs, each after every read of it (see compiler.regRanks), so
// a word read at the top of the function still holds its value from
// before the edge, and the Go compiler keeps the negated enables and
// resets in registers rather than loading and negating one per register.
func (g *goGen) regChunks(rs []goRegRun, out string) {
	n := 0
	for i := 0; i < len(rs); i += goChunk {
		chunk := rs[i:min(i+goChunk, len(rs))]
		uses := map[goLoc]int{}
		var order []goLoc
		for _, rr := range chunk {
			for k := 2; k < len(rr.it.locs); k++ {
				if rr.str != nil && rr.str[k] != 0 {
					continue
				}
				lc := rr.it.locs[k]
				if uses[lc] == 0 {
					order = append(order, lc)
				}
				uses[lc]++
			}
		}
		hoist := map[goLoc]string{}
		g.p("func regs%d(st *state, nx *[nSeq]uint64) {\n", n)
		for _, lc := range order {
			if uses[lc] < 2 {
				continue
			}
			v := fmt.Sprintf("%s%d", goClassInfo[lc.cls].field, lc.i)
			hoist[lc] = v
			g.p("\t%s := %s\n", v, lc.read(0))
		}
		for _, rr := range chunk {
			g.p("\t%s\n", g.regLoop(&rr, out, hoist))
		}
		g.p("\t_ = nx\n}\n\n")
		n++
	}
	g.p("func regs(st *state, nx *[nSeq]uint64) {\n")
	for i := range n {
		g.p("\tregs%d(st, nx)\n", i)
	}
	g.p("}\n\n")
}
