package rtlsim

import (
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// mod builds a netlist.Module by hand, one line per port, cell or register.
type mod struct{ m *netlist.Module }

func newMod(name string) *mod { return &mod{m: &netlist.Module{Name: name, Clock: netlist.NoNet}} }

func (b *mod) net(name string, w int) netlist.NetID { return b.m.AddNet(name, w, false, netlist.Pos{}) }

// in adds an input port.
func (b *mod) in(name string, w int) netlist.NetID {
	id := b.net(name, w)
	b.m.Ports = append(b.m.Ports, netlist.Port{Dir: netlist.In, Net: id})
	return id
}

// out adds an output port, to be driven by a later cell, register or instance.
func (b *mod) out(name string, w int) netlist.NetID {
	id := b.net(name, w)
	b.m.Ports = append(b.m.Ports, netlist.Port{Dir: netlist.Out, Net: id})
	return id
}

// clk adds the clock input and makes it the module's clock.
func (b *mod) clk() netlist.NetID {
	b.m.Clock = b.in("clk", 1)
	return b.m.Clock
}

// drive adds a cell driving the existing net out.
func (b *mod) drive(out netlist.NetID, op netlist.Op, in ...netlist.NetID) *netlist.Cell {
	b.m.Cells = append(b.m.Cells, netlist.Cell{Op: op, Out: out, In: in})
	return &b.m.Cells[len(b.m.Cells)-1]
}

// op adds a named w-bit net driven by a new cell, and returns the net.
func (b *mod) op(name string, w int, op netlist.Op, in ...netlist.NetID) netlist.NetID {
	id := b.net(name, w)
	b.drive(id, op, in...)
	return id
}

// konst adds a named constant net.
func (b *mod) konst(name string, v bits.Value) netlist.NetID {
	id := b.net(name, v.Width())
	b.drive(id, netlist.OpConst).Value = v
	return id
}

// reg adds a register; en and rst may be netlist.NoNet.
func (b *mod) reg(q, d, en, rst netlist.NetID, init bits.Value) {
	b.m.Regs = append(b.m.Regs, netlist.Reg{Q: q, D: d, En: en, Reset: rst, Init: init})
}

// inst adds an instance; conns alternate port names and nets.
func (b *mod) inst(name, module string, conns ...any) {
	inst := netlist.Instance{Name: name, Module: module}
	for i := 0; i < len(conns); i += 2 {
		inst.Conns = append(inst.Conns, netlist.Conn{Port: conns[i].(string), Net: conns[i+1].(netlist.NetID)})
	}
	b.m.Insts = append(b.m.Insts, inst)
}

// design returns a design of the modules, the last one the top.
func design(mods ...*mod) *netlist.Design {
	d := &netlist.Design{Top: mods[len(mods)-1].m.Name}
	for _, m := range mods {
		d.Modules = append(d.Modules, m.m)
	}
	return d
}

// compile compiles d, failing the test on an error.
func compile(t testing.TB, d *netlist.Design) *Sim {
	t.Helper()
	s, err := Compile(d)
	require.NoError(t, err)
	return s
}

// compileFlat compiles d with every word of the interpreter's state flat
// (no width classes), failing the test on an error.
func compileFlat(t testing.TB, d *netlist.Design) *Sim {
	t.Helper()
	s, err := CompileWith(d, Options{flat: true})
	require.NoError(t, err)
	return s
}

// handle returns the handle of name, failing the test when it is unknown.
func handle(t testing.TB, s *Sim, name string) Handle {
	t.Helper()
	h, err := s.Handle(name)
	require.NoError(t, err)
	return h
}

// poke sets input name to v truncated to its width.
func poke(t testing.TB, s *Sim, name string, v uint64) {
	t.Helper()
	s.PokeUint64(handle(t, s, name), v)
	require.NoError(t, s.Err())
}

// peek returns the low 64 bits of net name.
func peek(t testing.TB, s *Sim, name string) uint64 {
	t.Helper()
	return s.PeekUint64(handle(t, s, name))
}

// v parses a sized literal.
func v(s string) bits.Value { return bits.MustParse(s) }

// gen adds a generated (elaboration temporary) net driven by a new cell.
func (b *mod) gen(name string, w int, op netlist.Op, in ...netlist.NetID) netlist.NetID {
	id := b.m.AddNet(name, w, true, netlist.Pos{})
	b.drive(id, op, in...)
	return id
}

// randomPokes pokes random values into every input of s but the clock
// (the reset, when there is one, high in cycles 0 and 1 and one cycle in
// resetEvery after) and returns the words poked, by input.
func randomPokes(s *Sim, rng *rand.Rand, cycle, resetEvery int) [][]uint64 {
	var poked [][]uint64
	for _, p := range s.Inputs() {
		if p.Clock {
			continue
		}
		ws := make([]uint64, bits.Words(p.Width))
		for k := range ws {
			ws[k] = rng.Uint64()
		}
		if p.Reset {
			ws[0] = b2u(cycle < 2 || rng.Intn(resetEvery) == 0)
		}
		ws[len(ws)-1] &= topMask(uint32(p.Width))
		s.PokeWords(p.Handle, ws)
		poked = append(poked, ws)
	}
	return poked
}

// goRun writes main.go and go.mod (module mod) into dir, which holds the
// packages main imports, runs the program with go run and returns its
// output.
func goRun(t *testing.T, dir, mod, main string) string {
	t.Helper()
	goCmd := tooltest.Require(t, "go")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte(main), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+mod+"\n\ngo 1.22\n"), 0o644))
	cmd := exec.Command(goCmd, "run", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=", "CGO_ENABLED=0")
	got, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", got)
	return string(got)
}
