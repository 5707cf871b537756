package report

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/systole-hdl/systole/sweep/spec"
)

// ErrForeignRows marks the errors of Resume and Merge about rows of
// another sweep or shard count, or no rows at all: bad input, not a
// failure of the run.
var ErrForeignRows = errors.New("rows of another sweep")

// foreign wraps a message as an ErrForeignRows.
func foreign(format string, args ...any) error {
	return &foreignErr{fmt.Sprintf(format, args...)}
}

type foreignErr struct{ msg string }

func (e *foreignErr) Error() string        { return e.msg }
func (e *foreignErr) Is(target error) bool { return target == ErrForeignRows }

// origin names the sweep and shard a row belongs to, for errors.
func (r Row) origin() string {
	if r.Spec == "" {
		return "a row without a spec hash (written by an older systole)"
	}
	return fmt.Sprintf("spec %s (seed %d), shard %d of %d", r.Spec, r.Seed, r.Shard, r.Shards)
}

// Resume reads the rows a run of the same sweep and shard left in the
// JSON Lines file at path (a missing file has none) and returns the rows to
// keep and their keys, for sweep.Options.Done. Rows of another spec, seed or
// shard are an error: the run they came from answered another question.
// A truncated last line (a run killed mid-write) is dropped; only the rows
// of points whose every GEMM finished ok are kept, since sweep.Run re-runs a
// point whole, so no row is ever reported twice.
func Resume(path string, s spec.Spec, sh spec.Shard) ([]Row, map[string]bool, error) {
	hash, err := s.Hash()
	if err != nil {
		return nil, nil, err
	}
	old, err := ReadJSONL(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, map[string]bool{}, nil
	}
	if err != nil {
		return nil, nil, err
	}
	want := Row{Spec: hash, Seed: s.Seed, Shard: sh.I, Shards: max(sh.N, 1)}
	for i, r := range old {
		if r.Spec != want.Spec || r.Seed != want.Seed || r.Shard != want.Shard || r.Shards != want.Shards {
			return nil, nil, foreign("sweep: --resume: %s:%d: %s, but this sweep is %s: it continues only the same sweep; use another -o, or run without --resume to start afresh",
				path, i+1, r.origin(), want.origin())
		}
	}
	pts, gemms, _ := s.Points() // Hash checked the spec
	byKey := map[string]Row{}
	for _, r := range old {
		byKey[r.Key()] = r // the last of duplicates wins
	}
	var kept []Row
	done := map[string]bool{}
	for _, p := range pts {
		whole := true
		for _, g := range gemms {
			r, ok := byKey[p.Key()+"|"+g.Name]
			whole = whole && ok && r.Status == "ok"
		}
		if !whole {
			continue
		}
		for _, g := range gemms {
			k := p.Key() + "|" + g.Name
			kept = append(kept, byKey[k])
			done[k] = true
		}
	}
	return kept, done, nil
}

// Merge joins the rows of shard outputs into one table in canonical
// order. Every row must come from the same sweep (spec hash and seed) and
// the same shard count, and there must be rows: anything else is an error
// naming the two files that disagree. A row that appears in more than one
// file is kept once (the last read, so a re-run shard wins).
func Merge(paths ...string) ([]Row, error) {
	if len(paths) == 0 {
		return nil, foreign("sweep: merge: no shard outputs")
	}
	byKey := map[string]Row{}
	var keys []string
	var first Row
	firstAt := ""
	for _, p := range paths {
		rows, err := ReadJSONL(p)
		if err != nil {
			return nil, err
		}
		for i, r := range rows {
			at := fmt.Sprintf("%s:%d", p, i+1)
			switch {
			case r.Spec == "":
				return nil, foreign("sweep: merge: %s: %s; rerun that sweep", at, r.origin())
			case firstAt == "":
				first, firstAt = r, at
			case r.Spec != first.Spec || r.Seed != first.Seed:
				return nil, foreign("sweep: merge: %s is %s but %s is %s: shards of different sweeps", firstAt, first.origin(), at, r.origin())
			case r.Shards != first.Shards:
				return nil, foreign("sweep: merge: %s is %s but %s is %s: shards of one sweep split %d and %d ways",
					firstAt, first.origin(), at, r.origin(), first.Shards, r.Shards)
			}
			if _, ok := byKey[r.Key()]; !ok {
				keys = append(keys, r.Key())
			}
			byKey[r.Key()] = r
		}
	}
	if len(keys) == 0 {
		return nil, foreign("sweep: merge: no rows in %s", strings.Join(paths, ", "))
	}
	out := make([]Row, 0, len(keys))
	for _, k := range keys {
		out = append(out, byKey[k])
	}
	SortRows(out)
	return out, nil
}

// Missing returns the shard indices of 0..rows[0].Shards-1 that no row
// of a merge comes from.
func Missing(rows []Row) []int {
	if len(rows) == 0 {
		return nil
	}
	var have []int
	for _, r := range rows {
		have = append(have, r.Shard)
	}
	var out []int
	for i := range rows[0].Shards {
		if !slices.Contains(have, i) {
			out = append(out, i)
		}
	}
	return out
}
