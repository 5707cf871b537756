package rtlsim

import (
	"errors"
	"fmt"

	"github.com/systole-hdl/systole/bits"
)

// Sim is a compiled design ready to simulate. Build one with Compile.
type Sim struct {
	// prog is the levelized combinational program over the flat state
	// (Batch and WriteGo start from it); xprog is the same program as
	// the interpreter runs it, over its state by width class (ns, see
	// narrow.go), and blocks is xprog as runs of one kind and class
	// signature, in order. xin and xlazy are inProg and lazy likewise.
	prog   []op
	xprog  []op
	blocks []block
	// lazy computes the nets that nothing in prog, no register, memory
	// port or output reads (nets that fusing made redundant, and dead
	// logic): Peek and tracing run it on demand.
	lazy       []op
	xlazy      []op
	lazyBlocks []block
	wide       []instr  // the multi-word instructions of prog
	state      []uint64 // every net's words, at netInfo.off (the interpreter's: see ns)
	ns         nstate   // the interpreter's state by width class; ns.w is state
	loc        []goLoc  // the place of every word of state in ns
	next       []uint64 // next values of state[:len(next)]: registers, read data
	consts     []uint64 // register reset values
	// initWords are the words of the state that start non-zero: the
	// constants.
	initWords []initWord
	mem       []uint64 // memory contents
	// waves are the one-word registers in the order the edge commits
	// them (see compiler.regRanks).
	waves []regWave
	// commit is the one-word registers as the interpreter commits them:
	// in copy groups and strided runs, step by step (see commitPlan)
	commit []commitStep
	// inPlace: the one-word registers commit straight into the state,
	// wave by wave; else into next, with the other sequential elements
	inPlace bool
	regs    []seqReg // wider registers
	reads   []memPort
	writes  []memPort
	dirty   bool // registers or memories changed since the last eval
	// inDirty: inputs changed since the last eval (and nothing else, unless
	// dirty): settle runs only inProg, the instructions they reach
	inDirty  bool
	inProg   []op
	xin      []op
	inBlocks []block
	// lazyDirty: prog ran since lazy last did
	lazyDirty bool
	cycle     uint64

	nets     []netInfo        // by flat net
	names    map[string]int32 // hierarchical name -> flat net
	insts    map[string]string
	inputs   []PortInfo
	outputs  []PortInfo
	clock    int32 // flat net of the clock, or -1
	rst      int32 // flat net of the top's 1-bit rst input, or -1
	seqWords int   // words of state that registers and read ports drive

	fused map[string]int // fused instructions by fusion (see Fused)

	root *scope
	vcd  *vcdWriter // nil unless tracing
	err  error      // first misuse of a Handle; see Err

	props     []simProp  // assertions, assumptions, covers; see props.go
	propInfo  []PropInfo // by simProp.info
	coverHits []uint64   // by simProp.cover
	failure   *AssertionError
	memByName map[string]memLoc // memories by hierarchical name; see PeekMem
	initMem   []initWord        // the non-zero words of the initial contents
	stopped   bool              // a property failed: Step does nothing
	boxes     []*simBox         // black boxes run by Go models; see blackbox.go
}

type initWord struct {
	off uint32
	v   uint64
}

type netInfo struct {
	name  string
	off   uint32
	width uint32
	input bool // a top-level input other than the clock
	lazy  bool // computed by Sim.lazy
}

// seqReg is a register in the layout: Q at state[q:q+n], whose next value is
// next[q:q+n] (registers are laid out first, so the offsets agree).
type seqReg struct {
	q, d, n, init uint32
	en, rst       int64 // state offsets, or -1 when absent
}

// plainReg is a register of at most 64 bits without enable or reset.
type plainReg struct{ q, d uint32 }

// regWave is one wave of the one-word registers, by kind.
type regWave struct {
	plain []plainReg
	en    []regEn
	rst   []regRst
	both  []reg1
}

// regEn is a register of at most 64 bits with an enable and no reset.
type regEn struct{ q, d, en uint32 }

// regRst is a register of at most 64 bits with a reset and no enable.
type regRst struct {
	q, d, rst uint32
	init      uint64
}

// reg1 is a register of at most 64 bits with an enable and a reset.
type reg1 struct {
	q, d, en, rst uint32
	init          uint64
}

// memPort is a memory read or write port in the layout.
type memPort struct {
	base, n     uint32 // the memory's first word in Sim.mem, words per entry
	depth       uint64
	addr, addrN uint32 // address offset and words
	data        uint32 // data offset: read ports drive it, write ports read it
	en          int64  // enable offset, or -1 for an always enabled read port
}

// Handle names one net of the flattened design. It is a small value, cheap
// to copy and compare; get one from Sim.Handle or from PortInfo. The zero
// Handle names nothing. A Handle is only meaningful to the Sim that made it.
type Handle struct {
	id uint32 // flat net + 1
}

// IsValid reports whether h names a net.
func (h Handle) IsValid() bool { return h.id != 0 }

// PortInfo describes a port of the top module.
type PortInfo struct {
	Name   string
	Width  int
	Handle Handle
	// Clock marks the clock input, which Step drives; Reset marks the
	// 1-bit input rst that Reset drives. A testbench drives the others.
	Clock, Reset bool
}

// Handle returns the handle of a net by its hierarchical name: "x" for a net
// (or port) of the top module, "u1.u2.x" for net x of instance u2 of instance
// u1. Generated nets have names too and can be looked up.
func (s *Sim) Handle(name string) (Handle, error) {
	g, ok := s.names[name]
	if !ok {
		return Handle{}, s.unknownSignal(name)
	}
	return Handle{id: uint32(g) + 1}, nil
}

// net returns the net h names, recording a misuse (see Err) when it names
// none.
func (s *Sim) net(h Handle, what string) (*netInfo, bool) {
	if h.id == 0 || int(h.id) > len(s.nets) {
		s.fail(fmt.Errorf("rtlsim: %s of an invalid Handle", what))
		return nil, false
	}
	return &s.nets[h.id-1], true
}

// Name returns the hierarchical name of the net h names, or "" for an
// invalid Handle.
func (s *Sim) Name(h Handle) string {
	if h.id == 0 || int(h.id) > len(s.nets) {
		return ""
	}
	return s.nets[h.id-1].name
}

// Width returns the width in bits of the net h names, or 0 for an invalid
// Handle.
func (s *Sim) Width(h Handle) int {
	if h.id == 0 || int(h.id) > len(s.nets) {
		return 0
	}
	return int(s.nets[h.id-1].width)
}

// pokeable returns the net of h when h names a top-level input other than the
// clock, and records the misuse otherwise.
func (s *Sim) pokeable(h Handle) (*netInfo, bool) {
	n, ok := s.net(h, "Poke")
	if !ok {
		return nil, false
	}
	if !n.input {
		s.fail(s.pokeError(n.name))
		return nil, false
	}
	return n, true
}

func (s *Sim) pokeError(name string) error {
	if g := s.names[name]; g == s.clock {
		return fmt.Errorf("rtlsim: cannot poke the clock %q: Step drives it", name)
	}
	return fmt.Errorf("rtlsim: cannot poke %q: only inputs of the top module can be poked", name)
}

// Poke sets a top-level input to v. A Poke that cannot be done (h names no
// input, the clock, or v has another width) changes nothing and records the
// error, which Err and Close report; PokeName returns it instead.
func (s *Sim) Poke(h Handle, v bits.Value) {
	n, ok := s.pokeable(h)
	if !ok {
		return
	}
	if v.Width() != int(n.width) {
		s.fail(fmt.Errorf("rtlsim: cannot poke %d-bit value %v into %d-bit input %q", v.Width(), v, n.width, n.name))
		return
	}
	if n.width <= 64 {
		s.pokeWord(n.off, v.Word(0))
		return
	}
	st := s.state[n.off : n.off+nwords(n.width)]
	for i := range st {
		if w := v.Word(i); st[i] != w {
			st[i] = w
			s.inDirty = true
		}
	}
}

// PokeUint64 sets a top-level input to v truncated to its width (and
// zero-extended beyond 64 bits). Misuse is recorded as for Poke.
func (s *Sim) PokeUint64(h Handle, v uint64) {
	n, ok := s.pokeable(h)
	if !ok {
		return
	}
	if n.width < 64 {
		v &= topMask(n.width)
	}
	if n.width <= 64 {
		s.pokeWord(n.off, v)
		return
	}
	st := s.state[n.off : n.off+nwords(n.width)]
	if st[0] != v {
		st[0] = v
		s.inDirty = true
	}
	for i := 1; i < len(st); i++ {
		if st[i] != 0 {
			st[i] = 0
			s.inDirty = true
		}
	}
}

// PokeWords sets a top-level input from little-endian 64-bit words:
// ceil(width/64) of them are read (missing ones are zero), and the bits
// above the width are dropped. It allocates nothing. Misuse is recorded as
// for Poke.
func (s *Sim) PokeWords(h Handle, words []uint64) {
	n, ok := s.pokeable(h)
	if !ok {
		return
	}
	if n.width <= 64 {
		var w uint64
		if len(words) > 0 {
			w = words[0] & topMask(n.width)
		}
		s.pokeWord(n.off, w)
		return
	}
	st := s.state[n.off : n.off+nwords(n.width)]
	for i := range st {
		var w uint64
		if i < len(words) {
			w = words[i]
		}
		if i == len(st)-1 {
			w &= topMask(n.width)
		}
		if st[i] != w {
			st[i] = w
			s.inDirty = true
		}
	}
}

// Peek returns the settled value of any net. It returns the zero Value, and
// records the misuse, for an invalid Handle.
func (s *Sim) Peek(h Handle) bits.Value {
	n, ok := s.net(h, "Peek")
	if !ok {
		return bits.Value{}
	}
	s.settleFor(n)
	if n.width <= 64 {
		w := [1]uint64{s.word(n.off)}
		return bits.FromWords(int(n.width), w[:])
	}
	return bits.FromWords(int(n.width), s.state[n.off:n.off+nwords(n.width)])
}

// PeekWords appends the settled value of a net to dst as little-endian
// 64-bit words (ceil(width/64) of them) and returns the extended slice. It
// allocates nothing when dst has room.
func (s *Sim) PeekWords(h Handle, dst []uint64) []uint64 {
	n, ok := s.net(h, "PeekWords")
	if !ok {
		return dst
	}
	s.settleFor(n)
	if n.width <= 64 {
		return append(dst, s.word(n.off))
	}
	return append(dst, s.state[n.off:n.off+nwords(n.width)]...)
}

// PeekUint64 returns the low 64 bits of the settled value of a net, or 0 for
// an invalid Handle.
func (s *Sim) PeekUint64(h Handle) uint64 {
	n, ok := s.net(h, "PeekUint64")
	if !ok {
		return 0
	}
	s.settleFor(n)
	return s.word(n.off)
}

// PokeName sets the top-level input called name to v. It is an error when
// name is unknown, is not an input of the top module, is the clock, or when
// v has another width.
func (s *Sim) PokeName(name string, v bits.Value) error {
	h, err := s.Handle(name)
	if err != nil {
		return err
	}
	n := &s.nets[h.id-1]
	if !n.input {
		return s.pokeError(name)
	}
	if v.Width() != int(n.width) {
		return fmt.Errorf("rtlsim: cannot poke %d-bit value %v into %d-bit input %q", v.Width(), v, n.width, name)
	}
	s.Poke(h, v)
	return nil
}

// PeekName returns the settled value of the net called name.
func (s *Sim) PeekName(name string) (bits.Value, error) {
	h, err := s.Handle(name)
	if err != nil {
		return bits.Value{}, err
	}
	return s.Peek(h), nil
}

// Step takes n rising edges of the clock. Each settles the combinational
// logic, checks the design's assertions and assumptions and counts its
// cover points (see Properties), computes the next value of every register
// and memory read port, writes the memories and commits; the logic is
// settled again lazily. An assertion or assumption that fails stops the
// simulation before that edge: Step returns, Err and Failure report an
// *AssertionError, and later Steps do nothing.
func (s *Sim) Step(n int) {
	for ; n > 0; n-- {
		s.settle()
		if s.vcd != nil {
			s.settleAll()
			s.vcd.dump(s, false)
		}
		if !s.checkEdge() {
			return
		}
		s.edge()
		if s.vcd != nil {
			s.settleAll()
			s.vcd.dump(s, true)
		}
	}
}

// Reset holds the top's 1-bit "rst" input at 1 for one Step, then sets it
// back to 0. It does nothing when the top has no such input.
func (s *Sim) Reset() {
	if s.rst < 0 {
		return
	}
	h := Handle{id: uint32(s.rst) + 1}
	s.PokeUint64(h, 1)
	s.Step(1)
	s.PokeUint64(h, 0)
}

// Cycle returns the number of clock edges taken so far.
func (s *Sim) Cycle() uint64 { return s.cycle }

// Inputs returns the input ports of the top module in declaration order,
// the clock included.
func (s *Sim) Inputs() []PortInfo { return append([]PortInfo(nil), s.inputs...) }

// Outputs returns the output ports of the top module in declaration order.
func (s *Sim) Outputs() []PortInfo { return append([]PortInfo(nil), s.outputs...) }

// Err returns the first misuse of a Handle (a Poke of a net that is not an
// input, a value of the wrong width, an invalid Handle) or the
// *AssertionError that stopped the simulation, or nil.
func (s *Sim) Err() error { return s.err }

func (s *Sim) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// Close ends tracing, flushing the VCD, and returns the first error of the
// trace's writer or of a misused Handle (see Err). The Sim stays usable.
func (s *Sim) Close() error {
	var err error
	if s.vcd != nil {
		err = s.vcd.close(s)
		s.vcd = nil
	}
	return errors.Join(err, s.err)
}

// Instructions returns the length of the compiled combinational program.
func (s *Sim) Instructions() int { return len(s.prog) }
