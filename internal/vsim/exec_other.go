//go:build !unix

package vsim

import "os/exec"

// killGroup is a no-op where process groups are not available: context
// cancellation kills only the direct child.
func killGroup(*exec.Cmd) {}
