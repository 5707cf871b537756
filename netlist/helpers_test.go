package netlist_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// db builds a netlist.Design by hand. Every module, net, cell, register,
// memory port and instance gets its own line of a pretend source file, so an
// error's position says exactly which element it blames.
type db struct {
	line int
	mods []*mb
}

// mb builds one module of a db.
type mb struct {
	d *db
	m *netlist.Module
}

func (d *db) pos() netlist.Pos {
	d.line++
	return netlist.Pos{File: "d.go", Line: d.line}
}

// mod starts a module without a clock.
func (d *db) mod(name string) *mb {
	b := &mb{d: d, m: &netlist.Module{Name: name, Pos: d.pos(), Clock: netlist.NoNet}}
	d.mods = append(d.mods, b)
	return b
}

// design returns the modules in the order they were started, with the given
// top.
func (d *db) design(top string) *netlist.Design {
	out := &netlist.Design{Top: top}
	for _, b := range d.mods {
		out.Modules = append(out.Modules, b.m)
	}
	return out
}

func (b *mb) wire(name string, w int) netlist.NetID { return b.m.AddNet(name, w, false, b.d.pos()) }

// temp adds a generated net.
func (b *mb) temp(name string, w int) netlist.NetID { return b.m.AddNet(name, w, true, b.d.pos()) }

func (b *mb) port(dir netlist.Dir, name string, w int) netlist.NetID {
	id := b.wire(name, w)
	b.m.Ports = append(b.m.Ports, netlist.Port{Dir: dir, Net: id})
	return id
}

func (b *mb) in(name string, w int) netlist.NetID  { return b.port(netlist.In, name, w) }
func (b *mb) out(name string, w int) netlist.NetID { return b.port(netlist.Out, name, w) }

// clk adds a 1-bit input "clk" and makes it the module's clock.
func (b *mb) clk() netlist.NetID {
	b.m.Clock = b.in("clk", 1)
	return b.m.Clock
}

// drive adds a cell driving out and returns its index in Cells.
func (b *mb) drive(out netlist.NetID, op netlist.Op, in ...netlist.NetID) int {
	b.m.Cells = append(b.m.Cells, netlist.Cell{Op: op, Out: out, In: in, Pos: b.d.pos()})
	return len(b.m.Cells) - 1
}

// op adds a w-bit net driven by a new cell.
func (b *mb) op(name string, w int, op netlist.Op, in ...netlist.NetID) netlist.NetID {
	id := b.wire(name, w)
	b.drive(id, op, in...)
	return id
}

// konst drives out with the constant v and returns the cell index.
func (b *mb) konst(out netlist.NetID, v bits.Value) int {
	i := b.drive(out, netlist.OpConst)
	b.m.Cells[i].Value = v
	return i
}

// reg adds a register without enable or reset and returns its index.
func (b *mb) reg(q, d netlist.NetID) int {
	b.m.Regs = append(b.m.Regs, netlist.Reg{Q: q, D: d, En: netlist.NoNet, Reset: netlist.NoNet, Pos: b.d.pos()})
	return len(b.m.Regs) - 1
}

// mem adds a memory without ports and returns its index.
func (b *mb) mem(name string, width, depth int) int {
	b.m.Mems = append(b.m.Mems, netlist.Mem{Name: name, Width: width, Depth: depth, Pos: b.d.pos()})
	return len(b.m.Mems) - 1
}

func (b *mb) read(mem int, addr, en, data netlist.NetID) {
	mm := &b.m.Mems[mem]
	mm.Reads = append(mm.Reads, netlist.MemRead{Addr: addr, En: en, Data: data, Pos: b.d.pos()})
}

func (b *mb) write(mem int, addr, data, en netlist.NetID) {
	mm := &b.m.Mems[mem]
	mm.Writes = append(mm.Writes, netlist.MemWrite{Addr: addr, Data: data, En: en, Pos: b.d.pos()})
}

// inst adds an instance; conns alternate port names and nets. It returns the
// instance's index.
func (b *mb) inst(name, module string, conns ...any) int {
	inst := netlist.Instance{Name: name, Module: module, Pos: b.d.pos()}
	for i := 0; i < len(conns); i += 2 {
		inst.Conns = append(inst.Conns, netlist.Conn{Port: conns[i].(string), Net: conns[i+1].(netlist.NetID)})
	}
	b.m.Insts = append(b.m.Insts, inst)
	return len(b.m.Insts) - 1
}

func (b *mb) netPos(id netlist.NetID) netlist.Pos { return b.m.Nets[id].Pos }
func (b *mb) cellPos(i int) netlist.Pos           { return b.m.Cells[i].Pos }
func (b *mb) regPos(i int) netlist.Pos            { return b.m.Regs[i].Pos }
func (b *mb) instPos(i int) netlist.Pos           { return b.m.Insts[i].Pos }

// e is the expected error at pos in module m about signal.
func (b *mb) e(pos netlist.Pos, signal, msg string, notes ...string) *netlist.Error {
	return &netlist.Error{Pos: pos, Module: b.m.Name, Signal: signal, Msg: msg, Notes: notes}
}

// requireErrors checks that err is an ErrorList of exactly want, in order.
func requireErrors(t *testing.T, err error, want ...*netlist.Error) {
	t.Helper()
	require.Error(t, err)
	var list netlist.ErrorList
	require.ErrorAs(t, err, &list)
	for _, e := range want {
		if len(e.Notes) == 0 {
			e.Notes = nil
		}
	}
	require.Equal(t, netlist.ErrorList(want), list, "got:\n%v", err)
}

func v(s string) bits.Value { return bits.MustParse(s) }
