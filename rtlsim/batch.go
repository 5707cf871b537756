package rtlsim

import (
	"fmt"
	"runtime"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// Batch is one compiled design simulating several independent lanes at
// once: every lane has its own nets, registers, memories and inputs, and all
// lanes take their clock edges together. It runs the program that Compile
// builds, with the state laid out lane-major per word (word w of lane l at
// w*lanes+l), so each one-word instruction is dispatched once and its inner
// loop runs over the lanes; multi-word instructions run lane by lane. Build
// one with CompileBatch. Handles come from Batch.Handle or the PortInfo of
// Inputs and Outputs, as for a Sim.
type Batch struct {
	s      *Sim // the single-lane compilation: program, tables, names
	lanes  int
	tile   int      // lanes per tile
	tiles  int      // tiles: tile*tiles >= lanes, the rest are padding
	prog   []op     // s.prog with one-word operand offsets scaled by tile
	lazy   []op     // s.lazy, scaled
	inProg []op     // s.inProg, scaled
	st     []uint64 // per tile, len(s.state)*tile words, lane-major per word
	nx     []uint64 // per tile, next values of the tile's first s.seqWords*tile words
	mem    []uint64 // lane l's memories at mem[l*memN:]
	memN   int
	init   []uint64 // s.state as compiled: the constants
	// scratch[w] is worker w's one-lane state for multi-word instructions.
	scratch [][]uint64
	workers int   // goroutines that settle and step the tiles, at most tiles
	pool    *pool // workers 1.. when workers > 1
	cleanup runtime.Cleanup
	dirty   bool // registers or memories changed since the last settle
	inDirty bool // inputs changed since the last settle: inProg settles them
	// lazyDirty: prog ran since lazy last did
	lazyDirty bool
	cycle     uint64
	// hits[l] are lane l's cover counts; failure stopped the batch.
	hits    [][]uint64
	failure *AssertionError
}

// CompileBatch compiles d as Compile does and returns a Batch of lanes
// independent lanes, all starting where a Sim starts: registers without a
// reset, memories and inputs at zero.
func CompileBatch(d *netlist.Design, lanes int) (*Batch, error) {
	if lanes < 1 {
		return nil, fmt.Errorf("rtlsim: %d lanes: want at least 1", lanes)
	}
	s, err := compileSim(d, Options{}, "Batch")
	if err != nil {
		return nil, err
	}
	b := &Batch{s: s, lanes: lanes, dirty: true, memN: len(s.mem)}
	b.tiles = (lanes + maxTile - 1) / maxTile
	b.tile = (lanes + b.tiles - 1) / b.tiles
	padded := b.tile * b.tiles
	if len(s.state) > maxStateWords/padded || len(s.mem) > maxStateWords/padded {
		return nil, fmt.Errorf("rtlsim: design too large to simulate in %d lanes", lanes)
	}
	b.prog, b.lazy, b.inProg = b.scaled(s.prog), b.scaled(s.lazy), b.scaled(s.inProg)
	b.init = append([]uint64(nil), s.state...)
	b.st = make([]uint64, len(s.state)*padded)
	b.nx = make([]uint64, s.seqWords*padded)
	b.mem = make([]uint64, len(s.mem)*padded)
	for l := range padded {
		copy(b.mem[l*len(s.mem):], s.mem) // initial contents
	}
	b.scratch = make([][]uint64, b.tiles)
	workers := 1
	if b.tileWork() >= parallelWork {
		workers = runtime.GOMAXPROCS(0)
	}
	b.SetWorkers(workers)
	b.broadcastInit()
	return b, nil
}

// scaled returns prog with the offsets of its one-word instructions scaled
// by the lanes of a tile.
func (b *Batch) scaled(prog []op) []op {
	L := uint32(b.tile)
	out := make([]op, len(prog))
	for i, o := range prog {
		if o.kind < kWCopy {
			o.dst, o.a, o.b, o.c = o.dst*L, o.a*L, o.b*L, o.c*L
		}
		out[i] = o
	}
	return out
}

// maxTile is the most lanes in a tile: CompileBatch splits the lanes into
// as few tiles as that allows, of equal size, padding the last.
const maxTile = 16

// broadcastInit sets every lane's state to the compiled initial state.
func (b *Batch) broadcastInit() {
	T := b.tile
	for t := range b.tiles {
		st := b.tileState(t)
		for w, v := range b.init {
			row := st[w*T : w*T+T]
			for i := range row {
				row[i] = v
			}
		}
	}
}

// parallelWork is the work of a tile (instructions and registers times
// lanes) from which CompileBatch spreads the tiles over goroutines. Handing
// a phase of a cycle to a goroutine on another CPU costs tens of
// microseconds (waking its thread) on the VMs this was measured on: with 2
// CPUs, 32 lanes of the 24x24 core ran slower on 2 goroutines than on 1
// (0.77x), of the 32x32 core 1.1x faster, of the 64x64 core 1.7x.
const parallelWork = 256 << 10

// tileWork returns the instructions and one-word registers of the design
// times the lanes of a tile.
func (b *Batch) tileWork() int {
	n := len(b.prog)
	for _, w := range b.s.waves {
		n += len(w.plain) + len(w.en) + len(w.rst) + len(w.both)
	}
	return n * b.tile
}

// SetWorkers sets how many goroutines settle the logic and take the edges
// of the batch, each working on its own tiles of lanes, never more than the
// tiles (lanes/16, rounded up). With 1 the caller's goroutine does all the
// work. By default it is GOMAXPROCS for a design large enough for that to
// pay (see parallelWork) and 1 otherwise. The lanes are independent, so the
// results do not depend on it.
func (b *Batch) SetWorkers(n int) {
	n = max(1, min(n, b.tiles))
	if n != b.workers && b.pool != nil {
		b.cleanup.Stop()
		b.pool.stop()
		b.pool = nil
	}
	b.workers = n
	for w := range b.workers {
		if b.scratch[w] == nil {
			b.scratch[w] = make([]uint64, len(b.s.state))
		}
	}
}

// Workers returns the number of goroutines that work on the tiles.
func (b *Batch) Workers() int { return b.workers }

// phase is a part of a cycle that runs over every tile.
type phase uint8

const (
	phaseEval phase = iota
	phaseIn
	phaseLazy
	phaseEdge
)

// forTiles runs phase p on every tile: worker w on tiles w, w+workers, ...,
// worker 0 on the caller's goroutine, the others on the batch's pool.
func (b *Batch) forTiles(p phase) {
	if b.workers > 1 && b.pool == nil {
		b.pool = newPool(b.workers - 1)
		// The pool's goroutines hold the batch only while they work,
		// so a batch nobody uses any more is collected, and stops them.
		b.cleanup = runtime.AddCleanup(b, (*pool).stop, b.pool)
	}
	for w := 1; w < b.workers; w++ {
		b.pool.jobs <- job{b: b, p: p, w: w}
	}
	b.runTiles(p, 0)
	for w := 1; w < b.workers; w++ {
		<-b.pool.done
	}
}

// A pool is the goroutines that work on a Batch's tiles besides the
// caller's.
type pool struct {
	jobs chan job
	done chan struct{}
}

// A job is one worker's share of a phase.
type job struct {
	b *Batch
	p phase
	w int
}

func newPool(n int) *pool {
	pl := &pool{jobs: make(chan job), done: make(chan struct{})}
	for range n {
		go pl.run()
	}
	return pl
}

func (pl *pool) run() {
	for j := range pl.jobs {
		j.b.runTiles(j.p, j.w)
		j = job{} // hold no batch while idle
		pl.done <- struct{}{}
	}
}

func (pl *pool) stop() { close(pl.jobs) }

func (b *Batch) runTiles(p phase, w int) {
	for t := w; t < b.tiles; t += b.workers {
		switch p {
		case phaseEval:
			b.eval(b.tileState(t), b.scratch[w], b.prog, b.s.blocks)
		case phaseIn:
			b.eval(b.tileState(t), b.scratch[w], b.inProg, b.s.inBlocks)
		case phaseLazy:
			b.eval(b.tileState(t), b.scratch[w], b.lazy, b.s.lazyBlocks)
		case phaseEdge:
			n, nn := len(b.init)*b.tile, b.s.seqWords*b.tile
			st := b.st[t*n : t*n+n : t*n+n]
			b.edgeTile(st, b.nx[t*nn:t*nn+nn:t*nn+nn], t*b.tile)
			b.eval(st, b.scratch[w], b.prog, b.s.blocks)
		}
	}
}

// tileState returns the state of tile t.
func (b *Batch) tileState(t int) []uint64 {
	n := len(b.init) * b.tile
	return b.st[t*n : t*n+n : t*n+n]
}

// idx returns the index in b.st of word w of lane.
func (b *Batch) idx(w uint32, lane int) int {
	return lane/b.tile*len(b.init)*b.tile + int(w)*b.tile + lane%b.tile
}

// Lanes returns the number of lanes.
func (b *Batch) Lanes() int { return b.lanes }

// Handle returns the handle of a net by its hierarchical name, as Sim.Handle.
func (b *Batch) Handle(name string) (Handle, error) { return b.s.Handle(name) }

// Inputs returns the input ports of the top module, the clock included.
func (b *Batch) Inputs() []PortInfo { return b.s.Inputs() }

// Outputs returns the output ports of the top module.
func (b *Batch) Outputs() []PortInfo { return b.s.Outputs() }

// Width returns the width in bits of the net h names, or 0.
func (b *Batch) Width(h Handle) int { return b.s.Width(h) }

// Name returns the hierarchical name of the net h names, or "" for an
// invalid Handle, as Sim.Name.
func (b *Batch) Name(h Handle) string { return b.s.Name(h) }

// Instructions returns the length of the compiled combinational program.
func (b *Batch) Instructions() int { return len(b.prog) }

// Cycle returns the number of clock edges taken so far.
func (b *Batch) Cycle() uint64 { return b.cycle }

// Err returns the first misuse of a Handle or of a lane number, or the
// *AssertionError that stopped the batch, or nil.
func (b *Batch) Err() error { return b.s.err }

// okLane records a misuse when lane is out of range.
func (b *Batch) okLane(lane int, what string) bool {
	if lane < 0 || lane >= b.lanes {
		b.s.fail(fmt.Errorf("rtlsim: %s of lane %d: the batch has %d lanes", what, lane, b.lanes))
		return false
	}
	return true
}

// set stores word k of net n in lane, marking the batch dirty on a change.
func (b *Batch) set(n *netInfo, k uint32, lane int, w uint64) {
	p := &b.st[b.idx(n.off+k, lane)]
	if *p != w {
		*p = w
		b.inDirty = true
	}
}

// PokeLane sets a top-level input of one lane to v. Misuse (see Sim.Poke,
// and a lane out of range) changes nothing and is recorded for Err.
func (b *Batch) PokeLane(h Handle, lane int, v bits.Value) {
	n, ok := b.s.pokeable(h)
	if !ok || !b.okLane(lane, "Poke") {
		return
	}
	if v.Width() != int(n.width) {
		b.s.fail(fmt.Errorf("rtlsim: cannot poke %d-bit value %v into %d-bit input %q", v.Width(), v, n.width, n.name))
		return
	}
	for k := range nwords(n.width) {
		b.set(n, k, lane, v.Word(int(k)))
	}
}

// PokeUint64Lane sets a top-level input of one lane to v truncated to its
// width (and zero-extended beyond 64 bits).
func (b *Batch) PokeUint64Lane(h Handle, lane int, v uint64) {
	n, ok := b.s.pokeable(h)
	if !ok || !b.okLane(lane, "Poke") {
		return
	}
	if n.width < 64 {
		v &= topMask(n.width)
	}
	b.set(n, 0, lane, v)
	for k := uint32(1); k < nwords(n.width); k++ {
		b.set(n, k, lane, 0)
	}
}

// PokeWordsLane sets a top-level input of one lane from little-endian words,
// as Sim.PokeWords. It allocates nothing.
func (b *Batch) PokeWordsLane(h Handle, lane int, words []uint64) {
	n, ok := b.s.pokeable(h)
	if !ok || !b.okLane(lane, "Poke") {
		return
	}
	nw := nwords(n.width)
	for k := range nw {
		var w uint64
		if int(k) < len(words) {
			w = words[k]
		}
		if k == nw-1 {
			w &= topMask(n.width)
		}
		b.set(n, k, lane, w)
	}
}

// PeekLane returns the settled value of any net in one lane.
func (b *Batch) PeekLane(h Handle, lane int) bits.Value {
	n, ok := b.s.net(h, "Peek")
	if !ok || !b.okLane(lane, "Peek") {
		return bits.Value{}
	}
	b.settleFor(n)
	words := make([]uint64, nwords(n.width))
	for k := range words {
		words[k] = b.st[b.idx(n.off+uint32(k), lane)]
	}
	return bits.FromWords(int(n.width), words)
}

// PeekWordsLane appends the settled value of a net in one lane to dst as
// little-endian words and returns the extended slice; it allocates nothing
// when dst has room.
func (b *Batch) PeekWordsLane(h Handle, lane int, dst []uint64) []uint64 {
	n, ok := b.s.net(h, "PeekWords")
	if !ok || !b.okLane(lane, "PeekWords") {
		return dst
	}
	b.settleFor(n)
	for k := range nwords(n.width) {
		dst = append(dst, b.st[b.idx(n.off+k, lane)])
	}
	return dst
}

// PeekUint64Lane returns the low 64 bits of the settled value of a net in
// one lane, or 0 on misuse.
func (b *Batch) PeekUint64Lane(h Handle, lane int) uint64 {
	n, ok := b.s.net(h, "PeekUint64")
	if !ok || !b.okLane(lane, "PeekUint64") {
		return 0
	}
	b.settleFor(n)
	return b.st[b.idx(n.off, lane)]
}

// Step takes n rising clock edges in every lane. Before each it checks
// every lane's assertions and assumptions and counts its cover points; a
// failure in any lane stops the batch there (see Failure).
func (b *Batch) Step(n int) {
	for ; n > 0; n-- {
		b.settle()
		if !b.checkEdge() {
			return
		}
		b.edge()
	}
}

// Reset holds the top's 1-bit "rst" input at 1 in every lane for one Step,
// then sets it back to 0. It does nothing when the top has no such input.
func (b *Batch) Reset() {
	if b.s.rst < 0 {
		return
	}
	h := Handle{id: uint32(b.s.rst) + 1}
	for l := range b.lanes {
		b.PokeUint64Lane(h, l, 1)
	}
	b.Step(1)
	for l := range b.lanes {
		b.PokeUint64Lane(h, l, 0)
	}
}

// settle settles every lane: all the logic after an edge, the cone of the
// inputs when only inputs changed, as Sim.settle.
func (b *Batch) settle() {
	switch {
	case b.dirty:
		b.forTiles(phaseEval)
	case b.inDirty:
		b.forTiles(phaseIn)
	default:
		return
	}
	b.dirty, b.inDirty = false, false
	b.lazyDirty = len(b.lazy) > 0
}

// settleFor settles what a Peek of n needs: the lazy program too when n is
// one of its nets.
func (b *Batch) settleFor(n *netInfo) {
	b.settle()
	if n.lazy && b.lazyDirty {
		b.forTiles(phaseLazy)
		b.lazyDirty = false
	}
}

// evalWide runs one multi-word instruction lane by lane: it gathers the
// words it reads and writes into a one-lane state at their single-lane
// offsets, runs the single-lane instruction and scatters the result back.
func (b *Batch) evalWide(st, one []uint64, o *instr) {
	L := b.tile
	nd, na, nb := nwords(o.w), nwords(o.wa), nwords(o.wb)
	row := func(w uint32) []uint64 { return st[int(w)*L:][:L] }
	switch o.kind {
	case kWZero, kWSlice, kWDep:
		// The concat and slice instructions run over all lanes at
		// once, word by word.
		switch o.kind {
		case kWZero:
			clear(st[int(o.dst)*L : int(o.dst+nd)*L])
		case kWSlice:
			q, r := o.lo/64, o.lo%64
			for i := range nd {
				z := row(o.dst + i)
				switch k := q + i; {
				case k >= na:
					clear(z)
				case r != 0 && k+1 < na:
					x, y := row(o.a + k)[:len(z)], row(o.a + k + 1)[:len(z)]
					for j := range z {
						z[j] = x[j]>>r | y[j]<<(64-r)
					}
				default:
					x := row(o.a + k)[:len(z)]
					for j := range z {
						z[j] = x[j] >> r
					}
				}
			}
		case kWDep:
			q, r := o.lo/64, o.lo%64
			for i := range na {
				x, z := row(o.a+i), row(o.dst+q+i)
				z = z[:len(x)]
				for j := range x {
					z[j] |= x[j] << r
				}
				if r != 0 && q+i+1 < nd {
					z := row(o.dst + q + i + 1)[:len(x)]
					for j := range x {
						z[j] |= x[j] >> (64 - r)
					}
				}
			}
		}
		z, m := row(o.dst+nd-1), o.mask
		for j := range z {
			z[j] &= m
		}
		return
	}
	var nc uint32
	if o.kind == kWMux {
		nc = nd
	}
	for l := range L {
		gather(one, st, o.dst, nd, L, l)
		gather(one, st, o.a, na, L, l)
		gather(one, st, o.b, nb, L, l)
		gather(one, st, o.c, nc, L, l)
		evalWide(one, o)
		for k := range nd {
			st[int(o.dst+k)*L+l] = one[o.dst+k]
		}
	}
}

// gather copies words [off, off+n) of lane l from the batch state st into
// the one-lane state one.
func gather(one, st []uint64, off, n uint32, lanes, l int) {
	for k := range n {
		one[off+k] = st[int(off+k)*lanes+l]
	}
}

// edge takes one rising clock edge in every lane, as Sim.edge does, and
// settles the logic after it tile by tile, while the tile's state is still
// in the caches: a whole batch's state does not fit them (the 16x16 core's
// 64 lanes hold 3 MB), and the logic is settled after nearly every edge
// anyway (the next pokes then settle only their cone).
func (b *Batch) edge() {
	b.forTiles(phaseEdge)
	b.cycle++
	b.dirty, b.inDirty = false, false
	b.lazyDirty = len(b.lazy) > 0
}

// edgeTile takes the edge in one tile, as Sim.edge does: st and nx are its
// state and next state, lane0 its first lane.
func (b *Batch) edgeTile(st, nx []uint64, lane0 int) {
	s := b.s
	b.edgeSeq(st, nx, lane0)
	out := nx
	if s.inPlace {
		out = st
	}
	for w := range s.waves {
		b.commitWave(st, out, &s.waves[w])
	}
	copy(st, nx)
}

// addr returns the offset in a lane's memories of the word that port p
// addresses in lane l of a tile of L lanes whose state is st, or false when
// the address is beyond the depth.
func addr(st []uint64, L int, p *memPort, l int) (uint32, bool) {
	for k := p.addr + 1; k < p.addr+p.addrN; k++ {
		if st[int(k)*L+l] != 0 {
			return 0, false
		}
	}
	a := st[int(p.addr)*L+l]
	if a >= p.depth {
		return 0, false
	}
	return p.base + uint32(a)*p.n, true
}
