package dsl

import (
	"runtime"
	"testing"
)

func line() int {
	_, _, l, _ := runtime.Caller(1)
	return l
}

// lateHelper builds a constant, and then marks itself a helper when mark
// is set: the constant of a call before the mark is blamed on lateHelper,
// of a call after it on the caller.
func lateHelper(mark bool) (Signal, int) {
	s, l := U(1, 0), line()
	if mark {
		Helper()
	}
	return s, l
}

// deepHelper builds a constant depth helper frames below its caller.
func deepHelper(depth int) Signal {
	Helper()
	if depth == 0 {
		return B(true)
	}
	return deepHelper(depth - 1)
}

// forgetHelpers empties the position cache and the helper marks, which
// live as long as the process, so that a test marking a helper can run
// again (go test -count).
func forgetHelpers() {
	c := &posCache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.helpers, c.marked, c.frames = nil, nil, nil
}

func TestCallerPosCache(t *testing.T) {
	forgetHelpers()
	want := func(s Signal, l int) {
		t.Helper()
		if got := s.n.Pos; got.File != "dsl/pos_test.go" || got.Line != l {
			t.Errorf("constant at %v, want dsl/pos_test.go:%d", got, l)
		}
	}
	// The same call site, twice: the cached frame gives the same position.
	for range 2 {
		s, l := U(8, 1), line()
		want(s, l)
	}
	// A mark made after the site was cached still moves the blame.
	s, inside := lateHelper(false)
	want(s, inside)
	s, _ = lateHelper(true)
	want(s, inside)
	s, _ = lateHelper(false)
	want(s, line()-1)
	// Helpers deeper than the first, short unwind.
	for _, depth := range []int{0, 2, 5, 20} {
		s := deepHelper(depth)
		want(s, line()-1)
	}
}

// TestCallerPosConcurrent: generators may record in parallel (sweep does);
// the cache is shared. Run with -race.
func TestCallerPosConcurrent(t *testing.T) {
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			msg := ""
			for range 200 {
				s, l := deepHelper(3), line()
				if p := s.n.Pos; p.File != "dsl/pos_test.go" || p.Line != l {
					msg = p.String()
				}
			}
			errs <- msg
		}()
	}
	for range 8 {
		if msg := <-errs; msg != "" {
			t.Errorf("constant at %s, want this test's line", msg)
		}
	}
}

// Outside any build there is no module to record a misuse in: Set on a
// constant panics with a *BuildError at the caller's line, as the package
// doc says (inside a build the same call is an error from elaborate).
func TestSetOutsideBuildPanicsWithPosition(t *testing.T) {
	var want int
	defer func() {
		r := recover()
		be, ok := r.(*BuildError)
		if !ok {
			t.Fatalf("recovered %T %v, want *BuildError", r, r)
		}
		if be.Pos.Line != want {
			t.Errorf("BuildError at line %d, want %d: %v", be.Pos.Line, want, be)
		}
	}()
	want = line() + 1
	U(4, 1).Set(2)
}
