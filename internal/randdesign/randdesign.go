// Package randdesign generates random, valid dsl designs for differential
// testing: every operator, widths from 1 to 130 bits (and products up to
// 260), signed and unsigned values, registers with and without reset and
// enable, muxes, nested When blocks, memories and hierarchy. The same seed
// always gives the same design.
package randdesign

import (
	"fmt"
	"math/rand"

	"github.com/systole-hdl/systole/dsl"
)

// Version identifies the generator: the design of a seed is the same for
// as long as Version is. Any change to what the generator draws, or in
// which order, must raise it, since it gives every seed another design; a
// failing design found by a soak is kept as a netlist fixture (see
// internal/crosscheck) rather than as a seed for this reason.
const Version = 1

// Options sizes a design.
type Options struct {
	Ops      int // operators in the top module
	MaxWidth int // widest input or register
	Depth    int // levels of child modules below the top
}

// Default is the size used by the cross-check.
var Default = Options{Ops: 40, MaxWidth: 130, Depth: 2}

// New returns the random design of the seed; its module name is derived from
// the seed, so designs of different seeds can share one circuit.
func New(seed int64, o Options) dsl.Generator {
	return design(fmt.Sprintf("rnd%d", seed), seed, o)
}

func design(name string, seed int64, o Options) dsl.Generator {
	return dsl.Func(name, func(m *dsl.Module) {
		g := &gen{r: rand.New(rand.NewSource(seed)), m: m, o: o, name: name}
		g.build()
	})
}

type gen struct {
	r    *rand.Rand
	m    *dsl.Module
	o    Options
	name string
	pool []dsl.Signal
	n    int // names made
}

var interesting = []int{1, 1, 2, 3, 7, 8, 16, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 130}

func (g *gen) width() int {
	if g.r.Intn(2) == 0 {
		for {
			w := interesting[g.r.Intn(len(interesting))]
			if w <= g.o.MaxWidth {
				return w
			}
		}
	}
	return 1 + g.r.Intn(g.o.MaxWidth)
}

func (g *gen) typ() dsl.Type {
	w := g.width()
	if g.r.Intn(3) == 0 {
		return dsl.SInt(w)
	}
	return dsl.UInt(w)
}

func (g *gen) fresh(prefix string) string {
	g.n++
	return fmt.Sprintf("%s%d", prefix, g.n)
}

func (g *gen) pick() dsl.Signal { return g.pool[g.r.Intn(len(g.pool))] }

// coerce converts s to type t by reinterpretation, extension or truncation.
func coerce(s dsl.Signal, t dsl.Type) dsl.Signal {
	if s.Type().Signed() != t.Signed() {
		if t.Signed() {
			s = s.AsSInt()
		} else {
			s = s.AsUInt()
		}
	}
	switch {
	case s.Width() < t.Width():
		s = s.Extend(t.Width())
	case s.Width() > t.Width():
		s = s.Trunc(t.Width())
	}
	return s
}

// cond returns a random 1-bit condition.
func (g *gen) cond() dsl.Signal {
	s := g.pick()
	switch g.r.Intn(4) {
	case 0:
		return s.Bit(g.r.Intn(s.Width()))
	case 1:
		return s.OrR()
	case 2:
		return s.XorR()
	}
	return s.Lt(coerce(g.pick(), s.Type()))
}
