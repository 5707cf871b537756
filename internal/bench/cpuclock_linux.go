package bench

import (
	"syscall"
	"time"
	"unsafe"
)

// Linux's CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID. They count
// the scheduler's exact run time; getrusage(RUSAGE_THREAD) splits it into
// user and system time by sampling at the timer tick, which over a phase of
// a few milliseconds can read 0.
const (
	clockProcessCPU = 2
	clockThreadCPU  = 3
)

// cpuTime returns the CPU time (user+system) of the calling thread, or of
// the process.
func cpuTime(process bool) (time.Duration, bool) {
	clock := clockThreadCPU
	if process {
		clock = clockProcessCPU
	}
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(clock), uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
