package rtlsim

import (
	"cmp"
	"slices"
)

// regRanks orders the edge's in-place commit of the one-word registers: a
// register must take its next value only after every register that reads
// its Q directly (as D, enable or reset: a shift register's stages) has
// taken its own. rank[i] of register c.regs[i] is its wave: 0 for a
// register whose Q no other register reads, else one more than the
// highest wave of its readers. When registers read one another in a
// cycle (a ring of plain copies), there is no such order: inPlace is
// false, every rank 0, and the edge computes all next values before it
// commits any.
func (c *compiler) regRanks() (rank []int32, inPlace bool) {
	rank = make([]int32, len(c.regs))
	byQ := map[int32]int32{} // one-word register by its Q net
	for i, r := range c.regs {
		if c.nets[r.q].width <= 64 {
			byQ[r.q] = int32(i)
		}
	}
	// readers[j]: the registers that read register j's Q
	readers := make([][]int32, len(c.regs))
	waiting := make([]int32, len(c.regs)) // readers not yet ranked
	for i, r := range c.regs {
		if c.nets[r.q].width > 64 {
			continue
		}
		seen := int32(-1)
		for _, g := range []int32{r.d, r.en, r.rst} {
			if g < 0 {
				continue
			}
			if j, ok := byQ[c.rootOf(g)]; ok && j != int32(i) && j != seen {
				readers[j] = append(readers[j], int32(i))
				waiting[j]++
				seen = j
			}
		}
	}
	// Kahn's algorithm in layers, from the registers nobody reads.
	var wave []int32
	for i, r := range c.regs {
		if c.nets[r.q].width <= 64 && waiting[i] == 0 {
			wave = append(wave, int32(i))
		}
	}
	// reads[i]: the registers whose Q register i reads, the reverse of
	// readers
	reads := make([][]int32, len(c.regs))
	for j, rs := range readers {
		for _, i := range rs {
			reads[i] = append(reads[i], int32(j))
		}
	}
	done := 0
	for lv := int32(0); len(wave) > 0; lv++ {
		var next []int32
		for _, i := range wave {
			rank[i] = lv
			done++
			for _, j := range reads[i] {
				if waiting[j]--; waiting[j] == 0 {
					next = append(next, j)
				}
			}
		}
		wave = next
	}
	if done != len(byQ) {
		clear(rank)
		return rank, false
	}
	return rank, true
}

// regOrder returns the registers (indices into c.regs) in the order
// layout gives their Qs words: the registers of one role (the same
// register of every instance of a module: every PE's partial sum) next
// to one another in flattening order, the roles in the order of their
// first register. The Qs of a grid of PEs are then laid out as a
// structure of arrays, so the registers of one role whose D is the Q of
// the same role in the neighbouring instance (the shift chains that pass
// activations, weights and handshakes along a row or down a column) have
// their Qs and their Ds at consecutive words, and so have the registers
// whose Ds placeDs lays out in the same order: each such run commits
// with one copy (see copyGroup).
func (c *compiler) regOrder() []int32 {
	first := map[regRole]int32{}
	group := make([]int32, len(c.regs)) // by register: its role's first register
	for i, r := range c.regs {
		f, ok := first[r.role]
		if !ok {
			f = int32(i)
			first[r.role] = f
		}
		group[i] = f
	}
	idx := make([]int32, len(c.regs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(group[a], group[b]) })
	return idx
}

// placeDs places, in the order of regs, the D of every one-word register
// that a hot instruction computes (one of first, the hot nets): the Ds
// of a role are then consecutive, as its Qs are, and the edge commits
// them with one copy instead of register by register.
func (c *compiler) placeDs(regs []int32, first []int32, place func(g int32)) {
	hot := make(map[int32]bool, len(first))
	for _, g := range first {
		hot[g] = true
	}
	for _, i := range regs {
		r := &c.regs[i]
		if c.nets[r.q].width > 64 {
			continue
		}
		if d := c.rootOf(r.d); hot[d] {
			place(d)
		}
	}
}

// copyMin is the fewest registers of a copyGroup: fewer commit one by
// one, as cheaply as the call of a copy.
const copyMin = 4

// copyGroup is a run of n one-word registers of the plain or the rst
// class whose Qs are the consecutive words state[q:q+n] and whose Ds the
// consecutive words state[d:d+n] (which may overlap the Qs: a shift chain
// laid out in order has d = q-1). The edge commits them at once with one
// copy, which reads every D before it writes any Q, as a simultaneous
// commit does; where the group has a reset (rst, a state offset, else
// -1) and it is 1, every Q takes the reset value init instead.
type copyGroup struct {
	sig     uint8 // the class of q and d, and of rst two bits up (see regSig)
	q, d, n uint32
	rst     int64
	init    uint64
}

// commitStep is one step of the interpreter's in-place clock edge: its
// copy groups, then its other registers in strided runs. No register of
// a step reads the Q of another register of the step, so its order is
// free; the steps commit in order, each before the registers whose Q it
// reads.
type commitStep struct {
	groups []copyGroup
	runs   waveRuns
}

// commitGroups commits the copy groups of one step in place.
func commitGroups(ns *nstate, gs []copyGroup) {
	for i := range gs {
		g := &gs[i]
		switch g.sig & 3 {
		case uint8(goW):
			commitGroup(ns.w, ns, g)
		case uint8(goB):
			commitGroup(ns.b, ns, g)
		case uint8(goH):
			commitGroup(ns.h, ns, g)
		default:
			commitGroup(ns.s, ns, g)
		}
	}
}

// commitGroup commits copy group g, whose Qs and Ds are words of qv.
func commitGroup[Q uword](qv []Q, ns *nstate, g *copyGroup) {
	if g.rst >= 0 && ns.word(goClass(g.sig>>2), uint32(g.rst)) != 0 {
		for k := range g.n {
			qv[g.q+k] = Q(g.init)
		}
		return
	}
	copy(qv[g.q:g.q+g.n], qv[g.d:g.d+g.n]) // after reading the reset: it may be one of the Qs
}

// commitPlan returns the steps of the interpreter's clock edge for the
// one-word registers of waves. Committing out of place (a ring of
// registers), a step is a wave and has no copy groups. In place, the
// registers of copy groups (see copyGroup) commit by group and the
// others one by one, ranked as compiler.regRanks ranks registers: a unit
// (a group or a register) commits after every unit that reads one of its
// Qs. Should the groups close a cycle that the registers alone do not,
// the steps are the waves.
func commitPlan(waves []regWave, inPlace bool) []commitStep {
	plain := func() []commitStep {
		steps := make([]commitStep, len(waves))
		for i := range waves {
			steps[i].runs = runsOf(&waves[i])
		}
		return steps
	}
	if !inPlace {
		return plain()
	}
	n := 0
	for i := range waves {
		w := &waves[i]
		n += len(w.plain) + len(w.en) + len(w.rst) + len(w.both)
	}
	regs := make([]regRec, 0, n)
	for i := range waves {
		regs = append(regs, waveRegs(&waves[i])...)
	}
	// Units, in the order of the Qs: a copy group, or a register alone.
	slices.SortFunc(regs, func(x, y regRec) int { return cmp.Compare(x.q, y.q) })
	unitOf := make([]int32, len(regs)) // by register
	var groups []copyGroup
	var members [][2]int // by unit: its registers, regs[members[u][0]:members[u][1]]
	for i := 0; i < len(regs); {
		j := i + 1
		for j < len(regs) && groupable(&regs[i], &regs[j], j-i) {
			j++
		}
		if j-i < copyMin || regs[i].field != "plain" && regs[i].field != "rst" {
			j = i + 1
		}
		u := int32(len(members))
		for k := i; k < j; k++ {
			unitOf[k] = u
		}
		members = append(members, [2]int{i, j})
		if j-i >= copyMin {
			r := &regs[i]
			groups = append(groups, copyGroup{q: r.q, d: r.d, n: uint32(j - i), rst: r.rst, init: r.init})
		} else {
			groups = append(groups, copyGroup{})
		}
		i = j
	}
	byQ := make(map[uint32]int32, len(regs)) // unit by Q offset
	for k := range regs {
		byQ[regs[k].q] = unitOf[k]
	}
	// readers[v]: the units that read a Q of unit v
	readers := make([][]int32, len(members))
	waiting := make([]int32, len(members))
	seen := make([]int32, len(members)) // by unit: the last reader counted, plus one
	for u, m := range members {
		for k := m[0]; k < m[1]; k++ {
			r := &regs[k]
			for _, off := range [...]int64{int64(r.d), r.en, r.rst} {
				if off < 0 {
					continue
				}
				if v, ok := byQ[uint32(off)]; ok && v != int32(u) && seen[v] != int32(u)+1 {
					seen[v] = int32(u) + 1
					readers[v] = append(readers[v], int32(u))
					waiting[v]++
				}
			}
		}
	}
	reads := make([][]int32, len(members))
	for v, us := range readers {
		for _, u := range us {
			reads[u] = append(reads[u], int32(v))
		}
	}
	var steps []commitStep
	stepOf := make([]int32, len(members)) // by unit
	var stepGroups [][]int32              // by step: the units of its groups
	var wave []int32
	for u := range members {
		if waiting[u] == 0 {
			wave = append(wave, int32(u))
		}
	}
	done := 0
	for len(wave) > 0 {
		var step commitStep
		var rest regWave
		var next []int32
		var gus []int32
		for _, u := range wave {
			done++
			stepOf[u] = int32(len(steps))
			if g := groups[u]; g.n > 0 {
				gus = append(gus, u)
			} else {
				rest.add(regs[members[u][0]])
			}
			for _, v := range reads[u] {
				if waiting[v]--; waiting[v] == 0 {
					next = append(next, v)
				}
			}
		}
		sortWave(&rest)
		step.runs = runsOf(&rest)
		steps = append(steps, step)
		stepGroups = append(stepGroups, gus)
		wave = next
	}
	if done != len(members) {
		return plain()
	}
	for i := range steps {
		steps[i].groups = mergeHoles(groups, stepGroups[i], int32(i), stepOf, readers, byQ, regs, members)
	}
	return steps
}

// mergeHoles returns the copy groups of step s (units gus) with the
// groups one word apart merged into one copy: a shift-chain array whose
// rows each take their first element from elsewhere commits as one copy
// of the whole array, which writes a stale word into each row's head,
// then the heads one by one. A hole may be merged over when it is the Q
// of a register alone (H) that commits in a later step and reads no Q
// of the merged group nor its own, and every other unit reading it
// commits in an earlier step (so no one sees the stale word).
func mergeHoles(groups []copyGroup, gus []int32, s int32, stepOf []int32, readers [][]int32,
	byQ map[uint32]int32, regs []regRec, members [][2]int) []copyGroup {
	slices.SortFunc(gus, func(x, y int32) int { return cmp.Compare(groups[x].q, groups[y].q) })
	var out []copyGroup
	var in []int32 // the units of out's last group
	for _, u := range gus {
		g := groups[u]
		if len(out) > 0 && holeOK(&out[len(out)-1], &g, append(in, u), s, stepOf, readers, byQ, regs, members) {
			out[len(out)-1].n += g.n + 1
			in = append(in, u)
			continue
		}
		out = append(out, g)
		in = append(in[:0], u)
	}
	return out
}

// holeOK reports whether copy group a extends over one word to group b
// (see mergeHoles); in are the units of both.
func holeOK(a, b *copyGroup, in []int32, s int32, stepOf []int32, readers [][]int32,
	byQ map[uint32]int32, regs []regRec, members [][2]int) bool {
	if b.rst != a.rst || b.init != a.init || b.q != a.q+a.n+1 || b.d != a.d+a.n+1 {
		return false
	}
	h := a.q + a.n
	hu, ok := byQ[h]
	if !ok || members[hu][1]-members[hu][0] != 1 || stepOf[hu] <= s {
		return false
	}
	r := &regs[members[hu][0]]
	for _, off := range [...]int64{int64(r.d), r.en, r.rst} {
		if off == int64(h) || off >= int64(a.q) && off < int64(b.q+b.n) {
			return false
		}
	}
	for _, v := range readers[hu] {
		if !slices.Contains(in, v) && stepOf[v] >= s {
			return false
		}
	}
	return true
}

// groupable reports whether register y, n registers after x in the order
// of their Qs, extends x's copy group: the same class, reset and reset
// value, and Q and D both n words further.
func groupable(x, y *regRec, n int) bool {
	return y.field == x.field && regSig(y) == regSig(x) && y.rst == x.rst && y.init == x.init && y.en == x.en &&
		int64(y.q) == int64(x.q)+int64(n) && int64(y.d) == int64(x.d)+int64(n)
}
