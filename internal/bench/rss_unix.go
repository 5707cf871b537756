//go:build unix

package bench

import (
	"os/exec"
	"runtime"
	"syscall"
)

// peakMiB returns the peak resident memory of a finished command.
func peakMiB(cmd *exec.Cmd) float64 {
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return float64(ru.Maxrss) / (1 << 20) // bytes
	}
	return float64(ru.Maxrss) / (1 << 10) // KiB
}
