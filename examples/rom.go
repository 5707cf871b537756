package examples

import (
	"math"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// SineROM is a lookup table in a ROM: a memory with initial contents
// (Mem.Init) and no write port, emitted inline in the Verilog so that it
// works from any directory, in simulation and in synthesis.
//
// Word i holds round((2^(Width-1)-1) * sin(2*pi*i/Depth)) in two's
// complement: one period of a sine wave.
//
// Ports (AW is bits.Len(Depth-1)):
//
//	addr    input  UInt(AW)     the phase
//	sample  output SInt(Width)  the word at addr before the last edge
type SineROM struct {
	Depth, Width int
}

// Words returns the ROM's contents, word 0 first, as Width-bit patterns.
func (s SineROM) Words() []uint64 {
	amp := float64(uint64(1)<<(s.Width-1) - 1)
	words := make([]uint64, s.Depth)
	for i := range words {
		v := int64(math.Round(amp * math.Sin(2*math.Pi*float64(i)/float64(s.Depth))))
		words[i] = uint64(v) & (uint64(1)<<s.Width - 1)
	}
	return words
}

// Build implements dsl.Generator.
func (s SineROM) Build(m *dsl.Module) {
	aw := max(bits.Len(uint(s.Depth-1)), 1)
	addr := m.Input("addr", dsl.UInt(aw))
	sample := m.Output("sample", dsl.SInt(s.Width))
	rom := m.Mem("samples", dsl.UInt(s.Width), s.Depth)
	rom.Init(s.Words()...)
	sample.Set(rom.Read(addr).AsSInt())
}
