package rtlsim

import (
	"fmt"

	"github.com/systole-hdl/systole/internal/lanekern"
)

// run runs a program on the planes of tile tl.
func (b *Batch) run(tl *laneTile, wk *laneWorker, p *lanePlan) {
	T := tl.lanes
	for i := range p.steps {
		st := &p.steps[i]
		switch st.what {
		case stepBlock32:
			lanekern.Block32(st.kind, tl.P32, st.ops, T)
		case stepBlock64:
			lanekern.Block64(st.kind, tl.P64, st.ops, T)
		case stepBlock8:
			lanekern.Block8(st.kind, tl.P8, st.ops, T)
		case stepBlock16:
			lanekern.Block16(st.kind, tl.P16, st.ops, T)
		case stepMix:
			lanekern.BlockMix(st.kind, st.mix, &tl.Planes, st.ops, T)
		case stepWide:
			for k := range st.wide {
				tl.evalWide(wk.one, &st.wide[k])
			}
		}
	}
}

// copyRows copies rows from one plane to a wider one, zero-extending.
func (tl *laneTile) copyRows(pairs []rowPair) {
	T := tl.lanes
	for _, pr := range pairs {
		switch {
		case pr.fc == 8 && pr.tc == 16:
			widen(tl.P16[pr.to:int(pr.to)+T], tl.P8[pr.from:int(pr.from)+T])
		case pr.fc == 8 && pr.tc == 32:
			widen(tl.P32[pr.to:int(pr.to)+T], tl.P8[pr.from:int(pr.from)+T])
		case pr.fc == 8 && pr.tc == 64:
			widen(tl.P64[pr.to:int(pr.to)+T], tl.P8[pr.from:int(pr.from)+T])
		case pr.fc == 16 && pr.tc == 32:
			widen(tl.P32[pr.to:int(pr.to)+T], tl.P16[pr.from:int(pr.from)+T])
		case pr.fc == 16 && pr.tc == 64:
			widen(tl.P64[pr.to:int(pr.to)+T], tl.P16[pr.from:int(pr.from)+T])
		case pr.fc == 32 && pr.tc == 64:
			widen(tl.P64[pr.to:int(pr.to)+T], tl.P32[pr.from:int(pr.from)+T])
		default:
			panic(fmt.Sprintf("rtlsim: internal error: a copy of rows from class %d to %d", pr.fc, pr.tc))
		}
	}
}

// widen copies from into z, zero-extending each element.
func widen[Z uint16 | uint32 | uint64, F uint8 | uint16 | uint32](z []Z, from []F) {
	z = z[:len(from)]
	for j, v := range from {
		z[j] = Z(v)
	}
}

// edgeTile takes the edge in tile tl, whose first lane is lane0, as
// Sim.edge does: the wide registers and the read ports into the worker's
// seqNx and the memory writes (edgeSeq), then the one-word registers wave
// by wave (in place, each wave before the registers whose Q it reads; or,
// when a ring of registers forbids that, all computed into nx and then
// copied into their Qs), then the wide registers and read ports from
// seqNx.
func (b *Batch) edgeTile(tl *laneTile, wk *laneWorker, lane0 int) {
	e := &b.edgePlan
	T := tl.lanes
	n := b.memT * T
	b.edgeSeq(tl, wk.seqNx, b.mem[lane0*b.memT:][:n:n], min(T, b.lanes-lane0))
	tl.copyRows(e.ups)
	for i := range e.wide {
		w := &e.wide[i]
		lanekern.Next64(w.rc, tl.P64, wk.seqNx[int(w.q)*T:], w.regs, T)
	}
	for _, wave := range e.waves {
		for i := range wave {
			g := &wave[i]
			switch {
			case b.s.inPlace && g.cls == cls64:
				lanekern.Commit64(g.rc, tl.P64, g.regs, T)
			case b.s.inPlace && g.cls == cls8:
				lanekern.Commit8(g.rc, tl.P8, g.regs, T)
			case b.s.inPlace && g.cls == cls16:
				lanekern.Commit16(g.rc, tl.P16, g.regs, T)
			case b.s.inPlace:
				lanekern.Commit32(g.rc, tl.P32, g.regs, T)
			case g.cls == cls64:
				lanekern.Next64(g.rc, tl.P64, wk.nx64[g.nx:], g.regs, T)
			case g.cls == cls8:
				lanekern.Next8(g.rc, tl.P8, wk.nx8[g.nx:], g.regs, T)
			case g.cls == cls16:
				lanekern.Next16(g.rc, tl.P16, wk.nx16[g.nx:], g.regs, T)
			default:
				lanekern.Next32(g.rc, tl.P32, wk.nx32[g.nx:], g.regs, T)
			}
		}
		if b.s.inPlace {
			continue
		}
		for i := range wave {
			g := &wave[i]
			n := len(g.regs) * T
			switch g.cls {
			case cls64:
				copy(tl.P64[g.q:int(g.q)+n], wk.nx64[g.nx:])
			case cls8:
				copy(tl.P8[g.q:int(g.q)+n], wk.nx8[g.nx:])
			case cls16:
				copy(tl.P16[g.q:int(g.q)+n], wk.nx16[g.nx:])
			default:
				copy(tl.P32[g.q:int(g.q)+n], wk.nx32[g.nx:])
			}
		}
	}
	for _, off := range e.seqOut {
		nx := wk.seqNx[int(off)*T:][:T]
		c := tl.loc[off]
		i := int(c.row()) * T
		if c.is64() {
			copy(tl.P64[i:i+T], nx)
			continue
		}
		for l, v := range nx {
			tl.put(c, i+l, v)
		}
	}
}

// evalWide runs one multi-word instruction lane by lane: it gathers the
// words it reads and writes into a one-lane state at their single-lane
// offsets, runs the single-lane instruction and scatters the result back.
func (tl *laneTile) evalWide(one []uint64, w *laneWide) {
	o := w.in
	nd := nwords(o.w)
	for l := range tl.lanes {
		for i, off := range w.words {
			switch at := int(w.at[i]) + l; w.cls[i] {
			case 64:
				one[off] = tl.P64[at]
			case 8:
				one[off] = uint64(tl.P8[at])
			case 16:
				one[off] = uint64(tl.P16[at])
			default:
				one[off] = uint64(tl.P32[at])
			}
		}
		evalWide(one, o)
		for k := range nd { // the first words are the destination's
			switch at := int(w.at[k]) + l; w.cls[k] {
			case 64:
				tl.P64[at] = one[o.dst+k]
			case 8:
				tl.P8[at] = uint8(one[o.dst+k])
			case 16:
				tl.P16[at] = uint16(one[o.dst+k])
			default:
				tl.P32[at] = uint32(one[o.dst+k])
			}
		}
	}
}
