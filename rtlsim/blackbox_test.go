package rtlsim_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// incModel adds the parameter N to x, combinationally.
type incModel struct {
	x, y int
	n    uint64
}

func (m *incModel) Eval(p *rtlsim.Pins) { p.SetUint64(m.y, p.Uint64(m.x)+m.n) }
func (m *incModel) Edge(*rtlsim.Pins)   {}

// sramModel is a single-port SRAM: a write and a read-first registered read
// at every edge.
type sramModel struct {
	addr, we, wdata, rdata int
	mem                    []uint64
	q                      uint64
}

func (m *sramModel) Eval(p *rtlsim.Pins) { p.SetUint64(m.rdata, m.q) }
func (m *sramModel) Edge(p *rtlsim.Pins) {
	a := p.Uint64(m.addr)
	m.q = m.mem[a]
	if p.Uint64(m.we) == 1 {
		m.mem[a] = p.Uint64(m.wdata)
	}
}

var testModels = rtlsim.Models{
	"inc": func(b rtlsim.BlackBox) (rtlsim.Model, error) {
		n, ok := b.Param("N")
		if !ok {
			return nil, errors.New("no parameter N")
		}
		return &incModel{x: b.Port("x"), y: b.Port("y"), n: uint64(n.Int)}, nil
	},
	"sram_sp": func(b rtlsim.BlackBox) (rtlsim.Model, error) {
		depth, _ := b.Param("DEPTH")
		return &sramModel{addr: b.Port("addr"), we: b.Port("we"), wdata: b.Port("wdata"), rdata: b.Port("rdata"),
			mem: make([]uint64, depth.Int)}, nil
	},
}

func parseFile(t *testing.T, path string) *netlist.Design {
	t.Helper()
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	d, err := netlist.Parse(path, string(text))
	require.NoError(t, err)
	return d
}

func TestBlackBoxGoModels(t *testing.T) {
	d := parseFile(t, "testdata/blackbox.net")
	s, err := rtlsim.CompileWith(d, rtlsim.Options{Models: testModels})
	require.NoError(t, err)
	h := func(name string) rtlsim.Handle {
		hd, err := s.Handle(name)
		require.NoError(t, err)
		return hd
	}
	x, we, data, q, a := h("x"), h("we"), h("d"), h("q"), h("a")
	var vcd bytes.Buffer
	require.NoError(t, s.TraceVCD(&vcd))
	mem := make([]uint64, 16)
	var r uint64 // the SRAM's read register
	rng := rand.New(rand.NewPCG(1, 2))
	for cycle := range 300 {
		vx, vwe, vd := rng.Uint64N(16), rng.Uint64N(2), rng.Uint64N(256)
		s.PokeUint64(x, vx)
		s.PokeUint64(we, vwe)
		s.PokeUint64(data, vd)
		addr := (vx + 3) % 16
		require.Equal(t, addr, s.PeekUint64(a), "cycle %d: a", cycle)
		require.Equal(t, (r%16+3)%16, s.PeekUint64(q), "cycle %d: q", cycle)
		s.Step(1)
		r = mem[addr]
		if vwe == 1 {
			mem[addr] = vd
		}
	}
	require.NoError(t, s.Err())
	require.NoError(t, s.Close())
	require.True(t, strings.Contains(vcd.String(), "$scope module ram $end"), "the black box has a scope")
	require.True(t, strings.Contains(vcd.String(), " rdata [7:0] $end"), "the ports are traced")
}

func TestBlackBoxRefusals(t *testing.T) {
	d := parseFile(t, "testdata/blackbox.net")
	_, err := rtlsim.Compile(d)
	require.ErrorContains(t, err, "black box without a model: i0 (Verilog module inc), i1 (Verilog module inc), ram (Verilog module sram_sp)")
	_, err = rtlsim.CompileBatch(d, 4)
	require.ErrorContains(t, err, "Batch cannot run black box i0 (Verilog module inc), which has no DSL model")
	s, err := rtlsim.CompileWith(d, rtlsim.Options{Models: testModels})
	require.NoError(t, err)
	require.ErrorContains(t, s.WriteGo(&bytes.Buffer{}, "top"), "WriteGo cannot run black box i0")
	bad := rtlsim.Models{"inc": testModels["inc"], "sram_sp": func(rtlsim.BlackBox) (rtlsim.Model, error) { return nil, errors.New("no macro") }}
	_, err = rtlsim.CompileWith(d, rtlsim.Options{Models: bad})
	require.ErrorContains(t, err, "black box ram: model: no macro")
}

// loopy declares no combinational path but reads its input in Eval: the
// outputs never settle.
type loopy struct{}

func (loopy) Eval(p *rtlsim.Pins) { p.SetUint64(1, p.Uint64(0)+1) }
func (loopy) Edge(*rtlsim.Pins)   {}

// misuser sets an input.
type misuser struct{}

func (misuser) Eval(p *rtlsim.Pins) { p.SetUint64(0, 1) }
func (misuser) Edge(*rtlsim.Pins)   {}

func TestBlackBoxModelMisuse(t *testing.T) {
	// B declares no combinational path; T feeds its output back to its
	// input through a wire, which Check accepts.
	const text = `design T
module B {
  extern b
  input i: 4
  output o: 4
}
module T {
  clock clk
  input clk: 1
  output o: 4
  wire n: 4
  reg o = n
  cell m = buf(n)
  wire m: 4
  inst u: B(i = m, o = n)
}
`
	d, err := netlist.Parse("t.net", text)
	require.NoError(t, err)
	for _, tc := range []struct {
		model rtlsim.Model
		want  string
	}{
		{loopy{}, "black boxes did not settle in cycle 0: a model's outputs depend combinationally on inputs its black box does not declare"},
		{misuser{}, "black box u: model set port 0, an input"},
	} {
		s, err := rtlsim.CompileWith(d, rtlsim.Options{Models: rtlsim.Models{"b": func(rtlsim.BlackBox) (rtlsim.Model, error) { return tc.model, nil }}})
		require.NoError(t, err)
		s.Step(3)
		require.ErrorContains(t, s.Err(), tc.want)
		require.Equal(t, uint64(0), s.Cycle(), "the simulation stops")
	}
}

func TestBlackBoxDeclaredLoop(t *testing.T) {
	// With the path declared, Check finds the loop.
	const text = `design T
module B {
  extern b
  comb o from (i)
  input i: 4
  output o: 4
}
module T {
  output o: 4
  wire n: 4
  cell o = buf(n)
  inst u: B(i = n, o = n)
}
`
	_, err := netlist.Parse("t.net", text)
	require.ErrorContains(t, err, "combinational loop")
}

// The Go models of testdata/blackbox.net (a combinational black box on
// both sides of an SRAM macro) give the outputs that Verilator and Icarus
// give with the black boxes' Verilog, cycle for cycle.
func TestBlackBoxGoModelsAgainstVerilog(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a Verilator model; skipped with -short")
	}
	d := parseFile(t, "testdata/blackbox.net")
	s, err := rtlsim.CompileWith(d, rtlsim.Options{Models: testModels})
	require.NoError(t, err)
	text, err := emit.Verilog(d)
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), "Top.v")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	sources := []string{src}
	for _, f := range d.ExternFiles() {
		sources = append(sources, filepath.Join("testdata", f)) // relative to the netlist's directory
	}
	spec := vsim.SpecOf(d, sources...)
	rng := rand.New(rand.NewPCG(3, 4))
	stim := make(vsim.Stimulus, 200)
	want := make(vsim.Trace, len(stim))
	for c := range stim {
		for _, p := range spec.Inputs {
			v := bits.FromUint64(p.Width, rng.Uint64())
			stim[c] = append(stim[c], v)
			require.NoError(t, s.PokeName(p.Name, v))
		}
		for _, p := range spec.Outputs {
			v, err := s.PeekName(p.Name)
			require.NoError(t, err)
			want[c] = append(want[c], v)
		}
		s.Step(1)
	}
	require.NoError(t, s.Err())
	ctx := context.Background()
	t.Run("verilator", func(t *testing.T) {
		tooltest.Require(t, "verilator")
		m, err := (&vsim.Verilator{}).Build(ctx, spec)
		require.NoError(t, err)
		got, err := m.Run(ctx, stim)
		require.NoError(t, err)
		require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10))
	})
	t.Run("icarus", func(t *testing.T) {
		tooltest.Require(t, "iverilog")
		got, err := vsim.RunIcarus(ctx, spec, stim)
		require.NoError(t, err)
		require.Empty(t, vsim.Diff(spec.Outputs, got, want, 10))
	})
}
