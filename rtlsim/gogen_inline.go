package rtlsim

import (
	"fmt"
	"strings"
)

// Straight-line code keeps temporaries unmaterialized, as Verilator keeps
// expressions: an instruction whose result only one later instruction
// reads is not stored; its expression is written into that reader's
// instead. A core's PE has several such nets (the select of the weight,
// the compares before a mux); each saves a store and a load.

// opReads returns the words one-word instruction o reads, by operand
// flag, in the order a, b, c.
func opReads(o *op) []struct {
	flag uint8
	off  uint32
} {
	var out []struct {
		flag uint8
		off  uint32
	}
	rd := k64Reads[o.kind]
	for _, x := range []struct {
		flag uint8
		off  uint32
	}{{readsA, o.a}, {readsB, o.b}, {readsC, o.c}} {
		if rd&x.flag != 0 {
			out = append(out, x)
		}
	}
	return out
}

// kernelUses returns how many times kind k's kernel reads each operand,
// by flag (readsA, readsB, readsC).
func kernelUses(k kind) map[uint8]int {
	const a, b, c = "\x00a\x00", "\x00b\x00", "\x00c\x00"
	x := kernelExpr(k, a, b, c, "\x00d\x00", "1", "1", "1")
	return map[uint8]int{readsA: strings.Count(x, a), readsB: strings.Count(x, b), readsC: strings.Count(x, c)}
}

// inlined returns which instructions of the straight-line program prog
// (s.prog) WriteGo writes into their one reader: one-word instructions
// whose destination word is written by them alone, read once by a later
// one-word instruction of prog whose kernel names that operand once, and
// by nothing else (no register, no other part of the model: the word is
// not pinned, nor read from the state by evalIn, the input cone's program),
// and whose operands no instruction writes after them (so the
// expression has the same value where the reader computes it).
func (g *goGen) inlined(prog []op) []bool {
	s := g.s
	ext := map[uint32]bool{}
	for w := range s.waves {
		for _, r := range waveRegs(&s.waves[w]) {
			ext[r.q], ext[r.d] = true, true
			for _, x := range []int64{r.en, r.rst} {
				if x >= 0 {
					ext[uint32(x)] = true
				}
			}
		}
	}
	wideWords := func(o *op, f func(off, n uint32)) {
		in := &s.wide[o.c]
		f(in.dst, nwords(in.w))
		f(in.a, nwords(in.wa))
		f(in.b, max(nwords(in.wa), nwords(in.wb), nwords(in.w)))
		f(in.c, nwords(in.w))
	}
	// evalIn reads the words of the input cone it computes and, from the
	// state, those it does not
	inWrites := map[uint32]bool{}
	for i := range s.inProg {
		o := &s.inProg[i]
		if o.kind >= kWCopy {
			wideWords(o, func(off, n uint32) {
				for k := range n {
					ext[off+k] = true
				}
			})
			continue
		}
		for _, r := range opReads(o) {
			if !inWrites[r.off] {
				ext[r.off] = true
			}
		}
		inWrites[o.dst] = true
	}
	writers, readers := map[uint32]int{}, map[uint32]int{}
	reader := map[uint32]int{}    // the last instruction that reads a word
	lastWrite := map[uint32]int{} // the last instruction that writes a word
	for i := range prog {
		o := &prog[i]
		if o.kind >= kWCopy {
			wideWords(o, func(off, n uint32) {
				for k := range n {
					ext[off+k] = true
				}
			})
			in := &s.wide[o.c]
			for k := range nwords(in.w) {
				lastWrite[in.dst+k] = i
				writers[in.dst+k]++
			}
			continue
		}
		writers[o.dst]++
		lastWrite[o.dst] = i
		if k64Reads[o.kind]&readsDst != 0 {
			readers[o.dst]++
		}
		for _, r := range opReads(o) {
			readers[r.off]++
			reader[r.off] = i
		}
	}
	uses := map[kind]map[uint8]int{}
	out := make([]bool, len(prog))
	for i := range prog {
		o := &prog[i]
		w := o.dst
		if o.kind >= kWCopy || k64Reads[o.kind]&readsDst != 0 || ext[w] || g.l.loc[w].cls == goW ||
			writers[w] != 1 || readers[w] != 1 || reader[w] <= i {
			continue
		}
		ok := true
		for _, r := range opReads(o) {
			if j, written := lastWrite[r.off]; written && j >= i {
				ok = false
			}
		}
		c := &prog[reader[w]]
		if c.kind >= kWCopy {
			continue
		}
		if uses[c.kind] == nil {
			uses[c.kind] = kernelUses(c.kind)
		}
		for _, r := range opReads(c) {
			if r.off == w && uses[c.kind][r.flag] != 1 {
				ok = false
			}
		}
		out[i] = ok
	}
	return out
}

// opExpr returns the Go expression of the one-word instruction o outside
// any loop, reading the words that exprs holds as those expressions (the
// inlined instructions before it) and the others from the state.
func (g *goGen) opExpr(o *op, exprs map[uint32]string) string {
	ops := map[uint8]string{}
	for _, r := range opReads(o) {
		if e, ok := exprs[r.off]; ok {
			ops[r.flag] = "(" + e + ")"
			delete(exprs, r.off) // its one reader
			continue
		}
		ops[r.flag] = g.l.loc[r.off].read(0)
	}
	return kernelExpr(o.kind, ops[readsA], ops[readsB], ops[readsC], g.l.loc[o.dst].read(0),
		fmt.Sprint(o.sh), fmt.Sprint(o.sh2), fmt.Sprintf("%#x", o.mask))
}
