package rtlsim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// maxStateWords bounds the words of net state and of memory contents, so a
// design too large to simulate is an error rather than an out-of-memory crash
// or an offset overflow.
const maxStateWords = 1 << 31

// A flatNet is one net of the flattened design: the equivalence class of a
// net and every child port net aliased to it.
type flatNet struct {
	name   string // hierarchical name (the outermost one)
	width  int
	driver int32 // index into compiler.cells, or -1
}

// A flatCell is a netlist cell with its nets renamed into the flat space.
type flatCell struct {
	cell *netlist.Cell
	out  int32
	in   []int32
}

type flatReg struct {
	q, d, en, rst int32 // en and rst are -1 when absent
	init          bits.Value
	// role names the register within its module (module and Q net): the
	// same register of every instance of a module has the same role
	role regRole
}

// regRole is a register of a module: its module and its Q net there.
type regRole struct {
	mod *netlist.Module
	q   netlist.NetID
}

type flatMem struct {
	name   string
	width  int
	depth  int
	init   []bits.Value // initial contents, word 0 first
	reads  []flatPort
	writes []flatPort
}

type flatPort struct {
	addr, en, data int32 // en is -1 when absent
}

// compiler flattens a design and lowers it into a Sim.
type compiler struct {
	d      *netlist.Design
	nets   []flatNet
	names  map[string]int32  // hierarchical net name -> flat net
	insts  map[string]string // hierarchical instance name -> module name
	cells  []flatCell
	regs   []flatReg
	mems   []flatMem
	clocks []int32 // flat nets of every module clock, the top's first
	props  []flatProp
	boxes  []flatBox // black boxes run by Go models
	models Models
	root   *scope
	// alias[g] is the net whose words net g shares, or -1: the output of
	// a buf or of a zext within the same number of words is a copy of its
	// input, so it gets no words and no instruction of its own.
	alias []int32
	level []int32 // level[g]: the level of the cell driving net g, 0 for none
	// fused[ci] is the fused instruction that computes cell ci's output
	// from nets further back, when fuse found one; see fuse.
	fused []fusion
	// prod[g] describes net g as a product of two nets; see fuse.
	prod map[int32]product
	// hot and lazy are the hot and the lazy program before scheduling,
	// with their scheduling keys, for Sim.narrow.
	hot, lazy         []op
	hotKeys, lazyKeys []int32
}

// A scope is one instance of the hierarchy, as the VCD shows it: with
// the netlist's names until verilogNames gives it the Verilog's.
type scope struct {
	name     string
	mod      *netlist.Module
	vars     []scopeVar
	mems     []scopeMem      // memories, traced word by word; see vcdmem.go; one per mod.Mems
	children []*scope        // one per mod.Insts
	design   *netlist.Design // the root's: the design, until verilogNames
}

type scopeVar struct {
	name string
	id   netlist.NetID // in the scope's module
	net  int32
	enum *netlist.Enum // the enum whose values the net holds, or nil
}

// verilogNames renames the scopes under root (the top) and their nets and
// memories as the emitted Verilog names them (netlist.Legalize), once:
// the VCD then shows the hierarchy a Verilator or Icarus trace shows.
// Done on the first trace, so that compiling pays nothing for it.
func verilogNames(root *scope) {
	if root.design == nil {
		return
	}
	names := netlist.Legalize(root.design)
	root.design = nil
	root.name = names.Top()
	var walk func(sc *scope)
	walk = func(sc *scope) {
		mn := names.Module(sc.mod.Name)
		for i := range sc.vars {
			sc.vars[i].name = mn.Nets[sc.vars[i].id]
		}
		for i := range sc.mems {
			sc.mems[i].name = mn.Mems[i]
		}
		for i, child := range sc.children {
			child.name = mn.Insts[i]
			walk(child)
		}
	}
	walk(root)
}

// Compile checks d with netlist.Check, returning its error, then flattens and
// levelizes d into a ready-to-run Sim. Registers without a reset and memory
// contents start at zero; inputs start at zero.
func Compile(d *netlist.Design) (*Sim, error) { return compileSim(d, Options{}, "") }

// CompileWith is Compile with options: the Go models of the design's black
// boxes (see Model).
func CompileWith(d *netlist.Design, opts Options) (*Sim, error) { return compileSim(d, opts, "") }

// compileSim compiles d for Sim, or for the form named by noGo, which cannot
// call Go models.
func compileSim(d *netlist.Design, opts Options, noGo string) (*Sim, error) {
	if err := netlist.Check(d); err != nil {
		return nil, err
	}
	top := d.TopModule()
	c := &compiler{
		d:      d,
		names:  map[string]int32{},
		insts:  map[string]string{"": top.Name},
		root:   &scope{name: top.Name, mod: top, design: d},
		models: opts.Models,
	}
	c.flatten(top, "", nil, c.root)
	order, err := c.levelize()
	if err != nil {
		return nil, err
	}
	c.findAliases(order)
	c.fuse(order)
	hot := c.markHot(top)
	c.level = make([]int32, len(c.nets))
	for _, ci := range order {
		if fc := &c.cells[ci]; c.alias[fc.out] < 0 {
			c.levelOf(fc)
		}
	}
	s, err := c.layout(top, c.placement(order, hot))
	if err != nil {
		return nil, err
	}
	if noGo != "" && len(c.boxes) > 0 {
		return nil, fmt.Errorf("rtlsim: %s cannot run black box %s (Verilog module %s), which has no DSL model: only Sim runs Go models (CompileWith)",
			noGo, c.boxes[0].path, c.boxes[0].m.Extern.Verilog)
	}
	if err := c.makeBoxes(s, opts.Models); err != nil {
		return nil, err
	}
	c.program(s, order, hot)
	c.layoutProps(s)
	s.narrow(opts.flat, c.hot, c.hotKeys, c.lazy, c.lazyKeys)
	return s, nil
}

// program lowers the cells in levelized order into the hot program (the
// cells hot marks) and the lazy one, and schedules both.
func (c *compiler) program(s *Sim, order []int32, hot []bool) {
	var keys, lazyKeys []int32
	var lazy []op
	for _, ci := range order {
		fc := &c.cells[ci]
		if c.alias[fc.out] >= 0 {
			continue
		}
		n := len(s.prog)
		c.lower(s, ci)
		for _, o := range s.prog[n:] {
			k := 2 * c.level[fc.out]
			if o.kind == k64DepOr || o.kind == kWDep {
				k++ // after the part that clears the concat's words
			}
			if hot[ci] {
				keys = append(keys, k)
			} else {
				lazyKeys = append(lazyKeys, k)
			}
		}
		if !hot[ci] {
			lazy = append(lazy, s.prog[n:]...)
			s.prog = s.prog[:n]
			s.nets[fc.out].lazy = true
		}
	}
	for g, a := range c.alias {
		if a >= 0 {
			s.nets[g].lazy = s.nets[a].lazy
		}
	}
	c.hot, c.hotKeys, c.lazy, c.lazyKeys = s.prog, keys, lazy, lazyKeys
	s.prog, _ = schedule(s.prog, keys)
	s.lazy, _ = schedule(lazy, lazyKeys)
	s.inProg, _ = s.inputCone()
}

// levelOf records the level of a cell as its output net's: one more than
// the deepest cell driving its inputs (registers, inputs and constants are
// at level 0).
func (c *compiler) levelOf(fc *flatCell) {
	var lv int32
	for _, g := range fc.in {
		lv = max(lv, c.level[c.rootOf(g)])
	}
	c.level[fc.out] = lv + 1
}

// findAliases eliminates copies: the output of a buf, or of a zext that
// keeps the number of words (every net keeps its bits above its width
// zero), shares the words of its input's root. order is levelized, so an
// input's alias is known before its readers.
func (c *compiler) findAliases(order []int32) {
	c.alias = make([]int32, len(c.nets))
	for i := range c.alias {
		c.alias[i] = -1
	}
	for _, ci := range order {
		fc := &c.cells[ci]
		op := fc.cell.Op
		if op != netlist.OpBuf && op != netlist.OpZext {
			continue
		}
		src := fc.in[0]
		if bits.Words(c.nets[fc.out].width) != bits.Words(c.nets[src].width) {
			continue
		}
		if a := c.alias[src]; a >= 0 {
			src = a
		}
		c.alias[fc.out] = src
	}
}

// flatten adds the nets, cells, registers and memories of one instance of m,
// named by path (empty for the top, else ending in '.'), and recurses into
// its children. ports maps the nets of m's ports to the parent nets they are
// connected to.
func (c *compiler) flatten(m *netlist.Module, path string, ports map[netlist.NetID]int32, sc *scope) {
	local := make([]int32, len(m.Nets))
	var enumOf map[netlist.NetID]*netlist.Enum
	for k := range m.Enums {
		for _, id := range m.Enums[k].Nets {
			if enumOf == nil {
				enumOf = map[netlist.NetID]*netlist.Enum{}
			}
			enumOf[id] = &m.Enums[k]
		}
	}
	// A black box runs a Go model: without a body, or when given one.
	box := m.Extern != nil && (!m.HasBody() || c.models[m.Extern.Verilog] != nil)
	var isPort []bool
	if box {
		isPort = make([]bool, len(m.Nets))
		for _, p := range m.Ports {
			isPort[p.Net] = true
		}
	}
	for i, n := range m.Nets {
		if box && !isPort[i] {
			continue // the body the Go model replaces
		}
		g, ok := ports[netlist.NetID(i)]
		if !ok {
			g = int32(len(c.nets))
			c.nets = append(c.nets, flatNet{name: path + n.Name, width: n.Width, driver: -1})
		}
		local[i] = g
		c.names[path+n.Name] = g
		if !n.Generated {
			sc.vars = append(sc.vars, scopeVar{name: n.Name, id: netlist.NetID(i), net: g, enum: enumOf[netlist.NetID(i)]})
		}
	}
	opt := func(id netlist.NetID) int32 {
		if id == netlist.NoNet {
			return -1
		}
		return local[id]
	}
	if m.Clock != netlist.NoNet {
		c.clocks = append(c.clocks, local[m.Clock])
	}
	if box {
		c.addBox(m, path, local)
		return
	}
	for i := range m.Cells {
		cell := &m.Cells[i]
		fc := flatCell{cell: cell, out: local[cell.Out], in: make([]int32, len(cell.In))}
		for j, id := range cell.In {
			fc.in[j] = local[id]
		}
		c.nets[fc.out].driver = int32(len(c.cells))
		c.cells = append(c.cells, fc)
	}
	for _, r := range m.Regs {
		c.regs = append(c.regs, flatReg{q: local[r.Q], d: local[r.D], en: opt(r.En), rst: opt(r.Reset), init: r.Init,
			role: regRole{m, r.Q}})
	}
	for _, mem := range m.Mems {
		fm := flatMem{name: path + mem.Name, width: mem.Width, depth: mem.Depth, init: mem.Init}
		for _, rp := range mem.Reads {
			fm.reads = append(fm.reads, flatPort{addr: local[rp.Addr], en: opt(rp.En), data: local[rp.Data]})
		}
		for _, wp := range mem.Writes {
			fm.writes = append(fm.writes, flatPort{addr: local[wp.Addr], en: opt(wp.En), data: local[wp.Data]})
		}
		c.mems = append(c.mems, fm)
		sc.mems = append(sc.mems, scopeMem{name: mem.Name, full: fm.name})
	}
	c.flattenProps(m, path, local)
	for _, inst := range m.Insts {
		child := c.d.Module(inst.Module)
		cp := make(map[netlist.NetID]int32, len(inst.Conns))
		for _, conn := range inst.Conns {
			p, _ := child.Port(conn.Port) // Check guarantees the port exists
			cp[p.Net] = local[conn.Net]
		}
		name := path + inst.Name
		c.insts[name] = inst.Module
		csc := &scope{name: inst.Name, mod: child}
		sc.children = append(sc.children, csc)
		c.flatten(child, name+".", cp, csc)
	}
}

// levelize returns the cells in an order where every cell comes after the
// cells driving its inputs. netlist.Check rules out combinational loops; a
// loop found here anyway is reported, naming a net on it.
func (c *compiler) levelize() ([]int32, error) {
	const (
		white = iota
		grey
		black
	)
	color := make([]uint8, len(c.cells))
	order := make([]int32, 0, len(c.cells))
	type frame struct {
		cell int32
		next int
	}
	var stack []frame
	for root := range c.cells {
		if color[root] != white {
			continue
		}
		color[root] = grey
		stack = append(stack[:0], frame{cell: int32(root)})
		for len(stack) > 0 {
			top := &stack[len(stack)-1]
			in := c.cells[top.cell].in
			if top.next == len(in) {
				color[top.cell] = black
				order = append(order, top.cell)
				stack = stack[:len(stack)-1]
				continue
			}
			net := in[top.next]
			top.next++
			drv := c.nets[net].driver
			if drv < 0 {
				continue
			}
			switch color[drv] {
			case white:
				color[drv] = grey
				stack = append(stack, frame{cell: drv})
			case grey:
				return nil, fmt.Errorf("rtlsim: %s: combinational loop in the flattened design", c.nets[net].name)
			}
		}
	}
	return order, nil
}

// placement returns the outputs of the hot cells in the order layout gives
// them words: by level, then by op (or fusion), and in the levelized order
// within those, which is the order in which eval writes them: the
// outputs of a block of one kind (every PE's weight select) are then
// consecutive words, and its strided blocks have unit strides. Constants
// are by value: every PE's constant 1 is the next one's neighbour.
func (c *compiler) placement(order []int32, hot []bool) []int32 {
	type key struct {
		net   int32
		level int32
		op    int
		v     uint64
	}
	var keys []key
	for _, ci := range order {
		if fc := &c.cells[ci]; hot[ci] && c.alias[fc.out] < 0 {
			k := key{net: fc.out, level: c.level[fc.out], op: int(fc.cell.Op)}
			if f := c.fused[ci]; f.fused() {
				k.op = 1 << 10 * int(1+f.kind)
			}
			if fc.cell.Op == netlist.OpConst {
				k.v = fc.cell.Value.Word(0)
			}
			keys = append(keys, k)
		}
	}
	slices.SortStableFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.level, b.level), cmp.Compare(a.op, b.op), cmp.Compare(a.v, b.v))
	})
	nets := make([]int32, len(keys))
	for i, k := range keys {
		nets[i] = k.net
	}
	return nets
}

// layout gives every flat net its offset in the state and builds the Sim's
// tables. The outputs of the sequential elements that commit through the
// next state come first (the wide registers, or every register when the
// edge cannot commit in place, in the order of regOrder; then memory read
// data), so that the next state mirrors the state's first words and
// commits with a single copy; then the other register outputs in the
// order of regOrder, the Ds of the one-word registers in the same order
// (placeDs), the nets of first, and the rest.
func (c *compiler) layout(top *netlist.Module, first []int32) (*Sim, error) {
	s := &Sim{nets: make([]netInfo, len(c.nets)), names: c.names, insts: c.insts, dirty: true, clock: -1, rst: -1}
	placed := make([]bool, len(c.nets))
	off := 0
	place := func(g int32) {
		if placed[g] {
			return
		}
		placed[g] = true
		n := c.nets[g]
		s.nets[g] = netInfo{name: n.name, off: uint32(off), width: uint32(n.width)}
		off += bits.Words(n.width)
	}
	// With the one-word registers committed in place, only the wide
	// registers and the read ports need next-state words.
	rank, inPlace := c.regRanks()
	regs := c.regOrder()
	for _, i := range regs {
		if r := &c.regs[i]; !inPlace || c.nets[r.q].width > 64 {
			place(r.q)
		}
	}
	for _, m := range c.mems {
		for _, rp := range m.reads {
			place(rp.data)
		}
	}
	s.seqWords = off
	for _, i := range regs {
		place(c.regs[i].q)
	}
	c.placeDs(regs, first, place)
	for _, g := range first {
		place(g)
	}
	for g := range c.nets {
		if c.alias[g] >= 0 {
			continue
		}
		place(int32(g))
		if off > maxStateWords {
			return nil, fmt.Errorf("rtlsim: design too large: more than %d words of net state", maxStateWords)
		}
	}
	for g, a := range c.alias {
		if a >= 0 {
			n := c.nets[g]
			s.nets[g] = netInfo{name: n.name, off: s.nets[a].off, width: uint32(n.width)}
		}
	}
	s.state = make([]uint64, off)
	s.next = make([]uint64, s.seqWords)

	if len(c.clocks) > 0 {
		s.clock = c.clocks[0]
	}
	for _, p := range top.Ports {
		net := top.Nets[p.Net]
		g := c.names[net.Name]
		info := PortInfo{Name: net.Name, Width: net.Width, Handle: Handle{id: uint32(g) + 1}}
		if p.Dir == netlist.In {
			info.Clock = g == s.clock && len(c.clocks) > 0
			info.Reset = net.Name == "rst" && net.Width == 1
			s.inputs = append(s.inputs, info)
			if g != s.clock {
				s.nets[g].input = true
			}
			if info.Reset {
				s.rst = g
			}
		} else {
			s.outputs = append(s.outputs, info)
		}
	}

	s.inPlace = inPlace
	waves := make([]regWave, 0, 1)
	for i, r := range c.regs {
		q := s.nets[r.q]
		if q.width <= 64 {
			for int(rank[i]) >= len(waves) {
				waves = append(waves, regWave{})
			}
			w := &waves[rank[i]]
			d := s.nets[r.d].off
			switch init := r.init.Word(0); {
			case r.en < 0 && r.rst < 0:
				w.plain = append(w.plain, plainReg{q: q.off, d: d})
			case r.rst < 0:
				w.en = append(w.en, regEn{q: q.off, d: d, en: s.nets[r.en].off})
			case r.en < 0:
				w.rst = append(w.rst, regRst{q: q.off, d: d, rst: s.nets[r.rst].off, init: init})
			default:
				w.both = append(w.both, reg1{q: q.off, d: d, en: s.nets[r.en].off, rst: s.nets[r.rst].off, init: init})
			}
			continue
		}
		sr := seqReg{q: q.off, d: s.nets[r.d].off, n: uint32(bits.Words(int(q.width))), en: -1, rst: -1}
		if r.en >= 0 {
			sr.en = int64(s.nets[r.en].off)
		}
		if r.rst >= 0 {
			sr.rst = int64(s.nets[r.rst].off)
			sr.init = uint32(len(s.consts))
			for i := range sr.n {
				s.consts = append(s.consts, r.init.Word(int(i)))
			}
		}
		s.regs = append(s.regs, sr)
	}
	s.waves = waves
	for i := range s.waves {
		sortWave(&s.waves[i])
	}
	memWords := 0
	for _, m := range c.mems {
		n := bits.Words(m.width)
		if m.depth > (maxStateWords-memWords)/n {
			return nil, fmt.Errorf("rtlsim: memory %s: %d words of %d bits is too large to simulate", m.name, m.depth, m.width)
		}
		base := uint32(memWords)
		memWords += m.depth * n
		port := func(p flatPort) memPort {
			mp := memPort{base: base, n: uint32(n), depth: uint64(m.depth), data: s.nets[p.data].off, en: -1}
			a := s.nets[p.addr]
			mp.addr, mp.addrN = a.off, uint32(bits.Words(int(a.width)))
			if p.en >= 0 {
				mp.en = int64(s.nets[p.en].off)
			}
			return mp
		}
		for _, rp := range m.reads {
			s.reads = append(s.reads, port(rp))
		}
		for _, wp := range m.writes {
			s.writes = append(s.writes, port(wp))
		}
	}
	s.mem = make([]uint64, memWords)
	c.loadContents(s.mem)
	for i, w := range s.mem {
		if w != 0 {
			s.initMem = append(s.initMem, initWord{off: uint32(i), v: w})
		}
	}
	s.memByName = c.memTable()
	s.root = c.root
	return s, nil
}

// lower appends the instructions of cell ci to s.prog (see emit); a
// constant is written into the state once instead.
func (c *compiler) lower(s *Sim, ci int32) {
	fc := &c.cells[ci]
	if f := c.fused[ci]; f.fused() {
		c.lowerFused(s, fc, f)
		return
	}
	cell := fc.cell
	out := s.nets[fc.out]
	w := out.width
	in := make([]netInfo, len(fc.in))
	for i, g := range fc.in {
		in[i] = s.nets[g]
	}
	o := instr{dst: out.off, w: w, mask: topMask(w)}
	if len(in) > 0 {
		o.a, o.wa = in[0].off, in[0].width
	}
	if len(in) > 1 {
		o.b, o.wb = in[1].off, in[1].width
	}
	if len(in) > 2 {
		o.c = in[2].off
	}
	// Nets of at most 64 bits take the one-word instructions. Which widths
	// matter depends on the op: the output for most, the inputs for
	// comparisons and reductions, both for shifts and slices.
	small := w <= 64
	pick := func(k64, kw kind) kind {
		if small {
			return k64
		}
		return kw
	}
	switch cell.Op {
	case netlist.OpConst:
		for i := range bits.Words(int(w)) {
			if w := cell.Value.Word(i); w != 0 {
				s.state[int(out.off)+i] = w
				s.initWords = append(s.initWords, initWord{out.off + uint32(i), w})
			}
		}
		return
	case netlist.OpBuf, netlist.OpZext:
		// A copy within a word count is an alias (findAliases), never
		// lowered: only copies into more words get here.
		o.kind = kWCopy
	case netlist.OpSext:
		o.kind = pick(k64Sext, kWSext)
	case netlist.OpNot:
		o.kind = pick(k64Not, kWNot)
	case netlist.OpNeg:
		o.kind = pick(k64Neg, kWNeg)
	case netlist.OpAnd:
		o.kind = pick(k64And, kWAnd)
	case netlist.OpOr:
		o.kind = pick(k64Or, kWOr)
	case netlist.OpXor:
		o.kind = pick(k64Xor, kWXor)
	case netlist.OpAdd:
		o.kind = pick(k64Add, kWAdd)
	case netlist.OpSub:
		o.kind = pick(k64Sub, kWSub)
	case netlist.OpMul:
		o.kind = pick(k64MulS, kWMul) // fuse gives every one-word mul its operands
	case netlist.OpShl:
		small = small && o.wb <= 64
		o.kind = pick(k64Shl, kWShl)
	case netlist.OpShr:
		small = small && o.wb <= 64
		o.kind = pick(k64Shr, kWShr)
	case netlist.OpSshr:
		small = small && o.wb <= 64
		o.kind = pick(k64Sshr, kWSshr)
	case netlist.OpEq:
		small = o.wa <= 64
		o.kind = pick(k64Eq, kWEq)
	case netlist.OpNe:
		small = o.wa <= 64
		o.kind = pick(k64Ne, kWNe)
	case netlist.OpLt, netlist.OpLe, netlist.OpGt, netlist.OpGe:
		small = o.wa <= 64
		if cell.Op == netlist.OpGt || cell.Op == netlist.OpGe {
			o.a, o.b = o.b, o.a // a > b is b < a, a >= b is b <= a
		}
		strict := cell.Op == netlist.OpLt || cell.Op == netlist.OpGt
		switch {
		case strict && cell.Signed:
			o.kind = pick(k64LtS, kWLtS)
		case strict:
			o.kind = pick(k64Lt, kWLt)
		case cell.Signed:
			o.kind = pick(k64LeS, kWLeS)
		default:
			o.kind = pick(k64Le, kWLe)
		}
	case netlist.OpMux:
		o.kind = pick(k64Mux, kWMux)
	case netlist.OpSlice:
		o.lo = uint32(cell.Lo)
		if small && o.wa > 64 && o.lo/64 == (o.lo+w-1)/64 {
			// within one word of a wide net: a slice of that word
			o.a += o.lo / 64
			o.wa -= o.lo / 64 * 64
			o.lo %= 64
			o.wa = min(o.wa, 64)
		}
		small = small && o.wa <= 64
		o.kind = pick(k64Slice, kWSlice)
	case netlist.OpRedAnd:
		small = o.wa <= 64
		o.kind, o.mask = pick(k64RedAnd, kWRedAnd), topMask(o.wa)
	case netlist.OpRedOr:
		small = o.wa <= 64
		o.kind = pick(k64RedOr, kWRedOr)
	case netlist.OpRedXor:
		small = o.wa <= 64
		o.kind = pick(k64RedXor, kWRedXor)
	case netlist.OpConcat:
		c.lowerConcat(s, o, in)
		return
	default:
		panic(fmt.Sprintf("rtlsim: %s: op %s has no instruction", out.name, cell.Op))
	}
	s.emit(o)
}

// lowerConcat lowers {in[0], in[1], ...} into deposits of each input at its
// bit position: In[0] is the most significant.
func (c *compiler) lowerConcat(s *Sim, o instr, in []netInfo) {
	pos := o.w
	first := true
	if o.w > 64 {
		z := o
		z.kind = kWZero
		s.emit(z)
		first = false
	}
	for _, n := range in {
		pos -= n.width
		p := o
		p.a, p.wa, p.lo = n.off, n.width, pos
		switch {
		case o.w > 64 && pos/64 == (pos+n.width-1)/64:
			// within one word of the concat, which kWZero cleared
			p.kind, p.dst, p.lo = k64DepOr, o.dst+pos/64, pos%64
		case o.w > 64:
			p.kind = kWDep
		case first:
			p.kind = k64DepSet
		default:
			p.kind = k64DepOr
		}
		first = false
		s.emit(p)
	}
}

// unknownSignal explains why a hierarchical name names no net: the longest
// prefix that names an instance, and what is missing under it.
func (s *Sim) unknownSignal(name string) error {
	if name == "" {
		return fmt.Errorf("rtlsim: empty signal name")
	}
	parts := strings.Split(name, ".")
	inst := ""
	for i, p := range parts[:len(parts)-1] {
		next := p
		if inst != "" {
			next = inst + "." + p
		}
		if _, ok := s.insts[next]; !ok {
			where := "the top module " + s.insts[""]
			if inst != "" {
				where = fmt.Sprintf("instance %s (module %s)", inst, s.insts[inst])
			}
			return fmt.Errorf("rtlsim: unknown signal %q: %s has no instance %s", name, where, parts[i])
		}
		inst = next
	}
	if inst == "" {
		return fmt.Errorf("rtlsim: unknown signal %q: the top module %s has no net %s", name, s.insts[""], name)
	}
	return fmt.Errorf("rtlsim: unknown signal %q: instance %s (module %s) has no net %s",
		name, inst, s.insts[inst], parts[len(parts)-1])
}

// emit appends o to the program in the compact form: a one-word
// instruction carries its shift or low bit in sh; a multi-word one is kept
// whole in s.wide, which c indexes.
func (s *Sim) emit(o instr) {
	t := op{kind: o.kind, dst: o.dst, a: o.a, b: o.b, c: o.c, mask: o.mask}
	switch o.kind {
	case k64Sext, k64LtS, k64LeS:
		t.sh = uint8(64 - o.wa)
	case k64Sshr:
		t.sh = uint8(64 - o.w)
	case k64Slice, k64DepSet, k64DepOr:
		t.sh = uint8(o.lo)
	case k64MulS, k64Mac:
		t.sh, t.sh2 = o.sh, o.sh2
	}
	if o.kind >= kWCopy {
		t.c = uint32(len(s.wide))
		s.wide = append(s.wide, o)
	}
	s.prog = append(s.prog, t)
}
