package opgen

import (
	"fmt"
	"slices"
	"strings"
)

// seqBody returns the statements that compute one word of a sequential
// element with class rc into dst, given Go expressions for the
// placeholders: it binds each placeholder the class uses (so the Go
// compiler sees no unused variable), then the class's Let, then the
// kernel.
func seqBody(rc RegClass, dst string, vals map[string]string, indent string) string {
	var b strings.Builder
	used := uses(rc.Let, rc.Kernel)
	vars := map[string]string{"v": "v"}
	for _, u := range []string{"q", "d", "en", "rst", "init"} {
		if slices.Contains(used, u) {
			v, ok := vals[u]
			if !ok {
				panic(fmt.Sprintf("opgen: class %s: no value for $%s", rc.Field, u))
			}
			vars[u] = u
			if v != u { // a value of the same name is bound already
				fmt.Fprintf(&b, "%s%s := %s\n", indent, u, v)
			}
		}
	}
	if rc.Let != "" {
		fmt.Fprintf(&b, "%sv := %s\n", indent, subst(rc.Let, vars))
	}
	fmt.Fprintf(&b, "%s%s = %s\n", indent, dst, subst(rc.Kernel, vars))
	return b.String()
}

// simSeq returns Sim.edgeSeq.
func simSeq() string {
	var b strings.Builder
	b.WriteString(`// edgeSeq computes the next values of the wide registers and of the
// memory read ports into nx from the settled state st, then performs the
// memory writes, word by word with the kernels of their register classes.
func (s *Sim) edgeSeq(st, nx []uint64) {
	for i := range s.regs {
		r := &s.regs[i]
		en, rst := uint64(1), uint64(0)
		if r.en >= 0 {
			en = s.word(uint32(r.en))
		}
		if r.rst >= 0 {
			rst = s.word(uint32(r.rst))
		}
		for k := range r.n {
`)
	b.WriteString(seqBody(classOf(WideRegClass), "nx[r.q+k]", map[string]string{
		"q": "st[r.q+k]", "d": "st[r.d+k]", "en": "en", "rst": "rst", "init": "s.resetWord(r, k)"}, "\t\t\t"))
	b.WriteString(`		}
	}
	for i := range s.reads {
		p := &s.reads[i]
		en := uint64(1)
		if p.en >= 0 {
			en = s.word(uint32(p.en))
		}
		a, ok := s.addr(p)
		for k := range p.n {
			var mw uint64
			if ok {
				mw = s.mem[a+k]
			}
`)
	b.WriteString(seqBody(classOf(PortClass), "nx[p.data+k]", map[string]string{
		"q": "st[p.data+k]", "d": "mw", "en": "en"}, "\t\t\t"))
	b.WriteString(`		}
	}
	for i := range s.writes {
		p := &s.writes[i]
		a, ok := s.addr(p)
		if !ok {
			continue
		}
		en := s.word(uint32(p.en))
		for k := range p.n {
`)
	b.WriteString(seqBody(classOf(PortClass), "s.mem[a+k]", map[string]string{
		"q": "s.mem[a+k]", "d": "s.word(p.data + k)", "en": "en"}, "\t\t\t"))
	b.WriteString("\t\t}\n\t}\n}\n")
	return b.String()
}

// batchSeq returns Batch.edgeSeq.
func batchSeq() string {
	var b strings.Builder
	b.WriteString(`// edgeSeq computes the next values of the memory read ports of every
// lane of tile tl into nx (word w of lane l at nx[w*L+l], for the state
// offsets w below seqWords) from the settled state, then performs the
// memory writes into the tile's memories mem (word w of lane l at
// mem[w*L+l], then a row of zeros and one of scratch, see Batch.mem),
// word by word with the kernel of PortClass, as Sim's edgeSeq. Enables
// and addresses are read row by row; a port whose lanes all address one
// entry reads or writes it row by row, else lane by lane, the lanes whose
// enable is 1 alone: PortClass's kernel with an enable of 0 is $q, the
// port's data or the memory word as it is (TestPortClassHolds). (The wide
// registers are one-word registers of the 64-bit plane: see laneEdge.)
func (b *Batch) edgeSeq(tl *laneTile, nx, mem []uint64, real int) {
	s, L := b.s, tl.lanes
	var ens [maxTileLanes]uint64
	// at[l]: where word 0 of lane l's addressed entry is in mem (word k
	// at at[l]+k*L), of a row of zeros (a read) or of scratch (a write)
	// when the address is not below the depth; row: at[0] when every
	// lane addresses the same entry, else -1; on[:n]: the lanes whose
	// enable is 1; vals: a row of the port's data
	var at [maxTileLanes]int
	var on [maxTileLanes]uint8
	var vals [maxTileLanes]uint64
	zeros, scratch := b.memN*L, (b.memN+b.portN)*L
	for i := range s.reads {
		p := &s.reads[i]
		tl.loadOr(p.en, ens[:L], 1)
		n := enabled(ens[:L], on[:L])
		row := -1
		if n > 0 {
			row = tl.addrs(p, at[:L], zeros, real)
		}
		for k := range p.n {
			nxs := nx[int(p.data+k)*L:][:L]
			tl.rowOf(p.data + k).load(nxs)
			if row >= 0 {
				ms := mem[row+int(k)*L:][:L]
				for l := range nxs {
					mw := ms[l]
					en := ens[l]
`)
	b.WriteString(seqBody(classOf(PortClass), "nxs[l]", map[string]string{
		"q": "nxs[l]", "d": "mw", "en": "en"}, "\t\t\t\t\t"))
	b.WriteString(`				}
				continue
			}
			for _, l := range on[:n] {
				mw := mem[at[l]+int(k)*L]
				en := ens[l]
`)
	b.WriteString(seqBody(classOf(PortClass), "nxs[l]", map[string]string{
		"q": "nxs[l]", "d": "mw", "en": "en"}, "\t\t\t\t"))
	b.WriteString(`			}
		}
	}
	for i := range s.writes {
		p := &s.writes[i]
		tl.rowOf(uint32(p.en)).load(ens[:L])
		n := enabled(ens[:L], on[:L])
		if n == 0 {
			continue
		}
		row := tl.addrs(p, at[:L], scratch, real)
		for k := range p.n {
			tl.rowOf(p.data + k).load(vals[:L])
			if row >= 0 {
				ms := mem[row+int(k)*L:][:L]
				for l := range ms {
					mw := &ms[l]
					en := ens[l]
`)
	b.WriteString(seqBody(classOf(PortClass), "*mw", map[string]string{
		"q": "*mw", "d": "vals[l]", "en": "en"}, "\t\t\t\t\t"))
	b.WriteString(`				}
				continue
			}
			for _, l := range on[:n] {
				mw := &mem[at[l]+int(k)*L]
				en := ens[l]
`)
	b.WriteString(seqBody(classOf(PortClass), "*mw", map[string]string{
		"q": "*mw", "d": "vals[l]", "en": "en"}, "\t\t\t\t"))
	b.WriteString("\t\t\t}\n\t\t}\n\t}\n}\n")
	return b.String()
}

// gogenSeq returns the Go writer's statements for the same elements: Go
// source in which the element's offsets are constants.
func gogenSeq() string {
	var b strings.Builder
	lit := func(s string) string { return fmt.Sprintf("%q", s) }
	b.WriteString(`// wideRegStmt returns the Go statement that computes the next value of a
// wide register into nx, as Sim's edgeSeq does; init is its reset value
// (zeros for a register without a reset).
func wideRegStmt(r *seqReg, init []uint64) string {
	var b strings.Builder
	b.WriteString("{ en, rst := uint64(1), uint64(0); ")
	if r.en >= 0 {
		fmt.Fprintf(&b, "en = st[%d]; ", r.en)
	}
	if r.rst >= 0 {
		fmt.Fprintf(&b, "rst = st[%d]; ", r.rst)
	}
	b.WriteString("_, _ = en, rst; for k, init := range [...]uint64{")
	for _, v := range init {
		fmt.Fprintf(&b, "%#x, ", v)
	}
	b.WriteString("} { _ = init; ")
	fmt.Fprintf(&b, `)
	b.WriteString(lit(oneLine(seqBody(classOf(WideRegClass), "nx[%[1]d+k]", map[string]string{
		"q": "st[%[1]d+k]", "d": "st[%[2]d+k]", "en": "en", "rst": "rst", "init": "init"}, ""))))
	b.WriteString(`, r.q, r.d)
	b.WriteString("} }")
	return b.String()
}

// readStmt returns the Go statement that computes the next value of a
// memory read port's data into nx, as Sim's edgeSeq does.
func readStmt(p *memPort) string {
	en := "uint64(1)"
	if p.en >= 0 {
		en = fmt.Sprintf("st[%d]", p.en)
	}
	return fmt.Sprintf(`)
	b.WriteString(lit("{ en := %[1]s; a, ok := memAddr(st, %[2]d, %[3]d, %[4]d); for k := range %[5]d { var mw uint64; if ok { mw = m.mem[%[6]d+a*%[5]d+k] }; " +
		oneLine(seqBody(classOf(PortClass), "nx[%[7]d+k]", map[string]string{"q": "st[%[7]d+k]", "d": "mw", "en": "en"}, "")) + "} }"))
	b.WriteString(`, en, p.addr, p.addrN, p.depth, p.n, p.base, p.data)
}

// writeStmt returns the Go statement that performs a memory write port's
// write, as Sim's edgeSeq does.
func writeStmt(p *memPort) string {
	return fmt.Sprintf(`)
	b.WriteString(lit("if a, ok := memAddr(st, %[1]d, %[2]d, %[3]d); ok { en := st[%[4]d]; for k := range %[5]d { " +
		oneLine(seqBody(classOf(PortClass), "m.mem[%[6]d+a*%[5]d+k]", map[string]string{"q": "m.mem[%[6]d+a*%[5]d+k]", "d": "st[%[7]d+k]", "en": "en"}, "")) + "} }"))
	b.WriteString(`, p.addr, p.addrN, p.depth, p.en, p.n, p.base, p.data)
}
`)
	return b.String()
}

// oneLine joins the lines of statements with "; ".
func oneLine(stmts string) string {
	return strings.Join(strings.Split(strings.TrimSpace(stmts), "\n"), "; ") + "; "
}
