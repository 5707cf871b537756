package rtlsim

import "slices"

// instr is one instruction of the levelized program. Operands are word
// offsets into the state; widths are in bits.
type instr struct {
	kind    kind
	dst     uint32
	a, b, c uint32
	w       uint32 // width of dst
	wa      uint32 // width of a
	wb      uint32 // width of b
	lo      uint32 // low bit of a slice, bit position of a concat part
	mask    uint64 // mask of dst's top word (of a's for k64RedAnd)
	sh, sh2 uint8  // sign-extending shifts of a and b for k64MulS and k64Mac
}

// op is one instruction of the program as eval runs it, 32 bytes: sh is
// 64 minus the input width for k64Sext, k64LtS and k64LeS, 64 minus the
// output width for k64Sshr, the low bit for k64Slice, k64DepSet and
// k64DepOr; sh and sh2 sign-extend a and b for k64MulS and k64Mac; a kW
// instruction's c indexes Sim.wide, its whole instr. sig is the class
// signature of the interpreter's instruction (see narrowLayout): two bits
// for the width class of each word it uses, dst's, a's, b's and c's (0 in
// the flat program).
type op struct {
	kind      kind
	sh, sh2   uint8
	sig       uint8
	dst, a, b uint32
	c         uint32
	mask      uint64
}

// topMask returns the mask of the valid bits in the top word of a w-bit net.
func topMask(w uint32) uint64 { return ^uint64(0) >> ((64 - w%64) % 64) }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// settle evaluates the combinational logic if an input or a register changed
// since the last evaluation: all of it after an edge, only the cone of the
// inputs (inProg) when only inputs changed.
func (s *Sim) settle() {
	switch {
	case s.dirty:
		s.eval(s.xprog, s.blocks)
	case s.inDirty:
		s.eval(s.xin, s.inBlocks)
	default:
		return
	}
	s.dirty, s.inDirty = false, false
	s.lazyDirty = len(s.lazy) > 0
	if len(s.boxes) > 0 {
		s.settleBoxes()
	}
}

// settleAll settles the logic and then the nets of the lazy program.
func (s *Sim) settleAll() {
	s.settle()
	if s.lazyDirty {
		s.eval(s.xlazy, s.lazyBlocks)
		s.lazyDirty = false
	}
}

// settleFor settles what Peek of n needs.
func (s *Sim) settleFor(n *netInfo) {
	if n.lazy {
		s.settleAll()
	} else {
		s.settle()
	}
}

// block is a run of n instructions of one kind in the program. In a
// strided block (run) the instructions are rows rows of cols each (n =
// rows*cols); within a row every operand the kind reads, and the
// destination, advances by a constant stride from one instruction to the
// next (sd, sa, sb, sc: two's complement, so adding them wraps to a step
// back), and from one row's first instruction to the next row's by
// another (rd, ra, rb, rc); the shifts and mask are the same: eval runs it
// from its first instruction alone, without loading the others. (The rows
// of a grid of PEs: the first PE of each row reads from outside the
// grid, so the rest of each row is a run, and the rows are at a constant
// stride from one another.)
type block struct {
	kind           kind
	sig            uint8  // the class signature of its instructions
	fn             uint16 // the loop that runs it (see blockFn)
	run            bool
	n              uint32
	sd, sa, sb, sc uint32
	rows, cols     uint32
	rd, ra, rb, rc uint32
}

// evalMinRun is the fewest instructions of a strided block: shorter runs
// stay in the plain blocks, which cost a dispatch each. Measured in
// thread CPU time on the default core (testbench shape, best and median
// of three or four runs on a loaded machine): with 16, 64x64 runs 10-25%
// faster than without runs and 16x16 the same; with 8, 16x16 ran about 5%
// slower (more, shorter blocks). With the rows and the unit-stride loops
// (counted by cachegrind on the 16x16 core), 8 and 16 run the same.
const evalMinRun = 16

// rowMinRun is the fewest instructions of one row of a strided block of
// several rows: fewer would be any few instructions of a kind.
const rowMinRun = 4

// splitRuns splits the blocks of prog, each of one kind and one level
// (whose instructions may run in any order), into strided blocks (runs of
// at least evalMinRun instructions in rows of at least rowMinRun, see
// progRun and rowsOf) and plain ones, and returns prog reordered to match:
// within a block its strided blocks first, then the rest in program
// order. Neighbouring plain blocks of one kind are merged.
func splitRuns(prog []op, blocks []block) ([]op, []block) {
	out := make([]op, 0, len(prog))
	var bls []block
	plain := func(ops []op) {
		if len(ops) == 0 {
			return
		}
		out = append(out, ops...)
		if k := len(bls) - 1; k >= 0 && !bls[k].run && bls[k].kind == ops[0].kind && bls[k].sig == ops[0].sig {
			bls[k].n += uint32(len(ops))
			return
		}
		bls = append(bls, block{kind: ops[0].kind, sig: ops[0].sig, n: uint32(len(ops))})
	}
	for _, bl := range blocks {
		ops := prog[:bl.n]
		prog = prog[bl.n:]
		// the runs of at least rowMinRun, and the rest (by index)
		var runs [][]op
		var starts, rest []int
		for i := 0; i < len(ops); {
			n := progRun(ops[i:])
			if n < rowMinRun {
				rest = append(rest, i)
				i++
				continue
			}
			runs = append(runs, ops[i:i+n])
			starts = append(starts, i)
			i += n
		}
		var strided []block
		later := make(map[uint32]bool, len(ops)) // the destinations of the ops not yet in a strided block
		for i := range ops {
			later[ops[i].dst] = true
		}
		for len(runs) > 0 {
			rows, cols := rowsOf(runs), len(runs[0])
			if rows*cols < evalMinRun {
				for k := range cols {
					rest = append(rest, starts[0]+k)
				}
				runs, starts = runs[1:], starts[1:]
				continue
			}
			o0, o1 := &runs[0][0], &runs[0][1]
			b := block{kind: bl.kind, sig: bl.sig, run: true, n: uint32(rows * cols), rows: uint32(rows), cols: uint32(cols),
				sd: o1.dst - o0.dst, sa: o1.a - o0.a, sb: o1.b - o0.b, sc: o1.c - o0.c}
			if rows > 1 {
				r1 := &runs[1][0]
				b.rd, b.ra, b.rb, b.rc = r1.dst-o0.dst, r1.a-o0.a, r1.b-o0.b, r1.c-o0.c
			}
			for _, r := range runs[:rows] {
				out = append(out, r...)
				for k := range r {
					delete(later, r[k].dst)
				}
			}
			if overHeads(&b, runs[0][0].dst, later) {
				b.cols = b.rows*(b.cols+1) - 1
				b.rows, b.rd, b.ra, b.rb, b.rc = 1, 0, 0, 0, 0
			}
			strided = append(strided, b)
			runs, starts = runs[rows:], starts[rows:]
		}
		bls = append(bls, strided...)
		// the rest in program order: the runs that stay plain were cut
		// out of it
		slices.Sort(rest)
		left := make([]op, len(rest))
		for k, i := range rest {
			left[k] = ops[i]
		}
		plain(left)
	}
	return out, splitPlain(out, bls)
}

// overHeads reports whether strided block b (its first destination d0),
// of rows at unit strides
// each one word short of the next (the PEs of a grid's rows but the
// first column, which reads from outside the grid), may run as one row
// over the heads between its rows: the words of every operand advance by
// one from a row's end to the next row's start as within a row, and the
// word each head would write is the destination of an instruction of the
// same level and kind that runs after b (later), which then overwrites
// it. No instruction of the level reads it in between (an instruction
// reads words of lower levels only), and the operands a head reads lie
// between the block's own. A kind that reads its destination does not
// qualify.
func overHeads(b *block, d0 uint32, later map[uint32]bool) bool {
	rd := k64Reads[b.kind]
	if b.rows < 2 || rd&readsDst != 0 {
		return false
	}
	step := b.cols + 1
	for _, x := range [...]struct {
		reads      bool
		s, rstride uint32
	}{{true, b.sd, b.rd}, {rd&readsA != 0, b.sa, b.ra}, {rd&readsB != 0, b.sb, b.rb}, {rd&readsC != 0, b.sc, b.rc}} {
		if x.reads && (x.s != 1 || x.rstride != step) {
			return false
		}
	}
	for r := range b.rows - 1 {
		if !later[d0+r*step+b.cols] {
			return false
		}
	}
	return true
}

// splitPlain splits the plain blocks of prog, which may span levels, into
// the runs of at least evalMinRun instructions in program order (a chain
// of adds, one a level) and plain blocks.
func splitPlain(prog []op, blocks []block) []block {
	var out []block
	for _, bl := range blocks {
		ops := prog[:bl.n]
		prog = prog[bl.n:]
		if bl.run {
			out = append(out, bl)
			continue
		}
		plain := block{kind: bl.kind, sig: bl.sig}
		for i := 0; i < len(ops); {
			n := progRun(ops[i:])
			if n < evalMinRun {
				plain.n++
				i++
				continue
			}
			if plain.n > 0 {
				out = append(out, plain)
				plain.n = 0
			}
			o0, o1 := &ops[i], &ops[i+1]
			out = append(out, block{kind: bl.kind, sig: bl.sig, run: true, n: uint32(n), rows: 1, cols: uint32(n),
				sd: o1.dst - o0.dst, sa: o1.a - o0.a, sb: o1.b - o0.b, sc: o1.c - o0.c})
			i += n
		}
		if plain.n > 0 {
			out = append(out, plain)
		}
	}
	return out
}

// edge takes one rising clock edge. It computes the next values of the
// wide registers and of the memory read ports into s.next from the settled
// state and performs the memory writes (edgeSeq); then it commits the one-word
// registers wave by wave, each wave before the registers whose Q it reads
// (so straight into the state, unless a ring of registers forbids it);
// then it commits s.next.
func (s *Sim) edge() {
	if len(s.boxes) > 0 {
		s.edgeBoxes()
	}
	st, nx := s.state, s.next
	s.edgeSeq(st, nx)
	out := nx
	if s.inPlace {
		out = st
	}
	for i := range s.commit {
		step := &s.commit[i]
		commitGroups(&s.ns, step.groups) // in place only: no groups otherwise
		commitRuns(&s.ns, out, &step.runs)
	}
	copy(st, nx)
	s.cycle++
	s.dirty = true
}

// resetWord returns word k of register r's reset value, 0 for a register
// without a reset (whose value edgeSeq then never selects).
func (s *Sim) resetWord(r *seqReg, k uint32) uint64 {
	if r.rst < 0 {
		return 0
	}
	return s.consts[r.init+k]
}

// addr returns the offset in s.mem of the word that port p addresses, or
// false when the address is at or beyond the memory's depth.
func (s *Sim) addr(p *memPort) (uint32, bool) {
	for k := p.addr + 1; k < p.addr+p.addrN; k++ {
		if s.word(k) != 0 {
			return 0, false
		}
	}
	a := s.word(p.addr)
	if a >= p.depth {
		return 0, false
	}
	return p.base + uint32(a)*p.n, true
}
