//go:build !unix

package cputime

import "time"

// Thread has no CPU clock to read on this system.
func Thread() (time.Duration, bool) { return 0, false }

// Process has no CPU clock to read on this system.
func Process() (time.Duration, bool) { return 0, false }
