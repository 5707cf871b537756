package cputime

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

// Thread returns the CPU time (user+system) the calling OS thread has used.
// A caller measuring a phase locks its goroutine to the thread
// (runtime.LockOSThread) for the phase.
func Thread() (time.Duration, bool) { return clock(clockThreadCPU) }

// Process returns the CPU time (user+system) of the process, every thread.
func Process() (time.Duration, bool) { return clock(clockProcessCPU) }

func clock(id int) (time.Duration, bool) {
	var ts syscall.Timespec
	if _, _, e := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, uintptr(id), uintptr(unsafe.Pointer(&ts)), 0); e != 0 {
		return 0, false
	}
	return time.Duration(ts.Nano()), true
}
