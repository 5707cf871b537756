package vsim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// ToolError is the failure of an external tool: its command line, working
// directory and the head of what it printed.
type ToolError struct {
	Cmd    []string
	Dir    string
	Output string // trimmed stderr, or stdout when stderr was empty
	Err    error  // the exit status, or why the tool could not start
}

func (e *ToolError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "vsim: %s", strings.Join(e.Cmd, " "))
	if e.Dir != "" {
		fmt.Fprintf(&b, " (in %s)", e.Dir)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	if e.Output != "" {
		b.WriteString("\n")
		b.WriteString(e.Output)
	}
	return b.String()
}

func (e *ToolError) Unwrap() error { return e.Err }

// maxOutputLines bounds the tool output kept in a ToolError: the first
// errors of a compiler are the informative ones.
const maxOutputLines = 60

// trimOutput keeps the first maxOutputLines lines of out.
func trimOutput(out []byte) string {
	s := strings.TrimSpace(string(out))
	lines := strings.SplitN(s, "\n", maxOutputLines+1)
	if len(lines) > maxOutputLines {
		more := strings.Count(lines[maxOutputLines], "\n") + 1
		s = strings.Join(lines[:maxOutputLines], "\n") + fmt.Sprintf("\n... (%d more lines)", more)
	}
	return s
}

// run runs name with args in dir and returns its stdout. On failure the
// error is a *ToolError; when ctx ends first, the whole process group is
// killed and the error wraps ctx.Err().
func run(ctx context.Context, dir, name string, args ...string) ([]byte, error) {
	out, _, err := runCPU(ctx, dir, name, args...)
	return out, err
}

// runCPU is run that also returns the user+system CPU time of the
// process (0 when it could not start).
func runCPU(ctx context.Context, dir, name string, args ...string) ([]byte, time.Duration, error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	killGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	err := cmd.Run()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	if err == nil {
		return stdout.Bytes(), cpu, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		err = errors.Join(ctxErr, err)
	}
	out := stderr.Bytes()
	if len(bytes.TrimSpace(out)) == 0 {
		out = stdout.Bytes()
	}
	return stdout.Bytes(), cpu, &ToolError{Cmd: append([]string{name}, args...), Dir: dir, Output: trimOutput(out), Err: err}
}
