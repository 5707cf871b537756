package rtlsim

import (
	"fmt"
)

// goStraightMax is the most statements (instructions and one-word
// register commits) for which WriteGo writes straight-line code, one
// statement each; a larger design's program and registers are written as
// loops over their runs (goMinRun).
//
// Straight-line code is the fastest while it fits the caches: every
// operand is a constant offset. In the previous round (idle machine) it
// ran 1.9x the interpreter at 16x16 and 1.5x at 32x32, the same at 64x64
// (about 62,000 statements), and behind it at 128x128 after a 517 s build
// (loaded). Loops ran about twice the interpreter at 64x64 and 128x128 on
// the loaded machine and build in seconds; at 32x32 (about 15,000
// statements) straight-line code and loops were within that machine's
// noise of each other.
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
// reads them, and dst again for a kind that reads it).
func (g *goGen) opItem(o *op) goRunItem {
	it := goRunItem{key: fmt.Sprintf("%d %d %d %#x", o.kind, o.sh, o.sh2, o.mask), locs: []goLoc{g.l.loc[o.dst]}}
	rd := k64Reads[o.kind]
	for _, x := range []struct {
		flag uint8
		off  uint32
	}{{readsA, o.a}, {readsB, o.b}, {readsC, o.c}} {
		if rd&x.flag != 0 {
			it.locs = append(it.locs, g.l.loc[x.off])
		}
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
func (g *goGen) progStmts(prog []op) []string {
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
		out = append(out, fmt.Sprintf("for i := range %d { %s }", n, g.opStmt(&prog[i], items[i], strides(items[i:i+n]))))
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

// regStmtOf returns the Go statement that commits register r of run item
// it into out ("st" or "nx"), its words advancing by str (nil: not in a
// loop).
func (g *goGen) regStmtOf(r *regRec, it goRunItem, out string, str []int64) string {
	stride := func(k int) int64 {
		if str == nil {
			return 0
		}
		return str[k]
	}
	q := it.locs[0]
	en, rst, k := "", "", 2
	if r.en >= 0 {
		en = it.locs[k].read(stride(k))
		k++
	}
	if r.rst >= 0 {
		rst = it.locs[k].read(stride(k))
	}
	x := regExpr(r.field, q.read(stride(0)), it.locs[1].read(stride(1)), en, rst, fmt.Sprintf("%#x", r.init))
	if out == "nx" {
		// not in place: every Q is pinned, at its own offset
		return fmt.Sprintf("nx[%s] = %s", idx(q.i, stride(0)), x)
	}
	return q.write(stride(0), x)
}

// regStmts returns the statements that commit one wave of one-word
// registers into out ("st" or "nx"), as commitWave does: one statement a
// register, or with g.loops runs as loops, like progStmts (Compile sorted
// the wave's registers into strided runs: see sortWave).
func (g *goGen) regStmts(w *regWave, out string) []string {
	var stmts []string
	regs := waveRegs(w)
	items := make([]goRunItem, len(regs))
	for i := range regs {
		items[i] = g.regItem(&regs[i])
	}
	for i := 0; i < len(regs); {
		n := 1
		if g.loops {
			n = goRunLen(items[i:])
		}
		if n < goMinRun {
			stmts = append(stmts, g.regStmtOf(&regs[i], items[i], out, nil))
			i++
			continue
		}
		stmts = append(stmts, fmt.Sprintf("for i := range %d { %s }", n, g.regStmtOf(&regs[i], items[i], out, strides(items[i:i+n]))))
		i += n
	}
	return stmts
}
