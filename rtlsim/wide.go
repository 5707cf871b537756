package rtlsim

import "math/bits"

// nwords returns the number of 64-bit words of a w-bit net.
func nwords(w uint32) uint32 { return (w + 63) / 64 }

// parity returns the XOR of the bits of x.
func parity(x uint64) uint64 { return uint64(bits.OnesCount64(x) & 1) }

// evalWide executes one instruction of a kW kind. Every net keeps its bits
// above its width zero, so instructions read their inputs as they are and
// mask only what can carry into the unused bits of the top word.
func evalWide(st []uint64, o *instr) {
	nd, na := nwords(o.w), nwords(o.wa)
	z := st[o.dst : o.dst+nd : o.dst+nd]
	x := st[o.a : o.a+na : o.a+na]
	var y []uint64
	switch o.kind {
	case kWAnd, kWOr, kWXor, kWAdd, kWSub, kWMul, kWEq, kWNe, kWLt, kWLe, kWLtS, kWLeS:
		y = st[o.b : o.b+na : o.b+na]
	}
	switch o.kind {
	case kWCopy:
		copy(z, x)
		clear(z[na:])
	case kWSext:
		copy(z, x)
		clear(z[na:])
		if bit(x, o.wa-1) != 0 {
			if r := o.wa % 64; r != 0 {
				z[na-1] |= ^uint64(0) << r
			}
			for i := na; i < nd; i++ {
				z[i] = ^uint64(0)
			}
		}
	case kWNot:
		for i := range z {
			z[i] = ^x[i]
		}
	case kWNeg:
		var borrow uint64
		for i := range z {
			z[i], borrow = bits.Sub64(0, x[i], borrow)
		}
	case kWAnd:
		for i := range z {
			z[i] = x[i] & y[i]
		}
	case kWOr:
		for i := range z {
			z[i] = x[i] | y[i]
		}
	case kWXor:
		for i := range z {
			z[i] = x[i] ^ y[i]
		}
	case kWAdd:
		var carry uint64
		for i := range z {
			z[i], carry = bits.Add64(x[i], y[i], carry)
		}
	case kWSub:
		var borrow uint64
		for i := range z {
			z[i], borrow = bits.Sub64(x[i], y[i], borrow)
		}
	case kWMul:
		mulW(z, x, y)
	case kWShl, kWShr, kWSshr:
		nb := nwords(o.wb)
		n := shiftAmount(st[o.b:o.b+nb:o.b+nb], o.w)
		switch o.kind {
		case kWShl:
			shlW(z, x, n)
		case kWShr:
			shrW(z, x, n, x[na-1], 0)
		default:
			top, fill := x[na-1], uint64(0)
			if bit(x, o.wa-1) != 0 {
				fill = ^uint64(0)
				top |= ^topMask(o.wa)
			}
			shrW(z, x, n, top, fill)
		}
	case kWEq:
		z[0] = b2u(cmpW(x, y) == 0)
	case kWNe:
		z[0] = b2u(cmpW(x, y) != 0)
	case kWLt:
		z[0] = b2u(cmpW(x, y) < 0)
	case kWLe:
		z[0] = b2u(cmpW(x, y) <= 0)
	case kWLtS:
		z[0] = b2u(cmpSignedW(x, y, o.wa) < 0)
	case kWLeS:
		z[0] = b2u(cmpSignedW(x, y, o.wa) <= 0)
	case kWMux:
		src := o.c
		if st[o.a] != 0 {
			src = o.b
		}
		copy(z, st[src:src+nd])
	case kWSlice:
		sliceW(z, x, o.lo)
	case kWRedAnd:
		all := x[na-1] == topMask(o.wa)
		for _, v := range x[:na-1] {
			all = all && v == ^uint64(0)
		}
		z[0] = b2u(all)
	case kWRedOr:
		var any uint64
		for _, v := range x {
			any |= v
		}
		z[0] = b2u(any != 0)
	case kWRedXor:
		var p uint64
		for _, v := range x {
			p ^= v
		}
		z[0] = parity(p)
	case kWZero:
		clear(z)
	case kWDep:
		depW(z, x, o.lo)
	default:
		panic("rtlsim: unknown instruction")
	}
	z[nd-1] &= o.mask
}

// bit returns bit i of x.
func bit(x []uint64, i uint32) uint64 { return x[i/64] >> (i % 64) & 1 }

// shiftAmount reads an unsigned shift amount of any width, saturated at w:
// every amount of w or more shifts every bit out.
func shiftAmount(b []uint64, w uint32) uint32 {
	for _, v := range b[1:] {
		if v != 0 {
			return w
		}
	}
	if b[0] >= uint64(w) {
		return w
	}
	return uint32(b[0])
}

// mulW sets z to x*y modulo 2^(64*len(z)), by schoolbook multiplication of
// only the partial products that land in z. z must not alias x or y.
func mulW(z, x, y []uint64) {
	clear(z)
	n := len(z)
	for i := range n {
		if x[i] == 0 {
			continue
		}
		var carry uint64
		for j := 0; i+j < n; j++ {
			hi, lo := bits.Mul64(x[i], y[j])
			var c uint64
			lo, c = bits.Add64(lo, z[i+j], 0)
			hi += c
			lo, c = bits.Add64(lo, carry, 0)
			hi += c
			z[i+j], carry = lo, hi
		}
	}
}

// shlW sets z to x << n for n at most 64*len(z).
func shlW(z, x []uint64, n uint32) {
	ws, bs := int(n/64), n%64
	for i := len(z) - 1; i >= 0; i-- {
		var v uint64
		if j := i - ws; j >= 0 {
			v = x[j] << bs
			if bs != 0 && j > 0 {
				v |= x[j-1] >> (64 - bs)
			}
		}
		z[i] = v
	}
}

// shrW sets z to x >> n, where x's top word reads as top and the words above
// it as fill: the sign-extended top word and all ones for an arithmetic
// shift of a negative number, the top word and zeros otherwise.
func shrW(z, x []uint64, n uint32, top, fill uint64) {
	ws, bs := int(n/64), n%64
	for i := range z {
		v := extWord(x, i+ws, top, fill) >> bs
		if bs != 0 {
			v |= extWord(x, i+ws+1, top, fill) << (64 - bs)
		}
		z[i] = v
	}
}

// extWord returns word k of x extended: top for its top word, fill above.
func extWord(x []uint64, k int, top, fill uint64) uint64 {
	switch last := len(x) - 1; {
	case k < last:
		return x[k]
	case k == last:
		return top
	}
	return fill
}

// cmpW compares x and y as unsigned numbers of the same number of words.
func cmpW(x, y []uint64) int {
	for i := len(x) - 1; i >= 0; i-- {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// cmpSignedW compares x and y as w-bit two's complement numbers.
func cmpSignedW(x, y []uint64, w uint32) int {
	sx, sy := bit(x, w-1), bit(y, w-1)
	if sx != sy {
		return int(sy) - int(sx) // the negative one is less
	}
	return cmpW(x, y)
}

// sliceW sets z to the bits of x from lo up.
func sliceW(z, x []uint64, lo uint32) {
	q, r := int(lo/64), lo%64
	for i := range z {
		k := q + i
		var v uint64
		if k < len(x) {
			v = x[k] >> r
		}
		if r != 0 && k+1 < len(x) {
			v |= x[k+1] << (64 - r)
		}
		z[i] = v
	}
}

// depW ORs x into z at bit position pos; x must fit.
func depW(z, x []uint64, pos uint32) {
	q, r := int(pos/64), pos%64
	for j, v := range x {
		if v == 0 {
			continue
		}
		z[q+j] |= v << r
		if r != 0 && q+j+1 < len(z) {
			z[q+j+1] |= v >> (64 - r)
		}
	}
}
