package rtlsim

import (
	"errors"
	"fmt"

	"github.com/systole-hdl/systole/bits"
)

// loadContents writes the memories' initial contents into mem, laid out
// as layout places them (memory by memory, ceil(width/64) words a word).
func (c *compiler) loadContents(mem []uint64) {
	base := 0
	for _, m := range c.mems {
		n := nwords(uint32(m.width))
		for a, v := range m.init {
			for k := range int(n) {
				mem[base+a*int(n)+k] = v.Word(k)
			}
		}
		base += m.depth * int(n)
	}
}

// memLoc is where a memory's words are in Sim.mem.
type memLoc struct {
	base, n, depth, width int
}

// memTable maps the hierarchical name of every memory to its words.
func (c *compiler) memTable() map[string]memLoc {
	t := make(map[string]memLoc, len(c.mems))
	base := 0
	for _, m := range c.mems {
		n := int(nwords(uint32(m.width)))
		t[m.name] = memLoc{base: base, n: n, depth: m.depth, width: m.width}
		base += m.depth * n
	}
	return t
}

// memWord finds word addr of the memory called name.
func (s *Sim) memWord(name string, addr int) (memLoc, int, error) {
	loc, ok := s.memByName[name]
	if !ok {
		return memLoc{}, 0, fmt.Errorf("rtlsim: no memory %q (memories are named like nets: \"u1.ram\")", name)
	}
	if addr < 0 || addr >= loc.depth {
		return memLoc{}, 0, fmt.Errorf("rtlsim: memory %s: address %d is not below its depth %d", name, addr, loc.depth)
	}
	return loc, loc.base + addr*loc.n, nil
}

// PeekMem returns word addr of the memory called name (its hierarchical
// name: "ram" in the top, "u1.ram" in instance u1): a backdoor read, which
// no read port sees.
func (s *Sim) PeekMem(name string, addr int) (bits.Value, error) {
	loc, off, err := s.memWord(name, addr)
	if err != nil {
		return bits.Value{}, err
	}
	return bits.FromWords(loc.width, s.mem[off:off+loc.n]), nil
}

// PokeMem sets word addr of the memory called name to v, of the memory's
// width: a backdoor write that takes effect at once, seen by the read
// ports from the next edge on.
func (s *Sim) PokeMem(name string, addr int, v bits.Value) error {
	loc, off, err := s.memWord(name, addr)
	if err != nil {
		return err
	}
	if v.Width() != loc.width {
		return fmt.Errorf("rtlsim: memory %s: cannot write a %d-bit value into %d-bit words", name, v.Width(), loc.width)
	}
	for k := range loc.n {
		s.mem[off+k] = v.Word(k)
	}
	s.dirty = true // state changed other than by a poke or an edge
	return nil
}

// PeekMemLane is PeekMem of one lane.
func (b *Batch) PeekMemLane(name string, lane, addr int) (bits.Value, error) {
	loc, off, err := b.s.memWord(name, addr)
	if err != nil || !b.okLane(lane, "PeekMemLane") {
		return bits.Value{}, errors.Join(err, b.s.err)
	}
	words := make([]uint64, loc.n)
	for k := range words {
		words[k] = b.mem[b.memAt(off+k, lane)]
	}
	return bits.FromWords(loc.width, words), nil
}

// PokeMemLane is PokeMem of one lane.
func (b *Batch) PokeMemLane(name string, lane, addr int, v bits.Value) error {
	loc, off, err := b.s.memWord(name, addr)
	if err != nil || !b.okLane(lane, "PokeMemLane") {
		return errors.Join(err, b.s.err)
	}
	if v.Width() != loc.width {
		return fmt.Errorf("rtlsim: memory %s: cannot write a %d-bit value into %d-bit words", name, v.Width(), loc.width)
	}
	for k := range loc.n {
		b.mem[b.memAt(off+k, lane)] = v.Word(k)
	}
	b.dirty = true
	return nil
}
