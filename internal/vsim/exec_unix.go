//go:build unix

package vsim

import (
	"os"
	"os/exec"
	"syscall"
)

// killGroup makes cmd the leader of a new process group and has context
// cancellation kill the whole group, so the compilers that make and
// verilator start die with them.
func killGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// blockingPipe returns a pipe whose ends are in blocking mode, so that reads
// and writes are plain system calls instead of going through the runtime's
// poller: for the many tiny round trips of an interactive model that halves
// the latency.
func blockingPipe() (r, w *os.File, err error) {
	var fds [2]int
	if err := syscall.Pipe2(fds[:], syscall.O_CLOEXEC); err != nil {
		return nil, nil, err
	}
	return os.NewFile(uintptr(fds[0]), "|0"), os.NewFile(uintptr(fds[1]), "|1"), nil
}
