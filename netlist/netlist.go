package netlist

import (
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/bits"
)

// NetID indexes Module.Nets. NoNet marks an absent optional connection.
type NetID int32

// NoNet is the NetID of an absent optional net (a register without enable
// or reset, a module without a clock).
const NoNet NetID = -1

// Pos is a position in the user's source: a Go file and line for designs
// built with the dsl, a line and column of a netlist text file. The zero Pos
// is unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether p names a place.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats p as file:line or file:line:col, or "-" when unknown.
func (p Pos) String() string {
	switch {
	case !p.IsValid():
		return "-"
	case p.Col > 0:
		return p.File + ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
	default:
		return p.File + ":" + strconv.Itoa(p.Line)
	}
}

// Design is a complete elaborated circuit.
type Design struct {
	// Top names the top module.
	Top string
	// Modules in a deterministic order, every module after the modules it
	// instantiates (so the top is last).
	Modules []*Module
}

// Module returns the module with the given name, or nil.
func (d *Design) Module(name string) *Module {
	for _, m := range d.Modules {
		if m != nil && m.Name == name {
			return m
		}
	}
	return nil
}

// TopModule returns the top module, or nil when Top names none.
func (d *Design) TopModule() *Module { return d.Module(d.Top) }

// Dir is a port direction.
type Dir uint8

const (
	In Dir = iota
	Out
)

func (d Dir) String() string {
	if d == In {
		return "input"
	}
	return "output"
}

// Module is one hardware module: ports, nets and what drives them.
type Module struct {
	Name string
	Pos  Pos
	// Replaceable marks a module that a chip flow may replace with its own
	// (an SRAM macro wrapper) of the same name and ports: emit wraps its
	// definition in `ifndef <NAME>_EXTERN (ExternMacro), so that a user who
	// defines the macro and adds a file of their own with that module swaps
	// it in. Every simulator of the netlist still simulates the body.
	Replaceable bool
	// Ports in declaration order. A port is a net of the module.
	Ports []Port
	// Nets is the dense net table; NetID indexes it.
	Nets []Net
	// Clock is the input port net that clocks every Reg and Mem of the module
	// and is passed to child instances; NoNet for a module with no state.
	Clock NetID
	Cells []Cell
	Regs  []Reg
	Mems  []Mem
	Insts []Instance
	// Enums name the values of some of the nets (nil for most modules).
	Enums []Enum
	// Props are the module's assertions, assumptions and cover points.
	Props []Property
	// Extern makes the module a black box (see Extern); nil for a module
	// the design describes.
	Extern *Extern
}

// ExternMacro returns the Verilog macro that, when defined, leaves out
// the definition of a Replaceable module named name (its Verilog name):
// the name upper-cased, then _EXTERN (mem_16x8 gives MEM_16X8_EXTERN).
func ExternMacro(name string) string { return strings.ToUpper(name) + "_EXTERN" }

// Port is a module port: one of the module's nets, seen from outside.
type Port struct {
	Dir Dir
	Net NetID
}

// Net is a named, sized wire.
type Net struct {
	Name  string
	Width int
	// Generated marks a temporary made by elaboration, as opposed to a name
	// the user gave; back ends may rename generated nets freely.
	Generated bool
	Pos       Pos
}

// Cell is a combinational operator instance: Out = Op(In...).
type Cell struct {
	Op  Op
	Out NetID
	In  []NetID
	// Signed selects the two's complement reading of the inputs for the ops
	// whose Info says they depend on it (Lt, Le, Gt, Ge). Sshr always reads
	// its first input as signed.
	Signed bool
	// Lo is the lowest selected bit of a Slice.
	Lo int
	// Value is the constant of a Const, of the output width.
	Value bits.Value
	Pos   Pos
}

// Reg is a clocked register: Q <= Reset ? Init : (En ? D : Q).
type Reg struct {
	Q     NetID
	D     NetID
	En    NetID // 1-bit enable, or NoNet for always enabled
	Reset NetID // 1-bit synchronous active-high reset, or NoNet
	Init  bits.Value
	Pos   Pos
}

// Mem is a memory of Depth words of Width bits, with synchronous write and
// synchronous read ports (see the package doc for the exact behaviour).
type Mem struct {
	Name   string
	Width  int
	Depth  int
	Reads  []MemRead
	Writes []MemWrite
	// Init is the initial contents, word 0 first: every word Width bits,
	// at most Depth of them; the words after them start at zero. A memory
	// with contents and no write port is a ROM.
	Init []bits.Value
	Pos  Pos
}

// MemRead is a synchronous read port. Data is driven by the memory.
type MemRead struct {
	Addr NetID
	En   NetID // NoNet: read on every cycle
	Data NetID
	Pos  Pos
}

// MemWrite is a synchronous write port.
type MemWrite struct {
	Addr NetID
	Data NetID
	En   NetID // required: a write port without a condition uses a constant 1
	Pos  Pos
}

// Instance is a child module instance.
type Instance struct {
	Name   string
	Module string
	// Conns connects each child port, by name, to a net of this module: the
	// net drives a child input, or is driven by a child output.
	Conns []Conn
	Pos   Pos
}

// Conn is one port connection of an Instance.
type Conn struct {
	Port string
	Net  NetID
}

// Net returns the net with the given id.
func (m *Module) Net(id NetID) *Net { return &m.Nets[id] }

// AddNet appends a net and returns its id.
func (m *Module) AddNet(name string, width int, generated bool, pos Pos) NetID {
	m.Nets = append(m.Nets, Net{Name: name, Width: width, Generated: generated, Pos: pos})
	return NetID(len(m.Nets) - 1)
}

// Port returns the port with the given name, or false. A port whose net does
// not exist has no name (Check reports it).
func (m *Module) Port(name string) (Port, bool) {
	for _, p := range m.Ports {
		if m.hasNet(p.Net) && m.Nets[p.Net].Name == name {
			return p, true
		}
	}
	return Port{}, false
}

func (m *Module) hasNet(id NetID) bool { return id >= 0 && int(id) < len(m.Nets) }

// PortName returns the name of port p.
func (m *Module) PortName(p Port) string { return m.Nets[p.Net].Name }

// NetByName returns the id of the net with the given name, or NoNet.
func (m *Module) NetByName(name string) NetID {
	for i := range m.Nets {
		if m.Nets[i].Name == name {
			return NetID(i)
		}
	}
	return NoNet
}
