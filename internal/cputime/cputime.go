package cputime

import "time"

var start = time.Now()

// ProcessOrWall returns Process's CPU time or, on a system without a
// process CPU clock, the wall-clock time since the program started: a
// figure that only ever grows, for a benchmark that reports a difference
// of two readings.
func ProcessOrWall() time.Duration {
	if t, ok := Process(); ok {
		return t
	}
	return time.Since(start)
}
