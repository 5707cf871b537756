package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard selects point i of a sweep when i mod N == I; the zero Shard
// selects every point.
type Shard struct{ I, N int }

func (s Shard) String() string { return fmt.Sprintf("%d/%d", s.I, s.N) }

// FileBase is the base name of the shard's output files:
// sweep.shard-I-of-N, or sweep for the whole sweep.
func (s Shard) FileBase() string {
	if s.N <= 1 {
		return "sweep"
	}
	return fmt.Sprintf("sweep.shard-%d-of-%d", s.I, s.N)
}

// Has reports whether the shard runs point index i.
func (s Shard) Has(i int) bool { return s.N <= 1 || i%s.N == s.I }

// ParseShard parses "i/n" with 0 <= i < n.
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, e1 := strconv.Atoi(a)
	n, e2 := strconv.Atoi(b)
	if !ok || e1 != nil || e2 != nil || n < 1 || i < 0 || i >= n {
		return Shard{}, fmt.Errorf("sweep: shard %q: want i/n with 0 <= i < n", s)
	}
	return Shard{i, n}, nil
}
