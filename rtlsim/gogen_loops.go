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

// stmt returns the Go statement of one instruction, as eval runs it.
func (g *goGen) stmt(o *op) string {
	if o.kind >= kWCopy {
		return fmt.Sprintf("evalWide(st[:], &wideInstrs[%d])", o.c)
	}
	return kernelStmt(o.kind, stIdx("st", o.dst, 0), stIdx("st", o.a, 0), stIdx("st", o.b, 0), stIdx("st", o.c, 0),
		fmt.Sprint(o.sh), fmt.Sprint(o.sh2), fmt.Sprintf("%#x", o.mask))
}

// stIdx returns the Go expression of word base+i*stride of array arr in a
// loop over i.
func stIdx(arr string, base uint32, stride int64) string {
	switch {
	case stride == 0:
		return fmt.Sprintf("%s[%d]", arr, base)
	case stride == 1:
		return fmt.Sprintf("%s[%d+i]", arr, base)
	case stride > 0:
		return fmt.Sprintf("%s[%d+i*%d]", arr, base, stride)
	default:
		return fmt.Sprintf("%s[%d-i*%d]", arr, base, -stride)
	}
}

// progStmts returns the statements of prog in order: one statement an
// instruction, or with g.loops each run of at least goMinRun one-word
// instructions of one kind, shifts and mask whose operands advance by
// constant strides as one loop (an operand the kind does not read does not
// count).
func (g *goGen) progStmts(prog []op) []string {
	var out []string
	for i := 0; i < len(prog); {
		n := 1
		if g.loops {
			n = progRun(prog[i:])
		}
		if n < goMinRun {
			out = append(out, g.stmt(&prog[i]))
			i++
			continue
		}
		o0, o1 := &prog[i], &prog[i+1]
		rd := k64Reads[o0.kind]
		str := func(flag uint8, x, y uint32) int64 {
			if rd&flag == 0 {
				return 0
			}
			return diff(x, y)
		}
		body := kernelStmt(o0.kind, stIdx("st", o0.dst, diff(o0.dst, o1.dst)),
			stIdx("st", o0.a, str(readsA, o0.a, o1.a)), stIdx("st", o0.b, str(readsB, o0.b, o1.b)),
			stIdx("st", o0.c, str(readsC, o0.c, o1.c)),
			fmt.Sprint(o0.sh), fmt.Sprint(o0.sh2), fmt.Sprintf("%#x", o0.mask))
		out = append(out, fmt.Sprintf("for i := range %d { %s }", n, body))
		i += n
	}
	return out
}

// regStmts returns the statements that commit one wave of one-word
// registers into out ("st" or "nx"), as commitWave does: one statement a
// register, or with g.loops runs as loops, like progStmts (Compile sorted
// the wave's registers into strided runs: see sortWave).
func (g *goGen) regStmts(w *regWave, out string) []string {
	var stmts []string
	regs := waveRegs(w)
	for _, f := range regFields {
		var rs []regRec
		for _, r := range regs {
			if r.field == f {
				rs = append(rs, r)
			}
		}
		for i := 0; i < len(rs); {
			n := 1
			if g.loops {
				n = regRun(rs[i:])
			}
			r0 := &rs[i]
			if n < goMinRun {
				stmts = append(stmts, regStmt(f, stIdx(out, r0.q, 0), stIdx("st", r0.q, 0), stIdx("st", r0.d, 0),
					stIdx("st", uint32(max(r0.en, 0)), 0), stIdx("st", uint32(max(r0.rst, 0)), 0), fmt.Sprintf("%#x", r0.init)))
				i++
				continue
			}
			r1 := &rs[i+1]
			sq := diff(r0.q, r1.q)
			body := regStmt(f, stIdx(out, r0.q, sq), stIdx("st", r0.q, sq), stIdx("st", r0.d, diff(r0.d, r1.d)),
				stIdx("st", uint32(max(r0.en, 0)), r1.en-r0.en), stIdx("st", uint32(max(r0.rst, 0)), r1.rst-r0.rst), fmt.Sprintf("%#x", r0.init))
			stmts = append(stmts, fmt.Sprintf("for i := range %d { %s }", n, body))
			i += n
		}
	}
	return stmts
}
