package rtlsim

import (
	"fmt"
	"runtime"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/lanekern"
	"github.com/systole-hdl/systole/netlist"
)

// Batch is one compiled design simulating several independent lanes at
// once: every lane has its own nets, registers, memories and inputs, and all
// lanes take their clock edges together. It runs the program that Compile
// builds over state laid out by width class and lane-major: the lanes are
// cut into tiles of 16 to 64 lanes, and a tile keeps the words of nets of
// at most 8 bits in a []uint8 plane, of at most 16 bits in a []uint16
// plane, of at most 32 bits in a []uint32 plane and the others (nets of 33 to 64 bits, and every word of a wider
// net) in a []uint64 plane, each word owning a row of its plane, one
// element a lane. Each block of one-word instructions of one kind, and
// each class of registers of a commit wave, is dispatched once per tile
// and runs over its lanes (internal/lanekern's vector kernels), on the
// plane of its class; instructions that mix classes (a multiply-add of
// 8-bit nets into a 32-bit one, a comparison of 64-bit nets into a bit)
// run as blocks of one mix of planes (lanekern.BlockMix). Wide concats,
// slices and comparisons become one-word instructions computed at 64
// bits; other multi-word instructions run lane by lane; wide registers
// commit as one-word registers of the 64-bit plane; every lane's
// memories are its own, entry-major and lane-minor in a tile, so a
// memory port reads or writes rows when its lanes address one entry. See
// the package doc, "Lanes".
// Build one with CompileBatch. Handles come from Batch.Handle or the
// PortInfo of Inputs and Outputs, as for a Sim.
type Batch struct {
	s     *Sim // the single-lane compilation: program, tables, names
	lanes int
	tile  int // lanes per tile
	tiles int // tiles: tile*tiles >= lanes, the rest are padding
	lay   laneLayout
	// prog, inProg and lazy are the Sim's programs on the planes.
	prog, inProg, lazy lanePlan
	edgePlan           laneEdge
	// other is the layout, programs, edge and lanePorts of the cycles of
	// the other parity, when registers swap rows (see batch_swap.go),
	// else nil
	other *laneParity
	p32   []uint32 // per tile, lay.rows[cls32]*tile elements
	p64   []uint64 // per tile, lay.rows[cls64]*tile elements
	p8    []uint8  // per tile, lay.rows[cls8]*tile elements
	p16   []uint16 // per tile, lay.rows[cls16]*tile elements
	// laneAt[c][l] is the index of lane l of row 0 of plane c
	laneAt [numCls][]int
	// ports[id-1] is where the net of Handle id lies (see lanePort)
	ports     []lanePort
	portWords []int
	laneIdx   []int // laneAt[c][l] at laneIdx[l<<2|c]
	// mem holds the lanes' memories, tile by tile (tile t's from
	// t*memT*tile on) and in a tile entry-major and lane-minor: word w of
	// Sim.mem of the tile's lane j at w*tile+j (see memAt), so that a
	// port whose lanes address one entry reads or writes rows; then
	// portN rows of zeros, which a read port out of the depth reads, and
	// portN rows of scratch, which a write port out of the depth writes
	mem   []uint64
	memN  int      // words of a lane's memories: len(s.mem)
	portN int      // the most words of an entry of a memory
	memT  int      // memN + 2*portN
	init  []uint64 // s.state as compiled: the constants
	// work[w] is worker w's scratch state, for the workers of SetWorkers
	work    []laneWorker
	workers int   // goroutines that settle and step the tiles, at most tiles
	pool    *pool // workers 1.. when workers > 1
	cleanup runtime.Cleanup
	dirty   bool // registers or memories changed since the last settle
	inDirty bool // inputs changed since the last settle: inProg settles them
	// lazyDirty: prog ran since lazy last did
	lazyDirty bool
	cycle     uint64
	// hits[c*lanes+l] is lane l's count of cover c (as Sim.coverHits);
	// failure stopped the batch.
	hits    []uint64
	failure *AssertionError

	reach []bool // Sim.coneWords, made by the first PokesReach
}

// laneWorker is the scratch state of one worker.
type laneWorker struct {
	one   []uint64 // a one-lane state for the multi-word instructions
	seqNx []uint64 // next values of the wide registers and read ports
	// nx32 and nx64 are the next values of the one-word registers, by
	// plane, when they cannot commit in place (see Sim.inPlace)
	nx32 []uint32
	nx64 []uint64
	nx8  []uint8
	nx16 []uint16
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
	for _, p := range append(s.reads[:len(s.reads):len(s.reads)], s.writes...) {
		b.portN = max(b.portN, int(p.n))
	}
	b.memT = b.memN + 2*b.portN
	b.init = append([]uint64(nil), s.state...)
	// The rows of the planes do not depend on the tile: a first plan in
	// tiles of 16 lanes gives the size of a lane's state.
	b.tile = 16
	if err := b.fits((lanes + 15) / 16 * 16); err != nil {
		return nil, err
	}
	if err := b.plan(); err != nil {
		return nil, err
	}
	workers := 1
	if b.work16() >= parallelWork {
		workers = runtime.GOMAXPROCS(0)
	}
	tile := b.tileLanes(workers)
	if b.fits((lanes+tile-1)/tile*tile) != nil {
		tile = 16 // the least padding, which fits
	}
	if err := b.layoutTiles(tile); err != nil {
		return nil, err
	}
	b.broadcastInit()
	b.SetWorkers(workers)
	return b, nil
}

// tileBytes is the most state of a tile (of its lanes' words on both
// planes) for which tileLanes makes tiles of more than 16 lanes, so that a
// tile's state stays in the L2 cache; maxTileLanes is the most lanes of a
// tile. Measured on the 16x16 core in 64 lanes (24 KB of state a lane;
// see README, "Performance"), tiles of 64 lanes ran faster than tiles of
// 16 or 32: a block's loop over the lanes is four vectors long.
const (
	tileBytes    = 2 << 20
	maxTileLanes = 64
)

// tileLanes returns the lanes of a tile that cut the batch into at least
// n tiles (never more than one a 16 lanes), of equal sizes that are
// multiples of 16, each as large as tileBytes and maxTileLanes allow.
func (b *Batch) tileLanes(n int) int {
	perLane := 4*int(b.lay.rows[cls32]) + 8*int(b.lay.rows[cls64]) + int(b.lay.rows[cls8]) + 2*int(b.lay.rows[cls16])
	most := min(maxTileLanes, max(16, tileBytes/max(1, perLane)/16*16))
	tiles := min(max(n, (b.lanes+most-1)/most), (b.lanes+15)/16)
	tile := ((b.lanes+tiles-1)/tiles + 15) / 16 * 16
	for tile > 16 && (b.lanes+tile-1)/tile < tiles {
		tile -= 16
	}
	return tile
}

// layoutTiles cuts the lanes into tiles of tile lanes and lays their state
// out: the planes (zero), the memories (their initial contents; retile
// keeps the lanes' state) and the programs on the planes.
func (b *Batch) layoutTiles(tile int) error {
	s := b.s
	b.tile = tile
	b.tiles = (b.lanes + tile - 1) / tile
	padded := b.tile * b.tiles
	if err := b.fits(padded); err != nil {
		return err
	}
	if err := b.plan(); err != nil {
		return err
	}
	b.p32 = make([]uint32, int(b.lay.rows[cls32])*padded)
	b.p64 = make([]uint64, int(b.lay.rows[cls64])*padded)
	b.p8 = make([]uint8, int(b.lay.rows[cls8])*padded)
	b.p16 = make([]uint16, int(b.lay.rows[cls16])*padded)
	b.mem = make([]uint64, b.memT*padded)
	for l := range padded {
		for w, v := range s.mem { // initial contents
			b.mem[b.memAt(w, l)] = v
		}
	}
	if b.pool != nil {
		b.cleanup.Stop()
		b.pool.stop()
		b.pool = nil
	}
	b.work = make([]laneWorker, b.tiles)
	b.workers = 0
	for c := range b.laneAt {
		b.laneAt[c] = make([]int, b.lanes)
		for l := range b.laneAt[c] {
			b.laneAt[c][l] = l/tile*int(b.lay.rows[c])*tile + l%tile
		}
	}
	b.layoutPorts()
	if b.other != nil {
		b.flip()
		b.layoutPorts()
		b.flip()
	}
	return nil
}

// fits returns an error when the state or the memories of padded lanes
// would be too large: the plane offsets are uint32.
func (b *Batch) fits(padded int) error {
	// a word may take a shadow row on each wider plane besides its own,
	// and lowerWide two scratch rows
	if n := 4*len(b.s.state) + 2; n > maxStateWords/padded || b.memT > maxStateWords/padded {
		return fmt.Errorf("rtlsim: design too large to simulate in %d lanes", b.lanes)
	}
	return nil
}

// retile cuts the lanes into tiles of tile lanes, keeping their state
// and memories.
func (b *Batch) retile(tile int) {
	n := len(b.init)
	words := make([]uint64, n*b.lanes)
	mem := make([]uint64, b.memN*b.lanes)
	for l := range b.lanes {
		for off := range n {
			words[l*n+off] = b.word(uint32(off), l)
		}
		for w := range b.memN {
			mem[l*b.memN+w] = b.mem[b.memAt(w, l)]
		}
	}
	if err := b.layoutTiles(tile); err != nil {
		// SetWorkers checked that the tiles fit, and the plan is the
		// one that worked in the old tiles.
		panic(fmt.Sprintf("rtlsim: internal error: retiling a batch: %v", err))
	}
	b.broadcastInit() // the padding lanes
	for l := range b.lanes {
		for off := range n {
			b.put(uint32(off), l, words[l*n+off])
		}
		for w := range b.memN {
			b.mem[b.memAt(w, l)] = mem[l*b.memN+w]
		}
	}
}

// memAt returns the index in b.mem of word w (an offset in Sim.mem) of
// lane's memories.
func (b *Batch) memAt(w, lane int) int {
	t, j := lane/b.tile, lane%b.tile
	return (t*b.memT+w)*b.tile + j
}

// broadcastInit sets every lane's state to the compiled initial state.
func (b *Batch) broadcastInit() {
	for t := range b.tiles {
		tl := b.tileOf(t)
		for w, v := range b.init {
			c := b.lay.loc[w]
			i := int(c.row()) * tl.lanes
			for l := range tl.lanes {
				tl.put(c, i+l, v)
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

// work16 returns the instructions and one-word registers of the design
// times 16 lanes.
func (b *Batch) work16() int {
	n := len(b.s.prog)
	for _, w := range b.s.waves {
		n += len(w.plain) + len(w.en) + len(w.rst) + len(w.both)
	}
	return n * 16
}

// SetWorkers sets how many goroutines settle the logic and take the edges
// of the batch, each working on its own tiles of lanes, never more than
// lanes/16, rounded up (the lanes are cut into at least as many tiles,
// of 16 to 64 lanes). With 1 the caller's goroutine does all the work. By
// default it is GOMAXPROCS for a design large enough for that to pay (see
// parallelWork) and 1 otherwise. The lanes are independent, so the results
// do not depend on it.
func (b *Batch) SetWorkers(n int) {
	n = max(1, min(n, (b.lanes+15)/16))
	// (a design so large that more padding lanes would not fit keeps
	// its tiles)
	if t := b.tileLanes(n); t != b.tile && b.fits((b.lanes+t-1)/t*t) == nil {
		b.retile(t)
	}
	n = min(n, b.tiles)
	if n != b.workers && b.pool != nil {
		b.cleanup.Stop()
		b.pool.stop()
		b.pool = nil
	}
	b.workers = n
	T := b.tile
	for w := range b.workers {
		if wk := &b.work[w]; wk.one == nil {
			wk.one = make([]uint64, len(b.s.state))
			wk.seqNx = make([]uint64, b.s.seqWords*T)
			if !b.s.inPlace {
				wk.nx32 = make([]uint32, b.edgePlan.nx[cls32]*T)
				wk.nx64 = make([]uint64, b.edgePlan.nx[cls64]*T)
				wk.nx8 = make([]uint8, b.edgePlan.nx[cls8]*T)
				wk.nx16 = make([]uint16, b.edgePlan.nx[cls16]*T)
			}
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
	wk := &b.work[w]
	for t := w; t < b.tiles; t += b.workers {
		tl := b.tileOf(t)
		switch p {
		case phaseEval:
			b.run(&tl, wk, &b.prog)
		case phaseIn:
			b.run(&tl, wk, &b.inProg)
		case phaseLazy:
			b.run(&tl, wk, &b.lazy)
		case phaseEdge:
			b.edgeTile(&tl, wk, t*b.tile)
			b.run(&tl, wk, b.nextProg())
		}
	}
}

// laneTile is the state of one tile: a word at row r of its class holds
// lane l at index r*lanes+l of the class's plane.
type laneTile struct {
	lanekern.Planes
	loc   []wordLoc // by Sim state offset
	lanes int
}

// tileOf returns the state of tile t.
func (b *Batch) tileOf(t int) laneTile {
	n32, n64, n8, n16 := int(b.lay.rows[cls32])*b.tile, int(b.lay.rows[cls64])*b.tile, int(b.lay.rows[cls8])*b.tile, int(b.lay.rows[cls16])*b.tile
	return laneTile{
		Planes: lanekern.Planes{
			P32: b.p32[t*n32 : t*n32+n32 : t*n32+n32],
			P64: b.p64[t*n64 : t*n64+n64 : t*n64+n64],
			P8:  b.p8[t*n8 : t*n8+n8 : t*n8+n8],
			P16: b.p16[t*n16 : t*n16+n16 : t*n16+n16],
		},
		loc:   b.lay.loc,
		lanes: b.tile,
	}
}

// put sets element i of the plane of c to v, truncated to its class.
func (tl *laneTile) put(c wordLoc, i int, v uint64) {
	switch c.class() {
	case cls64:
		tl.P64[i] = v
	case cls8:
		tl.P8[i] = uint8(v)
	case cls16:
		tl.P16[i] = uint16(v)
	default:
		tl.P32[i] = uint32(v)
	}
}

// laneRow is the row of a word on any plane.
type laneRow struct {
	r8  []uint8
	r16 []uint16
	r32 []uint32
	r64 []uint64
}

// load copies the first len(dst) lanes of the row into dst.
func (r laneRow) load(dst []uint64) {
	switch {
	case r.r64 != nil:
		copy(dst, r.r64)
	case r.r8 != nil:
		for j := range dst {
			dst[j] = uint64(r.r8[j])
		}
	case r.r16 != nil:
		for j := range dst {
			dst[j] = uint64(r.r16[j])
		}
	default:
		for j := range dst {
			dst[j] = uint64(r.r32[j])
		}
	}
}

// rowOf returns the row of word off.
func (tl *laneTile) rowOf(off uint32) laneRow {
	c := tl.loc[off]
	i := int(c.row()) * tl.lanes
	switch c.class() {
	case cls64:
		return laneRow{r64: tl.P64[i : i+tl.lanes : i+tl.lanes]}
	case cls8:
		return laneRow{r8: tl.P8[i : i+tl.lanes : i+tl.lanes]}
	case cls16:
		return laneRow{r16: tl.P16[i : i+tl.lanes : i+tl.lanes]}
	}
	return laneRow{r32: tl.P32[i : i+tl.lanes : i+tl.lanes]}
}

// addrs sets at[l] to where word 0 of the entry that port p addresses in
// lane l of the tile is in the tile's memories (word k at at[l]+k*lanes),
// or, when that address is not below the depth, to bad+l, for the first
// len(at) lanes. It returns at[0] when the first real lanes all address
// one entry (the others, padding, then take the same entry), else -1.
func (tl *laneTile) addrs(p *memPort, at []int, bad, real int) int {
	var a [maxTileLanes]uint64
	L := len(at)
	tl.rowOf(p.addr).load(a[:L])
	for k := p.addr + 1; k < p.addr+p.addrN; k++ {
		var hi [maxTileLanes]uint64
		tl.rowOf(k).load(hi[:L])
		for l, v := range hi[:L] {
			if v != 0 {
				a[l] = p.depth // beyond the depth, whatever the low word
			}
		}
	}
	base, n := int(p.base), int(p.n)
	same := true
	for l, v := range a[:L] {
		i := bad
		if v < p.depth {
			i = (base + int(v)*n) * L
		}
		at[l] = i + l
		same = same && (l >= real || v == a[0] || v >= p.depth && a[0] >= p.depth)
	}
	if !same {
		return -1
	}
	return at[0]
}

// enabled sets on[:n] to the lanes whose enable (0 or 1) in ens is 1, in
// order, and returns n.
func enabled(ens []uint64, on []uint8) int {
	n := 0
	on = on[:len(ens)]
	for l, e := range ens {
		on[n] = uint8(l)
		n += int(e & 1)
	}
	return n
}

// loadOr loads the first len(dst) lanes of the row of the word at offset
// off into dst, or sets them to v when off is -1 (no such word).
func (tl *laneTile) loadOr(off int64, dst []uint64, v uint64) {
	if off < 0 {
		for j := range dst {
			dst[j] = v
		}
		return
	}
	tl.rowOf(uint32(off)).load(dst)
}

// at returns the index of word off of lane in its plane, and its place.
func (b *Batch) at(off uint32, lane int) (i int, c wordLoc) {
	c = b.lay.loc[off]
	return b.laneAt[c.class()][lane] + int(c.row())*b.tile, c
}

// word returns word off of lane.
func (b *Batch) word(off uint32, lane int) uint64 {
	i, c := b.at(off, lane)
	switch c.class() {
	case cls64:
		return b.p64[i]
	case cls8:
		return uint64(b.p8[i])
	case cls16:
		return uint64(b.p16[i])
	}
	return uint64(b.p32[i])
}

// put sets word off of lane to v, which fits the word's class.
func (b *Batch) put(off uint32, lane int, v uint64) {
	i, c := b.at(off, lane)
	switch c.class() {
	case cls64:
		b.p64[i] = v
	case cls8:
		b.p8[i] = uint8(v)
	case cls16:
		b.p16[i] = uint16(v)
	default:
		b.p32[i] = uint32(v)
	}
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
func (b *Batch) Instructions() int { return len(b.s.prog) }

// Cycle returns the number of clock edges taken so far.
func (b *Batch) Cycle() uint64 { return b.cycle }

// Err returns the first misuse of a Handle or of a lane number, or the
// *AssertionError that stopped the batch, or nil.
func (b *Batch) Err() error { return b.s.err }

// net is Sim.net with the valid case inlined: the per-lane accessors run
// tens of times a lane a cycle.
func (b *Batch) net(h Handle, what string) (*netInfo, bool) {
	if nets := b.s.nets; uint(h.id-1) < uint(len(nets)) { // id 0 wraps
		return &nets[h.id-1], true
	}
	return b.s.net(h, what)
}

// pokeable is Sim.pokeable with the valid case inlined.
func (b *Batch) pokeable(h Handle) (*netInfo, bool) {
	if nets := b.s.nets; uint(h.id-1) < uint(len(nets)) && nets[h.id-1].input { // id 0 wraps
		return &nets[h.id-1], true
	}
	return b.s.pokeable(h)
}

// okLane records a misuse when lane is out of range.
func (b *Batch) okLane(lane int, what string) bool {
	if uint(lane) < uint(b.lanes) {
		return true
	}
	b.badLane(lane, what)
	return false
}

// badLane records the misuse of a lane out of range.
func (b *Batch) badLane(lane int, what string) {
	b.s.fail(fmt.Errorf("rtlsim: %s of lane %d: the batch has %d lanes", what, lane, b.lanes))
}

// set stores word k of net n in lane, marking the batch dirty on a change.
func (b *Batch) set(n *netInfo, k uint32, lane int, w uint64) {
	c := b.lay.loc[n.off+k]
	b.setAt(int(c.row())*b.tile<<2|c.class(), lane, w)
}

// PokeLane sets a top-level input of one lane to v. Misuse (see Sim.Poke,
// and a lane out of range) changes nothing and is recorded for Err.
func (b *Batch) PokeLane(h Handle, lane int, v bits.Value) {
	n, ok := b.pokeable(h)
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
	if p, ok := b.port(h, lane); ok && p.input {
		b.setAt(p.w0, lane, v&p.mask0)
		if p.nw > 1 {
			for _, w := range b.portWords[p.words+1 : p.words+p.nw] {
				b.setAt(w, lane, 0)
			}
		}
		return
	}
	n, ok := b.pokeable(h)
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
	if p, ok := b.port(h, lane); ok && p.input {
		if p.nw == 1 && len(words) > 0 {
			b.setAt(p.w0, lane, words[0]&p.top)
			return
		}
		for k, at := range b.portWords[p.words : p.words+p.nw] {
			var w uint64
			if k < len(words) {
				w = words[k]
			}
			if k == int(p.nw)-1 {
				w &= p.top
			}
			b.setAt(at, lane, w)
		}
		return
	}
	n, ok := b.pokeable(h)
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
	n, ok := b.net(h, "Peek")
	if !ok || !b.okLane(lane, "Peek") {
		return bits.Value{}
	}
	b.settleFor(n)
	words := make([]uint64, nwords(n.width))
	for k := range words {
		words[k] = b.word(n.off+uint32(k), lane)
	}
	return bits.FromWords(int(n.width), words)
}

// PeekWordsLane appends the settled value of a net in one lane to dst as
// little-endian words and returns the extended slice; it allocates nothing
// when dst has room.
func (b *Batch) PeekWordsLane(h Handle, lane int, dst []uint64) []uint64 {
	if p, ok := b.port(h, lane); ok {
		b.settlePort(p, h)
		if p.nw == 1 {
			return append(dst, b.getAt(p.w0, lane))
		}
		for _, at := range b.portWords[p.words : p.words+p.nw] {
			dst = append(dst, b.getAt(at, lane))
		}
		return dst
	}
	n, ok := b.net(h, "PeekWords")
	if !ok || !b.okLane(lane, "PeekWords") {
		return dst
	}
	b.settleFor(n)
	for k := range nwords(n.width) {
		dst = append(dst, b.word(n.off+k, lane))
	}
	return dst
}

// PeekUint64Lane returns the low 64 bits of the settled value of a net in
// one lane, or 0 on misuse.
func (b *Batch) PeekUint64Lane(h Handle, lane int) uint64 {
	if p, ok := b.port(h, lane); ok {
		b.settlePort(p, h)
		return b.getAt(p.w0, lane)
	}
	n, ok := b.net(h, "PeekUint64")
	if !ok || !b.okLane(lane, "PeekUint64") {
		return 0
	}
	b.settleFor(n)
	return b.word(n.off, lane)
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
	b.lazyDirty = len(b.lazy.steps) > 0
}

// settleFor settles what a Peek of n needs: the lazy program too when n is
// one of its nets. The test of whether there is anything to settle is
// inlined into the Peeks, which mostly find nothing.
func (b *Batch) settleFor(n *netInfo) {
	if b.dirty || b.inDirty || n.lazy && b.lazyDirty {
		b.settleNet(n)
	}
}

// settleNet is settleFor's work.
func (b *Batch) settleNet(n *netInfo) {
	b.settle()
	if n.lazy && b.lazyDirty {
		b.forTiles(phaseLazy)
		b.lazyDirty = false
	}
}

// edge takes one rising clock edge in every lane, as Sim.edge does, and
// settles the logic after it tile by tile, while the tile's state is still
// in the caches; the logic is settled after nearly every edge anyway (the
// next pokes then settle only their cone).
func (b *Batch) edge() {
	b.forTiles(phaseEdge)
	b.flip()
	b.cycle++
	b.dirty, b.inDirty = false, false
	b.lazyDirty = len(b.lazy.steps) > 0
}
