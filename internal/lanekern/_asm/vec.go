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
	width int    // the class width: 8, 16, 32 or 64
	// classes is the class (8, 16, 32 or 64) of the plane of a
	// placeholder's net when it is not width (the nets of class 8 or 16
	// computed at 32 bits, the nets of a mixed block): it is loaded
	// zero-extended and stored truncated. shAdd is added to the
	// sign-extending counts sh and sh2 (class 8 computed at 32 bits: 8
	// minus a width becomes 32 minus it). narrow, when not 0, is the class
	// whose bits of the scalars m and init count (their low byte for
	// class 8, their low 16 bits for class 16).
	classes map[string]int
	shAdd   map[string]int
	narrow  int
	// xmm: AVX2 on 128-bit registers (16 lanes of bytes), for lanes
	// that are not a whole 256-bit vector
	xmm bool
}

// storeOf is the class of the plane of placeholder name's net.
func (t target) storeOf(name string) int {
	if c, ok := t.classes[name]; ok {
		return c
	}
	return t.width
}

// uses reports whether a placeholder's net is of class c.
func (t target) uses(c int) bool {
	for _, x := range t.classes {
		if x == c {
			return true
		}
	}
	return false
}

// lanesPerVec is the number of lanes of one vector register.
func (t target) lanesPerVec() int { return t.vecBytes() / t.elemBytes() }

// vecBytes is the size of one vector register.
func (t target) vecBytes() int {
	switch {
	case t.isa == "avx512":
		return 64
	case t.xmm:
		return 16
	}
	return 32
}

// elemBytes is the size of one lane's element.
func (t target) elemBytes() int { return t.width / 8 }

func (t target) vec() reg.VecVirtual {
	switch {
	case t.isa == "avx512":
		return ZMM()
	case t.xmm:
		return XMM()
	}
	return YMM()
}

func (t target) q() bool { return t.width == 64 }

// pick returns the instruction of the class width and ISA: d at 32 bits,
// q at 64; the EVEX forms on AVX-512 where they differ. (At 8 bits, the
// callers that differ pick their byte instructions themselves; d's
// bitwise forms serve.)
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

// load loads a vector of a net of class st (zero-extended to the width).
func (t target) load(m Mem, st int) reg.VecVirtual {
	switch {
	case st == t.width:
	case st == 8 && t.width == 32:
		return t.emit(VPMOVZXBD, m)
	case st == 8:
		return t.emit(VPMOVZXBQ, m)
	case st == 16 && t.width == 32:
		return t.emit(VPMOVZXWD, m)
	case st == 16:
		return t.emit(VPMOVZXWQ, m)
	default:
		return t.emit(VPMOVZXDQ, m)
	}
	if t.isa == "avx512" {
		return t.emit(VMOVDQU64, m)
	}
	return t.emit(w2(VMOVDQU), m)
}

// store stores v into a net of class st, truncated: AVX-512 by a
// truncating move; AVX2 by ctl (see packCtl), which gathers the low bytes
// of each lane's element into the two 128-bit halves, whose OR is the
// packed vector.
func (t target) store(v reg.VecVirtual, m Mem, st int, ctl reg.VecVirtual) {
	if st != t.width && t.isa == "avx2" {
		y := YMM()
		VPSHUFB(ctl, v, y)
		hi := XMM()
		VEXTRACTI128(U8(1), y, hi)
		x := XMM()
		VPOR(hi, y.AsX(), x)
		switch b := t.vecBytes() / (t.width / st); b {
		case 4: // 4 lanes of bytes
			VMOVD(x, m)
		case 8:
			VMOVQ(x, m)
		default:
			VMOVDQU(x, m)
		}
		return
	}
	switch {
	case st == t.width:
	case st == 8 && t.width == 32:
		VPMOVDB(v, m)
		return
	case st == 8:
		VPMOVQB(v, m)
		return
	case st == 16 && t.width == 32:
		VPMOVDW(v, m)
		return
	case st == 16:
		VPMOVQW(v, m)
		return
	default:
		VPMOVQD(v, m)
		return
	}
	if t.isa == "avx512" {
		VMOVDQU64(v, m)
		return
	}
	VMOVDQU(v, m)
}

// packCtl returns the VPSHUFB control of an AVX2 store into class st:
// the low half gathers the low bytes of its elements into its first
// bytes, the high half into the bytes after those (zero elsewhere).
func (t target) packCtl(st int) reg.VecVirtual {
	const z = 0x8080808080808080
	var q [4]uint64
	switch {
	case st == 8 && t.width == 32:
		q = [4]uint64{0x808080800c080400, z, 0x0c08040080808080, z}
	case st == 8:
		q = [4]uint64{0x8080808080800800, z, 0x8080808008008080, z}
	case st == 16 && t.width == 32:
		q = [4]uint64{0x0d0c090805040100, z, z, 0x0d0c090805040100}
	case st == 16:
		q = [4]uint64{0x8080808009080100, z, 0x0908010080808080, z}
	default:
		q = [4]uint64{0x0b0a090803020100, z, z, 0x0b0a090803020100}
	}
	g := GP64()
	half := func(a, b uint64) reg.VecVirtual {
		x := XMM()
		MOVQ(U64(a), g)
		VMOVQ(g, x)
		MOVQ(U64(b), g)
		VPINSRQ(U8(1), g, x, x)
		return x
	}
	lo, hi := half(q[0], q[1]), half(q[2], q[3])
	y := YMM()
	VINSERTI128(U8(1), hi, lo.AsY(), y)
	return y
}

// broadcast returns the element at m in every lane (its low byte when
// narrow).
func (t target) broadcast(m Mem) reg.VecVirtual {
	switch t.width {
	case 8:
		return t.emit(VPBROADCASTB, m)
	case 16:
		return t.emit(VPBROADCASTW, m)
	}
	if t.narrow != 0 {
		g := GP32()
		if t.narrow == 8 {
			MOVBLZX(m, g)
		} else {
			MOVWLZX(m, g)
		}
		if t.isa == "avx2" { // no broadcast from a general register
			x := XMM()
			VMOVD(g, x)
			return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), x)
		}
		return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), g)
	}
	return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), m)
}

// broadcastConst returns the constant c in every lane.
func (t target) broadcastConst(c uint64) reg.VecVirtual {
	g := GP64()
	MOVQ(U64(c), g)
	x := XMM()
	VMOVQ(g, x)
	switch t.width {
	case 8:
		return t.emit(VPBROADCASTB, x)
	case 16:
		return t.emit(VPBROADCASTW, x)
	}
	return t.emit(t.pick(VPBROADCASTD, VPBROADCASTQ, nil, nil), x)
}

// count returns the shift count at m (a byte) in an XMM register, as the
// shifts by a count take it.
func (t target) count(m Mem, name string) reg.VecVirtual {
	g := GP64()
	MOVBQZX(m, g)
	if add := t.shAdd[name]; add != 0 {
		ADDQ(U8(add), g)
	}
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

// byWidth emits the instruction of a family for the target's element
// width (bytes, words, then doublewords or quadwords as pick chooses) on
// a and b, in the operand order of Go's assembler (b, a, destination).
func (t target) byWidth(b8, b16, d, q func(...Op), a, b Op) reg.VecVirtual {
	switch t.width {
	case 8:
		return t.emit(b8, b, a)
	case 16:
		return t.emit(b16, b, a)
	}
	return t.emit(t.pick(d, q, nil, nil), b, a)
}

func (t target) add(a, b Op) reg.VecVirtual {
	return t.byWidth(VPADDB, VPADDW, VPADDD, VPADDQ, a, b)
}

func (t target) sub(a, b Op) reg.VecVirtual {
	return t.byWidth(VPSUBB, VPSUBW, VPSUBD, VPSUBQ, a, b)
}

// mulLow returns the low 64 bits of the products of the low 32 bits of
// a and b (VPMULUDQ).
func (t target) mulLow(a, b Op) reg.VecVirtual { return t.emit(VPMULUDQ, b, a) }

// mulD returns the low halves of the products of a and b at 32 bits (at
// 16 bits in class 16).
func (t target) mulD(a, b Op) reg.VecVirtual {
	if t.width == 16 {
		return t.emit(VPMULLW, b, a)
	}
	return t.emit(VPMULLD, b, a)
}
func (t target) mulQ(a, b Op) reg.VecVirtual { return t.emit(VPMULLQ, b, a) }

// shift shifts a by n: kind "l" left, "r" right, "a" right arithmetic
// (AVX2 has none of 64 bits: the compiler lowers it); n an immediate, a
// count in an XMM register (every lane by the same) or a vector (lane by
// lane). Go's meaning: by the width or more, 0 (or the sign).
func (t target) shift(kind string, a Op, n Op, perLane bool) reg.VecVirtual {
	if t.width == 16 { // per lane: AVX-512 BW only (the compiler checks)
		ins := map[string]func(...Op){"l": VPSLLW, "r": VPSRLW, "a": VPSRAW}[kind]
		if perLane {
			ins = map[string]func(...Op){"l": VPSLLVW, "r": VPSRLVW, "a": VPSRAVW}[kind]
		}
		return t.emit(ins, n, a)
	}
	if perLane {
		ins := map[string]func(...Op){"l": t.pick(VPSLLVD, VPSLLVQ, nil, nil), "r": t.pick(VPSRLVD, VPSRLVQ, nil, nil), "a": t.pick(VPSRAVD, VPSRAVQ, nil, nil)}[kind]
		return t.emit(ins, n, a)
	}
	ins := map[string]func(...Op){"l": t.pick(VPSLLD, VPSLLQ, nil, nil), "r": t.pick(VPSRLD, VPSRLQ, nil, nil), "a": t.pick(VPSRAD, VPSRAQ, nil, nil)}[kind]
	return t.emit(ins, n, a)
}

// cmpGt returns all ones where a > b, signed (AVX2).
func (t target) cmpGt(a, b Op) reg.VecVirtual {
	return t.byWidth(VPCMPGTB, VPCMPGTW, VPCMPGTD, VPCMPGTQ, a, b)
}

// cmpEq returns all ones where a == b (AVX2).
func (t target) cmpEq(a, b Op) reg.VecVirtual {
	return t.byWidth(VPCMPEQB, VPCMPEQW, VPCMPEQD, VPCMPEQQ, a, b)
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
	k := t.cmpK(pred, signed, a, b)
	r := t.vec()
	switch t.width {
	case 8:
		VMOVDQU8_Z(one, k, r)
		return r
	case 16:
		VMOVDQU16_Z(one, k, r)
		return r
	}
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
	k := t.cmpK(pred, signed, a, b)
	switch t.width {
	case 8:
		return t.emit(w2(VPMOVM2B), k)
	case 16:
		return t.emit(w2(VPMOVM2W), k)
	}
	return t.emit(t.pick(nil, nil, w2(VPMOVM2D), w2(VPMOVM2Q)), k)
}

// cmpK returns a pred b in a mask register (AVX-512; bytes need BW).
func (t target) cmpK(pred int, signed bool, a, b Op) reg.OpmaskVirtual {
	k := K()
	ins := t.pick(nil, nil, VPCMPUD, VPCMPUQ)
	if signed {
		ins = t.pick(nil, nil, VPCMPD, VPCMPQ)
	}
	switch t.width {
	case 8:
		ins = VPCMPUB
		if signed {
			ins = VPCMPB
		}
	case 16:
		ins = VPCMPUW
		if signed {
			ins = VPCMPW
		}
	}
	ins(U8(pred), b, a, k)
	return k
}

// w2 and w3 make avo's instructions of two and three operands variadic.
func w2(f func(a, b Op)) func(...Op) { return func(o ...Op) { f(o[0], o[1]) } }

func w3(f func(a, b, c Op)) func(...Op) { return func(o ...Op) { f(o[0], o[1], o[2]) } }
