//go:build unix

package tiling

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time (user+system) of the process so far, for
// the lane benchmarks' per-CPU-second figures (the machine is shared).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
