package testbench

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/systole-hdl/systole/bits"
)

// Stream names the ports of one valid/ready stream of the design. A beat
// transfers on a rising edge where Valid and Ready are both 1; Fields are
// the ports the beat carries (data, last, ...), in the order of a Beat.
type Stream struct {
	// Name identifies the stream in messages, such as "in".
	Name         string
	Valid, Ready string
	Fields       []string
	// Formats says how messages show a field's values beside their hex:
	// by field name, absent fields in hex only.
	Formats map[string]Format
}

// Format is how a field's values read in messages.
type Format struct {
	// Elem is the width of the elements a field packs (element e at
	// [e*Elem +: Elem]); 0 reads the field as one number.
	Elem int
	// Signed reads the field (or each element) as two's complement:
	// 18'h3fff2 shows as -14.
	Signed bool
}

// decimal formats v's elements (or v, for Elem 0) as decimals.
func (f Format) decimal(v bits.Value) []string {
	var out []string
	for _, e := range f.split(v) {
		if f.Signed {
			out = append(out, e.SignedBig().String())
		} else {
			out = append(out, e.Big().String())
		}
	}
	return out
}

// split returns v's elements, or v itself for Elem 0.
func (f Format) split(v bits.Value) []bits.Value {
	if f.Elem <= 0 || f.Elem >= v.Width() {
		return []bits.Value{v}
	}
	var es []bits.Value
	for lo := 0; lo+f.Elem <= v.Width(); lo += f.Elem {
		es = append(es, v.Slice(lo, f.Elem))
	}
	return es
}

// diff describes a field that differs: the hex values and, with a format,
// the decimal value of each element that differs.
func (f Format) diff(name string, got, want bits.Value) string {
	s := fmt.Sprintf("%s = %v, want %v", name, got, want)
	if f == (Format{}) || got.Width() != want.Width() {
		return s
	}
	g, w := f.decimal(got), f.decimal(want)
	if len(g) == 1 {
		return fmt.Sprintf("%s = %v (%s), want %v (%s)", name, got, g[0], want, w[0])
	}
	var els []string
	for e := range g {
		if g[e] != w[e] {
			els = append(els, fmt.Sprintf("[%d] %s, want %s", e, g[e], w[e]))
		}
	}
	return s + "; elements " + strings.Join(els, ", ")
}

// NewStream returns the stream named prefix whose ports are prefix_valid,
// prefix_ready and prefix_FIELD for each field: NewStream("a", "data",
// "last") is a_valid, a_ready, a_data, a_last (the names dsl.Stream gives).
func NewStream(prefix string, fields ...string) Stream {
	s := Stream{Name: prefix, Valid: prefix + "_valid", Ready: prefix + "_ready"}
	for _, f := range fields {
		s.Fields = append(s.Fields, prefix+"_"+f)
	}
	return s
}

// Beat is the field values of one transfer, in Stream.Fields order.
type Beat []bits.Value

// String formats a beat as its values, such as [8'h2a 1'h1].
func (bt Beat) String() string {
	s := make([]string, len(bt))
	for i, v := range bt {
		s[i] = v.String()
	}
	return "[" + strings.Join(s, " ") + "]"
}

// Equal reports whether two beats hold equal values.
func (bt Beat) Equal(o Beat) bool {
	if len(bt) != len(o) {
		return false
	}
	for i := range bt {
		if !bt[i].Equal(o[i]) {
			return false
		}
	}
	return true
}

// streamPorts is a Stream looked up in a backend.
type streamPorts struct {
	Stream
	valid, ready Port
	fields       []Port
}

func lookup(b *Bench, s Stream) streamPorts {
	sp := streamPorts{Stream: s, valid: b.Port(s.Valid), ready: b.Port(s.Ready)}
	for _, f := range s.Fields {
		sp.fields = append(sp.fields, b.Port(f))
	}
	return sp
}

// beat builds a beat from uint64 field values, truncated to the widths.
func (sp *streamPorts) beat(vals []uint64) (Beat, error) {
	if len(vals) != len(sp.fields) {
		return nil, fmt.Errorf("testbench: stream %q: beat of %d values, the stream has %d fields %v",
			sp.Name, len(vals), len(sp.fields), sp.Fields)
	}
	bt := make(Beat, len(vals))
	for i, v := range vals {
		bt[i] = bits.FromUint64(max(1, sp.fields[i].Width), v)
	}
	return bt, nil
}

func (sp *streamPorts) peekBeat(be Backend) Beat {
	bt := make(Beat, len(sp.fields))
	for i, f := range sp.fields {
		bt[i] = be.Peek(f)
	}
	return bt
}

// Source drives a stream input of the design from a queue of beats. In a
// cycle where it presents no beat it starts presenting the next one with
// probability 1-Gap (Gap 0 is full rate), decided before and independently
// of ready; a presented beat holds, valid high and fields stable, until the
// edge that transfers it.
type Source struct {
	b   *Bench
	sp  streamPorts
	r   *rand.Rand
	Gap float64
	// Junk drives random field values in the cycles where valid is low, to
	// catch a design that uses them without valid.
	Junk  bool
	queue []Beat
	head  int
	valid bool   // presenting queue[head]
	since uint64 // cycle valid rose
	sent  int
}

// NewSource adds a Source for the input stream s to b, with random gaps of
// probability gap drawn from b.Rand("source "+s.Name).
func NewSource(b *Bench, s Stream, gap float64) *Source {
	src := &Source{b: b, sp: lookup(b, s), r: b.Rand("source " + s.Name), Gap: gap}
	for _, p := range append([]Port{src.sp.valid}, src.sp.fields...) {
		if p.id >= 0 && !p.Input {
			b.Failf("testbench: source %q: %s is not an input of the design", s.Name, p.Name)
		}
	}
	b.Add(src)
	return src
}

// Push queues beats to send.
func (src *Source) Push(beats ...Beat) { src.queue = append(src.queue, beats...) }

// PushUint64 queues one beat given as one value per field.
func (src *Source) PushUint64(fields ...uint64) {
	bt, err := src.sp.beat(fields)
	if err != nil {
		src.b.Fail(err)
		return
	}
	src.Push(bt)
}

// Len returns the number of beats not yet transferred.
func (src *Source) Len() int { return len(src.queue) - src.head }

// Sent returns the number of beats transferred.
func (src *Source) Sent() int { return src.sent }

// Drive implements Component.
func (src *Source) Drive(b *Bench) {
	be := b.be
	if !src.valid && src.head < len(src.queue) && (src.Gap <= 0 || src.r.Float64() >= src.Gap) {
		src.valid = true
		src.since = be.Cycle()
		for i, f := range src.sp.fields {
			be.Poke(f, src.queue[src.head][i])
		}
	}
	if !src.valid && src.Junk {
		for _, f := range src.sp.fields {
			if f.Width <= 64 {
				be.PokeUint64(f, src.r.Uint64())
				continue
			}
			w := make([]uint64, bits.Words(f.Width))
			for i := range w {
				w[i] = src.r.Uint64()
			}
			be.Poke(f, bits.FromWords(f.Width, w))
		}
	}
	be.PokeUint64(src.sp.valid, b2u(src.valid))
}

// Sample implements Component.
func (src *Source) Sample(b *Bench) {
	if src.valid && b.be.PeekUint64(src.sp.ready) != 0 {
		src.valid = false
		src.queue[src.head] = nil
		src.head++
		src.sent++
	}
}

// Reset implements Resetter: a beat presented but not transferred is
// presented again after the reset.
func (src *Source) Reset(*Bench) { src.valid = false }

// Waiting implements Waiter: the source has beats to send.
func (src *Source) Waiting() bool { return src.Len() > 0 }

// Pending implements Waiter.
func (src *Source) Pending() string {
	n := src.Len()
	s := fmt.Sprintf("source %q: %d of %d beats not sent", src.sp.Name, n, len(src.queue))
	if src.valid {
		s += fmt.Sprintf("; %s high since cycle %d, waiting for %s", src.sp.Valid, src.since, src.sp.Ready)
	}
	return s
}

// Received is a beat a Sink collected, with the cycle of its transfer (the
// backend's Cycle before the edge).
type Received struct {
	Beat  Beat
	Cycle uint64
}

// Sink drives the ready input of a stream output of the design, low with
// probability Backpressure in each cycle (0: always ready), and collects
// the beats transferred.
type Sink struct {
	sp           streamPorts
	r            *rand.Rand
	Backpressure float64
	ready        bool
	got          []Received
	want         int
	last         uint64 // cycle of the last transfer
	observers    []func(b *Bench, i int, rcv Received)
}

// NewSink adds a Sink for the output stream s to b, with backpressure of
// probability bp drawn from b.Rand("sink "+s.Name).
func NewSink(b *Bench, s Stream, bp float64) *Sink {
	k := &Sink{sp: lookup(b, s), r: b.Rand("sink " + s.Name), Backpressure: bp}
	if p := k.sp.ready; p.id >= 0 && !p.Input {
		b.Failf("testbench: sink %q: %s is not an input of the design", s.Name, p.Name)
	}
	b.Add(k)
	return k
}

// Expect makes the sink wait (see Waiter) until it has n more beats.
func (k *Sink) Expect(n int) { k.want += n }

// Received returns the beats collected so far.
func (k *Sink) Received() []Received { return k.got }

// Beats returns the beats collected so far, without their cycles.
func (k *Sink) Beats() []Beat {
	out := make([]Beat, len(k.got))
	for i, r := range k.got {
		out[i] = r.Beat
	}
	return out
}

// OnBeat calls f with the index and value of every beat collected from now
// on, in order.
func (k *Sink) OnBeat(f func(b *Bench, i int, rcv Received)) {
	k.observers = append(k.observers, f)
}

// Drive implements Component.
func (k *Sink) Drive(b *Bench) {
	k.ready = k.Backpressure <= 0 || k.r.Float64() >= k.Backpressure
	b.be.PokeUint64(k.sp.ready, b2u(k.ready))
}

// Sample implements Component.
func (k *Sink) Sample(b *Bench) {
	if !k.ready || b.be.PeekUint64(k.sp.valid) == 0 {
		return
	}
	rcv := Received{Beat: k.sp.peekBeat(b.be), Cycle: b.be.Cycle()}
	k.got = append(k.got, rcv)
	k.last = rcv.Cycle
	for _, f := range k.observers {
		f(b, len(k.got)-1, rcv)
	}
}

// Waiting implements Waiter: the sink expects more beats (see Expect).
func (k *Sink) Waiting() bool { return len(k.got) < k.want }

// Pending implements Waiter.
func (k *Sink) Pending() string {
	s := fmt.Sprintf("sink %q: %d of %d beats received", k.sp.Name, len(k.got), k.want)
	if len(k.got) > 0 {
		s += fmt.Sprintf(", the last at cycle %d", k.last)
	}
	return s + fmt.Sprintf("; %s stays low", k.sp.Valid)
}

// Monitor checks the AXI-Stream rules on a stream: once valid is 1, valid
// and every field hold until the edge that transfers the beat. With
// CheckValidIndependence (for a design's output stream, whose ready is an
// input) it also flips ready in every cycle to check that valid does not
// depend on it combinationally; that costs two extra settles a cycle. It
// counts the transfers.
type Monitor struct {
	sp   streamPorts
	held bool // the previous cycle had valid && !ready
	prev Beat
	from uint64 // cycle the held beat became valid
	// CheckValidIndependence turns on the combinational check above.
	CheckValidIndependence bool
	transfers              int
}

// NewMonitor adds a protocol checker of s to b. Add it after the Source or
// Sink of s, so that it samples what they drive.
func NewMonitor(b *Bench, s Stream) *Monitor {
	m := &Monitor{sp: lookup(b, s)}
	b.Add(m)
	return m
}

// Transfers returns the number of beats transferred so far.
func (m *Monitor) Transfers() int { return m.transfers }

// Drive implements Component; a Monitor drives nothing.
func (m *Monitor) Drive(*Bench) {}

// Sample implements Component.
func (m *Monitor) Sample(b *Bench) {
	be := b.be
	cyc := be.Cycle()
	valid := be.PeekUint64(m.sp.valid) != 0
	if m.CheckValidIndependence && m.sp.ready.Input {
		r := be.PeekUint64(m.sp.ready)
		be.PokeUint64(m.sp.ready, r^1)
		flipped := be.PeekUint64(m.sp.valid) != 0
		be.PokeUint64(m.sp.ready, r)
		if flipped != valid {
			b.Failf("testbench: stream %q: %s depends combinationally on %s at cycle %d (%s=%d gives %s=%d)",
				m.sp.Name, m.sp.Valid, m.sp.Ready, cyc, m.sp.Ready, r^1, m.sp.Valid, b2u(flipped))
		}
	}
	ready := be.PeekUint64(m.sp.ready) != 0
	var cur Beat
	if valid {
		cur = m.sp.peekBeat(be)
	}
	if m.held {
		switch {
		case !valid:
			b.Failf("testbench: stream %q: %s dropped at cycle %d before a transfer (valid since cycle %d, beat %v)",
				m.sp.Name, m.sp.Valid, cyc, m.from, m.prev)
		default:
			var errs []error
			for i, v := range cur {
				if !v.Equal(m.prev[i]) {
					errs = append(errs, fmt.Errorf("testbench: stream %q: %s changed from %v to %v at cycle %d while %s was high and %s low (valid since cycle %d)",
						m.sp.Name, m.sp.Fields[i], m.prev[i], v, cyc, m.sp.Valid, m.sp.Ready, m.from))
				}
			}
			b.Fail(errors.Join(errs...))
		}
	}
	if valid && (!m.held) {
		m.from = cyc
	}
	m.held = valid && !ready
	m.prev = cur
	if valid && ready {
		m.transfers++
	}
}

// Reset implements Resetter: a reset may drop valid.
func (m *Monitor) Reset(*Bench) { m.held = false }

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
