package bench

import (
	"runtime"
	"time"

	"github.com/systole-hdl/systole/internal/cputime"
)

// A cpuClock measures one phase of a run in CPU time: the thread CPU time
// of the measuring goroutine (locked to its OS thread for the phase), or,
// for a phase that runs goroutines of its own, the CPU time of the whole
// process. Where the system has neither clock it measures wall-clock time
// and says so in its kind.
type cpuClock struct {
	process bool
	kind    string
	start   time.Duration
	wall    time.Time
}

// Kinds of CPU clock, as Result.CPUClock and BatchResult.CPUClock report
// them.
const (
	ClockThread  = "thread"  // the measuring thread's user+system CPU time
	ClockProcess = "process" // the process's user+system CPU time, every thread
	ClockWall    = "wall"    // no CPU clock on this system: wall-clock time
)

// startCPU starts a clock of the measuring thread (process false) or of
// the process. A thread clock locks the calling goroutine to its OS thread
// until stop.
func startCPU(process bool) *cpuClock {
	c := &cpuClock{process: process, wall: time.Now()}
	if !process {
		runtime.LockOSThread()
	}
	if t, ok := cpuTime(process); ok {
		c.start = t
		c.kind = ClockThread
		if process {
			c.kind = ClockProcess
		}
	} else {
		c.kind = ClockWall
	}
	return c
}

// mark restarts the clock: its figure will count from now. Read from a
// coroutine of the goroutine that started a thread clock, it reads the same
// thread (a coroutine runs on its creator's locked thread).
func (c *cpuClock) mark() {
	c.wall = time.Now()
	if t, ok := cpuTime(c.process); ok && c.kind != ClockWall {
		c.start = t
	}
}

// stop returns the seconds of CPU time (or wall-clock time, for a
// ClockWall clock) since startCPU.
func (c *cpuClock) stop() float64 {
	var d time.Duration
	if t, ok := cpuTime(c.process); ok && c.kind != ClockWall {
		d = t - c.start
	} else {
		d = time.Since(c.wall)
	}
	if !c.process {
		runtime.UnlockOSThread()
	}
	return d.Seconds()
}

// cpuTime returns the CPU time (user+system) of the calling thread, or of
// the process.
func cpuTime(process bool) (time.Duration, bool) {
	if process {
		return cputime.Process()
	}
	return cputime.Thread()
}
