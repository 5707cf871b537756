package rtlsim

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	mbits "math/bits"
	"slices"
	"strconv"
)

// vcdWriter dumps value changes of the traced nets in the Value Change Dump
// format of IEEE 1364-2005, section 18.
type vcdWriter struct {
	w    *bufio.Writer
	vars []vcdVar // one per traced flat net, in order of first declaration
	last []uint64 // the last dumped words of every var
	clk  int      // index in vars of the clock, or -1
	buf  []byte
	// clkWord is the clock's value: 1 at a rising edge, 0 at a falling one.
	clkWord [1]uint64
	// word holds the value of a one-word var the interpreter keeps in a
	// narrow class (see Sim.word).
	word [1]uint64
}

type vcdVar struct {
	off, n, width uint32 // the net in the state (or the word in Sim.mem)
	last          uint32 // offset in vcdWriter.last
	code          string // identifier code
	mem           bool   // a memory word: off is in Sim.mem
}

// vcdPeriod is the clock period in VCD time units (ns): cycle c is at time
// vcdPeriod*c, where the clock rises; it falls half a period later.
const vcdPeriod = 10

// TraceVCD starts writing a Value Change Dump of every named (non-generated)
// net to w: one $scope per instance, the values of the current cycle, then
// the changes of every later cycle. A net seen under several names (a child's
// port and the parent's net it is connected to) is one VCD variable declared
// in each scope. A net that holds an enum's values (netlist.Enum) is
// followed by a $comment naming each value, VCD having no enum types.
// Memories of at most MaxVCDMemWords words are traced word by word, as
// variables named like "mem[3]" (VCD has no arrays). The clock is shown rising at 10*Cycle()
// ns and falling 5 ns later; inputs poked between two Steps change at the
// falling edge. Close flushes and ends the trace. The first error writing to
// w stops the trace and is returned by Close.
func (s *Sim) TraceVCD(w io.Writer) error {
	if w == nil {
		return errors.New("rtlsim: TraceVCD: nil writer")
	}
	if s.vcd != nil {
		return errors.New("rtlsim: TraceVCD: already tracing; Close ends a trace")
	}
	verilogNames(s.root)
	v := &vcdWriter{w: bufio.NewWriterSize(w, 64<<10), clk: -1}
	index := make([]int32, len(s.nets)) // flat net -> var + 1
	var header func(sc *scope)
	header = func(sc *scope) {
		v.str("$scope module ").str(sc.name).str(" $end\n")
		for _, sv := range sc.vars {
			i := index[sv.net] - 1
			if i < 0 {
				i = int32(len(v.vars))
				index[sv.net] = i + 1
				n := s.nets[sv.net]
				v.vars = append(v.vars, vcdVar{off: n.off, n: nwords(n.width), width: n.width,
					last: uint32(len(v.last)), code: vcdCode(len(v.vars))})
				v.last = append(v.last, make([]uint64, nwords(n.width))...)
				if sv.net == s.clock {
					v.clk = int(i)
				}
			}
			vv := v.vars[i]
			v.str("$var wire ").num(uint64(vv.width)).str(" ").str(vv.code).str(" ").str(sv.name)
			if vv.width > 1 {
				v.str(" [").num(uint64(vv.width - 1)).str(":0]")
			}
			v.str(" $end\n")
			if e := sv.enum; e != nil {
				// VCD has no enum types: the names go in a comment that
				// viewers show and translation filters can read.
				v.str("$comment ").str(sv.name).str(" is enum ").str(e.Name).str(":")
				for k, name := range e.Names {
					v.str(" ").num(uint64(k)).str("=").str(name)
				}
				v.str(" $end\n")
			}
		}
		v.memVars(s, sc)
		for _, child := range sc.children {
			header(child)
		}
		v.str("$upscope $end\n")
	}
	v.str("$version systole rtlsim $end\n")
	v.str("$comment cycle c is at time 10*c: the clock rises there and falls 5 ns later $end\n")
	v.str("$timescale 1ns $end\n")
	header(s.root)
	v.str("$enddefinitions $end\n")

	s.settleAll()
	v.str("#").num(vcdPeriod * s.cycle).str("\n$dumpvars\n")
	for i := range v.vars {
		v.value(s, i)
	}
	v.str("$end\n")
	if err := v.w.Flush(); err != nil {
		return err
	}
	s.vcd = v
	return nil
}

// dump writes the changes since the last dump, at the rising edge of the
// current cycle or at its falling edge, half a period later. It reports
// whether it wrote anything.
func (v *vcdWriter) dump(s *Sim, rising bool) bool {
	t := vcdPeriod * s.cycle
	if !rising {
		t += vcdPeriod / 2
	}
	v.clkWord[0] = b2u(rising)
	stamped := false
	for i := range v.vars {
		vv := &v.vars[i]
		cur, last := v.cur(s, i), v.last[vv.last:vv.last+vv.n]
		if slices.Equal(cur, last) {
			continue
		}
		if !stamped {
			v.str("#").num(t).str("\n")
			stamped = true
		}
		v.value(s, i)
	}
	return stamped
}

// cur returns the current words of var i: the clock's are clkWord, since the
// clock net itself stays 0 in the state.
func (v *vcdWriter) cur(s *Sim, i int) []uint64 {
	if i == v.clk {
		return v.clkWord[:]
	}
	vv := &v.vars[i]
	if vv.mem {
		return s.mem[vv.off : vv.off+vv.n]
	}
	if vv.n == 1 {
		v.word[0] = s.word(vv.off)
		return v.word[:]
	}
	return s.state[vv.off : vv.off+vv.n]
}

// value writes the current value of var i and remembers it.
func (v *vcdWriter) value(s *Sim, i int) {
	vv := &v.vars[i]
	cur := v.cur(s, i)
	copy(v.last[vv.last:vv.last+vv.n], cur)
	if vv.width == 1 {
		v.w.WriteByte(byte('0' + cur[0]&1))
	} else {
		v.w.WriteByte('b')
		v.w.Write(v.binary(cur))
		v.w.WriteByte(' ')
	}
	v.w.WriteString(vv.code)
	v.w.WriteByte('\n') // an error sticks in the bufio.Writer; close reports it
}

// binary formats x in binary without leading zeros (but at least one
// digit), eight digits at a time.
func (v *vcdWriter) binary(x []uint64) []byte {
	n := 1 // significant bits
	for k := len(x) - 1; k >= 0; k-- {
		if x[k] != 0 {
			n = 64*k + mbits.Len64(x[k])
			break
		}
	}
	nb := (n + 7) / 8
	if cap(v.buf) < 8*nb {
		v.buf = make([]byte, 8*nb, 2*8*nb)
	}
	b := v.buf[:8*nb]
	for j := range nb {
		by := byte(x[j/8] >> (8 * (j % 8)))
		binary.BigEndian.PutUint64(b[8*(nb-1-j):], binDigits[by])
	}
	return b[8*nb-n:]
}

// binDigits[b] holds the eight binary digits of b, most significant first,
// in big-endian order.
var binDigits = func() (t [256]uint64) {
	for b := range t {
		for k := 7; k >= 0; k-- {
			t[b] = t[b]<<8 | uint64('0'+b>>k&1)
		}
	}
	return t
}()

// close writes the falling edge of the last cycle, so that viewers show the
// last cycle whole, and flushes.
func (v *vcdWriter) close(s *Sim) error {
	s.settleAll()
	if !v.dump(s, false) {
		v.str("#").num(vcdPeriod*s.cycle + vcdPeriod/2).str("\n")
	}
	return v.w.Flush()
}

func (v *vcdWriter) str(x string) *vcdWriter {
	v.w.WriteString(x)
	return v
}

func (v *vcdWriter) num(x uint64) *vcdWriter {
	v.buf = strconv.AppendUint(v.buf[:0], x, 10)
	v.w.Write(v.buf)
	return v
}

// vcdCode returns the i-th identifier code: base 94 over the printable
// characters '!' to '~'.
func vcdCode(i int) string {
	var b []byte
	for {
		b = append(b, byte('!'+i%94))
		i /= 94
		if i == 0 {
			return string(b)
		}
		i--
	}
}
