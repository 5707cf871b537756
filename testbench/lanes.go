package testbench

import (
	"errors"
	"fmt"
	"iter"
	"runtime/debug"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// This file runs many testbenches on one rtlsim.Batch, one per lane.
//
// Every lane's test is an ordinary func(*Bench) error that expects a
// Backend to answer Peek at once and to take an edge on Step. The lanes
// share one Batch, whose Peek settles (evaluates) every lane and whose Step
// takes an edge in every lane, so a settle or an edge is cheap only when
// all lanes ask for it together. Each test therefore runs as a coroutine
// (iter.Pull): its Backend suspends it at a Peek that needs a settle and at
// every Step, and a scheduler on the caller's goroutine resumes the lanes
// one at a time, so the Batch is never used concurrently. When every
// running lane is suspended, the scheduler serves all pending Peeks after
// one settle, or, when all of them wait at Step, takes one edge for all.
//
// A lane's Pokes are queued, not applied: the scheduler applies every
// lane's queued Pokes, in order, when it next has the turn (before it
// serves Peeks or takes an edge). So the Batch changes only on the
// scheduler's turn, and a Peek needs to wait only when its own lane has
// Pokes queued and they can reach the peeked net (rtlsim's
// Batch.PokesReach: it is an input or in their combinational cone):
// otherwise the Batch, settled at most once since the scheduler's turn (by
// the first such Peek of any lane), already holds the lane's value,
// whatever the other lanes poked meanwhile (lanes do not see each other).
// A Peek after the edge and before the next Pokes, the testbench's usual
// read of the results, thus costs no coroutine switch, and neither does a
// read of a registered output (a handshake's ready or valid) after the
// lane's Pokes.

// Lane is one testbench of a RunLanes run: Test runs on a Bench with Seed
// over a Backend that simulates one lane of the shared batch.
type Lane struct {
	Seed uint64
	Test func(b *Bench) error
}

// SeedLanes returns one Lane per seed, all running test.
func SeedLanes(test func(b *Bench) error, seeds ...uint64) []Lane {
	ls := make([]Lane, len(seeds))
	for i, s := range seeds {
		ls[i] = Lane{Seed: s, Test: test}
	}
	return ls
}

// RunLanes compiles d into one rtlsim.Batch with a lane per Lane and runs
// every Lane's Test on its own lane, all in lockstep, and returns each
// Lane's error (nil when it passed), in order. The error of a lane is what
// Check's would be for the same test and seed on a fresh RTLSim: what Test
// returned, else the Bench's errors, joined with the backend's. The second
// result is the error of a design that does not compile, or of no lanes.
//
// Each test gets its own Bench over a Backend of its lane, and sees exactly
// what it would see on a single-lane RTLSim: the same values, the same
// cycle numbers (Cycle is the batch's, which every running lane has
// stepped), the same misuse errors. The lanes share the work of simulating:
// a lane's Pokes are queued until every running lane waits; a Peek after
// the lane's own Pokes of a net they can reach (an input, or in the
// inputs' combinational cone: rtlsim's Batch.PokesReach) waits until every
// running lane waits at a Peek or a Step, and then the queued Pokes and
// one settle of the batch serve them all; a Peek after an edge (before the
// lane's next Poke), or of a net no Poke can reach (a registered output),
// is served at once, the batch settling once for all the lanes; a Step
// waits until every running lane is at Step, and one edge of the batch
// serves them all. A lane that returns (passed or failed) leaves the lockstep; its
// lane keeps taking edges with the others, unobserved. A misuse of the
// Backend is recorded for that lane only; a panic in a test fails that lane
// only, with a *PanicError.
//
// The tests run one at a time, on goroutines of their own that take turns
// with the caller's (so a test may use t.Log, but a runtime.Goexit in a
// test, such as t.FailNow, ends the whole run). A test must use its
// Backend only from the goroutine it runs on, and not after it returns.
// Reset on a lane's Backend drives that lane's rst only: 1 for one Step,
// which the other lanes take too, then 0. A single Lane runs on a plain
// RTLSim, which is faster than a batch of one lane.
func RunLanes(d *netlist.Design, lanes []Lane) ([]error, error) {
	if len(lanes) == 0 {
		return nil, errors.New("testbench: RunLanes of no lanes")
	}
	if len(lanes) == 1 {
		// Nothing to share: a Sim is faster than a Batch of one lane.
		be, err := NewRTLSim(d)
		if err != nil {
			return nil, err
		}
		return []error{runLane(0, be, lanes[0])}, nil
	}
	batch, err := rtlsim.CompileBatch(d, len(lanes))
	if err != nil {
		return nil, fmt.Errorf("testbench: %w", err)
	}
	return runLanes(batch, lanes).errs, nil
}

// runLanes runs one lane of batch per Lane and returns the finished
// scheduler.
func runLanes(batch *rtlsim.Batch, lanes []Lane) *scheduler {
	return newScheduler(batch).runLanes(lanes)
}

// runLanes runs one lane of s's batch per Lane and returns s, finished.
func (s *scheduler) runLanes(lanes []Lane) *scheduler {
	s.errs = make([]error, len(lanes))
	for i, ln := range lanes {
		s.lanes = append(s.lanes, s.newLane(i, ln, &s.errs[i]))
	}
	s.run()
	return s
}

// PanicError is the error of a lane whose test panicked.
type PanicError struct {
	Lane  int
	Value any
	Stack []byte // the stack of the panicking goroutine
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("testbench: lane %d panicked: %v\n%s", e.Lane, e.Value, e.Stack)
}

// waitKind is what a suspended lane waits for.
type waitKind uint8

const (
	waitNone waitKind = iota
	waitPeek          // a settled value: req names it
	waitStep          // the edge
)

// lanePort is what a lane Backend knows of a port: enough to reject every
// misuse itself, so that the batch never records one (its errors are
// shared by all lanes).
type lanePort struct {
	name  string
	h     rtlsim.Handle
	width int
	input bool // a top-level input other than the clock
	clock bool
	// reached: Pokes can change the port's value before the edge
	// (rtlsim's Batch.PokesReach); a Peek of one they cannot reach is
	// served at once, whatever its lane has queued.
	reached bool
}

// scheduler runs the lanes' coroutines over one batch.
type scheduler struct {
	batch *rtlsim.Batch
	ports []lanePort // by Port.id, shared by the lanes
	ids   map[string]int32
	rst   rtlsim.Handle // the top's rst input, or the zero Handle
	lanes []*laneSim
	errs  []error // by lane
	// pokes are the lanes' Pokes not yet applied to the batch, in order,
	// their words in pokeWords: nothing the GC scans or a write barrier
	// guards, a few appends a Poke.
	pokes     []queuedPoke
	pokeWords []uint64
	// The lanes suspended at a Peek and at a Step; each running lane is in
	// one of them whenever the scheduler has the turn.
	peeks, steps []*laneSim
	// rounds counts the settles and the edges that served the lanes.
	rounds struct{ settles, edges int }
	probe  *probe // RunLanesProbe's, run before every edge, or nil
}

func newScheduler(batch *rtlsim.Batch) *scheduler {
	s := &scheduler{batch: batch, ids: map[string]int32{}}
	for _, p := range batch.Inputs() {
		if p.Reset {
			s.rst = p.Handle
		}
	}
	return s
}

// port returns the id of the port of that name, looking it up once.
func (s *scheduler) port(name string) (Port, error) {
	id, ok := s.ids[name]
	if !ok {
		h, err := s.batch.Handle(name)
		if err != nil {
			return Port{}, fmt.Errorf("testbench: %w", err)
		}
		lp := lanePort{name: name, h: h, width: s.batch.Width(h), reached: s.batch.PokesReach(h)}
		for _, p := range s.batch.Inputs() {
			if p.Handle == h {
				lp.input, lp.clock = !p.Clock, p.Clock
			}
		}
		id = int32(len(s.ports))
		s.ports = append(s.ports, lp)
		s.ids[name] = id
	}
	p := &s.ports[id]
	return Port{Name: name, Width: p.width, Input: p.input, id: id}, nil
}

// run resumes the lanes until every one has returned.
func (s *scheduler) run() {
	defer func() {
		// Normally every coroutine has ended; after a Goexit (or a
		// panic of our own) the suspended ones are told to unwind.
		for _, l := range s.lanes {
			l.stop()
		}
	}()
	running := 0
	for _, l := range s.lanes {
		if s.resume(l) {
			running++
		}
	}
	var batch []*laneSim
	for running > 0 {
		s.flush()
		if len(s.peeks) > 0 {
			// Every running lane waits; one settle (by the first Peek)
			// serves all the Peeks.
			batch, s.peeks = s.peeks, batch[:0]
			for _, l := range batch {
				l.serve()
			}
			s.rounds.settles++
		} else {
			batch, s.steps = s.steps, batch[:0]
			if s.probe != nil {
				s.probe.edge(s.probe.peek)
			}
			s.batch.Step(1)
			s.rounds.edges++
		}
		for _, l := range batch {
			if !s.resume(l) {
				running--
			}
		}
	}
}

// queuedPoke is a Poke of a lane that the batch has not seen yet: the
// little-endian words pokeWords[off:off+n] (one word zero-extended for a
// PokeUint64, as rtlsim's PokeUint64Lane does; every word of a Poke's
// Value, whose width the lane checked).
type queuedPoke struct {
	lane   int32
	n      uint32
	off    int
	handle rtlsim.Handle
}

// flush applies the queued Pokes to the batch, in order.
func (s *scheduler) flush() {
	for _, q := range s.pokes {
		s.batch.PokeWordsLane(q.handle, int(q.lane), s.pokeWords[q.off:q.off+int(q.n)])
		s.lanes[q.lane].poked = false
	}
	s.pokes, s.pokeWords = s.pokes[:0], s.pokeWords[:0]
}

// resume runs lane l until it waits again, filing it under what it waits
// for, and reports whether it is still running.
func (s *scheduler) resume(l *laneSim) bool {
	if _, ok := l.next(); !ok {
		return false
	}
	switch l.wait {
	case waitPeek:
		s.peeks = append(s.peeks, l)
	case waitStep:
		s.steps = append(s.steps, l)
	default:
		panic("testbench: a lane suspended without waiting") // a bug of this file
	}
	return true
}

// errStopped unwinds a lane's test when the scheduler stops it.
var errStopped = errors.New("testbench: lane stopped")

// laneSim is the Backend of one lane.
type laneSim struct {
	s     *scheduler
	lane  int
	err   error // the first misuse
	next  func() (struct{}, bool)
	stop  func()
	yield func(struct{}) bool
	wait  waitKind
	req   peekReq
	buf   []uint64 // a wide Peek's words
	// poked is true while the lane has Pokes in the scheduler's queue: its
	// Peeks then wait for the scheduler to apply them.
	poked bool
}

// peekReq is a suspended Peek and, once served, its value.
type peekReq struct {
	h     rtlsim.Handle
	wide  bool // Peek rather than PeekUint64
	width int  // of a wide Peek
	v     bits.Value
	u     uint64
}

func (s *scheduler) newLane(i int, ln Lane, result *error) *laneSim {
	l := &laneSim{s: s, lane: i}
	l.next, l.stop = iter.Pull(func(yield func(struct{}) bool) {
		l.yield = yield
		*result = runLane(i, l, ln)
	})
	return l
}

// runLane runs lane i's test on be, a panic of the test (but the unwinding
// of a stopped lane) becoming a *PanicError.
func runLane(i int, be Backend, ln Lane) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if r == errStopped {
				err = errStopped
				return
			}
			err = &PanicError{Lane: i, Value: r, Stack: debug.Stack()}
		}
	}()
	return runTest(be, ln.Seed, ln.Test)
}

// suspend gives the turn back to the scheduler until it resumes the lane
// with what it waits for.
func (l *laneSim) suspend(w waitKind) {
	l.wait = w
	if !l.yield(struct{}{}) {
		panic(errStopped)
	}
	l.wait = waitNone
}

// serve does the suspended Peek.
func (l *laneSim) serve() {
	b, r := l.s.batch, &l.req
	if r.wide {
		l.buf = b.PeekWordsLane(r.h, l.lane, l.buf[:0])
		r.v = bits.FromWords(r.width, l.buf)
	} else {
		r.u = b.PeekUint64Lane(r.h, l.lane)
	}
}

func (l *laneSim) fail(err error) {
	if l.err == nil {
		l.err = err
	}
}

// port returns what the lane knows of p, or nil (recording the misuse) for
// a Port that is not one of this run's.
func (l *laneSim) port(p Port, what string) *lanePort {
	if p.id < 0 || int(p.id) >= len(l.s.ports) {
		l.fail(fmt.Errorf("rtlsim: %s of an invalid Handle", what))
		return nil
	}
	return &l.s.ports[p.id]
}

// pokeable returns the port when p is an input that a Poke may drive, and
// records the misuse otherwise, with rtlsim's words.
func (l *laneSim) pokeable(p Port) *lanePort {
	lp := l.port(p, "Poke")
	switch {
	case lp == nil:
	case lp.clock:
		l.fail(fmt.Errorf("rtlsim: cannot poke the clock %q: Step drives it", lp.name))
	case !lp.input:
		l.fail(fmt.Errorf("rtlsim: cannot poke %q: only inputs of the top module can be poked", lp.name))
	default:
		return lp
	}
	return nil
}

// Port implements Backend.
func (l *laneSim) Port(name string) (Port, error) { return l.s.port(name) }

// Poke implements Backend.
func (l *laneSim) Poke(p Port, v bits.Value) {
	lp := l.pokeable(p)
	if lp == nil {
		return
	}
	if v.Width() != lp.width {
		l.fail(fmt.Errorf("rtlsim: cannot poke %d-bit value %v into %d-bit input %q", v.Width(), v, lp.width, lp.name))
		return
	}
	s := l.s
	off := len(s.pokeWords)
	for k := range bits.Words(lp.width) {
		s.pokeWords = append(s.pokeWords, v.Word(k))
	}
	l.queue(lp.h, off)
}

// queue queues a Poke of the lane of the words from pokeWords[off:] on.
func (l *laneSim) queue(h rtlsim.Handle, off int) {
	s := l.s
	s.pokes = append(s.pokes, queuedPoke{lane: int32(l.lane), n: uint32(len(s.pokeWords) - off), off: off, handle: h})
	l.poked = true
}

// queueUint64 queues a PokeUint64 of the lane.
func (l *laneSim) queueUint64(h rtlsim.Handle, v uint64) {
	s := l.s
	s.pokeWords = append(s.pokeWords, v)
	l.queue(h, len(s.pokeWords)-1)
}

// PokeUint64 implements Backend.
func (l *laneSim) PokeUint64(p Port, v uint64) {
	if lp := l.pokeable(p); lp != nil {
		l.queueUint64(lp.h, v)
	}
}

// peek returns the settled value of p, suspending the lane when it has
// Pokes queued that can reach p (see the file's comment).
func (l *laneSim) peek(p Port, wide bool) *peekReq {
	what := "PeekUint64"
	if wide {
		what = "Peek"
	}
	lp := l.port(p, what)
	if lp == nil {
		return nil
	}
	l.req = peekReq{h: lp.h, wide: wide, width: lp.width}
	if l.poked && lp.reached {
		l.suspend(waitPeek)
	} else {
		l.serve()
	}
	return &l.req
}

// Peek implements Backend.
func (l *laneSim) Peek(p Port) bits.Value {
	if r := l.peek(p, true); r != nil {
		return r.v
	}
	return bits.Value{}
}

// PeekUint64 implements Backend.
func (l *laneSim) PeekUint64(p Port) uint64 {
	if r := l.peek(p, false); r != nil {
		return r.u
	}
	return 0
}

// Step implements Backend: the lane waits for the batch's edge.
func (l *laneSim) Step() { l.suspend(waitStep) }

// Reset implements Backend for this lane alone: its rst is 1 for one Step,
// then 0. It does nothing when the top has no rst.
func (l *laneSim) Reset() {
	if !l.s.rst.IsValid() {
		return
	}
	l.queueUint64(l.s.rst, 1)
	l.Step()
	l.queueUint64(l.s.rst, 0)
}

// Cycle implements Backend: the batch's edges, which every running lane
// has taken.
func (l *laneSim) Cycle() uint64 { return l.s.batch.Cycle() }

// Err implements Backend.
func (l *laneSim) Err() error { return errors.Join(l.err, l.s.batch.Err()) }

// Close implements Backend; the lane runs on until its test returns.
func (l *laneSim) Close() error { return l.Err() }

// String names the lane, as "rtlsim lane 3 of 16".
func (l *laneSim) String() string {
	return fmt.Sprintf("rtlsim lane %d of %d", l.lane, len(l.s.lanes))
}
