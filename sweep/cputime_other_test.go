//go:build !unix

package sweep

import "time"

var processStart = time.Now()

// processCPU has no CPU clock here: it returns the wall-clock time since
// the test binary started.
func processCPU() time.Duration { return time.Since(processStart) }
