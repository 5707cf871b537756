package dsl

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/systole-hdl/systole/internal/dslir"
)

// Module is the builder of one module definition. A Generator's Build
// method receives it and declares the module's ports, state and logic.
//
// Every module has an implicit clock (clk) and synchronous, active-high
// reset (rst). They become ports only when used: the clock when the module
// or a child has registers or memories, the reset when Reset is read, a
// register has a reset value, or a child uses its reset. Children are
// connected to their parent's clock and reset automatically.
type Module struct {
	ir *dslir.Module
	c  *circuit
	// cur is the block statements go to: the body, or a When branch.
	cur *dslir.Block
	// done is set when the generator's Build returns: later calls are
	// misuses, recorded in ir.Late and changing nothing.
	done bool
}

// Err returns the misuses of m after its generator's Build returned (a
// Module kept and used after elaboration): every such call is recorded
// here, changes nothing in the design, and never panics. It returns nil
// when there were none.
func (m *Module) Err() error {
	var errs []error
	for _, x := range m.ir.Late {
		errs = append(errs, &BuildError{Pos: Pos(x.Pos), Msg: x.Msg})
	}
	return errors.Join(errs...)
}

// live returns m while its generator is building it. Afterwards it records
// the call what as a misuse and returns a detached module for the call to
// work on, so that the call changes nothing.
func (m *Module) live(what string) *Module {
	if !m.done {
		return m
	}
	late(m.ir, callerPos(), what)
	d := &dslir.Module{Name: m.ir.Name, Body: &dslir.Block{}, LateOf: m.ir}
	return &Module{ir: d, c: m.c, cur: d.Body}
}

// stale reports whether calls on m are misuses: its generator returned,
// or m stands in for such a module.
func (m *Module) stale() bool { return m.done || m.ir.LateOf != nil }

// late records a misuse of a module whose generator has returned.
func late(d *dslir.Module, pos srcPos, what string) {
	for d.LateOf != nil {
		d = d.LateOf
	}
	d.Late = append(d.Late, dslir.Misuse{Pos: pos,
		Msg: fmt.Sprintf("%s on module %s after its generator returned: it changes nothing (build everything inside Build)", what, d.Name)})
}

// Name returns the module's definition name.
func (m *Module) Name() string { return m.ir.Name }

func (m *Module) signal(k dslir.Kind, name string, t Type, pos srcPos) *dslir.Node {
	return &dslir.Node{Kind: k, Name: name, Type: t.ir(), Owner: m.ir, Pos: pos}
}

// Input declares an input port.
func (m *Module) Input(name string, t Type) Signal {
	m = m.live("Input")
	n := m.signal(dslir.Input, name, t, callerPos())
	m.ir.Ports = append(m.ir.Ports, n)
	return Signal{n}
}

// Output declares an output port. Drive it with Set.
func (m *Module) Output(name string, t Type) Signal {
	m = m.live("Output")
	n := m.signal(dslir.Output, name, t, callerPos())
	m.ir.Ports = append(m.ir.Ports, n)
	return Signal{n}
}

// Wire declares a named combinational signal. Drive it with Set; it must be
// assigned on every path through When blocks.
func (m *Module) Wire(name string, t Type) Signal {
	m = m.live("Wire")
	n := m.signal(dslir.Wire, name, t, callerPos())
	m.ir.Wires = append(m.ir.Wires, n)
	return Signal{n}
}

// Named gives the value v a name: it declares a wire of v's type and
// assigns v to it, so the name shows in the Verilog, waveforms and rtlsim.
func (m *Module) Named(name string, v Signal) Signal {
	m = m.live("Named")
	pos := callerPos()
	n := m.signal(dslir.Wire, name, v.Type(), pos)
	m.ir.Wires = append(m.ir.Wires, n)
	// The name holds v wherever it is made, so the assignment goes to the
	// module body even inside a When.
	m.ir.Body.Stmts = append(m.ir.Body.Stmts, &dslir.Stmt{Kind: dslir.Assign, Pos: pos, Target: n, Value: v.get(pos)})
	return Signal{n}
}

// Replaceable marks the module as one that a chip flow may replace with
// a module of its own of the same name and ports, such as the wrapper of
// an SRAM macro: the emitted Verilog defines it inside
// `ifndef <NAME>_EXTERN ... `endif (NAME is the module name upper-cased;
// netlist.ExternMacro), so that defining that macro and adding a file with
// the other module swaps it in. Simulators of the design (rtlsim, and
// Verilator or Icarus without the macro) run the module's own body, which
// is then the reference model the replacement must match. Keep such a
// module's interface plain: its ports, its clock, no reset and no
// properties, which a replacement would drop.
func (m *Module) Replaceable() {
	m = m.live("Replaceable")
	m.ir.Replaceable = true
}

// Errorf reports a problem with the generator's parameters (such as a
// depth of zero) at the caller's line; elaborate returns it with the other
// errors of the design.
func (m *Module) Errorf(format string, args ...any) {
	m = m.live("Errorf")
	m.record(&dslir.Stmt{Kind: dslir.Error, Pos: callerPos(), Msg: fmt.Sprintf(format, args...)})
}

// RegOption configures a register: Init, InitBig or Enable.
type RegOption struct {
	apply func(n *dslir.Node, pos srcPos)
}

// Init gives the register a reset value: it loads v on a clock edge while
// the module's reset is high. v is a Go integer (see Operand) or a
// constant Signal (an Enum value, U, S, Const) of the register's type; a
// value that does not fit the register (Init(16) on a UInt(4), Init(-1) on
// any UInt) is an error at the line of the Reg.
func Init(v Operand) RegOption {
	return RegOption{func(n *dslir.Node, pos srcPos) {
		x := operand(v, fromIR(n.Type), pos, "reset value")
		switch {
		case x.Err != "":
			n.Err = x.Err
		case x.Kind != dslir.Lit:
			n.Err = fmt.Sprintf("reset value %s is not a constant", x.Describe())
		case x.Type != n.Type:
			n.Err = fmt.Sprintf("reset value %s of type %s for a register of type %s", x.Describe(), x.Type, n.Type)
		default:
			n.Init = &x.Lit
		}
	}}
}

// InitBig is Init for a value of any size.
func InitBig(v *big.Int) RegOption { return Init(v) }

// Enable makes the register load its next value only on edges where en is 1
// (in addition to any When conditions around its assignments).
func Enable(en Signal) RegOption {
	return RegOption{func(n *dslir.Node, pos srcPos) { n.Enable = en.get(pos) }}
}

// Reg declares a register clocked by the module clock. Set assigns its next
// value; on edges where no assignment is active it holds. Without Init it
// has no reset and starts at zero.
func (m *Module) Reg(name string, t Type, opts ...RegOption) Signal {
	m = m.live("Reg")
	return m.reg(name, t, callerPos(), opts)
}

func (m *Module) reg(name string, t Type, pos srcPos, opts []RegOption) Signal {
	n := m.signal(dslir.Reg, name, t, pos)
	for _, o := range opts {
		if o.apply == nil {
			n.Err = "zero RegOption: make options with Init, InitBig or Enable"
			continue
		}
		o.apply(n, pos)
	}
	if n.Init != nil {
		m.Reset()
	}
	m.ir.Regs = append(m.ir.Regs, n)
	return Signal{n}
}

// Reset returns the module's implicit reset input (Bool).
func (m *Module) Reset() Signal {
	m = m.live("Reset")
	if m.ir.ResetNode == nil {
		m.ir.ResetNode = m.signal(dslir.Reset, "rst", Bool(), callerPos())
	}
	return Signal{m.ir.ResetNode}
}

func (m *Module) record(s *dslir.Stmt) { m.cur.Stmts = append(m.cur.Stmts, s) }

// recordError records a misuse about signal for elaborate to report.
func (m *Module) recordError(pos srcPos, signal, msg string) {
	m.record(&dslir.Stmt{Kind: dslir.Error, Pos: pos, Msg: msg, Signal: signal})
}

// Set assigns v to s: the next value of a register, or the value of an
// output, wire or child input. The last active Set wins (as in Chisel):
// inside When blocks it applies only when the conditions hold. v must have
// s's exact type (see the width rule on Signal).
//
// v may be a Go integer (see Operand), which becomes a constant of s's
// type: out.Set(0).
func (s Signal) Set(v Operand) { s.setAt(v, callerPos()) }

func (s Signal) setAt(v Operand, pos srcPos) {
	t := s.get(pos)
	val := operand(v, fromIR(t.Type), pos, "Set", t)
	c := recorder(t.Owner, val.Owner)
	if c == nil && (t.Owner != nil || val.Owner != nil) {
		// The module has been elaborated: record the misuse on it.
		d := t.Owner
		if d == nil {
			d = val.Owner
		}
		late(d, pos, "Set of "+s.String())
		return
	}
	if c == nil {
		// Nothing to record into: both sides are constants, or the circuit
		// has finished recording.
		panic(&BuildError{Pos: Pos(pos), Msg: fmt.Sprintf("cannot assign to %s here: it is a constant expression or its circuit is already built", s)})
	}
	c.current().record(&dslir.Stmt{Kind: dslir.Assign, Pos: pos, Target: t, Value: val})
}

// When starts a conditional block: Set statements inside body apply only
// when cond (a Bool) is 1. Chain ElseWhen and Otherwise on the result.
func (m *Module) When(cond Signal, body func()) *WhenChain {
	if m.done {
		late(m.ir, callerPos(), "When")
		return &WhenChain{m: m, ch: &dslir.Chain{}}
	}
	pos := callerPos()
	ch := &dslir.Chain{}
	m.record(&dslir.Stmt{Kind: dslir.When, Pos: pos, Chain: ch})
	w := &WhenChain{m: m, ch: ch}
	w.branch(cond, body, pos)
	return w
}

// WhenChain continues a When with ElseWhen and Otherwise.
type WhenChain struct {
	m  *Module
	ch *dslir.Chain
}

func (w *WhenChain) branch(cond Signal, body func(), pos srcPos) {
	b := &dslir.Branch{Cond: cond.get(pos), Body: &dslir.Block{}, Pos: pos}
	w.ch.Branches = append(w.ch.Branches, b)
	w.m.in(b.Body, body)
}

// in runs body with statements going to blk.
func (m *Module) in(blk *dslir.Block, body func()) {
	saved := m.cur
	m.cur = blk
	defer func() { m.cur = saved }()
	if body != nil {
		body()
	}
}

// ElseWhen adds a branch taken when every earlier condition is 0 and cond
// is 1.
func (w *WhenChain) ElseWhen(cond Signal, body func()) *WhenChain {
	pos := callerPos()
	if w.m.stale() {
		late(w.m.ir, pos, "ElseWhen")
		return w
	}
	if w.ch.Otherwise != nil {
		w.m.record(&dslir.Stmt{Kind: dslir.Error, Pos: pos, Msg: "ElseWhen after Otherwise"})
		return w
	}
	w.branch(cond, body, pos)
	return w
}

// Otherwise adds the branch taken when every condition is 0.
func (w *WhenChain) Otherwise(body func()) {
	pos := callerPos()
	if w.m.stale() {
		late(w.m.ir, pos, "Otherwise")
		return
	}
	if w.ch.Otherwise != nil {
		w.m.record(&dslir.Stmt{Kind: dslir.Error, Pos: pos, Msg: "second Otherwise in one When chain"})
		return
	}
	w.ch.Otherwise = &dslir.Block{}
	w.ch.OtherPos = pos
	w.m.in(w.ch.Otherwise, body)
}

// Mem is a memory: Depth words of a Type, with synchronous write ports and
// synchronous read ports (what FPGA block RAM and SRAM macros provide).
//
// A read port's data changes only on a clock edge where the read is
// enabled, to the word at the address at that edge. Reading an address that
// is written on the same edge returns the old word (read-first); of two
// writes to one address on one edge, the later Write call wins. Addresses
// at or beyond the depth read as zero and write nothing. Contents start at
// zero (or at what Init gives) and are not reset.
type Mem struct {
	ir *dslir.Mem
	m  *Module
}

// Mem declares a memory of depth words of type t.
func (m *Module) Mem(name string, t Type, depth int) *Mem {
	m = m.live("Mem")
	mem := &dslir.Mem{Name: name, Type: t.ir(), Depth: depth, Owner: m.ir, Pos: callerPos()}
	m.ir.Mems = append(m.ir.Mems, mem)
	return &Mem{ir: mem, m: m}
}

// Read adds a read port enabled whenever the surrounding When conditions
// hold, and returns its data.
func (mem *Mem) Read(addr Signal) Signal { return mem.read(addr, Signal{}, callerPos()) }

// ReadEnable adds a read port enabled by en (and the surrounding When
// conditions), and returns its data.
func (mem *Mem) ReadEnable(addr, en Signal) Signal { return mem.read(addr, en, callerPos()) }

func (mem *Mem) read(addr, en Signal, pos srcPos) Signal {
	if mem.m.stale() {
		late(mem.m.ir, pos, "Mem.Read")
		return Signal{&dslir.Node{Kind: dslir.Invalid, Type: mem.ir.Type, Pos: pos, Err: "read of memory " + mem.ir.Name + " after its generator returned"}}
	}
	n := &dslir.Node{Kind: dslir.MemRead, Type: mem.ir.Type, Owner: mem.ir.Owner, Pos: pos, Mem: mem.ir}
	mem.ir.Reads = append(mem.ir.Reads, n)
	st := &dslir.Stmt{Kind: dslir.MemRd, Pos: pos, Mem: mem.ir, Read: n, Addr: addr.get(pos)}
	if en.IsValid() {
		st.En = en.get(pos)
	}
	mem.m.record(st)
	return Signal{n}
}

// Write adds a write port that stores data at addr on clock edges where the
// surrounding When conditions hold.
func (mem *Mem) Write(addr, data Signal) {
	pos := callerPos()
	if mem.m.stale() {
		late(mem.m.ir, pos, "Mem.Write")
		return
	}
	mem.m.record(&dslir.Stmt{Kind: dslir.MemWrite, Pos: pos, Mem: mem.ir, Addr: addr.get(pos), Data: data.get(pos)})
}

// BuildError is a misuse of the builder that cannot be recorded for
// elaborate to report (there is no module to record it in). Elaborate
// returns it as an error.
type BuildError struct {
	Pos Pos
	Msg string
}

func (e *BuildError) Error() string { return e.Pos.String() + ": " + e.Msg }

// recorder returns the circuit recording the first of the modules that is
// still being recorded.
func recorder(ms ...*dslir.Module) *circuit {
	for _, m := range ms {
		if m != nil {
			if c, ok := m.Builder.(*circuit); ok {
				return c
			}
		}
	}
	return nil
}
