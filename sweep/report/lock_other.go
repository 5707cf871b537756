//go:build !unix

package report

import (
	"errors"
	"os"
)

// tryLock cannot lock without flock: on such systems two sweeps into one
// directory are not detected, and the error says so once asked.
func tryLock(f *os.File) (busy bool, err error) {
	return false, errors.New("sweep: locking the output needs a Unix system")
}
