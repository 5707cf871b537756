package vsim

import (
	"encoding/binary"
	"fmt"
	"io"
)

// BackdoorFlags are the Verilator flags of an interactive model whose
// Session reads and writes memory words (PeekMem, PokeMem): they build the
// model with Verilator's VPI and every signal public, which makes the
// build and the model slower, so only a testbench that asks gets them.
var BackdoorFlags = []string{"--vpi", "--public-flat-rw", "-CFLAGS", "-DSYSTOLE_VPI"}

// The statuses of a memory command's reply.
const (
	memOK = iota
	memUnknown
	memRange
	memNoBackdoor
	memWidth
)

// memError explains a memory command's status.
func memError(top, name string, addr uint32, status uint32, width int) error {
	switch status {
	case memUnknown:
		return fmt.Errorf("vsim: %s has no memory %s", top, name)
	case memRange:
		return fmt.Errorf("vsim: memory %s.%s has no word %d", top, name, addr)
	case memNoBackdoor:
		return fmt.Errorf("vsim: model of %s has no memory backdoor: build it with BackdoorFlags", top)
	case memWidth:
		return fmt.Errorf("vsim: memory %s.%s: wrong number of words for its %d-bit words", top, name, width)
	}
	return fmt.Errorf("vsim: memory %s.%s: status %d", top, name, status)
}

// memCommand sends a memory command (see the harness) after the buffered
// ones, and returns the reply's status and width.
func (s *Session) memCommand(op byte, name string, addr uint32, v []uint64) (status uint32, width int, err error) {
	if s.err != nil {
		return 0, 0, s.err
	}
	if len(name) == 0 || len(name) > 4000 {
		return 0, 0, fmt.Errorf("vsim: memory name of %d bytes", len(name))
	}
	full := "TOP." + s.spec.Top + "." + name
	s.buf = append(s.buf, op)
	s.buf = binary.LittleEndian.AppendUint32(s.buf, uint32(len(full)))
	s.buf = append(s.buf, full...)
	s.buf = binary.LittleEndian.AppendUint32(s.buf, addr)
	if op == 'w' {
		s.buf = binary.LittleEndian.AppendUint32(s.buf, uint32(len(v)))
		for _, w := range v {
			s.buf = binary.LittleEndian.AppendUint64(s.buf, w)
		}
	}
	s.stepAt = -1
	if !s.flush() {
		return 0, 0, s.err
	}
	var reply [8]byte
	if _, err := io.ReadFull(s.fromKid, reply[:]); err != nil {
		s.fail(err)
		return 0, 0, s.err
	}
	return binary.LittleEndian.Uint32(reply[:]), int(binary.LittleEndian.Uint32(reply[4:])), nil
}

// PeekMem returns word addr of memory name, named by its Verilog
// hierarchical name below the top module ("ram", "u1.ram"), as
// little-endian words, and its width. The model must be built with
// BackdoorFlags. A memory that does not exist, an address beyond it and a
// model without the backdoor are errors that leave the session usable.
func (s *Session) PeekMem(name string, addr uint32) ([]uint64, int, error) {
	status, width, err := s.memCommand('m', name, addr, nil)
	if err != nil {
		return nil, 0, err
	}
	if status != memOK {
		return nil, 0, memError(s.spec.Top, name, addr, status, width)
	}
	buf := make([]byte, 8*((width+63)/64))
	if _, err := io.ReadFull(s.fromKid, buf); err != nil {
		s.fail(err)
		return nil, 0, s.err
	}
	v := make([]uint64, len(buf)/8)
	for i := range v {
		v[i] = binary.LittleEndian.Uint64(buf[8*i:])
	}
	return v, width, nil
}

// PokeMem sets word addr of memory name (see PeekMem) to the little-endian
// words v, ceil(width/64) of them (bits beyond the width are dropped),
// after the commands buffered so far: the design sees it from its next
// evaluation.
func (s *Session) PokeMem(name string, addr uint32, v []uint64) error {
	status, width, err := s.memCommand('w', name, addr, v)
	if err != nil {
		return err
	}
	if status != memOK {
		return memError(s.spec.Top, name, addr, status, width)
	}
	return nil
}
