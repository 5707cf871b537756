package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// A target is one instruction set at one class width: the vector
// instructions the kernel compiler emits, each as an avo call. Operands
// are in Go assembler order (sources first, destination last); every
// method returns a fresh virtual register.
type target struct {
	isa   string // "avx2" or "avx512"
	width int    // the class width: 32 or 64
}

// vecBytes is the size of one vector register.
func (t target) vecBytes() int {
	if t.isa == "avx512" {
		return 64
	}
	return 32
}

// elemBytes is the size of one lane's element.
func (t target) elemBytes() int { return t.width / 8 }

func (t target) vec() reg.VecVirtual {
	if t.isa == "avx512" {
		return ZMM()
	}
	return YMM()
}

func (t target) q() bool { return t.width == 64 }

// pick returns the instruction of the class width and ISA: d at 32 bits,
// q at 64; the EVEX forms on AVX-512 where they differ.
func (t target) pick(d, q, d512, q512 func(...Op)) func(...Op) {
	switch {
	case t.isa == "avx512" && t.q() && q512 != nil:
		return q512
	case t.isa == "avx512" && !t.q() && d512 != nil:
		return d512
	case t.q():
		return q
	}
	return d
}

func (t target) emit(ins func(...Op), ops ...Op) reg.VecVirtual {
	r := t.vec()
	ins(append(ops, r)...)
	return r
}

func (t target) load(m Mem) reg.VecVirtual {
	if t.isa == "avx512" {
		return t.emit(VMOVDQU64, m)
	}
	return t.emit(w2(VMOVDQU), m)
}

func (t target) store(v reg.VecVirtual, m Mem) {
	if t.isa == "avx512" {
		VMOVDQU64(v, m)
		return
	}
	VMOVDQU(v, m)
}

// broadcast returns the element at m in every lane.
func (t target) broadcast(m Mem) reg.VecVirtual {
	return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), m)
}

// broadcastConst returns the constant c in every lane.
func (t target) broadcastConst(c uint64) reg.VecVirtual {
	g := GP64()
	MOVQ(U64(c), g)
	x := XMM()
	VMOVQ(g, x)
	return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), x)
}

// count returns the shift count at m (a byte) in an XMM register, as the
// shifts by a count take it.
func (t target) count(m Mem) reg.VecVirtual {
	g := GP64()
	MOVBQZX(m, g)
	x := XMM()
	VMOVQ(g, x)
	return x
}

// zero and ones return constants, built from a general register (they
// are built once per function).
func (t target) zero() reg.VecVirtual { return t.broadcastConst(0) }
func (t target) ones() reg.VecVirtual { return t.broadcastConst(^uint64(0)) }

func (t target) and(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(w3(VPAND), w3(VPAND), VPANDD, VPANDQ), b, a)
}

func (t target) or(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(w3(VPOR), w3(VPOR), VPORD, VPORQ), b, a)
}

func (t target) xor(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(w3(VPXOR), w3(VPXOR), VPXORD, VPXORQ), b, a)
}

// andNot returns a &^ b.
func (t target) andNot(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(w3(VPANDN), w3(VPANDN), VPANDND, VPANDNQ), a, b)
}

func (t target) add(a, b Op) reg.VecVirtual { return t.emit(t.pick(VPADDD, VPADDQ, nil, nil), b, a) }
func (t target) sub(a, b Op) reg.VecVirtual { return t.emit(t.pick(VPSUBD, VPSUBQ, nil, nil), b, a) }

// mulLow returns the low 64 bits of the products of the low 32 bits of
// a and b (VPMULUDQ).
func (t target) mulLow(a, b Op) reg.VecVirtual { return t.emit(VPMULUDQ, b, a) }

func (t target) mulD(a, b Op) reg.VecVirtual { return t.emit(VPMULLD, b, a) }
func (t target) mulQ(a, b Op) reg.VecVirtual { return t.emit(VPMULLQ, b, a) }

// shift shifts a by n: kind "l" left, "r" right, "a" right arithmetic
// (AVX2 has none of 64 bits: the compiler lowers it); n an immediate, a
// count in an XMM register (every lane by the same) or a vector (lane by
// lane). Go's meaning: by the width or more, 0 (or the sign).
func (t target) shift(kind string, a Op, n Op, perLane bool) reg.VecVirtual {
	if perLane {
		ins := map[string]func(...Op){"l": t.pick(VPSLLVD, VPSLLVQ, nil, nil), "r": t.pick(VPSRLVD, VPSRLVQ, nil, nil), "a": t.pick(VPSRAVD, VPSRAVQ, nil, nil)}[kind]
		return t.emit(ins, n, a)
	}
	ins := map[string]func(...Op){"l": t.pick(VPSLLD, VPSLLQ, nil, nil), "r": t.pick(VPSRLD, VPSRLQ, nil, nil), "a": t.pick(VPSRAD, VPSRAQ, nil, nil)}[kind]
	return t.emit(ins, n, a)
}

// cmpGt returns all ones where a > b, signed (AVX2).
func (t target) cmpGt(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(VPCMPGTD, VPCMPGTQ, nil, nil), b, a)
}

// cmpEq returns all ones where a == b (AVX2).
func (t target) cmpEq(a, b Op) reg.VecVirtual {
	return t.emit(t.pick(VPCMPEQD, VPCMPEQQ, nil, nil), b, a)
}

// A predicate of a comparison, as AVX-512's VPCMP immediate.
const (
	predEq = 0
	predLt = 1
	predLe = 2
	predNe = 4
)

// cmp512One returns a pred b as 1 where it holds, from one, the constant
// 1 in every lane (AVX-512).
func (t target) cmp512One(pred int, signed bool, a, b, one Op) reg.VecVirtual {
	k := K()
	ins := t.pick(nil, nil, VPCMPUD, VPCMPUQ)
	if signed {
		ins = t.pick(nil, nil, VPCMPD, VPCMPQ)
	}
	ins(U8(pred), b, a, k)
	r := t.vec()
	if t.q() {
		VMOVDQU64_Z(one, k, r)
	} else {
		VMOVDQU32_Z(one, k, r)
	}
	return r
}

// sel returns m ? b : a, bit by bit (AVX-512): one VPTERNLOG, whose
// truth table is indexed by its destination's bit (a, copied into it
// unless inPlace), then b's, then m's.
func (t target) sel(a, b, m reg.VecVirtual, inPlace bool) reg.VecVirtual {
	var imm uint8
	for i := range 8 {
		if bit := (i >> 2) & 1; i&1 == 1 {
			bit = (i >> 1) & 1
			imm |= uint8(bit) << i
		} else {
			imm |= uint8(bit) << i
		}
	}
	r := a
	if !inPlace {
		r = t.vec()
		VMOVDQA64(a, r)
	}
	VPTERNLOGD(U8(imm), m, b, r)
	return r
}

// cmp512 returns a pred b, all ones in a lane where it holds (AVX-512).
func (t target) cmp512(pred int, signed bool, a, b Op) reg.VecVirtual {
	k := K()
	ins := t.pick(nil, nil, VPCMPUD, VPCMPUQ)
	if signed {
		ins = t.pick(nil, nil, VPCMPD, VPCMPQ)
	}
	ins(U8(pred), b, a, k)
	return t.emit(t.pick(nil, nil, w2(VPMOVM2D), w2(VPMOVM2Q)), k)
}

// w2 and w3 make avo's instructions of two and three operands variadic.
func w2(f func(a, b Op)) func(...Op) { return func(o ...Op) { f(o[0], o[1]) } }

func w3(f func(a, b, c Op)) func(...Op) { return func(o ...Op) { f(o[0], o[1], o[2]) } }
