package rtlsim

import "github.com/systole-hdl/systole/internal/lanekern"

// run runs a program on the planes of tile tl.
func (b *Batch) run(tl *laneTile, wk *laneWorker, p *lanePlan) {
	T := tl.lanes
	for i := range p.steps {
		st := &p.steps[i]
		switch st.what {
		case stepBlock32:
			lanekern.Block32(st.kind, tl.p32, st.ops, T)
		case stepBlock64:
			lanekern.Block64(st.kind, tl.p64, st.ops, T)
		case stepUp:
			tl.up(st.pairs)
		case stepDown:
			for _, pr := range st.pairs {
				x := tl.p64[pr.from : int(pr.from)+T]
				z := tl.p32[pr.to : int(pr.to)+T]
				for j := range z {
					z[j] = uint32(x[j])
				}
			}
		case stepWide:
			for k := range st.wide {
				tl.evalWide(wk.one, &st.wide[k])
			}
		}
	}
}

// up copies rows of the 32-bit plane into rows of the 64-bit one.
func (tl *laneTile) up(pairs []rowPair) {
	for _, pr := range pairs {
		x := tl.p32[pr.from : int(pr.from)+tl.lanes]
		z := tl.p64[pr.to : int(pr.to)+tl.lanes]
		for j := range z {
			z[j] = uint64(x[j])
		}
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
	b.edgeSeq(tl, wk.seqNx, lane0)
	tl.up(e.ups)
	for _, wave := range e.waves {
		for i := range wave {
			g := &wave[i]
			switch {
			case b.s.inPlace && g.is64:
				lanekern.Commit64(g.rc, tl.p64, g.regs, T)
			case b.s.inPlace:
				lanekern.Commit32(g.rc, tl.p32, g.regs, T)
			case g.is64:
				lanekern.Next64(g.rc, tl.p64, wk.nx64[g.nx:], g.regs, T)
			default:
				lanekern.Next32(g.rc, tl.p32, wk.nx32[g.nx:], g.regs, T)
			}
		}
		if b.s.inPlace {
			continue
		}
		for i := range wave {
			g := &wave[i]
			n := len(g.regs) * T
			if g.is64 {
				copy(tl.p64[g.q:int(g.q)+n], wk.nx64[g.nx:])
			} else {
				copy(tl.p32[g.q:int(g.q)+n], wk.nx32[g.nx:])
			}
		}
	}
	for _, off := range e.seqOut {
		nx := wk.seqNx[int(off)*T:][:T]
		c := tl.loc[off]
		i := int(c.row()) * T
		if c.is64() {
			copy(tl.p64[i:i+T], nx)
			continue
		}
		z := tl.p32[i : i+T]
		for l, v := range nx {
			z[l] = uint32(v)
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
			if at := int(w.at[i]) + l; w.at64[i] {
				one[off] = tl.p64[at]
			} else {
				one[off] = uint64(tl.p32[at])
			}
		}
		evalWide(one, o)
		for k := range nd { // the first words are the destination's
			if at := int(w.at[k]) + l; w.at64[k] {
				tl.p64[at] = one[o.dst+k]
			} else {
				tl.p32[at] = uint32(one[o.dst+k])
			}
		}
	}
}
