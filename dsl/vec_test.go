package dsl_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/rtlsim"
)

// Index and SetIndex against a Go slice, for lengths that are and are not
// powers of two and indexes narrower and wider than the length needs.
func TestVecIndex(t *testing.T) {
	for _, c := range []struct{ n, iw int }{{1, 1}, {1, 3}, {2, 1}, {3, 2}, {5, 3}, {5, 5}, {8, 3}, {8, 2}, {7, 70}} {
		t.Run(fmt.Sprintf("%d_%d", c.n, c.iw), func(t *testing.T) {
			d, err := elaborate.Elaborate(dsl.Func("vec", func(m *dsl.Module) {
				we := m.Input("we", dsl.Bool())
				wi, ri := m.Input("wi", dsl.UInt(c.iw)), m.Input("ri", dsl.UInt(c.iw))
				wd := m.Input("wd", dsl.SInt(6))
				v := m.RegVec("v", c.n, dsl.SInt(6), dsl.Init(0))
				m.When(we, func() { v.SetIndex(wi, wd) })
				m.Output("rd", dsl.SInt(6)).Set(v.Index(ri))
			}))
			require.NoError(t, err)
			s, err := rtlsim.Compile(d)
			require.NoError(t, err)
			s.Reset()
			h := func(name string) rtlsim.Handle { x, err := s.Handle(name); require.NoError(t, err); return x }
			we, wi, ri, wd, rd := h("we"), h("wi"), h("ri"), h("wd"), h("rd")
			model := make([]uint64, c.n)
			r := rand.New(rand.NewPCG(uint64(c.n), uint64(c.iw)))
			mask := uint64(1)<<min(c.iw, 63) - 1
			pick := func() uint64 { // mostly in range, sometimes beyond
				if r.IntN(4) == 0 {
					return r.Uint64() & mask
				}
				return uint64(r.IntN(c.n)) & mask
			}
			for cycle := range 200 {
				w, wa, ra, x := r.IntN(2) == 1, pick(), pick(), r.Uint64()&63
				s.PokeUint64(we, map[bool]uint64{false: 0, true: 1}[w])
				s.PokeUint64(wi, wa)
				s.PokeUint64(ri, ra)
				s.PokeUint64(wd, x)
				s.Step(0)
				want := uint64(0) // beyond the end reads zero
				if ra < uint64(c.n) {
					want = model[ra]
				}
				require.Equal(t, want, s.PeekUint64(rd), "cycle %d: v[%d]", cycle, ra)
				if w && wa < uint64(c.n) { // beyond the end writes nothing
					model[wa] = x
				}
				s.Step(1)
			}
		})
	}
}
