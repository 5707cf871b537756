package lanekern

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/opgen"
)

// mixPlanes are planes of every class for a mixed test, as []uint64 of
// their values, and the nets on them.
type mixPlanes struct {
	pl    [4][]uint64 // classes 8, 16, 32, 64
	lanes int
}

// mixClasses are the classes of the planes, in the order of mixPlanes.pl.
var mixClasses = []uint8{8, 16, 32, 64}

func classIndex(c uint8) int { return map[uint8]int{8: 0, 16: 1, 32: 2, 64: 3}[c] }

// net adds a net of class c with the lanes' values vals and returns its
// offset.
func (m *mixPlanes) net(c uint8, vals []uint64) uint32 {
	i := classIndex(c)
	off := uint32(len(m.pl[i]))
	m.pl[i] = append(m.pl[i], vals...)
	return off
}

// run runs BlockMix on planes of the values, and returns them after.
func (m *mixPlanes) run(k Kind, x Mix, ops []Op) [4][]uint64 {
	p := &Planes{P8: toClass[uint8](m.pl[0]), P16: toClass[uint16](m.pl[1]), P32: toClass[uint32](m.pl[2]), P64: toClass[uint64](m.pl[3])}
	BlockMix(k, x, p, ops, m.lanes)
	var out [4][]uint64
	out[0], out[1], out[2], out[3] = make([]uint64, len(p.P8)), make([]uint64, len(p.P16)), make([]uint64, len(p.P32)), slices.Clone(p.P64)
	fromClass(out[0], p.P8)
	fromClass(out[1], p.P16)
	fromClass(out[2], p.P32)
	return out
}

// classFor returns a random class for a net of w bits computed at at:
// the narrowest that holds it, or a wider one.
func classFor(r *rand.Rand, w int, at uint8) uint8 {
	var fit []uint8
	for _, c := range mixClasses {
		if int(c) >= w && c <= at {
			fit = append(fit, c)
		}
	}
	if r.IntN(2) == 0 {
		return fit[0]
	}
	return fit[r.IntN(len(fit))]
}

// TestMixKinds runs instructions of every kind whose nets are on planes
// of random classes (each at least its width) through BlockMix, computed
// at 32 and 64 bits, against netlist.Eval (refs), on every
// implementation.
func TestMixKinds(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 5))
		for k := range Kind(NumKinds) {
			mk, ok := refs[k.String()]
			if !ok {
				continue
			}
			for _, at := range opgen.MixWidths {
				for range 12 {
					lanes := 16 * (1 + r.IntN(4))
					s := mk(r, at)
					x := Mix{At: uint8(at), Dst: classFor(r, s.w, uint8(at))}
					m := &mixPlanes{lanes: lanes}
					for i := range m.pl { // junk before the nets
						for range r.IntN(3) {
							m.pl[i] = append(m.pl[i], r.Uint64()>>(64-mixClasses[i]))
						}
					}
					o := Op{Sh: uint8(s.sh), Sh2: uint8(s.sh2), M: s.m}
					var in [4][]bits.Value
					for i, w := range []int{s.wa, s.wb, s.wc} {
						if w == 0 {
							continue
						}
						c := classFor(r, w, uint8(at))
						*[]*uint8{&x.A, &x.B, &x.C}[i] = c
						vals := make([]uint64, lanes)
						in[i] = make([]bits.Value, lanes)
						for l := range vals {
							vals[l] = randValue(r, w)
							in[i][l] = bits.FromUint64(w, vals[l])
						}
						*[]*uint32{&o.A, &o.B, &o.C}[i] = m.net(c, vals)
					}
					dv := make([]uint64, lanes)
					in[3] = make([]bits.Value, lanes)
					for l := range dv {
						dv[l] = randValue(r, s.w)
						in[3][l] = bits.FromUint64(s.w, dv[l])
					}
					o.Dst = m.net(x.Dst, dv)
					for i := range m.pl { // junk after
						for range r.IntN(3) {
							m.pl[i] = append(m.pl[i], r.Uint64()>>(64-mixClasses[i]))
						}
					}
					before := m.pl
					got := m.run(k, x, []Op{o})
					what := fmt.Sprintf("%v %+v, %d lanes, op %+v", k, x, lanes, o)
					di := classIndex(x.Dst)
					for l := range lanes {
						want := s.ref(at3(in[0], l), at3(in[1], l), at3(in[2], l), in[3][l]).Uint64()
						require.Equal(t, want, got[di][int(o.Dst)+l], "%s: lane %d", what, l)
					}
					for i := range got {
						for e := range got[i] {
							if i == di && e >= int(o.Dst) && e < int(o.Dst)+lanes {
								continue
							}
							require.Equal(t, before[i][e], got[i][e], "%s: element %d of class %d changed", what, e, mixClasses[i])
						}
					}
				}
			}
		}
	})
}

func at3(v []bits.Value, l int) bits.Value {
	if v == nil {
		return bits.Value{}
	}
	return v[l]
}

// TestMixMeaning: BlockMix on any words of their classes (any shifts and
// masks) is the table's kernel at its class (the evaluator) of the
// operands zero-extended, truncated to the destination's class.
func TestMixMeaning(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(*seedFlag, 6))
		for _, at := range opgen.MixWidths {
			for i, kd := range opgen.Kinds {
				if kd.Wide {
					continue
				}
				for range 200 { // each of up to 81 mixes at 32 bits, several times
					const lanes = 16
					classes := [4]uint8{}
					for j := range classes {
						classes[j] = mixClasses[r.IntN(2+at/32)]
					}
					x := Mix{At: uint8(at), Dst: classes[0], A: classes[1], B: classes[2], C: classes[3]}
					m := &mixPlanes{lanes: lanes}
					var offs [4]uint32
					vals := [4][]uint64{}
					for j, c := range classes {
						vals[j] = make([]uint64, lanes)
						for l := range vals[j] {
							vals[j][l] = randValue(r, int(c))
						}
						offs[j] = m.net(c, vals[j])
					}
					o := Op{Dst: offs[0], A: offs[1], B: offs[2], C: offs[3], Sh: uint8(r.IntN(at + 8)), Sh2: uint8(r.IntN(at + 8)), M: r.Uint64()}
					got := m.run(Kind(i), x, []Op{o})
					e := &evaluator{width: at}
					for l := range lanes {
						e.vars = map[string]uint64{"d": vals[0][l], "a": vals[1][l], "b": vals[2][l], "c": vals[3][l],
							"sh": uint64(o.Sh), "sh2": uint64(o.Sh2), "m": o.M}
						want := e.run(t, kd.Kernel)
						if x.Dst < 64 {
							want &= 1<<x.Dst - 1
						}
						require.Equal(t, want, got[classIndex(x.Dst)][int(o.Dst)+l], "%s %+v: %+v lane %d", kd.Name, x, o, l)
					}
				}
			}
		}
	})
}

// TestMixBadCalls: BlockMix panics on a mix that is not one, and on a
// net beyond its plane, naming the op.
func TestMixBadCalls(t *testing.T) {
	eachImpl(t, func(t *testing.T) {
		p := &Planes{P8: make([]uint8, 32), P16: make([]uint16, 32), P32: make([]uint32, 32), P64: make([]uint64, 16)}
		require.PanicsWithValue(t, "lanekern: BlockMix: {At:32 Dst:64 A:8 B:8 C:0} is not a mix of classes 8, 16, 32 and 64 computed at 32 or 64",
			func() { BlockMix(Add, Mix{At: 32, Dst: 64, A: 8, B: 8}, p, []Op{{}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: {At:8 Dst:8 A:8 B:8 C:0} is not a mix of classes 8, 16, 32 and 64 computed at 32 or 64",
			func() { BlockMix(Add, Mix{At: 8, Dst: 8, A: 8, B: 8}, p, []Op{{}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: {At:16 Dst:16 A:8 B:16 C:0} is not a mix of classes 8, 16, 32 and 64 computed at 32 or 64",
			func() { BlockMix(Add, Mix{At: 16, Dst: 16, A: 8, B: 16}, p, []Op{{}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: {At:32 Dst:32 A:8 B:24 C:0} is not a mix of classes 8, 16, 32 and 64 computed at 32 or 64",
			func() { BlockMix(Add, Mix{At: 32, Dst: 32, A: 8, B: 24}, p, []Op{{}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: op 0 ({Dst:0 A:24 B:0 C:0 Sh:0 Sh2:0 _:[0 0 0 0 0 0] M:0}): a net beyond the plane of class 16 (32 elements)",
			func() { BlockMix(Sext, Mix{At: 32, Dst: 32, A: 16}, p, []Op{{A: 24}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: op 1 ({Dst:16 A:17 B:0 C:0 Sh:0 Sh2:0 _:[0 0 0 0 0 0] M:0}): a net beyond the plane of class 8 (32 elements)",
			func() { BlockMix(Not, Mix{At: 32, Dst: 32, A: 8}, p, []Op{{}, {Dst: 16, A: 17}}, 16) })
		require.PanicsWithValue(t, "lanekern: BlockMix: op 0 ({Dst:0 A:0 B:0 C:0 Sh:0 Sh2:0 _:[0 0 0 0 0 0] M:0}): a net beyond the plane of class 64 (8 elements)",
			func() {
				BlockMix(Eq, Mix{At: 64, Dst: 8, A: 64, B: 64}, &Planes{P8: p.P8, P64: p.P64[:8]}, []Op{{}}, 16)
			})
		// C is not read by Add: its class does not matter
		BlockMix(Add, Mix{At: 32, Dst: 32, A: 8, B: 8, C: 99}, p, []Op{{Dst: 16}}, 16)
		BlockMix(Add, Mix{At: 32, Dst: 32, A: 8, B: 8}, p, nil, 16)
	})
}
