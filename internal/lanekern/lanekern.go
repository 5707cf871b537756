package lanekern

import (
	"fmt"
	"math/bits"
	"unsafe"
)

// A Kind is a one-word instruction kind: Kind(i) is opgen.Kinds[i].
type Kind uint8

// String returns the kind's name in the table.
func (k Kind) String() string {
	if k < NumKinds {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// Operands are the words of its own plane an instruction reads, as flags.
type Operands uint8

// The operands of Kind.Reads.
const (
	ReadsA Operands = 1 << iota
	ReadsB
	ReadsC
	ReadsDst // the word it writes, as it was (DepOr)
)

// Reads returns the operands k reads (0 for an invalid kind).
func (k Kind) Reads() Operands {
	if k < NumKinds {
		return kindReads[k]
	}
	return 0
}

// A RegClass is a register class: RegClass(i) is opgen.RegClasses[i].
type RegClass uint8

// String returns the class's name in the table (its field).
func (c RegClass) String() string {
	if c < NumRegClasses {
		return regClassNames[c]
	}
	return fmt.Sprintf("RegClass(%d)", uint8(c))
}

// An Op is one instruction of a block. Dst, A, B and C are plane offsets
// (the index of lane 0's element of a net; 0 when unused). M is the mask
// of the result's valid bits in the class (only its low 32 bits matter in
// class 32; RedAnd's is its input's). Sh and Sh2 are, for Sext, Sshr,
// LtS, LeS, MulS and Mac, the class width minus the operand's width, and
// for Slice, DepSet and DepOr the bit position.
type Op struct {
	Dst, A, B, C uint32
	Sh, Sh2      uint8
	_            [6]uint8
	M            uint64
}

// A Reg is one register of a commit: Q, D, En and Rst are plane offsets
// (0 when its class does not read them); Init is the reset value (its low
// 32 bits in class 32).
type Reg struct {
	Q, D, En, Rst uint32
	Init          uint64
}

// word is the element of a plane: class 8's, class 16's, class 32's or
// class 64's.
type word interface {
	uint8 | uint16 | uint32 | uint64
}

// checkCall panics unless lanes is a multiple of 16, at least 16, and
// code (a kind or class) is below count.
func checkCall(fn string, lanes int, code, count uint8, what string) {
	if lanes < 16 || lanes%16 != 0 {
		panic(fmt.Sprintf("lanekern: %s: %d lanes, want a multiple of 16", fn, lanes))
	}
	if code >= count {
		panic(fmt.Sprintf("lanekern: %s: "+what, fn, code))
	}
}

// run calls f, an assembly kernel, on n items (ops or registers) and
// panics naming the item at fault when f stops short (a net beyond the
// plane).
func run[T word, I any](fn string, plane []T, items []I, f func(*T) int) {
	if n := f(&plane[0]); n < len(items) {
		beyond(fn, n, items[n], len(plane))
	}
}

func beyond(fn string, i int, item any, plane int) {
	panic(fmt.Sprintf("lanekern: %s %d (%+v): a net beyond the plane of %d", fn, i, item, plane))
}

// The words of its own a register class reads, as flags (regReads).
type regFields uint8

const (
	readsQ regFields = 1 << iota
	readsD
	readsEn
	readsRst
)

// checkOps panics, as the assembly does, at the first op of kind k that
// names a net beyond the plane: the generic code checks them all first.
func checkOps[T word](fn string, k Kind, plane []T, ops []Op, lanes int) {
	last, r := uint64(len(plane)-lanes), kindReads[k]
	for i, o := range ops {
		if len(plane) < lanes || uint64(o.Dst) > last || r&ReadsA != 0 && uint64(o.A) > last ||
			r&ReadsB != 0 && uint64(o.B) > last || r&ReadsC != 0 && uint64(o.C) > last {
			beyond(fn, i, o, len(plane))
		}
	}
}

// checkRegs is checkOps for registers of class c (q: Q is written).
func checkRegs[T word](fn string, c RegClass, plane []T, regs []Reg, lanes int, q bool) {
	last, r := uint64(len(plane)-lanes), regReads[c]
	if q {
		r |= readsQ
	}
	for i, g := range regs {
		if len(plane) < lanes || r&readsQ != 0 && uint64(g.Q) > last || r&readsD != 0 && uint64(g.D) > last ||
			r&readsEn != 0 && uint64(g.En) > last || r&readsRst != 0 && uint64(g.Rst) > last {
			beyond(fn, i, g, len(plane))
		}
	}
}

// Block32 runs ops, instructions of kind k, in order over lanes lanes of
// the class-32 plane: for every op and lane l, plane[op.Dst+l] is the
// table kernel of plane[op.A+l], plane[op.B+l], plane[op.C+l] at 32 bits
// (shifts by 32 or more give 0, or the sign for Sshr; Sext, LtS, LeS,
// MulS and Mac sign-extend from 32-Sh bits). An op reads what an earlier
// op of the same call wrote. Every net is lanes elements at its offset:
// two nets either are one or do not overlap. Block32 panics if k is not a
// one-word kind, lanes is not a multiple of 16, or a net is not within
// plane.
func Block32(k Kind, plane []uint32, ops []Op, lanes int) {
	checkCall("Block32", lanes, uint8(k), NumKinds, "Kind(%d) is not a one-word kind")
	if f := cur.block32[k]; f != nil && len(ops) > 0 && len(plane) >= lanes {
		run("Block32: op", plane, ops, func(p *uint32) int { return f(p, len(plane), &ops[0], len(ops), lanes) })
		return
	}
	checkOps("Block32: op", k, plane, ops, lanes)
	block32Generic(k, plane, ops, lanes)
}

// Block64 is Block32 on a class-64 plane, with the table kernels as they
// are.
func Block64(k Kind, plane []uint64, ops []Op, lanes int) {
	checkCall("Block64", lanes, uint8(k), NumKinds, "Kind(%d) is not a one-word kind")
	if f := cur.block64[k]; f != nil && len(ops) > 0 && len(plane) >= lanes {
		run("Block64: op", plane, ops, func(p *uint64) int { return f(p, len(plane), &ops[0], len(ops), lanes) })
		return
	}
	checkOps("Block64: op", k, plane, ops, lanes)
	block64Generic(k, plane, ops, lanes)
}

// Next32 computes the next values of regs, registers of class c, in every
// lane of a class-32 plane: nx[i*lanes+l] is the class kernel of regs[i]'s
// words in lane l. nx must not overlap plane (the caller copies it into
// the registers' Q afterwards, so the commit is all at once). Next32
// panics if c is not a class, lanes is not a multiple of 16, nx is
// shorter than len(regs)*lanes or a net is not within plane.
func Next32(c RegClass, plane, nx []uint32, regs []Reg, lanes int) {
	checkCall("Next32", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	checkNx("Next32", len(nx), len(regs), lanes)
	if f := cur.next32[c]; f != nil && len(regs) > 0 && len(plane) >= lanes {
		run("Next32: register", plane, regs, func(p *uint32) int { return f(p, len(plane), &nx[0], &regs[0], len(regs), lanes) })
		return
	}
	checkRegs("Next32: register", c, plane, regs, lanes, false)
	next32Generic(c, plane, nx, regs, lanes)
}

// Next64 is Next32 on a class-64 plane.
func Next64(c RegClass, plane, nx []uint64, regs []Reg, lanes int) {
	checkCall("Next64", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	checkNx("Next64", len(nx), len(regs), lanes)
	if f := cur.next64[c]; f != nil && len(regs) > 0 && len(plane) >= lanes {
		run("Next64: register", plane, regs, func(p *uint64) int { return f(p, len(plane), &nx[0], &regs[0], len(regs), lanes) })
		return
	}
	checkRegs("Next64: register", c, plane, regs, lanes, false)
	next64Generic(c, plane, nx, regs, lanes)
}

func checkNx(fn string, nx, regs, lanes int) {
	if nx < regs*lanes {
		panic(fmt.Sprintf("lanekern: %s: %d registers of %d lanes, nx of %d", fn, regs, lanes, nx))
	}
}

// Commit32 commits regs, registers of class c, in place in every lane of
// a class-32 plane: plane[regs[i].Q+l] becomes the class kernel of
// regs[i]'s words in lane l, register after register. A register that
// reads (as D, enable or reset) the Q of one before it in regs reads its
// new value, so for the edge's meaning (every register at once) the
// caller orders them as rtlsim's in-place waves do: a register after
// every register that reads its Q. Commit32 panics if c is not a class,
// lanes is not a multiple of 16 or a net is not within plane.
func Commit32(c RegClass, plane []uint32, regs []Reg, lanes int) {
	checkCall("Commit32", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	if f := cur.commit32[c]; f != nil && len(regs) > 0 && len(plane) >= lanes {
		run("Commit32: register", plane, regs, func(p *uint32) int { return f(p, len(plane), &regs[0], len(regs), lanes) })
		return
	}
	checkRegs("Commit32: register", c, plane, regs, lanes, true)
	commit32Generic(c, plane, regs, lanes)
}

// Commit64 is Commit32 on a class-64 plane.
func Commit64(c RegClass, plane []uint64, regs []Reg, lanes int) {
	checkCall("Commit64", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	if f := cur.commit64[c]; f != nil && len(regs) > 0 && len(plane) >= lanes {
		run("Commit64: register", plane, regs, func(p *uint64) int { return f(p, len(plane), &regs[0], len(regs), lanes) })
		return
	}
	checkRegs("Commit64: register", c, plane, regs, lanes, true)
	commit64Generic(c, plane, regs, lanes)
}

// Block8 is Block32 on a class-8 plane (nets of at most 8 bits): the
// table kernels at 8 bits (shifts by 8 or more give 0, or the sign for
// Sshr; Sh is 8 minus the operand's width for the kinds that sign-extend).
func Block8(k Kind, plane []uint8, ops []Op, lanes int) {
	checkCall("Block8", lanes, uint8(k), NumKinds, "Kind(%d) is not a one-word kind")
	narrowBlock("Block8: op", k, plane, ops, lanes, cur.tiers8, cur.block8w[k], block8Generic)
}

// Next8 is Next32 on a class-8 plane.
func Next8(c RegClass, plane, nx []uint8, regs []Reg, lanes int) {
	checkCall("Next8", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	checkNx("Next8", len(nx), len(regs), lanes)
	narrowNext("Next8: register", c, plane, nx, regs, lanes, cur.tiers8, cur.next8w[c], next8Generic)
}

// Commit8 is Commit32 on a class-8 plane.
func Commit8(c RegClass, plane []uint8, regs []Reg, lanes int) {
	checkCall("Commit8", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	narrowCommit("Commit8: register", c, plane, regs, lanes, cur.tiers8, cur.commit8w[c], commit8Generic)
}

// Block16 is Block32 on a class-16 plane (nets of at most 16 bits): the
// table kernels at 16 bits (shifts by 16 or more give 0, or the sign for
// Sshr; Sh is 16 minus the operand's width for the kinds that
// sign-extend).
func Block16(k Kind, plane []uint16, ops []Op, lanes int) {
	checkCall("Block16", lanes, uint8(k), NumKinds, "Kind(%d) is not a one-word kind")
	narrowBlock("Block16: op", k, plane, ops, lanes, cur.tiers16, cur.block16w[k], block16Generic)
}

// Next16 is Next32 on a class-16 plane.
func Next16(c RegClass, plane, nx []uint16, regs []Reg, lanes int) {
	checkCall("Next16", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	checkNx("Next16", len(nx), len(regs), lanes)
	narrowNext("Next16: register", c, plane, nx, regs, lanes, cur.tiers16, cur.next16w[c], next16Generic)
}

// Commit16 is Commit32 on a class-16 plane.
func Commit16(c RegClass, plane []uint16, regs []Reg, lanes int) {
	checkCall("Commit16", lanes, uint8(c), NumRegClasses, "no register class RegClass(%d)")
	narrowCommit("Commit16: register", c, plane, regs, lanes, cur.tiers16, cur.commit16w[c], commit16Generic)
}

// narrowBlock runs a block of a class narrower than 32 (8 or 16): with
// the assembly on the class's own elements of the first of tiers whose
// step divides lanes and that has k; else with wide, the assembly
// computing at 32 bits; else (neither) with the generic code.
func narrowBlock[T uint8 | uint16](fn string, k Kind, plane []T, ops []Op, lanes int, tiers []tier[T],
	wide func(*T, int, *Op, int, int) int, generic func(Kind, []T, []Op, int)) {
	if len(ops) > 0 && len(plane) >= lanes {
		f := wide
		for i := range tiers {
			if t := &tiers[i]; lanes%t.step == 0 && t.block[k] != nil {
				f = t.block[k]
				break
			}
		}
		if f != nil {
			run(fn, plane, ops, func(p *T) int { return f(p, len(plane), &ops[0], len(ops), lanes) })
			return
		}
	}
	checkOps(fn, k, plane, ops, lanes)
	generic(k, plane, ops, lanes)
}

// narrowNext is narrowBlock for Next8 and Next16.
func narrowNext[T uint8 | uint16](fn string, c RegClass, plane, nx []T, regs []Reg, lanes int, tiers []tier[T],
	wide func(*T, int, *T, *Reg, int, int) int, generic func(RegClass, []T, []T, []Reg, int)) {
	if len(regs) > 0 && len(plane) >= lanes {
		f := wide
		for i := range tiers {
			if t := &tiers[i]; lanes%t.step == 0 && t.next[c] != nil {
				f = t.next[c]
				break
			}
		}
		if f != nil {
			run(fn, plane, regs, func(p *T) int { return f(p, len(plane), &nx[0], &regs[0], len(regs), lanes) })
			return
		}
	}
	checkRegs(fn, c, plane, regs, lanes, false)
	generic(c, plane, nx, regs, lanes)
}

// narrowCommit is narrowBlock for Commit8 and Commit16.
func narrowCommit[T uint8 | uint16](fn string, c RegClass, plane []T, regs []Reg, lanes int, tiers []tier[T],
	wide func(*T, int, *Reg, int, int) int, generic func(RegClass, []T, []Reg, int)) {
	if len(regs) > 0 && len(plane) >= lanes {
		f := wide
		for i := range tiers {
			if t := &tiers[i]; lanes%t.step == 0 && t.commit[c] != nil {
				f = t.commit[c]
				break
			}
		}
		if f != nil {
			run(fn, plane, regs, func(p *T) int { return f(p, len(plane), &regs[0], len(regs), lanes) })
			return
		}
	}
	checkRegs(fn, c, plane, regs, lanes, true)
	generic(c, plane, regs, lanes)
}

// Planes are the planes of one set of lanes, a plane per class: a net of
// class 8 owns lanes elements of P8 from its offset, and so on.
type Planes struct {
	P8  []uint8
	P16 []uint16
	P32 []uint32
	P64 []uint64
}

// A Mix gives the classes (8, 16, 32 or 64) of the nets of the ops of a
// BlockMix: At, the class they are computed at (32 or 64), and the
// classes of Dst, A, B and C (those of operands the kind does not read
// are ignored). No net's class is wider than At.
type Mix struct{ At, Dst, A, B, C uint8 }

// BlockMix runs ops, instructions of kind k whose nets are on the planes
// of p of the classes x gives, in order over lanes lanes: for every op
// and lane, the operands are read from their planes zero-extended to
// x.At bits, the table kernel computed at x.At bits as Block32 or Block64
// does (Sh and Sh2 are x.At minus an operand's width for the kinds that
// sign-extend, M is the mask at x.At bits), and the result stored
// truncated to the class of Dst. An op reads what an earlier op of the
// same call wrote. BlockMix panics as Block32 does, and if x is not a
// mix of classes.
func BlockMix(k Kind, x Mix, p *Planes, ops []Op, lanes int) {
	checkCall("BlockMix", lanes, uint8(k), NumKinds, "Kind(%d) is not a one-word kind")
	r := kindReads[k]
	classes := [4]uint8{x.Dst, x.A, x.B, x.C}
	for i, fl := range [4]Operands{0, ReadsA, ReadsB, ReadsC} {
		if i > 0 && r&fl == 0 {
			classes[i] = 0 // not read: any class
			continue
		}
		if c := classes[i]; c != 8 && c != 16 && c != 32 && c != 64 || c > x.At || x.At != 32 && x.At != 64 {
			panic(fmt.Sprintf("lanekern: BlockMix: %+v is not a mix of classes 8, 16, 32 and 64 computed at 32 or 64", x))
		}
	}
	first := 0
	var f mixFunc
	if t := cur.mix[k]; t != nil {
		f = t[mixCode(Mix{x.At, classes[0], classes[1], classes[2], classes[3]})]
	}
	if f != nil && len(ops) > 0 && planesHold(p, classes, lanes) {
		n := f(unsafe.SliceData(p.P8), len(p.P8), unsafe.SliceData(p.P16), len(p.P16), unsafe.SliceData(p.P32), len(p.P32), unsafe.SliceData(p.P64), len(p.P64), &ops[0], len(ops), lanes)
		if n == len(ops) {
			return
		}
		first, ops = n, ops[n:] // the ops before ran; the check below names the one at fault
	}
	planeLen := func(c uint8) int {
		switch c {
		case 8:
			return len(p.P8)
		case 16:
			return len(p.P16)
		case 32:
			return len(p.P32)
		}
		return len(p.P64)
	}
	for i, o := range ops {
		for j, off := range [4]uint32{o.Dst, o.A, o.B, o.C} {
			if c := classes[j]; c != 0 && (planeLen(c) < lanes || int(off) > planeLen(c)-lanes) {
				panic(fmt.Sprintf("lanekern: BlockMix: op %d (%+v): a net beyond the plane of class %d (%d elements)", first+i, o, c, planeLen(c)))
			}
		}
	}
	if x.At == 32 {
		mix32Generic(k, x, p, ops, lanes)
	} else {
		mix64Generic(k, x, p, ops, lanes)
	}
}

// classCode is a class's code in a mixCode (0 for none).
var classCode = [65]int{8: 1, 16: 2, 32: 3, 64: 4}

// mixKey names a function of BlockMix: a kind and the classes of the
// nets it reads and writes (0 for those it does not read).
type mixKey struct {
	k Kind
	x Mix
}

// planesHold reports whether every plane of a class of classes holds a
// net of lanes elements (so the assembly may take its address).
func planesHold(p *Planes, classes [4]uint8, lanes int) bool {
	for _, c := range classes {
		switch {
		case c == 8 && len(p.P8) < lanes, c == 16 && len(p.P16) < lanes, c == 32 && len(p.P32) < lanes, c == 64 && len(p.P64) < lanes:
			return false
		}
	}
	return true
}

// load reads len(x) lanes of a net of class c at off, zero-extended.
func load[T uint32 | uint64](p *Planes, c uint8, off int, x []T) {
	switch c {
	case 8:
		for j, v := range p.P8[off:][:len(x)] {
			x[j] = T(v)
		}
	case 16:
		for j, v := range p.P16[off:][:len(x)] {
			x[j] = T(v)
		}
	case 32:
		for j, v := range p.P32[off:][:len(x)] {
			x[j] = T(v)
		}
	case 64:
		for j, v := range p.P64[off:][:len(x)] {
			x[j] = T(v)
		}
	}
}

// store writes x to a net of class c at off, truncated.
func store[T uint32 | uint64](p *Planes, c uint8, off int, x []T) {
	switch c {
	case 8:
		z := p.P8[off:][:len(x)]
		for j, v := range x {
			z[j] = uint8(v)
		}
	case 16:
		z := p.P16[off:][:len(x)]
		for j, v := range x {
			z[j] = uint16(v)
		}
	case 32:
		z := p.P32[off:][:len(x)]
		for j, v := range x {
			z[j] = uint32(v)
		}
	case 64:
		z := p.P64[off:][:len(x)]
		for j, v := range x {
			z[j] = uint64(v)
		}
	}
}

// The table's helpers, at each width.
func b2u8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

func parity8(x uint8) uint8 { return uint8(bits.OnesCount8(x) & 1) }

func b2u16(b bool) uint16 {
	if b {
		return 1
	}
	return 0
}

func parity16(x uint16) uint16 { return uint16(bits.OnesCount16(x) & 1) }

func b2u32(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

func b2u64(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func parity32(x uint32) uint32 { return uint32(bits.OnesCount32(x) & 1) }
func parity64(x uint64) uint64 { return uint64(bits.OnesCount64(x) & 1) }
