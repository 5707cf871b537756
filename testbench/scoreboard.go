package testbench

import (
	"fmt"
	"strings"
)

// Scoreboard compares the beats a Sink collects with expected beats, in
// order, as they arrive: the first wrong or unexpected beat fails the bench
// with the beat's index, cycle, and every field that differs. It is a
// Waiter until every expected beat has arrived.
type Scoreboard struct {
	b    *Bench
	sp   *streamPorts
	want []Beat
	got  int
	bad  bool
}

// NewScoreboard adds a scoreboard of the beats k collects to b.
func NewScoreboard(b *Bench, k *Sink) *Scoreboard {
	sb := &Scoreboard{b: b, sp: &k.sp}
	k.OnBeat(sb.check)
	b.Add(sb)
	return sb
}

// Expect appends beats to the expected sequence.
func (sb *Scoreboard) Expect(beats ...Beat) { sb.want = append(sb.want, beats...) }

// ExpectUint64 appends one expected beat given as one value per field.
func (sb *Scoreboard) ExpectUint64(fields ...uint64) {
	bt, err := sb.sp.beat(fields)
	if err != nil {
		sb.b.Fail(err)
		return
	}
	sb.Expect(bt)
}

// Matched returns the number of beats received and found right.
func (sb *Scoreboard) Matched() int { return sb.got }

func (sb *Scoreboard) check(b *Bench, i int, rcv Received) {
	if sb.bad {
		return
	}
	if i >= len(sb.want) {
		sb.bad = true
		b.Failf("testbench: scoreboard %q: unexpected beat %d at cycle %d: %v (only %d expected)",
			sb.sp.Name, i, rcv.Cycle, rcv.Beat, len(sb.want))
		return
	}
	want := sb.want[i]
	var diffs []string
	for f, v := range rcv.Beat {
		if f < len(want) && !v.Equal(want[f]) {
			name := sb.sp.Fields[f]
			diffs = append(diffs, sb.sp.Formats[name].diff(name, v, want[f]))
		}
	}
	if len(diffs) > 0 || len(want) != len(rcv.Beat) {
		sb.bad = true
		if len(diffs) == 0 {
			diffs = append(diffs, fmt.Sprintf("%d fields, want %d", len(rcv.Beat), len(want)))
		}
		b.Failf("testbench: scoreboard %q: beat %d (cycle %d): %s", sb.sp.Name, i, rcv.Cycle, strings.Join(diffs, "; "))
		return
	}
	sb.got++
}

// Drive implements Component; a Scoreboard drives nothing.
func (sb *Scoreboard) Drive(*Bench) {}

// Sample implements Component; the Sink hands the scoreboard its beats.
func (sb *Scoreboard) Sample(*Bench) {}

// Waiting implements Waiter: expected beats have not arrived (and none was
// wrong).
func (sb *Scoreboard) Waiting() bool { return sb.got < len(sb.want) && !sb.bad }

// Pending implements Waiter.
func (sb *Scoreboard) Pending() string {
	return fmt.Sprintf("scoreboard %q: %d of %d expected beats received; %s stays low or %s is held low",
		sb.sp.Name, sb.got, len(sb.want), sb.sp.Valid, sb.sp.Ready)
}

// Check returns an error unless every expected beat has arrived.
func (sb *Scoreboard) Check() error {
	if sb.got < len(sb.want) && !sb.bad {
		return fmt.Errorf("testbench: scoreboard %q: %d of %d expected beats received", sb.sp.Name, sb.got, len(sb.want))
	}
	return nil
}
