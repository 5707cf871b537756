//go:build !unix

package vsim

import (
	"os"
	"os/exec"
)

// killGroup is a no-op where process groups are not available: context
// cancellation kills only the direct child.
func killGroup(*exec.Cmd) {}

// blockingPipe returns a pipe.
func blockingPipe() (r, w *os.File, err error) { return os.Pipe() }
