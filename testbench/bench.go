package testbench

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
)

// Component is a verification component stepped by a Bench every cycle.
// Drive pokes the inputs it owns for the coming edge, from its own state
// only (so that, for example, valid never depends on ready); Sample then
// peeks the settled values and records what transfers at the edge. A
// component reports problems with Bench.Fail.
type Component interface {
	Drive(b *Bench)
	Sample(b *Bench)
}

// Resetter is a Component with state to clear when Bench.Reset resets the
// design.
type Resetter interface {
	Reset(b *Bench)
}

// Waiter is a Component that keeps a Bench running while Waiting. Run
// stops when no Waiter waits; a timeout names the ones that do with
// Pending, which says what they wait for (such as "3 of 10 beats
// received").
type Waiter interface {
	Waiting() bool
	Pending() string
}

// Bench steps a Backend and its components cycle by cycle. Each Tick is one
// clock cycle in a fixed order: every component's Drive (in the order they
// were added), then every Sample (the design settles in between: a Peek
// sees the values of this cycle's pokes), then one rising edge.
type Bench struct {
	be    Backend
	seed  uint64
	comps []Component
	errs  []error
}

// maxErrs bounds the errors a Bench keeps.
const maxErrs = 10

// New returns a Bench over be whose components draw their randomness from
// seed, so that one seed repeats one run exactly.
func New(be Backend, seed uint64) *Bench {
	return &Bench{be: be, seed: seed}
}

// Backend returns the simulation the bench drives.
func (b *Bench) Backend() Backend { return b.be }

// Seed returns the seed of the bench.
func (b *Bench) Seed() uint64 { return b.seed }

// Rand returns a new generator seeded by the bench's seed and name, so each
// component (or test) draws its own repeatable sequence, unchanged when
// other components are added.
func (b *Bench) Rand(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(b.seed, h.Sum64()))
}

// Add adds components, stepped in the order added.
func (b *Bench) Add(cs ...Component) {
	b.comps = append(b.comps, cs...)
}

// Fail records an error; Tick and Run report it at the end of the cycle.
func (b *Bench) Fail(err error) {
	if err != nil && len(b.errs) < maxErrs {
		b.errs = append(b.errs, err)
	}
}

// Failf records an error formatted as by fmt.Errorf.
func (b *Bench) Failf(format string, args ...any) {
	b.Fail(fmt.Errorf(format, args...))
}

// Err returns the errors recorded so far and the backend's, or nil.
func (b *Bench) Err() error {
	return errors.Join(errors.Join(b.errs...), b.be.Err())
}

// Port looks up a port of the backend, recording the error (and returning
// the zero Port) when there is none.
func (b *Bench) Port(name string) Port {
	p, err := b.be.Port(name)
	if err != nil {
		b.Fail(err)
		return Port{Name: name, id: -1}
	}
	return p
}

// Cycle returns the number of edges the backend has taken.
func (b *Bench) Cycle() uint64 { return b.be.Cycle() }

// Reset resets the design (rst high for one edge) and every component that
// is a Resetter.
func (b *Bench) Reset() {
	b.be.Reset()
	for _, c := range b.comps {
		if r, ok := c.(Resetter); ok {
			r.Reset(b)
		}
	}
}

// Tick runs one cycle: Drive, Sample, edge. It returns the errors recorded
// so far.
func (b *Bench) Tick() error {
	for _, c := range b.comps {
		c.Drive(b)
	}
	for _, c := range b.comps {
		c.Sample(b)
	}
	b.be.Step()
	return b.Err()
}

// Run ticks until no Waiter waits (every Source has sent its beats, every
// Sink and Scoreboard has what it expects), or fails with a *TimeoutError
// after maxCycles cycles.
func (b *Bench) Run(maxCycles int) error {
	return b.RunUntil(b.idle, maxCycles)
}

// idle reports whether no Waiter waits.
func (b *Bench) idle() bool {
	for _, c := range b.comps {
		if w, ok := c.(Waiter); ok && w.Waiting() {
			return false
		}
	}
	return true
}

// RunUntil ticks until done returns true (checked before every cycle, so a
// done that is already true runs none), or fails with a *TimeoutError after
// maxCycles cycles.
func (b *Bench) RunUntil(done func() bool, maxCycles int) error {
	if err := b.Err(); err != nil {
		return err
	}
	if maxCycles < 0 {
		return fmt.Errorf("testbench: a run of at most %d cycles: want a bound of at least 0", maxCycles)
	}
	for n := 0; !done(); n++ {
		if n == maxCycles {
			return &TimeoutError{Cycles: maxCycles, At: b.Cycle(), Pending: b.pending()}
		}
		if err := b.Tick(); err != nil {
			return err
		}
	}
	return nil
}

// pending returns what the Waiters wait for.
func (b *Bench) pending() []string {
	var out []string
	for _, c := range b.comps {
		if w, ok := c.(Waiter); ok && w.Waiting() {
			out = append(out, w.Pending())
		}
	}
	return out
}

// TimeoutError is a run that did not finish in time. Pending names each
// stream still waiting and why.
type TimeoutError struct {
	Cycles  int
	At      uint64 // the backend's cycle when the run gave up
	Pending []string
}

func (e *TimeoutError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "testbench: timeout: not done after %d cycles (at cycle %d)", e.Cycles, e.At)
	if len(e.Pending) == 0 {
		b.WriteString(": the done condition stayed false")
	}
	for _, p := range e.Pending {
		b.WriteString("\n\t")
		b.WriteString(p)
	}
	return b.String()
}
