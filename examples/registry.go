package examples

import "github.com/systole-hdl/systole/dsl"

// Entry is a named example with the parameters the registry gives it.
type Entry struct {
	// Name is the short lowercase name tools use ("counter").
	Name string
	// Doc is a one-line description.
	Doc string
	// Gen is the generator with its registry parameters.
	Gen dsl.Generator
}

var entries = []Entry{
	{"counter", "8-bit counter with enable, wrapping, reset to 0", Counter{Width: 8}},
	{"alu", "32-bit combinational ALU: add, sub, and, or, xor, shifts, signed less-than, equal", ALU{Width: 32}},
	{"mac", "signed 8x8-bit multiply-accumulate into 32 bits, with clear and enable", MAC{InWidth: 8, AccWidth: 32, Signed: true}},
	{"adder130", "130-bit registered adder with carry out", WideAdder{Width: 130}},
	{"fifo", "8-deep FIFO of 8-bit words on a memory, valid/ready in and out", FIFO{Width: 8, Depth: 8}},
	{"rom", "64-entry ROM of 8-bit sine samples (memory contents, Mem.Init)", SineROM{Depth: 64, Width: 8}},
	{"sram", "16x8 scratchpad on a black-box SRAM macro (sram_sp.v), with a DSL model for rtlsim", Scratchpad{Depth: 16, Width: 8}},
}

// All returns every example, from the simplest to the most involved, in
// the same order on every call. The slice is the caller's to modify.
func All() []Entry { return append([]Entry(nil), entries...) }

// ByName returns the example called name.
func ByName(name string) (Entry, bool) {
	for _, e := range entries {
		if e.Name == name {
			return e, true
		}
	}
	return Entry{}, false
}

// Names returns the names of all examples, in the order of All.
func Names() []string {
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name
	}
	return names
}
