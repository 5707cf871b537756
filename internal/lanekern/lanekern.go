package lanekern

import (
	"fmt"
	"math/bits"
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

// word is the element of a plane: class 32's or class 64's.
type word interface{ uint32 | uint64 }

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

// The table's helpers, at each width.
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
