package examples

import (
	"math/bits"
	"strconv"

	"github.com/systole-hdl/systole/dsl"
)

// SRAM is a single-port synchronous SRAM macro of Depth words of Width
// bits: a black box, instantiated as the Verilog module sram_sp of
// sram_sp.v (this directory) with parameters DEPTH, WIDTH and AW, the way
// a chip design instantiates a foundry's memory macro.
//
// Ports (AW is the address width, bits.Len(Depth-1)):
//
//	clk    input  Bool        the clock (BlackBox.Clock)
//	addr   input  UInt(AW)    the word to read, and to write when we
//	we     input  Bool        write wdata at addr on the rising edge
//	wdata  input  UInt(Width)
//	rdata  output UInt(Width) the word at addr before the last edge (read-first)
//
// rdata is registered: it changes only at clock edges, so SRAM declares
// no combinational path. Its Build also describes the macro's behaviour
// with a memory: that is the black box's DSL model, which rtlsim runs
// (and which a Go model given to rtlsim.CompileWith replaces); the emitted
// Verilog instantiates sram_sp and never defines it.
type SRAM struct {
	Depth, Width int
}

// ModuleName names the definition after the macro's shape.
func (s SRAM) ModuleName() string {
	return "sram_sp_" + strconv.Itoa(s.Depth) + "x" + strconv.Itoa(s.Width)
}

// Build implements dsl.Generator.
func (s SRAM) Build(m *dsl.Module) {
	aw := max(bits.Len(uint(s.Depth-1)), 1)
	m.BlackBox("sram_sp").
		Param("DEPTH", int64(s.Depth)).Param("WIDTH", int64(s.Width)).Param("AW", int64(aw)).
		File("sram_sp.v").
		Clock("clk")
	addr := m.Input("addr", dsl.UInt(aw))
	we := m.Input("we", dsl.Bool())
	wdata := m.Input("wdata", dsl.UInt(s.Width))
	rdata := m.Output("rdata", dsl.UInt(s.Width))

	// The DSL model: a memory read on every edge, written when we.
	mem := m.Mem("mem", dsl.UInt(s.Width), s.Depth)
	rdata.Set(mem.Read(addr))
	m.When(we, func() { mem.Write(addr, wdata) })
}

// Scratchpad is a scratchpad memory on an SRAM macro (a black box; see
// SRAM): the design around the macro registers the request and checks the
// word read with its parity.
//
// Ports (AW as for SRAM):
//
//	addr, we, wdata  inputs                  the request, registered before the macro
//	rdata            output UInt(Width)      the word read, two edges after its request
//	parity           output Bool             XOR of the bits of rdata
type Scratchpad struct {
	Depth, Width int
}

// Build implements dsl.Generator.
func (s Scratchpad) Build(m *dsl.Module) {
	aw := max(bits.Len(uint(s.Depth-1)), 1)
	addr := m.Input("addr", dsl.UInt(aw))
	we := m.Input("we", dsl.Bool())
	wdata := m.Input("wdata", dsl.UInt(s.Width))
	rdata := m.Output("rdata", dsl.UInt(s.Width))
	parity := m.Output("parity", dsl.Bool())

	ram := m.Instance("ram", SRAM(s))
	reqAddr := m.Reg("req_addr", dsl.UInt(aw))
	reqWe := m.Reg("req_we", dsl.Bool(), dsl.Init(0))
	reqData := m.Reg("req_data", dsl.UInt(s.Width))
	reqAddr.Set(addr)
	reqWe.Set(we)
	reqData.Set(wdata)
	ram.Port("addr").Set(reqAddr)
	ram.Port("we").Set(reqWe)
	ram.Port("wdata").Set(reqData)
	rdata.Set(ram.Port("rdata"))
	parity.Set(ram.Port("rdata").XorR())
}
