package cputime

import (
	"runtime"
	"testing"
	"time"
)

// spin burns CPU on the calling thread until the wall clock has advanced
// by d.
func spin(d time.Duration) uint64 {
	var x uint64 = 1
	for t := time.Now(); time.Since(t) < d; {
		for range 1000 {
			x = x*6364136223846793005 + 1442695040888963407
		}
	}
	return x
}

// TestClocksAdvance checks that both clocks count a busy phase: they
// advance, and never run backwards. (No timing bound: the machine is
// shared, and a descheduled thread may count less than the wall clock.)
func TestClocksAdvance(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, c := range []struct {
		name string
		read func() (time.Duration, bool)
	}{{"Thread", Thread}, {"Process", Process}} {
		t0, ok := c.read()
		if !ok {
			if runtime.GOOS == "linux" {
				t.Errorf("%s: no clock on Linux", c.name)
			}
			continue
		}
		spin(20 * time.Millisecond)
		t1, ok := c.read()
		if !ok {
			t.Fatalf("%s: the clock read once, then failed", c.name)
		}
		if t1 <= t0 {
			t.Errorf("%s: %v then %v after a 20 ms busy loop: the clock did not advance", c.name, t0, t1)
		}
	}
}
