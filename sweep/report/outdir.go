package report

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/systole-hdl/systole/internal/safefile"
	"github.com/systole-hdl/systole/sweep/spec"
)

// Output is where one sweep, or one shard of it, writes: DIR/<base>.csv
// and DIR/<base>.jsonl (base is Shard.FileBase), and for a whole sweep the
// plots. While open it holds a lock on DIR/.<base>.lock, so a second sweep
// (or merge) into the same files fails at once instead of interleaving its
// rows; the shards of one job array have distinct bases, so they share a
// directory without waiting on each other.
type Output struct {
	Dir, Base string
	// Force lets Create replace files of these names that systole did not
	// write.
	Force bool
	lock  *os.File
}

// OpenOutput creates dir if needed and locks the files of shard sh in it.
func OpenOutput(dir string, sh spec.Shard) (*Output, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	o := &Output{Dir: dir, Base: sh.FileBase()}
	path := filepath.Join(dir, "."+o.Base+".lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	busy, err := tryLock(f)
	if err == nil && busy {
		err = fmt.Errorf("sweep: %s is being written by another sweep or merge (it holds %s); wait for it to finish, or use another -o", o.JSONL(), path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	o.lock = f
	return o, nil
}

// CSV is the path of the CSV file.
func (o *Output) CSV() string { return filepath.Join(o.Dir, o.Base+".csv") }

// JSONL is the path of the JSON Lines file.
func (o *Output) JSONL() string { return filepath.Join(o.Dir, o.Base+".jsonl") }

// Close releases the lock.
func (o *Output) Close() error { return o.lock.Close() }

// Create starts fresh CSV and JSON Lines files holding rows (the rows a
// resumed sweep keeps), replacing systole's own files of those names (never
// a user's file, unless Force), and returns a Writer that appends to them.
func (o *Output) Create(rows []Row) (*Writer, error) {
	return create(o.CSV(), o.JSONL(), rows, o.Force)
}

// ownedOutput recognises the sweep's own files, which carry no comment:
// its CSV header, its JSON Lines rows and its plots' titles.
func ownedOutput(path string, head []byte) bool {
	switch filepath.Ext(path) {
	case ".csv":
		return bytes.HasPrefix(head, []byte("point,rows,cols,"))
	case ".jsonl":
		return bytes.HasPrefix(head, []byte(`{"point":`))
	case ".svg":
		return slices.ContainsFunc(plotTitles, func(t string) bool { return bytes.Contains(head, []byte(t)) })
	}
	return false
}

// checkTargets reports the paths that may not be replaced (a user's file,
// a symbolic link).
func checkTargets(force bool, paths ...string) error {
	s := safefile.Set{Force: force, Owned: ownedOutput}
	for _, p := range paths {
		s.Add(p, nil)
	}
	if err := s.Check(); err != nil {
		return fmt.Errorf("sweep: %s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return nil
}
