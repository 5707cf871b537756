//go:build unix && !linux

package cputime

import (
	"syscall"
	"time"
)

// Thread has no per-thread CPU clock to read outside Linux.
func Thread() (time.Duration, bool) { return 0, false }

// Process returns the CPU time (user+system) of the process, every thread,
// from getrusage.
func Process() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
