package examples

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/systole-hdl/systole/bits"
)

// aluModel is the reference model of ALU, for any width.
type aluModel struct{ width int }

func (aluModel) reset()      {}
func (aluModel) step(values) {}

func (m aluModel) outputs(in values) values {
	w := m.width
	a, b := in["a"].Big(), in["b"].Big()
	y := new(big.Int)
	shift, inRange := uint(0), b.Cmp(big.NewInt(int64(w))) < 0
	if inRange {
		shift = uint(b.Uint64())
	}
	switch ALUOp(in["op"].Uint64()) {
	case ALUAdd:
		y.Add(a, b)
	case ALUSub:
		y.Sub(a, b)
	case ALUAnd:
		y.And(a, b)
	case ALUOr:
		y.Or(a, b)
	case ALUXor:
		y.Xor(a, b)
	case ALUShl:
		if inRange {
			y.Lsh(a, shift)
		}
	case ALUShr:
		if inRange {
			y.Rsh(a, shift)
		}
	case ALUSra:
		if !inRange {
			shift = uint(w - 1)
		}
		y.Rsh(in["a"].SignedBig(), shift) // arithmetic: rounds toward -inf
	case ALUSlt:
		if in["a"].SignedBig().Cmp(in["b"].SignedBig()) < 0 {
			y.SetInt64(1)
		}
	case ALUEq:
		if a.Cmp(b) == 0 {
			y.SetInt64(1)
		}
	}
	out := bits.FromBig(w, y) // modulo 2^w, two's complement
	return values{"y": out, "zero": bits.FromUint64(1, b2u(out.IsZero()))}
}

func TestALURandom(t *testing.T) {
	for _, w := range []int{1, 5, 8, 32, 64, 65, 100} {
		t.Run(fmt.Sprint(w), func(t *testing.T) {
			checkRandom(t, ALU{Width: w}, aluModel{width: w}, 4000, uint64(w),
				func(r *rand.Rand, _ values) values {
					b := randBits(r, w)
					if r.IntN(2) == 0 { // a shift amount around the width
						b = bits.FromUint64(w, uint64(r.IntN(w+3)))
					}
					return values{
						"op": bits.FromUint64(ALUOpWidth, uint64(r.IntN(1<<ALUOpWidth))),
						"a":  randBits(r, w),
						"b":  b,
					}
				})
		})
	}
}

func TestALUOpString(t *testing.T) {
	for op := range ALUNumOps {
		if op.String() == "unused" || op.String() == "" {
			t.Errorf("ALUOp(%d) has no name", op)
		}
	}
	if got := ALUNumOps.String(); got != "unused" {
		t.Errorf("ALUNumOps.String() = %q, want unused", got)
	}
}
