//go:build unix

package vsim

import (
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
