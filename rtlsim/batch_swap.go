package rtlsim

import (
	"fmt"
	"slices"

	"github.com/systole-hdl/systole/internal/lanekern"
)

// stepBits are the element widths of the planes of the one-plane blocks.
var stepBits = map[stepKind]uint8{stepBlock8: 8, stepBlock16: 16, stepBlock32: 32, stepBlock64: 64}

// A plain register (no enable, no reset) whose D is written by one
// one-word instruction takes its edge without a copy: its Q and its D
// swap rows at every edge. In a cycle of one parity the register's value
// is on one row and the instruction writes D on the other; at the edge
// nothing is copied, and in the next cycle the row D was written to is
// the register's value while the instruction writes D on the row the old
// value was on. The batch so keeps two of everything that names rows —
// the place of every word (laneLayout.loc), the programs, the clock edge
// and the lanePorts — one for each parity, and swaps them at the edge
// (flip). On the 16x16 core this takes 544 registers, the 256 32-bit
// partial sums (Mac) and 288 of 8 bits (256 differences, Sub), 82 KB of
// rows of 64 lanes, out of the copies of every edge.

// laneParity is what names rows in a cycle of the other parity than the
// current one's: what Batch.flip swaps with the Batch's own.
type laneParity struct {
	loc                []wordLoc
	prog, inProg, lazy lanePlan
	edge               laneEdge
	ports              []lanePort
	portWords          []int
}

// swapRegs returns the plain registers whose Q and D swap rows, as Q's
// state offset to D's: the one-word registers without an enable or a
// reset whose D is on Q's plane (cls, by state offset), is written by
// exactly one one-word instruction of the program, which does not read
// it, by no other (of the lazy program, or a multi-word one), and is no
// register's or read port's Q; a D shared by two registers swaps with
// the first.
func (b *Batch) swapRegs(cls []int) map[uint32]uint32 {
	s := b.s
	writes := make([]uint8, len(s.state)) // one-word writers of prog, at most 2
	bad := make([]bool, len(s.state))
	other := func(o *op) {
		if o.kind >= kWCopy {
			dst, nd, _ := s.opWords(o)
			for k := range nd {
				bad[dst+k] = true
			}
			return
		}
		bad[o.dst] = true
	}
	for i := range s.prog {
		o := &s.prog[i]
		if o.kind >= kWCopy || k64Reads[o.kind]&readsDst != 0 {
			other(o)
			continue
		}
		writes[o.dst] = min(writes[o.dst]+1, 2)
	}
	for i := range s.lazy {
		other(&s.lazy[i])
	}
	for i := range s.waves {
		for _, r := range waveRegs(&s.waves[i]) {
			bad[r.q] = true
		}
	}
	for _, r := range s.regs {
		for k := range r.n {
			bad[r.q+k] = true
		}
	}
	for _, p := range s.reads {
		for k := range p.n {
			bad[p.data+k] = true
		}
	}
	swaps := map[uint32]uint32{}
	for i := range s.waves {
		for _, r := range s.waves[i].plain {
			if d := r.d; cls[d] == cls[r.q] && writes[d] == 1 && !bad[d] {
				swaps[r.q] = d
				bad[d] = true // a D swaps with one register
			}
		}
	}
	return swaps
}

// rowPerm maps a plane offset of a cycle of one parity to the other's:
// by[c][r] is the row of plane c that row r of the plane is in the
// other parity.
type rowPerm struct {
	by [numCls][]uint32
	T  uint32
}

// off returns plane offset o of the plane of elements of w bits (8, 16,
// 32 or 64; any other: an operand not read, kept) in the other parity.
func (m *rowPerm) off(w uint8, o uint32) uint32 {
	c := slices.Index(clsBits[:], w)
	if c < 0 {
		return o
	}
	r := o / m.T
	if int(r) >= len(m.by[c]) {
		return o
	}
	return m.by[c][r]*m.T + o%m.T
}

// plan returns p in the other parity.
func (m *rowPerm) plan(p lanePlan) lanePlan {
	out := lanePlan{steps: make([]laneStep, len(p.steps))}
	for i, st := range p.steps {
		if st.what == stepWide {
			st.wide = append([]laneWide(nil), st.wide...)
			for j := range st.wide {
				w := &st.wide[j]
				at := make([]uint32, len(w.at))
				for k, o := range w.at {
					at[k] = m.off(w.cls[k], o)
				}
				w.at = at
			}
			out.steps[i] = st
			continue
		}
		x := st.mix
		if st.what != stepMix {
			w := stepBits[st.what]
			if w == 0 {
				panic(fmt.Sprintf("rtlsim: internal error: a step of kind %d in the other parity", st.what))
			}
			x = lanekern.Mix{Dst: w, A: w, B: w, C: w}
		}
		ops := make([]lanekern.Op, len(st.ops))
		for j, o := range st.ops {
			o.Dst, o.A, o.B, o.C = m.off(x.Dst, o.Dst), m.off(x.A, o.A), m.off(x.B, o.B), m.off(x.C, o.C)
			ops[j] = o
		}
		st.ops = ops
		out.steps[i] = st
	}
	return out
}

// regs returns registers of the plane of w-bit elements in the other
// parity.
func (m *rowPerm) regs(w uint8, regs []lanekern.Reg) []lanekern.Reg {
	out := make([]lanekern.Reg, len(regs))
	for i, r := range regs {
		r.Q, r.D, r.En, r.Rst = m.off(w, r.Q), m.off(w, r.D), m.off(w, r.En), m.off(w, r.Rst)
		out[i] = r
	}
	return out
}

// edge returns e in the other parity.
func (m *rowPerm) edge(e laneEdge) laneEdge {
	out := e
	out.waves = make([][]regGroup, len(e.waves))
	for i, wave := range e.waves {
		gs := make([]regGroup, len(wave))
		for j, g := range wave {
			w := clsBits[g.cls]
			g.q, g.regs = m.off(w, g.q), m.regs(w, g.regs)
			gs[j] = g
		}
		out.waves[i] = gs
	}
	out.ups = make([]rowPair, len(e.ups))
	for i, p := range e.ups {
		p.from, p.to = m.off(p.fc, p.from), m.off(p.tc, p.to)
		out.ups[i] = p
	}
	out.wide = make([]wideReg, len(e.wide))
	for i, w := range e.wide {
		w.regs = m.regs(64, w.regs)
		out.wide[i] = w
	}
	return out
}

// planSwaps sets b.other to the layout, programs and edge of the other
// parity when registers swap (swaps, from swapRegs), else to nil.
func (b *Batch) planSwaps(swaps map[uint32]uint32) {
	b.other = nil
	if len(swaps) == 0 {
		return
	}
	lay := &b.lay
	m := rowPerm{T: uint32(b.tile)}
	for c := range m.by {
		m.by[c] = make([]uint32, lay.rows[c])
		for r := range m.by[c] {
			m.by[c][r] = uint32(r)
		}
	}
	loc := append([]wordLoc(nil), lay.loc...)
	for q, d := range swaps {
		lq, ld := lay.loc[q], lay.loc[d]
		m.by[lq.class()][lq.row()], m.by[ld.class()][ld.row()] = ld.row(), lq.row()
		loc[q], loc[d] = ld, lq
	}
	b.other = &laneParity{loc: loc, prog: m.plan(b.prog), inProg: m.plan(b.inProg), lazy: m.plan(b.lazy), edge: m.edge(b.edgePlan)}
}

// flip makes the other parity's layout, programs, edge and lanePorts
// the current ones, at an edge.
func (b *Batch) flip() {
	o := b.other
	if o == nil {
		return
	}
	b.lay.loc, o.loc = o.loc, b.lay.loc
	b.prog, o.prog = o.prog, b.prog
	b.inProg, o.inProg = o.inProg, b.inProg
	b.lazy, o.lazy = o.lazy, b.lazy
	b.edgePlan, o.edge = o.edge, b.edgePlan
	b.ports, o.ports = o.ports, b.ports
	b.portWords, o.portWords = o.portWords, b.portWords
}

// nextProg returns the program that settles the logic after an edge: the
// other parity's.
func (b *Batch) nextProg() *lanePlan {
	if b.other != nil {
		return &b.other.prog
	}
	return &b.prog
}
