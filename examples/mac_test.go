package examples

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/systole-hdl/systole/bits"
)

// macModel is the reference model of MAC. The product, read as signed or
// unsigned numbers, is reduced modulo 2^AccWidth: that is what extending or
// truncating the exact 2*InWidth-bit product and wrapping the sum amount to.
type macModel struct {
	MAC
	sum *big.Int
}

func (m *macModel) reset() { m.sum = new(big.Int) }

func (m *macModel) outputs(values) values { return values{"acc": bits.FromBig(m.AccWidth, m.sum)} }

func (m *macModel) step(in values) {
	clear, en := in["clear"].Uint64() == 1, in["en"].Uint64() == 1
	a, b := in["a"].Big(), in["b"].Big()
	if m.Signed {
		a, b = in["a"].SignedBig(), in["b"].SignedBig()
	}
	if clear {
		m.sum.SetInt64(0)
	}
	if en {
		m.sum.Add(m.sum, new(big.Int).Mul(a, b))
	}
	m.sum = bits.FromBig(m.AccWidth, m.sum).Big()
}

func TestMACRandom(t *testing.T) {
	for i, c := range []MAC{
		{InWidth: 8, AccWidth: 32, Signed: true},
		{InWidth: 8, AccWidth: 32, Signed: false},
		{InWidth: 8, AccWidth: 16, Signed: true},  // product exactly fits
		{InWidth: 16, AccWidth: 24, Signed: true}, // product truncated
		{InWidth: 16, AccWidth: 24, Signed: false},
		{InWidth: 1, AccWidth: 1, Signed: true},
		{InWidth: 3, AccWidth: 5, Signed: false},
		{InWidth: 33, AccWidth: 80, Signed: true}, // a 66-bit product
		{InWidth: 40, AccWidth: 100, Signed: false},
		{InWidth: 64, AccWidth: 128, Signed: true},
	} {
		t.Run(fmt.Sprintf("%d_%d_%v", c.InWidth, c.AccWidth, c.Signed), func(t *testing.T) {
			checkRandom(t, c, &macModel{MAC: c}, 3000, uint64(i),
				func(r *rand.Rand, _ values) values {
					return values{
						"clear": randBool(r, 0.05),
						"en":    randBool(r, 0.7),
						"a":     randBits(r, c.InWidth),
						"b":     randBits(r, c.InWidth),
					}
				})
		})
	}
}
