package limits

import (
	"io"
	"os"
)

// ReadFile reads the file at path, refusing one longer than FileBytes
// before reading past the limit, so that an endless file (/dev/zero, a
// FIFO) cannot exhaust memory.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	max := FileBytes.Max
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		if err := FileBytes.Check(path, fi.Size()); err != nil {
			return nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, &Error{Limit: FileBytes, Subject: path, N: max, Max: max, AtLeast: true}
	}
	return data, nil
}
