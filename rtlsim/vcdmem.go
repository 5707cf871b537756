package rtlsim

import "strconv"

// MaxVCDMemWords is the deepest memory TraceVCD shows, word by word; a
// deeper one is left out (its read ports' data are still traced).
const MaxVCDMemWords = 1024

// scopeMem is a memory of an instance, for the VCD.
type scopeMem struct {
	name string // in its module
	full string // hierarchical, as in Sim.memByName
}

// memVars declares the words of the memories of scope sc as variables.
func (v *vcdWriter) memVars(s *Sim, sc *scope) {
	for _, sm := range sc.mems {
		loc, ok := s.memByName[sm.full]
		if !ok || loc.depth > MaxVCDMemWords {
			continue
		}
		for a := range loc.depth {
			vv := vcdVar{off: uint32(loc.base + a*loc.n), n: uint32(loc.n), width: uint32(loc.width),
				last: uint32(len(v.last)), code: vcdCode(len(v.vars)), mem: true}
			v.vars = append(v.vars, vv)
			v.last = append(v.last, make([]uint64, loc.n)...)
			v.str("$var reg ").num(uint64(vv.width)).str(" ").str(vv.code).str(" ").str(sm.name).str("[").str(strconv.Itoa(a)).str("]")
			if vv.width > 1 {
				v.str(" [").num(uint64(vv.width - 1)).str(":0]")
			}
			v.str(" $end\n")
		}
	}
}
