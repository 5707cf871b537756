package testbench

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// memPath returns the Verilog hierarchical name below the top of the
// memory that the netlist calls name ("u1.ram"), and the memory.
func (v *Verilator) memPath(name string) (string, *netlist.Mem, error) {
	if !v.opts.Backdoor {
		return "", nil, fmt.Errorf("testbench: verilator: the memory backdoor needs a model built with VerilatorOptions.Backdoor")
	}
	parts := strings.Split(name, ".")
	m := v.design.TopModule()
	var path []string
	for _, seg := range parts[:len(parts)-1] {
		i := instIndex(m, seg)
		if i < 0 {
			return "", nil, fmt.Errorf("testbench: verilator: unknown memory %q: module %s has no instance %s", name, m.Name, seg)
		}
		path = append(path, v.names.Module(m.Name).Insts[i])
		m = v.design.Module(m.Insts[i].Module)
		if m.Extern != nil {
			return "", nil, fmt.Errorf("testbench: verilator: memory %q: %s is a black box, whose memories are the user's Verilog", name, seg)
		}
	}
	last := parts[len(parts)-1]
	for j := range m.Mems {
		if m.Mems[j].Name == last {
			path = append(path, v.names.Module(m.Name).Mems[j])
			return strings.Join(path, "."), &m.Mems[j], nil
		}
	}
	return "", nil, fmt.Errorf("testbench: verilator: unknown memory %q: module %s has no memory %s", name, m.Name, last)
}

func instIndex(m *netlist.Module, name string) int {
	for i := range m.Insts {
		if m.Insts[i].Name == name {
			return i
		}
	}
	return -1
}

// memWord checks a backdoor access and returns the memory's Verilog name.
func (v *Verilator) memWord(name string, addr int) (string, *netlist.Mem, error) {
	if err := v.Err(); err != nil {
		return "", nil, err
	}
	path, mem, err := v.memPath(name)
	if err != nil {
		return "", nil, err
	}
	if addr < 0 || addr >= mem.Depth {
		return "", nil, fmt.Errorf("testbench: verilator: memory %s has no word %d (depth %d)", name, addr, mem.Depth)
	}
	return path, mem, nil
}

// PeekMem implements MemoryBackdoor: word addr of the memory called name,
// after the edges taken so far. It needs VerilatorOptions.Backdoor.
func (v *Verilator) PeekMem(name string, addr int) (bits.Value, error) {
	path, mem, err := v.memWord(name, addr)
	if err != nil {
		return bits.Value{}, err
	}
	words, width, err := v.sess.PeekMem(path, uint32(addr))
	if err != nil {
		return bits.Value{}, fmt.Errorf("testbench: %w", err)
	}
	if width != mem.Width {
		return bits.Value{}, fmt.Errorf("testbench: verilator: memory %s has %d-bit words in the model, %d in the design", name, width, mem.Width)
	}
	return bits.FromWords(width, words), nil
}

// PokeMem implements MemoryBackdoor: it sets word addr of the memory
// called name to v, of the memory's width. It needs
// VerilatorOptions.Backdoor.
func (v *Verilator) PokeMem(name string, addr int, x bits.Value) error {
	path, mem, err := v.memWord(name, addr)
	if err != nil {
		return err
	}
	if x.Width() != mem.Width {
		return fmt.Errorf("testbench: verilator: memory %s: cannot write a %d-bit value into %d-bit words", name, x.Width(), mem.Width)
	}
	words := make([]uint64, bits.Words(mem.Width))
	for i := range words {
		words[i] = x.Word(i)
	}
	if err := v.sess.PokeMem(path, uint32(addr), words); err != nil {
		return fmt.Errorf("testbench: %w", err)
	}
	v.stale = true
	return nil
}
