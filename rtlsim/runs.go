package rtlsim

import (
	"cmp"
	"slices"
)

// strideReg is a strided run of n one-word registers of one class: the
// i-th register's Q, D, enable and reset are at q+i*sq, d+i*sd, en+i*sen
// and rst+i*srst (strides in two's complement), and they share one reset
// value.
type strideReg struct {
	sig               uint8 // class signature (see regSig)
	n, q, d, en, rst  uint32
	sq, sd, sen, srst uint32
	init              uint64
}

// sortWave orders each class of a wave's registers by reset net, reset
// value, D and Q, which puts the registers of repeated structure in
// strided runs. The registers of a wave read no Q of the wave (see
// compiler.regRanks), so the order in which they commit is free.
func sortWave(w *regWave) {
	regs := waveRegs(w)
	slices.SortStableFunc(regs, func(x, y regRec) int {
		return cmp.Or(cmp.Compare(slices.Index(regFields, x.field), slices.Index(regFields, y.field)),
			cmp.Compare(regSig(&x), regSig(&y)), cmp.Compare(x.rst, y.rst), cmp.Compare(x.init, y.init), cmp.Compare(x.d, y.d), cmp.Compare(x.q, y.q))
	})
	*w = regWave{}
	for _, r := range regs {
		w.add(r)
	}
}

// runsOf returns a sorted wave as the interpreter commits it: its runs of
// at least regMinRun registers of one class at constant strides (see
// regRun), and the rest.
func runsOf(w *regWave) waveRuns {
	var out waveRuns
	regs := waveRegs(w)
	runs := map[string][]strideReg{}
	for i := 0; i < len(regs); {
		j := i + 1
		for j < len(regs) && regs[j].field == regs[i].field {
			j++
		}
		cls := regs[i:j]
		for k := 0; k < len(cls); {
			n := regRun(cls[k:])
			if n < regMinRun {
				out.addRest(cls[k])
				k++
				continue
			}
			r0, r1 := &cls[k], &cls[k+1]
			runs[r0.field] = append(runs[r0.field], strideReg{sig: regSig(r0), n: uint32(n),
				q: r0.q, d: r0.d, en: uint32(r0.en), rst: uint32(r0.rst),
				sq: r1.q - r0.q, sd: r1.d - r0.d, sen: uint32(r1.en - r0.en), srst: uint32(r1.rst - r0.rst),
				init: r0.init})
			k += n
		}
		i = j
	}
	out.setRuns(runs)
	return out
}

// regMinRun is the fewest registers of a strided run. A register that
// commits alone loads its offsets; a run, from its first register's, has
// no block to split, so short runs pay (the rows of a PE grid, whose first
// column reads from outside the grid, are runs of one row each).
const regMinRun = 4

// diff returns y-x as a signed stride.
func diff(x, y uint32) int64 { return int64(y) - int64(x) }

// progRun returns how many instructions from prog[0] on form one loop:
// one-word, of one kind, shifts and mask, with every operand the kind
// reads, and the destination, at a constant stride.
func progRun(prog []op) int {
	if len(prog) < 2 || prog[0].kind >= kWCopy {
		return 1
	}
	o0, o1 := &prog[0], &prog[1]
	n := 1
	for n < len(prog) {
		p, q := &prog[n-1], &prog[n]
		if q.kind != o0.kind || q.sig != o0.sig || q.sh != o0.sh || q.sh2 != o0.sh2 || q.mask != o0.mask || !stepsLike(o0, o1, p, q) {
			break
		}
		n++
	}
	return n
}

// stepsLike reports whether instruction q is as far from p as o1 from o0
// (all of o0's kind): its destination, and every operand the kind reads.
func stepsLike(o0, o1, p, q *op) bool {
	rd := k64Reads[o0.kind]
	return diff(p.dst, q.dst) == diff(o0.dst, o1.dst) &&
		(rd&readsA == 0 || diff(p.a, q.a) == diff(o0.a, o1.a)) &&
		(rd&readsB == 0 || diff(p.b, q.b) == diff(o0.b, o1.b)) &&
		(rd&readsC == 0 || diff(p.c, q.c) == diff(o0.c, o1.c))
}

// regRec is one one-word register of a wave, whatever its class: en and
// rst are -1 when its class has none.
type regRec struct {
	field   string
	q, d    uint32
	en, rst int64
	init    uint64
}

// regRun returns how many registers from rs[0] on (of one class) form one
// loop: Q, D, enable and reset at constant strides, one reset value.
func regRun(rs []regRec) int {
	if len(rs) < 2 {
		return 1
	}
	r0, r1 := &rs[0], &rs[1]
	n := 1
	for n < len(rs) {
		p, q := &rs[n-1], &rs[n]
		if q.init != r0.init || regSig(q) != regSig(r0) || diff(p.q, q.q) != diff(r0.q, r1.q) || diff(p.d, q.d) != diff(r0.d, r1.d) ||
			q.en-p.en != r1.en-r0.en || q.rst-p.rst != r1.rst-r0.rst {
			break
		}
		n++
	}
	return n
}

// rowsOf returns how many runs from runs[0] on (runs of progRun, in
// program order, of one kind) are the rows of one strided block: runs as
// long as runs[0], with its strides, shifts and mask, whose first
// instructions are at a constant stride from one run to the next.
func rowsOf(runs [][]op) int {
	if len(runs) < 2 || !sameRow(runs[0], runs[1]) {
		return 1
	}
	o0, o1 := &runs[0][0], &runs[1][0]
	n := 2
	for n < len(runs) && sameRow(runs[0], runs[n]) && stepsLike(o0, o1, &runs[n-1][0], &runs[n][0]) {
		n++
	}
	return n
}

// sameRow reports whether runs x and y (of one kind, at least two
// instructions each) have the same length, strides, shifts and mask.
func sameRow(x, y []op) bool {
	if len(x) != len(y) {
		return false
	}
	x0, x1, y0, y1 := &x[0], &x[1], &y[0], &y[1]
	return y0.sh == x0.sh && y0.sh2 == x0.sh2 && y0.mask == x0.mask && stepsLike(x0, x1, y0, y1)
}
