package lanekern

import (
	"fmt"
	"sort"
)

// An impl is one implementation of the kernels: per kind and class, an
// assembly function, or nil where the generic Go code runs. Each function
// runs n ops (regs) and returns how many it ran: fewer when one names a
// net beyond the plane (it writes nothing for that one).
type impl struct {
	name string
	// tiers8 compute on bytes, each for lanes that are a multiple of its
	// step, best first; block8w, next8w and commit8w compute at 32 bits
	// and run any multiple of 16 (the kinds no tier has).
	tiers8   []tier[uint8]
	block8w  [NumKinds]func(plane *uint8, planeLen int, ops *Op, n, lanes int) int
	next8w   [NumRegClasses]func(plane *uint8, planeLen int, nx *uint8, regs *Reg, n, lanes int) int
	commit8w [NumRegClasses]func(plane *uint8, planeLen int, regs *Reg, n, lanes int) int
	// tiers16, block16w, next16w and commit16w: the same on 16-bit words.
	tiers16   []tier[uint16]
	block16w  [NumKinds]func(plane *uint16, planeLen int, ops *Op, n, lanes int) int
	next16w   [NumRegClasses]func(plane *uint16, planeLen int, nx *uint16, regs *Reg, n, lanes int) int
	commit16w [NumRegClasses]func(plane *uint16, planeLen int, regs *Reg, n, lanes int) int
	mix       [NumKinds][]mixFunc // by kind, by mixCode; nil for none
	block32   [NumKinds]func(plane *uint32, planeLen int, ops *Op, n, lanes int) int
	block64   [NumKinds]func(plane *uint64, planeLen int, ops *Op, n, lanes int) int
	next32    [NumRegClasses]func(plane *uint32, planeLen int, nx *uint32, regs *Reg, n, lanes int) int
	next64    [NumRegClasses]func(plane *uint64, planeLen int, nx *uint64, regs *Reg, n, lanes int) int
	commit32  [NumRegClasses]func(plane *uint32, planeLen int, regs *Reg, n, lanes int) int
	commit64  [NumRegClasses]func(plane *uint64, planeLen int, regs *Reg, n, lanes int) int
}

// A tier is the assembly of class 8 or 16 on the class's own elements in
// vectors of one size: it runs lanes that are a multiple of step (a
// table of _asm, converted).
type tier[T uint8 | uint16] struct {
	step   int
	block  [NumKinds]func(plane *T, planeLen int, ops *Op, n, lanes int) int
	next   [NumRegClasses]func(plane *T, planeLen int, nx *T, regs *Reg, n, lanes int) int
	commit [NumRegClasses]func(plane *T, planeLen int, regs *Reg, n, lanes int) int
}

// A mixFunc is an assembly function of BlockMix, on the planes' first
// elements and lengths.
type mixFunc func(p8 *uint8, n8 int, p16 *uint16, n16 int, p32 *uint32, n32 int, p64 *uint64, n64 int, ops *Op, n, lanes int) int

// mixTable returns the functions of m by kind and mixCode.
func mixTable(m map[mixKey]mixFunc) (t [NumKinds][]mixFunc) {
	for key, f := range m {
		if t[key.k] == nil {
			t[key.k] = make([]mixFunc, 2*5*5*5*5)
		}
		t[key.k][mixCode(key.x)] = f
	}
	return t
}

// mixCode numbers a Mix (as BlockMix normalizes it) below 2*5^4: its
// At (32 or 64) and the codes of its classes (0 to 4), in base 5.
func mixCode(x Mix) int {
	return (((int(x.At/64)*5+classCode[x.Dst])*5+classCode[x.A])*5+classCode[x.B])*5 + classCode[x.C]
}

// generic is the portable Go implementation, on every CPU.
var generic = &impl{name: "generic"}

// impls are the implementations this CPU runs, best first; cur is the
// one in use.
var (
	impls = available()
	cur   = impls[0]
)

// Impl names the implementation in use: "avx512", "avx2" or "generic".
// The best the CPU runs is chosen at init.
func Impl() string { return cur.name }

// Impls names the implementations this CPU runs, best first.
func Impls() []string {
	var out []string
	for _, im := range impls {
		out = append(out, im.name)
	}
	return out
}

// SetImpl makes the named implementation the one in use, for tests and
// benchmarks, and returns a function that restores the one before. It is
// an error if the CPU does not run it. SetImpl must not run at the same
// time as the kernels.
func SetImpl(name string) (restore func(), err error) {
	for _, im := range impls {
		if im.name == name {
			old := cur
			cur = im
			return func() { cur = old }, nil
		}
	}
	names := Impls()
	sort.Strings(names)
	return nil, fmt.Errorf("lanekern: no implementation %q on this CPU (it runs %v)", name, names)
}
