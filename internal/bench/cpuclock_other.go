//go:build !linux

package bench

import "time"

// cpuTime has no per-thread CPU clock to read outside Linux: the bench
// measures wall-clock time there (ClockWall).
func cpuTime(bool) (time.Duration, bool) { return 0, false }
