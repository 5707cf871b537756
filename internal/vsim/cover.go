package vsim

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"strings"
	"sync"
	"time"
)

// CoverPrefix opens the line the emitted Verilog prints at each hit of a
// cover point when the simulator runs with +CoverPlusarg: the instance
// (%m) and the cover's name (emit.CoverPrefix; vsim does not import emit).
const CoverPrefix = "systole-cover: "

// CoverPlusarg turns the cover lines on (emit.CoverPlusarg).
const CoverPlusarg = "systole_covers"

// syncLine is what an interactive harness prints on stdout before it
// answers 'c'.
const syncLine = "systole-sync"

// coverKey turns a cover line's instance and name into the key of Covers:
// the instance path below the top, a dot, the name ("u.near_limit", or
// "near_limit" in the top). top is the instance path of the top module in
// the simulator ("TOP.dut_name" in Verilator).
func coverKey(rest, top string) (string, bool) {
	inst, name, ok := strings.Cut(rest, " ")
	if !ok || name == "" {
		return "", false
	}
	switch {
	case inst == top:
		return name, true
	case strings.HasPrefix(inst, top+"."):
		return inst[len(top)+1:] + "." + name, true
	}
	return "", false
}

// countCovers counts the cover lines of a simulator's output.
func countCovers(out []byte, top string) map[string]uint64 {
	counts := map[string]uint64{}
	for line := range bytes.Lines(out) {
		line = bytes.TrimRight(line, "\r\n")
		if rest, ok := bytes.CutPrefix(line, []byte(CoverPrefix)); ok {
			if k, ok := coverKey(string(rest), top); ok {
				counts[k]++
			}
		}
	}
	return counts
}

// coverScanner is the stdout of an interactive model: it counts the cover
// lines, signals each sync line and passes every other line on.
type coverScanner struct {
	mu      sync.Mutex
	next    io.Writer
	top     string
	partial []byte
	counts  map[string]uint64
	synced  chan struct{}
}

func newCoverScanner(next io.Writer, top string) *coverScanner {
	return &coverScanner{next: next, top: top, counts: map[string]uint64{}, synced: make(chan struct{}, 1)}
}

func (c *coverScanner) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.partial = append(c.partial, p...)
	for {
		i := bytes.IndexByte(c.partial, '\n')
		if i < 0 {
			break
		}
		line := c.partial[:i+1]
		text := string(bytes.TrimRight(line, "\r\n"))
		switch rest, isCover := strings.CutPrefix(text, CoverPrefix); {
		case isCover:
			if k, ok := coverKey(rest, c.top); ok {
				c.counts[k]++
			} else {
				c.next.Write(line)
			}
		case text == syncLine:
			select {
			case c.synced <- struct{}{}:
			default:
			}
		default:
			c.next.Write(line)
		}
		c.partial = c.partial[i+1:]
	}
	if len(c.partial) > 1<<16 { // a line with no end: pass it on
		c.next.Write(c.partial)
		c.partial = c.partial[:0]
	}
	return len(p), nil
}

// Covers returns how often each cover point of the design was hit so far,
// keyed by its instance path below the top and its name ("u.near_limit";
// "near_limit" in the top), as the emitted Verilog's cover lines say
// (Verilog names). Cover points never hit are absent.
func (s *Session) Covers() (map[string]uint64, error) {
	if s.err != nil {
		return nil, s.err
	}
	select { // a stale signal from nowhere cannot count
	case <-s.covers.synced:
	default:
	}
	s.buf = append(s.buf, 'c')
	s.stepAt = -1
	if !s.flush() {
		return nil, s.err
	}
	var reply [4]byte
	if _, err := io.ReadFull(s.fromKid, reply[:]); err != nil {
		s.fail(err)
		return nil, s.err
	}
	select {
	case <-s.covers.synced:
	case <-time.After(10 * time.Second):
		s.fail(errors.New("the cover lines did not arrive"))
		return nil, s.err
	}
	s.covers.mu.Lock()
	defer s.covers.mu.Unlock()
	return maps.Clone(s.covers.counts), nil
}
