package rtlsim

import (
	"encoding/binary"
	"flag"
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

var seedFlag = flag.Uint64("seed", 1, "seed of the randomized rtlsim tests")

// source is what genCase draws from: a *rand.Rand in the randomized tests,
// the fuzzer's bytes in FuzzOps.
type source interface {
	IntN(n int) int
	Uint64() uint64
}

// opCase is one evaluation of one op.
type opCase struct {
	op     netlist.Op
	signed bool
	lo     int
	value  bits.Value // the constant of OpConst
	in     []bits.Value
	out    int
}

func (c opCase) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s signed=%v lo=%d out=%d", c.op, c.signed, c.lo, c.out)
	if c.op == netlist.OpConst {
		fmt.Fprintf(&b, " value=%v", c.value)
	}
	for i, v := range c.in {
		fmt.Fprintf(&b, " in%d=%v", i, v)
	}
	return b.String()
}

// interesting are the widths where word boundaries make bugs likely.
var interesting = []int{1, 2, 7, 8, 31, 32, 33, 63, 64, 65, 127, 128, 129, 130, 191, 192, 193, 200, 255, 256, 257, 300}

// genWidth returns a width in 1..max, often an interesting one.
func genWidth(r source, max int) int {
	if r.IntN(2) == 0 {
		w := interesting[r.IntN(len(interesting))]
		if w <= max {
			return w
		}
	}
	return 1 + r.IntN(max)
}

// genValue returns a w-bit value, often an extreme one.
func genValue(r source, w int) bits.Value {
	switch r.IntN(10) {
	case 0:
		return bits.New(w)
	case 1:
		return bits.Ones(w)
	case 2: // only the sign bit: the most negative number
		return bits.FromBig(w, new(big.Int).Lsh(big.NewInt(1), uint(w-1)))
	case 3: // the largest positive number
		return bits.FromBig(w, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(w-1)), big.NewInt(1)))
	case 4:
		return bits.FromUint64(w, uint64(r.IntN(4)))
	case 5: // a small negative number
		return bits.FromInt64(w, -1-int64(r.IntN(4)))
	}
	words := make([]uint64, bits.Words(w))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(w, words)
}

// genAmount returns a shift amount of width wb for a w-bit shift: mostly
// in range, sometimes exactly w or just past it, sometimes huge.
func genAmount(r source, w, wb int) bits.Value {
	switch r.IntN(6) {
	case 0, 1, 2:
		return bits.FromUint64(wb, uint64(r.IntN(w+1)))
	case 3:
		return bits.FromUint64(wb, uint64(w+r.IntN(3)-1))
	}
	return genValue(r, wb)
}

// genCase returns a random well-shaped use of op with widths up to max.
func genCase(r source, op netlist.Op, max int) opCase {
	info := op.Info()
	c := opCase{op: op, signed: info.Signed && r.IntN(2) == 0}
	switch info.Shape {
	case netlist.ShapeConst:
		c.out = genWidth(r, max)
		c.value = genValue(r, c.out)
	case netlist.ShapeSame:
		c.out = genWidth(r, max)
		for range info.Arity {
			c.in = append(c.in, genValue(r, c.out))
		}
	case netlist.ShapeShift:
		c.out = genWidth(r, max)
		c.in = []bits.Value{genValue(r, c.out), genAmount(r, c.out, genWidth(r, max))}
	case netlist.ShapeCompare:
		w := genWidth(r, max)
		c.out = 1
		a := genValue(r, w)
		b := genValue(r, w)
		if r.IntN(4) == 0 {
			b = a
		}
		c.in = []bits.Value{a, b}
	case netlist.ShapeMux:
		c.out = genWidth(r, max)
		c.in = []bits.Value{genValue(r, 1), genValue(r, c.out), genValue(r, c.out)}
	case netlist.ShapeConcat:
		for range 1 + r.IntN(4) {
			w := genWidth(r, max)
			c.in = append(c.in, genValue(r, w))
			c.out += w
		}
	case netlist.ShapeSlice:
		wa := genWidth(r, max)
		c.out = 1 + r.IntN(wa)
		if r.IntN(3) == 0 {
			c.out = genWidth(r, wa)
		}
		c.lo = r.IntN(wa - c.out + 1)
		c.in = []bits.Value{genValue(r, wa)}
	case netlist.ShapeExtend:
		wa := genWidth(r, max)
		c.out = wa + r.IntN(max-wa+1)
		c.in = []bits.Value{genValue(r, wa)}
	case netlist.ShapeReduce:
		c.out = 1
		c.in = []bits.Value{genValue(r, genWidth(r, max))}
	}
	return c
}

// caseDesign returns a design of one cell computing c: inputs i0, i1, ...
// and the output y.
func caseDesign(c opCase) *netlist.Design {
	b := newMod("t")
	var ins []netlist.NetID
	for i, v := range c.in {
		ins = append(ins, b.in(fmt.Sprintf("i%d", i), v.Width()))
	}
	y := b.out("y", c.out)
	cell := b.drive(y, c.op, ins...)
	cell.Signed, cell.Lo, cell.Value = c.signed, c.lo, c.value
	return design(b)
}

// runCase simulates c and compares the result with netlist.Eval.
func runCase(t testing.TB, c opCase, what string) {
	t.Helper()
	want := netlist.Eval(c.op, c.signed, c.lo, c.value, c.in, c.out)
	s, err := Compile(caseDesign(c))
	require.NoError(t, err, "%s: %v", what, c)
	for i, v := range c.in {
		s.Poke(handle(t, s, fmt.Sprintf("i%d", i)), v)
	}
	y := handle(t, s, "y")
	got := s.Peek(y)
	require.NoError(t, s.Err())
	require.True(t, want.Equal(got), "%s: %v:\n got %v\nwant %v", what, c, got, want)
	if c.out <= 64 {
		require.Equal(t, want.Uint64(), s.PeekUint64(y), "%s: %v: PeekUint64", what, c)
	}
}

// TestOpsRandom cross-checks every op against netlist.Eval on thousands of
// random cases of widths 1..200, each reproducible from -seed and its index.
func TestOpsRandom(t *testing.T) {
	n := 6000
	if testing.Short() {
		n = 1000
	}
	ops := netlist.Ops()
	for i := range n {
		r := rand.New(rand.NewPCG(*seedFlag, uint64(i)))
		op := ops[i%len(ops)]
		runCase(t, genCase(r, op, 200), fmt.Sprintf("-seed=%d case %d", *seedFlag, i))
	}
}

// TestOpsEveryWidth evaluates every op at every width 1..300, so that each
// position of a net's top bit within its word is exercised.
func TestOpsEveryWidth(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, op := range netlist.Ops() {
		for w := 1; w <= 300; w++ {
			r := rand.New(rand.NewPCG(*seedFlag, uint64(w)<<8|uint64(op)))
			// Draw until the case's widths center on w: its output, or its
			// input for ops with a 1-bit output.
			c := genCase(r, op, w)
			for tries := 0; tries < 50 && c.out != w && (len(c.in) == 0 || c.in[0].Width() != w); tries++ {
				c = genCase(r, op, w)
			}
			runCase(t, c, fmt.Sprintf("-seed=%d width %d", *seedFlag, w))
		}
	}
}

// TestOpsWide spells out the multi-word cases the brief names.
func TestOpsWide(t *testing.T) {
	ones := func(w int) bits.Value { return bits.Ones(w) }
	big := func(w int, hex string) bits.Value { return bits.MustParse(fmt.Sprintf("%d'h%s", w, hex)).Resize(w) }
	tests := []struct {
		name string
		c    opCase
	}{
		{"add 130 carries across words", opCase{op: netlist.OpAdd, out: 130, in: []bits.Value{ones(129).Resize(130), bits.FromUint64(130, 1)}}},
		{"mul 300 mod 2^300", opCase{op: netlist.OpMul, out: 300, in: []bits.Value{ones(300), big(300, "123456789abcdef0fedcba9876543210f")}}},
		{"shl 200 by 70-bit amount", opCase{op: netlist.OpShl, out: 200, in: []bits.Value{ones(200), bits.FromUint64(70, 131)}}},
		{"shl 200 by huge 70-bit amount", opCase{op: netlist.OpShl, out: 200, in: []bits.Value{ones(200), big(70, "200000000000000000")}}},
		{"sshr 200 by huge amount", opCase{op: netlist.OpSshr, out: 200, in: []bits.Value{ones(200).Slice(0, 200), big(70, "200000000000000001")}}},
		{"sshr 200 by 199", opCase{op: netlist.OpSshr, out: 200, in: []bits.Value{ones(1).Resize(200).SignExtend(200), bits.FromUint64(70, 199)}}},
		{"shr 8 by huge amount", opCase{op: netlist.OpShr, out: 8, in: []bits.Value{ones(8), big(70, "200000000000000000")}}},
		{"sshr 8 negative by huge", opCase{op: netlist.OpSshr, out: 8, in: []bits.Value{bits.FromUint64(8, 0x80), big(70, "200000000000000000")}}},
		{"neg 65", opCase{op: netlist.OpNeg, out: 65, in: []bits.Value{bits.FromUint64(65, 1)}}},
		{"signed lt 129", opCase{op: netlist.OpLt, signed: true, out: 1, in: []bits.Value{ones(129), bits.New(129)}}},
		{"sext 65 to 300", opCase{op: netlist.OpSext, out: 300, in: []bits.Value{ones(65)}}},
		{"slice 130 [66 +: 64]", opCase{op: netlist.OpSlice, lo: 66, out: 64, in: []bits.Value{big(130, "3f0123456789abcdef0123456789abcde")}}},
		{"concat 1,130,64", opCase{op: netlist.OpConcat, out: 195, in: []bits.Value{bits.FromUint64(1, 1), ones(130), bits.FromUint64(64, 5)}}},
		{"redand 192", opCase{op: netlist.OpRedAnd, out: 1, in: []bits.Value{ones(192)}}},
		{"redxor 300", opCase{op: netlist.OpRedXor, out: 1, in: []bits.Value{ones(299).Resize(300)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { runCase(t, tt.c, tt.name) })
	}
}

// byteSource draws from the fuzzer's bytes, reading zeros past their end.
type byteSource struct{ b []byte }

func (s *byteSource) take(n int) []byte {
	var buf [8]byte
	k := copy(buf[:n], s.b)
	s.b = s.b[k:]
	return buf[:n]
}

func (s *byteSource) Uint64() uint64 { return binary.LittleEndian.Uint64(s.take(8)) }

func (s *byteSource) IntN(n int) int { return int(binary.LittleEndian.Uint16(s.take(2))) % n }

// FuzzOps cross-checks every op against netlist.Eval on cases of widths up
// to 300 drawn from the fuzzer's bytes; the first byte picks the op.
func FuzzOps(f *testing.F) {
	for i, op := range netlist.Ops() {
		r := rand.New(rand.NewPCG(uint64(i), 7))
		seed := []byte{byte(op)}
		for range 64 {
			seed = binary.LittleEndian.AppendUint64(seed, r.Uint64())
		}
		f.Add(seed)
	}
	ops := netlist.Ops()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		op := ops[int(data[0])%len(ops)]
		runCase(t, genCase(&byteSource{b: data[1:]}, op, 300), "fuzz")
	})
}

// dagShape returns the input widths, output width and low bit of a random
// use of op over widths drawn from ws.
func dagShape(r *rand.Rand, op netlist.Op, ws []int) (in []int, out, lo int) {
	pick := func() int { return ws[r.IntN(len(ws))] }
	info := op.Info()
	switch info.Shape {
	case netlist.ShapeConst:
		out = pick()
	case netlist.ShapeSame:
		out = pick()
		for range info.Arity {
			in = append(in, out)
		}
	case netlist.ShapeShift:
		out = pick()
		in = []int{out, pick()}
	case netlist.ShapeCompare:
		w := pick()
		in, out = []int{w, w}, 1
	case netlist.ShapeMux:
		out = pick()
		in = []int{1, out, out}
	case netlist.ShapeConcat:
		for range 1 + r.IntN(3) {
			in = append(in, pick())
			out += in[len(in)-1]
		}
	case netlist.ShapeSlice:
		in = []int{pick()}
		out = 1 + r.IntN(in[0])
		lo = r.IntN(in[0] - out + 1)
	case netlist.ShapeExtend:
		in = []int{pick()}
		out = max(in[0], pick())
	case netlist.ShapeReduce:
		in, out = []int{pick()}, 1
	}
	return in, out, lo
}

// TestRandomDAG cross-checks a whole levelized program: random cells over
// one another's outputs, listed in shuffled order, against netlist.Eval
// applied in creation order.
func TestRandomDAG(t *testing.T) {
	widths := []int{1, 5, 8, 63, 64, 65, 130}
	ops := netlist.Ops()
	for trial := range 40 {
		r := rand.New(rand.NewPCG(*seedFlag, 1000+uint64(trial)))
		what := fmt.Sprintf("-seed=%d trial %d", *seedFlag, trial)
		b := newMod("dag")
		pool := map[int][]netlist.NetID{} // nets by width
		vals := map[netlist.NetID]bits.Value{}
		var inputs, cells []netlist.NetID
		get := func(w int) netlist.NetID {
			if ids := pool[w]; len(ids) > 0 && r.IntN(4) != 0 {
				return ids[r.IntN(len(ids))]
			}
			id := b.in(fmt.Sprintf("in%d", len(inputs)), w)
			inputs = append(inputs, id)
			vals[id] = genValue(r, w)
			pool[w] = append(pool[w], id)
			return id
		}
		for i := range 150 {
			op := ops[r.IntN(len(ops))]
			inW, out, lo := dagShape(r, op, widths)
			ins := make([]netlist.NetID, len(inW))
			in := make([]bits.Value, len(inW))
			for j, w := range inW {
				ins[j] = get(w)
				in[j] = vals[ins[j]]
			}
			y := b.op(fmt.Sprintf("n%d", i), out, op, ins...)
			cell := &b.m.Cells[len(b.m.Cells)-1]
			cell.Signed, cell.Lo = op.Info().Signed && r.IntN(2) == 0, lo
			if op == netlist.OpConst {
				cell.Value = genValue(r, out)
			}
			vals[y] = netlist.Eval(op, cell.Signed, lo, cell.Value, in, out)
			pool[out] = append(pool[out], y)
			cells = append(cells, y)
		}
		r.Shuffle(len(b.m.Cells), func(i, j int) { b.m.Cells[i], b.m.Cells[j] = b.m.Cells[j], b.m.Cells[i] })
		s := compile(t, design(b))
		for _, id := range inputs {
			require.NoError(t, s.PokeName(b.m.Nets[id].Name, vals[id]), what)
		}
		for _, y := range cells {
			name := b.m.Nets[y].Name
			got, err := s.PeekName(name)
			require.NoError(t, err)
			require.True(t, vals[y].Equal(got), "%s: net %s: got %v want %v", what, name, got, vals[y])
		}
	}
}
