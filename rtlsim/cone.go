package rtlsim

import (
	"cmp"
	"slices"
)

// inputCone returns the instructions of the scheduled hot program that the
// top's inputs and the outputs of Go-modelled black boxes reach, in
// program order, with their blocks: what a settle
// after pokes alone must run, every other net keeping the value it settled
// to after the last edge. An instruction is in the cone when it reads a
// word an input or an instruction of the cone writes; every instruction
// that writes a word of the cone is in it too (the parts of a concat OR
// into words a first part clears).
func (s *Sim) inputCone() ([]op, []block) {
	hot := s.coneWords()
	touched := func(off, n uint32) bool { return anyWord(hot, off, n) }
	var cone []op
	var keys []int32
	for i := range s.prog {
		o := &s.prog[i]
		if dst, nd, _ := s.opWords(o); touched(dst, nd) {
			cone = append(cone, *o)
			keys = append(keys, int32(i))
		}
	}
	return schedule(cone, keys)
}

// coneWords returns, by state word, whether the word is an input's (but
// the clock's), a Go-modelled black box's output, or written by an
// instruction of the hot program that reads such a word, directly or
// through others: the words a settle after pokes alone may change.
func (s *Sim) coneWords() []bool {
	hot := make([]bool, len(s.state))
	for _, p := range s.inputs {
		if p.Clock {
			continue
		}
		n := &s.nets[p.Handle.id-1]
		for k := range nwords(n.width) {
			hot[n.off+k] = true
		}
	}
	s.boxOutputs(func(off, n uint32) {
		for k := range n {
			hot[off+k] = true
		}
	})
	touched := func(off, n uint32) bool { return anyWord(hot, off, n) }
	for i := range s.prog {
		o := &s.prog[i]
		dst, nd, reads := s.opWords(o)
		if reads(touched) {
			for k := range nd {
				hot[dst+k] = true
			}
		}
	}
	return hot
}

// anyWord reports whether any of the n words from off is set in hot.
func anyWord(hot []bool, off, n uint32) bool {
	for k := range n {
		if hot[off+k] {
			return true
		}
	}
	return false
}

// opWords returns the words instruction o writes, and a function that
// tells whether any word it reads satisfies f.
func (s *Sim) opWords(o *op) (dst, n uint32, reads func(f func(off, n uint32) bool) bool) {
	if o.kind < kWCopy {
		r := k64Reads[o.kind]
		return o.dst, 1, func(f func(off, n uint32) bool) bool {
			return r&readsA != 0 && f(o.a, 1) || r&readsB != 0 && f(o.b, 1) ||
				r&readsC != 0 && f(o.c, 1) || r&readsDst != 0 && f(o.dst, 1)
		}
	}
	w := &s.wide[o.c]
	nd, na, nb := nwords(w.w), nwords(w.wa), nwords(max(w.wa, w.wb))
	return w.dst, nd, func(f func(off, n uint32) bool) bool {
		switch w.kind {
		case kWZero:
			return false
		case kWCopy, kWSext, kWNot, kWNeg, kWSlice, kWRedAnd, kWRedOr, kWRedXor:
			return f(w.a, na)
		case kWDep:
			return f(w.a, na) || f(w.dst, nd)
		case kWMux:
			return f(w.a, 1) || f(w.b, nd) || f(w.c, nd)
		}
		return f(w.a, na) || f(w.b, nb)
	}
}

// schedule orders a program for eval: by key (twice the level of the
// instruction's cell, plus one for the parts of a concat that OR into words
// cleared at the even key), then by kind and class signature (see
// narrow.go), keeping the lowering order within those. An instruction reads only nets of lower levels, so any order
// within a key is correct; grouping by kind turns the program into runs of
// one kind, the blocks that eval dispatches once each.
func schedule(prog []op, keys []int32) ([]op, []block) {
	idx := make([]int32, len(prog))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(i, j int32) int {
		if c := cmp.Compare(keys[i], keys[j]); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(prog[i].kind, prog[j].kind), cmp.Compare(prog[i].sig, prog[j].sig))
	})
	sorted := make([]op, len(prog))
	for i, j := range idx {
		sorted[i] = prog[j]
	}
	// blocks of one key, kind and class signature, whose order is free
	var blocks []block
	for i, o := range sorted {
		if i == 0 || o.kind != sorted[i-1].kind || o.sig != sorted[i-1].sig || keys[idx[i]] != keys[idx[i-1]] {
			blocks = append(blocks, block{kind: o.kind, sig: o.sig})
		}
		blocks[len(blocks)-1].n++
	}
	return splitRuns(sorted, blocks)
}
