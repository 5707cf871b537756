package rtlsim_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// watchNet counts the edges where en is 1, in instance u of the top, and
// asserts, while en is 1, that the count stays below 5 (through an and-not,
// which rtlsim fuses, and nets nothing else reads, which it would otherwise
// leave to the lazy program); it covers the count reaching 4, and assumes
// that the input x is never 15.
const watchNet = `design top

module watch {
  clock clk
  input clk: 1
  input rst: 1
  input en: 1
  input x: 4
  output count: 4
  wire one: 4
  wire next: 4
  wire five: 4
  wire four: 4
  wire ge5: 1
  wire lt5: 1
  wire ok: 1
  wire at4: 1
  wire fifteen: 4
  wire xok: 1
  cell one = const 4'h1
  cell five = const 4'h5
  cell four = const 4'h4
  cell fifteen = const 4'hf
  cell next = add(count, one)
  cell ge5 = ge(count, five)
  cell lt5 = not(ge5)
  cell ok = and(en, lt5)
  cell at4 = eq(count, four)
  cell xok = ne(x, fifteen)
  reg count = next en en reset rst init 4'h0
  assert ok en en reset rst "count below 5" @ "watch.go":10
  cover at4 reset rst "at4" @ "watch.go":11
  assume xok reset rst "x is never 15" @ "watch.go":12
}

module top {
  clock clk
  input clk: 1
  input rst: 1
  input en: 1
  input x: 4
  output count: 4
  inst u: watch(clk = clk, rst = rst, en = en, x = x, count = count)
}
`

func watchDesign(t *testing.T) *netlist.Design {
	t.Helper()
	d, err := netlist.Parse("watch.net", watchNet)
	require.NoError(t, err)
	return d
}

// After the reset edge (cycle 0) the count is 0 in cycle 1 and 5 in cycle
// 6, whose edge the assertion stops.
func TestAssertionStops(t *testing.T) {
	s, err := rtlsim.Compile(watchDesign(t))
	require.NoError(t, err)
	require.Len(t, s.Properties(), 3)
	s.Reset()
	require.NoError(t, s.PokeName("en", bitsOf(1, 1)))
	s.Step(100)
	require.Equal(t, uint64(6), s.Cycle())
	var ae *rtlsim.AssertionError
	require.True(t, errors.As(s.Err(), &ae), "Err: %v", s.Err())
	require.Same(t, s.Failure(), ae)
	require.Equal(t, "watch.go:10: assertion failed in cycle 6, instance u of module watch: count below 5", ae.Error())
	require.Equal(t, "u", ae.Instance)
	require.Equal(t, netlist.Assert, ae.Kind)
	count, err := s.PeekName("count")
	require.NoError(t, err)
	require.Equal(t, uint64(5), count.Uint64())
	s.Step(3) // stopped
	require.Equal(t, uint64(6), s.Cycle())
	cov := s.Covers()
	require.Len(t, cov, 1)
	require.Equal(t, "at4", cov[0].Msg)
	require.Equal(t, uint64(1), cov[0].Count)
}

// Where the enable is 0, or in reset, nothing is checked; the cover counts
// every edge its condition holds.
func TestAssertionHolds(t *testing.T) {
	s, err := rtlsim.Compile(watchDesign(t))
	require.NoError(t, err)
	s.Reset()
	require.NoError(t, s.PokeName("en", bitsOf(1, 1)))
	s.Step(4) // count 4
	require.NoError(t, s.PokeName("en", bitsOf(1, 0)))
	s.Step(10)
	require.NoError(t, s.PokeName("rst", bitsOf(1, 1)))
	require.NoError(t, s.PokeName("en", bitsOf(1, 1)))
	s.Step(10) // held in reset: neither checked nor counted
	require.NoError(t, s.Err())
	require.Equal(t, uint64(10), s.Covers()[0].Count)
}

func TestAssumptionFails(t *testing.T) {
	s, err := rtlsim.Compile(watchDesign(t))
	require.NoError(t, err)
	s.Reset()
	s.Step(2)
	require.NoError(t, s.PokeName("x", bitsOf(4, 15)))
	s.Step(2)
	require.EqualError(t, s.Err(), "watch.go:12: assumption failed in cycle 3, instance u of module watch: x is never 15")
}

// Each lane of a batch is checked; the first failing lane stops the batch.
func TestBatchAssertion(t *testing.T) {
	b, err := rtlsim.CompileBatch(watchDesign(t), 3)
	require.NoError(t, err)
	en, err := b.Handle("en")
	require.NoError(t, err)
	b.Reset()
	b.PokeUint64Lane(en, 2, 1)
	b.Step(3)
	b.PokeUint64Lane(en, 1, 1)
	b.Step(100)
	require.Equal(t, uint64(6), b.Cycle())
	f := b.Failure()
	require.NotNil(t, f)
	require.Equal(t, 2, f.Lane)
	require.Equal(t, uint64(6), f.Cycle)
	require.ErrorIs(t, b.Err(), error(f))
	require.Equal(t, uint64(1), b.CoversLane(2)[0].Count)
	require.Equal(t, uint64(0), b.CoversLane(1)[0].Count) // count 2 when the batch stopped
	require.Equal(t, uint64(0), b.CoversLane(0)[0].Count)
}

// The first failing lane stops the batch at that edge: the lanes before it
// and it count the covers of the edge, the lanes after it do not, as if
// the lanes were checked one after another; in one tile or in three.
func TestBatchAssertionLanes(t *testing.T) {
	for _, workers := range []int{1, 3} {
		b, err := rtlsim.CompileBatch(watchDesign(t), 40)
		require.NoError(t, err)
		b.SetWorkers(workers)
		en, err := b.Handle("en")
		require.NoError(t, err)
		b.Reset()
		for _, l := range []int{20, 35} {
			b.PokeUint64Lane(en, l, 1)
		}
		b.Step(1)
		for _, l := range []int{10, 39} { // one count behind
			b.PokeUint64Lane(en, l, 1)
		}
		b.Step(100)
		f := b.Failure()
		require.NotNil(t, f)
		require.Equal(t, 20, f.Lane, "workers %d", workers)
		require.Equal(t, uint64(6), f.Cycle)
		for l, want := range map[int]uint64{0: 0, 10: 1, 20: 1, 35: 1, 39: 0} {
			require.Equal(t, want, b.CoversLane(l)[0].Count, "workers %d lane %d", workers, l)
		}
	}
}

// The compiled mode checks the same properties and fails with the same
// message at the same cycle.
func TestWriteGoAssertion(t *testing.T) {
	s, err := rtlsim.Compile(watchDesign(t))
	require.NoError(t, err)
	mainSrc := `package main

import "fmt"

func main() {
	m := New()
	m.Reset()
	m.PokeUint64(1, 1) // en
	for i := 0; i < 100 && m.Err() == nil; i++ {
		m.Step()
	}
	fmt.Println(m.Cycle())
	fmt.Println(m.Err())
	for i, p := range Properties {
		if p.Kind == "cover" {
			fmt.Println(p.Msg, m.Hits(i))
		}
	}
}
`
	require.Equal(t, "en", modelInput(s, 1))
	out := goRun(t, s, mainSrc)
	require.Equal(t, "6\nwatch.go:10: assertion failed in cycle 6, instance u of module watch: count below 5\nat4 1\n",
		strings.ReplaceAll(out, "\r", ""))
}

// modelInput names the i-th input of a generated model: the top's inputs
// without the clock.
func modelInput(s *rtlsim.Sim, i int) string {
	var names []string
	for _, p := range s.Inputs() {
		if !p.Clock {
			names = append(names, p.Name)
		}
	}
	return names[i]
}

func bitsOf(w int, v uint64) bits.Value { return bits.FromUint64(w, v) }

// goRun writes s as the Go model of package main beside mainSrc, runs it
// with go run and returns its output.
func goRun(t *testing.T, s *rtlsim.Sim, mainSrc string) string {
	t.Helper()
	goCmd := tooltest.Require(t, "go")
	dir := t.TempDir()
	var model bytes.Buffer
	require.NoError(t, s.WriteGo(&model, "main"))
	for name, data := range map[string]string{"go.mod": "module m\n\ngo 1.22\n", "model.go": model.String(), "main.go": mainSrc} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644))
	}
	cmd := exec.Command(goCmd, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}
