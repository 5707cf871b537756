package rtlsim

import (
	"fmt"
	"strings"
)

// goLanesMin is the fewest instructions or register commits a loop of
// eight at a time covers.
const goLanesMin = 8

// Runs of eight at a time: with the state by width class, most of a
// large core's loops are over words of the uint8 class. Eight of them
// fit a uint64, and for the bitwise kinds, Add, Sub, AndEq and the
// register commits the interpreter's byte kernels (internal/opgen's
// byteLanes and swarRun) compute them lane by lane: the loops below run
// eight iterations as one, as the interpreter's byte rows do. A loop ends
// with the eight iterations n-8..n-1, some of them run already; that is
// only right when no iteration reads a word the loop writes (see
// lanesApart), and then running one again changes nothing.

// lanesApart reports whether the words a run of n writes (locs[0]
// advancing by str[0], by one) are none of the words it reads (the other
// locs, each advancing by its stride): a run whose iterations read what
// another one of them wrote (a running sum, a shift chain committed in
// place) must run one at a time.
func lanesApart(locs []goLoc, str []int64, n int) bool {
	d0, d1 := int64(locs[0].i), int64(locs[0].i)+int64(n)
	for k := 1; k < len(locs); k++ {
		lo, hi := int64(locs[k].i), int64(locs[k].i)+str[k]*int64(n-1)
		if lo > hi {
			lo, hi = hi, lo
		}
		if locs[k].cls == locs[0].cls && lo < d1 && d0 <= hi {
			return false
		}
	}
	return true
}

// lanesOK reports whether a run of n (run items from it, strides str)
// can run eight at a time: every word of the uint8 class, the written
// ones advancing by one, the read ones by one or none (a word read by
// every iteration), and the written words apart from the read ones.
// (Operands of other strides, gathered byte by byte, measured no faster
// than the loop one at a time on the 64x64 core.)
func lanesOK(it goRunItem, str []int64, n int) bool {
	if n < goLanesMin || str[0] != 1 {
		return false
	}
	for k, lc := range it.locs {
		if lc.cls != goB || str[k] < 0 || str[k] > 1 {
			return false
		}
	}
	return lanesApart(it.locs, str, n)
}

// load8 returns the Go expression (of type uint64) of the eight words of
// the uint8 class from lc on, advancing by stride (0 or 1), from
// iteration i on.
func load8(lc goLoc, stride int64) string {
	if stride == 0 {
		return fmt.Sprintf("(uint64(st.b[%d]) * 0x0101010101010101)", lc.i)
	}
	var b []string
	for k := range 8 {
		b = append(b, fmt.Sprintf("uint64(st.b[%d+i])<<%d", lc.i+uint32(k), 8*k))
	}
	return "(" + strings.Join(b, " | ") + ")"
}

// lanesLoop returns the loop over n iterations, eight at a time, that
// stores x into the eight words of the uint8 class from d+i on. Every
// index is a constant plus i, which runs to a constant bound: the Go
// compiler proves them in range and combines each eight loads (or
// stores) of consecutive bytes into one.
func lanesLoop(n int, d uint32, x string) string {
	var b []string
	for k := range 8 {
		b = append(b, fmt.Sprintf("st.b[%d+i] = uint8(v>>%d)", d+uint32(k), 8*k))
	}
	body := fmt.Sprintf("v := %s; %s", x, strings.Join(b, "; "))
	st := fmt.Sprintf("for i := 0; i < %d; i += 8 { %s }", n/8*8, body)
	if n%8 != 0 {
		st += fmt.Sprintf("\n{ i := %d; %s }", n-8, body)
	}
	return st
}

// lanesStmt returns the loop that runs n instructions of the run of o
// (run item it, strides str) eight at a time, and whether it applies: a
// kind with a byte-lanes kernel and a run lanesOK accepts.
func (g *goGen) lanesStmt(o *op, it goRunItem, str []int64, n int) (string, bool) {
	if o.kind >= kWCopy || !lanesOK(it, str, n) {
		return "", false
	}
	if _, ok := lanesExpr(o.kind, "", "", "", ""); !ok {
		return "", false
	}
	ops := map[uint8]string{}
	k := 1
	for _, f := range []uint8{readsA, readsB, readsC} {
		if k64Reads[o.kind]&f != 0 {
			ops[f] = load8(it.locs[k], str[k])
			k++
		}
	}
	x, _ := lanesExpr(o.kind, ops[readsA], ops[readsB], ops[readsC], fmt.Sprintf("%#x", o.mask))
	return lanesLoop(n, it.locs[0].i, x), true
}

// regLanesStmt returns the loop that commits rr, a run of registers,
// eight at a time in place, and whether it applies: a run lanesOK
// accepts (an enable or reset as its byte mask, the reset value in every
// byte).
func (g *goGen) regLanesStmt(rr *goRegRun, out string) (string, bool) {
	if out != "st" || rr.str == nil || !lanesOK(rr.it, rr.str, rr.n) {
		return "", false
	}
	r, it := &rr.r, rr.it
	en, rst, k := "", "", 2
	if r.en >= 0 {
		en = "(" + load8(it.locs[k], rr.str[k]) + " * 0xff)"
		k++
	}
	if r.rst >= 0 {
		rst = "(" + load8(it.locs[k], rr.str[k]) + " * 0xff)"
	}
	x := regLanesExpr(r.field, load8(it.locs[0], 1), load8(it.locs[1], rr.str[1]), en, rst, fmt.Sprintf("(%#x * 0x0101010101010101)", r.init))
	return lanesLoop(rr.n, it.locs[0].i, x), true
}
