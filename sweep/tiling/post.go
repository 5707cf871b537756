package tiling

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// This file is what a GEMM's C should be, and the output stage's settings
// the driver gives a core that has one: C = post(bias + A×B), the bias
// added and ReLU and the conversion applied by the core, never in Go.

// post is a GEMM's output-stage settings on a core with the options: a
// bias per column of C (with Bias), a_relu (with ReLU: 1, so the GEMM is
// a layer's ReLU(bias + A×B)) and a_shift (with an integer conversion).
type post struct {
	bias  []uint64 // N values in the accumulator format (fp32 bits for floats); nil without Bias
	relu  bool
	shift int
}

// postStage reports whether c's rows pass through the post block (ReLU or
// a conversion): then the core emits OutElemWidth-bit elements.
func postStage(c systolic.Config) bool { return c.ReLU || c.OutFormat != "" || c.OutWidth != 0 }

// postSettings draws g's bias from seed (a stream of its own, so A and B
// stay those of Operands) and picks the shift of an integer conversion:
// the smallest that brings the largest |bias + sum| the operands allow
// into the OutWidth-bit range, so that the outputs use it, rounded.
func postSettings(c systolic.Config, g workload.GEMM, seed uint64) post {
	p := post{relu: c.ReLU}
	h := fnv.New64a()
	fmt.Fprintf(h, "bias %s %d %d %d %s", g.Name, g.M, g.K, g.N, c.TopName())
	r := rand.New(rand.NewPCG(seed, h.Sum64()))
	lo, hi := c.Range()
	if c.Bias {
		p.bias = make([]uint64, g.N)
		for j := range p.bias {
			if _, ok := c.Float(); ok {
				// Finite fp32 values of either sign, magnitudes 1/8 to 16.
				e := uint64(127 - 3 + r.IntN(7))
				p.bias[j] = r.Uint64N(2)<<31 | e<<23 | r.Uint64N(1<<23)
			} else {
				p.bias[j] = c.Mask(uint64(lo + r.Int64N(hi-lo+1)))
			}
		}
	}
	if c.ShiftWidth() > 0 {
		mag := float64(max(-lo, hi))
		// The bits of the largest |bias + sum|, K·mag² + mag (in floating
		// point: it overflows 64 bits for wide operands and deep K).
		_, need := math.Frexp(float64(g.K)*mag*mag + mag)
		if c.Signed {
			need++
		}
		p.shift = min(max(0, need-c.OutWidth), c.AccWidth-1)
	}
	return p
}

// Check reports why the driver cannot run g on c, if it cannot (see
// checkPost): RunGEMM returns the same error.
func Check(c systolic.Config, g workload.GEMM) error {
	if c.Dataflow != systolic.WS {
		return nil
	}
	return checkPost(c, g, newWSSchedule(c, g, c.AccRows))
}

// checkPost reports a GEMM the driver cannot run on c: with ReLU or a
// conversion but no accumulator, the rows of a K-tile leave as partial
// sums through the post block, and converted partial sums do not add up
// to the GEMM.
func checkPost(c systolic.Config, g workload.GEMM, s wsSchedule) error {
	if c.Dataflow == systolic.WS && postStage(c) && !s.accumulate && s.kt > 1 {
		return fmt.Errorf("tiling: %s: K = %d is over rows = %d on a core with ReLU or an output conversion and no accumulator: its partial sums would leave converted; give it an accumulator (acc_rows) or K <= rows", g, g.K, c.Rows)
	}
	return nil
}

// expected is C as the core computes it, tile by tile, with p's output
// stage. For integers (sums modulo 2^AccWidth in any order), and for the
// os dataflow, whose PEs accumulate all of K, the sums are c.MatMul. A
// float ws core sums one weight tile of Rows values of k at a time (the
// last one padded with +0 operands) in its array, and the K-tiles' fp32
// sums are added in order, the first one taken as it is, or added to the
// bias: by the accumulator (acc = round_fp32(acc + colsum) on a_acc=1)
// or, without one, by the driver in Go in the same order, each later
// K-tile's sums having had the +0 bias of its batch added by the core.
// Then ReLU and the conversion (c.Post).
func expected(c systolic.Config, g workload.GEMM, a, b [][]int64, p post) [][]uint64 {
	var out [][]uint64
	f, float := c.Float()
	if !float || c.Dataflow == systolic.OS {
		out = c.MatMul(a, b)
		if p.bias != nil {
			for m := range out {
				for n := range out[m] {
					if float {
						out[m][n] = uint64(fp.Add(uint32(p.bias[n]), uint32(out[m][n])))
					} else {
						out[m][n] = c.Mask(p.bias[n] + out[m][n])
					}
				}
			}
		}
	} else {
		accumulate := newWSSchedule(c, g, c.AccRows).accumulate
		out = make([][]uint64, g.M)
		for m := range out {
			out[m] = make([]uint64, g.N)
			for n := range out[m] {
				var sum uint32
				for k0 := 0; k0 < g.K; k0 += c.Rows {
					var tile uint32 // +0
					for k := k0; k < k0+c.Rows; k++ {
						var x, y uint64 // +0 padding
						if k < g.K {
							x, y = uint64(a[m][k]), uint64(b[k][n])
						}
						tile = fp.Add(tile, fp.Mul(f, x, y))
					}
					switch {
					case k0 == 0 && p.bias != nil:
						sum = fp.Add(uint32(p.bias[n]), tile)
					case k0 == 0:
						sum = tile
					case p.bias != nil && !accumulate:
						sum = fp.Add(sum, fp.Add(0, tile)) // the batch's +0 bias, then Go's sum
					default:
						sum = fp.Add(sum, tile)
					}
				}
				out[m][n] = uint64(sum)
			}
		}
	}
	if postStage(c) {
		for m := range out {
			out[m] = c.Post(out[m], p.relu, p.shift)
		}
	}
	return out
}
