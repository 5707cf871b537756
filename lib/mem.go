package lib

import (
	"fmt"
	mbits "math/bits"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/dsl"
)

// Mem1R1W is a memory of Depth words of Width bits with one write port and
// one read port, in a module of its own that a chip flow can replace with
// an SRAM macro: the module is dsl-Replaceable, so the emitted Verilog
// defines it inside `ifndef <NAME>_EXTERN (NAME = the module name
// upper-cased). Its interface (see the package doc) is the same for every
// depth and width, with a clock and no reset, as SRAMs have.
//
// Instantiate it with Instance, which also adds to the instantiating
// module the assertions that make any macro's behaviour irrelevant where
// it differs: a read and a write never meet at one address on one edge,
// and no address reaches Depth.
type Mem1R1W struct {
	Depth, Width int
	// Prefix starts the module name, Prefix + "mem_<Depth>x<Width>_1r1w":
	// a core passes "<top>_", so that two cores in one build keep their
	// memories apart.
	Prefix string
}

// ModuleName implements the naming of dsl.Generator.
func (s Mem1R1W) ModuleName() string {
	return fmt.Sprintf("%smem_%dx%d_1r1w", s.Prefix, s.Depth, s.Width)
}

// AddrWidth is the width of wr_addr and rd_addr: ceil(log2(Depth)), at
// least 1.
func (s Mem1R1W) AddrWidth() int { return max(1, mbits.Len(uint(max(s.Depth, 1)-1))) }

// Build implements dsl.Generator.
func (s Mem1R1W) Build(m *dsl.Module) {
	if s.Depth < 1 || s.Width < 1 {
		m.Errorf("Mem1R1W of depth %d and width %d: both must be at least 1", s.Depth, s.Width)
		return
	}
	m.Replaceable()
	aw := s.AddrWidth()
	wrEn := m.Input("wr_en", dsl.Bool())
	wrAddr := m.Input("wr_addr", dsl.UInt(aw))
	wrData := m.Input("wr_data", dsl.UInt(s.Width))
	rdEn := m.Input("rd_en", dsl.Bool())
	rdAddr := m.Input("rd_addr", dsl.UInt(aw))
	rdData := m.Output("rd_data", dsl.UInt(s.Width))
	mem := m.Mem("words", dsl.UInt(s.Width), s.Depth)
	m.When(wrEn, func() { mem.Write(wrAddr, wrData) })
	rdData.Set(mem.ReadEnable(rdAddr, rdEn))
}

// Mem1R1WPorts are the ports of an instance of Mem1R1W, as signals of the
// module that instantiated it: set WrEn, WrAddr, WrData, RdEn and RdAddr
// (every one, on every path), read RdData.
type Mem1R1WPorts struct {
	WrEn, WrAddr, WrData dsl.Signal
	RdEn, RdAddr, RdData dsl.Signal
}

// Instance instantiates the memory in m as name and returns its ports. It
// adds to m (outside the replaceable module, so that the checks stay when
// a macro replaces it) the assertions that a read and a write of one
// address never happen on one edge and, when Depth is not a power of two,
// that no enabled port presents an address at or beyond Depth.
func (s Mem1R1W) Instance(m *dsl.Module, name string) Mem1R1WPorts {
	dsl.Helper()
	inst := m.Instance(name, s)
	p := Mem1R1WPorts{
		WrEn: inst.Port("wr_en"), WrAddr: inst.Port("wr_addr"), WrData: inst.Port("wr_data"),
		RdEn: inst.Port("rd_en"), RdAddr: inst.Port("rd_addr"), RdData: inst.Port("rd_data"),
	}
	if s.Depth < 1 || s.Width < 1 {
		return p // the module reports it
	}
	m.When(p.WrEn.And(p.RdEn), func() {
		dsl.Helper()
		m.Assert(p.WrAddr.Ne(p.RdAddr), name+": a read and a write of one address on one edge")
	})
	if s.Depth < 1<<s.AddrWidth() {
		wrOK := p.WrEn.Not().Or(p.WrAddr.Lt(s.Depth))
		rdOK := p.RdEn.Not().Or(p.RdAddr.Lt(s.Depth))
		m.Assert(wrOK.And(rdOK), name+": every address below the depth")
	}
	return p
}

// Mem1R1WIn is what the ports of a Mem1R1W see on one edge.
type Mem1R1WIn struct {
	WrEn   bool
	WrAddr int
	WrData bits.Value // Width bits
	RdEn   bool
	RdAddr int
}

// Mem1R1WModel is the reference model of Mem1R1W: words start at zero and
// rd_data shows the word read on the last edge with rd_en (zero before
// the first).
type Mem1R1WModel struct {
	s     Mem1R1W
	words []bits.Value
	rd    bits.Value
}

// NewMem1R1WModel returns the model of s with every word zero.
func NewMem1R1WModel(s Mem1R1W) *Mem1R1WModel {
	m := &Mem1R1WModel{s: s, words: make([]bits.Value, s.Depth), rd: bits.New(s.Width)}
	for i := range m.words {
		m.words[i] = bits.New(s.Width)
	}
	return m
}

// RdData is the rd_data output.
func (m *Mem1R1WModel) RdData() bits.Value { return m.rd }

// Edge applies in for a clock edge. It refuses (changing nothing) what
// Instance's assertions refuse: a read and a write of one address, an
// address at or beyond the depth, a word of the wrong width.
func (m *Mem1R1WModel) Edge(in Mem1R1WIn) error {
	switch {
	case in.WrEn && in.RdEn && in.WrAddr == in.RdAddr:
		return fmt.Errorf("%s: a read and a write of address %d on one edge", m.s.ModuleName(), in.WrAddr)
	case in.WrEn && (in.WrAddr < 0 || in.WrAddr >= m.s.Depth):
		return fmt.Errorf("%s: write address %d outside 0..%d", m.s.ModuleName(), in.WrAddr, m.s.Depth-1)
	case in.RdEn && (in.RdAddr < 0 || in.RdAddr >= m.s.Depth):
		return fmt.Errorf("%s: read address %d outside 0..%d", m.s.ModuleName(), in.RdAddr, m.s.Depth-1)
	case in.WrEn && in.WrData.Width() != m.s.Width:
		return fmt.Errorf("%s: write data of %d bits, want %d", m.s.ModuleName(), in.WrData.Width(), m.s.Width)
	}
	if in.RdEn {
		m.rd = m.words[in.RdAddr]
	}
	if in.WrEn {
		m.words[in.WrAddr] = in.WrData
	}
	return nil
}
