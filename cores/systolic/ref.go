package systolic

import (
	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/fp"
)

// This file is the plain-Go reference model of both contracts: exact
// matrix products reduced modulo 2^AccWidth, and the order of the output
// stream. The testbench scoreboards the hardware against it.

// Mask returns v reduced modulo 2^AccWidth.
func (c Config) Mask(v uint64) uint64 {
	if c.AccWidth == 64 {
		return v
	}
	return v & (uint64(1)<<c.AccWidth - 1)
}

// MatMul returns C = A×B: A is M×K, B is K×N, each element the exact sum of
// products reduced modulo 2^AccWidth (the raw accumulator bits). Operands
// must lie in the range of InWidth-bit signed or unsigned numbers.
//
// For a float format, operands are the format's raw bits (0..2^InWidth-1)
// and each element is the fp32 bits of fp.Dot over k = 0, 1, …, K-1 in
// order: from +0, acc = round_fp32(acc + round_fp32(A[m][k]×B[k][n])), the
// order in which both dataflows accumulate.
func (c Config) MatMul(a, b [][]int64) [][]uint64 {
	if f, ok := c.Float(); ok {
		return floatMatMul(f, a, b)
	}
	out := make([][]uint64, len(a))
	for m := range a {
		out[m] = make([]uint64, len(b[0]))
		for n := range out[m] {
			var sum uint64
			for k := range a[m] {
				// Products of two 32-bit operands fit in 64 bits; the sum is
				// exact modulo 2^64, hence modulo 2^AccWidth.
				sum += uint64(a[m][k] * b[k][n])
			}
			out[m][n] = c.Mask(sum)
		}
	}
	return out
}

func floatMatMul(f fp.Format, a, b [][]int64) [][]uint64 {
	out := make([][]uint64, len(a))
	for m := range a {
		out[m] = make([]uint64, len(b[0]))
		for n := range out[m] {
			var acc uint32 // +0
			for k := range a[m] {
				acc = fp.Add(acc, fp.Mul(f, uint64(a[m][k]), uint64(b[k][n])))
			}
			out[m][n] = uint64(acc)
		}
	}
	return out
}

// Row is one beat of the C output stream.
type Row struct {
	Data []uint64 // Cols accumulator values
	Last bool
}

// WSExpected is the ws output stream for weight tiles (each Rows×Cols, B)
// and batches of A rows (each M×Rows): batch n uses tile n, rows leave in
// order, c_last on each batch's last row.
func (c Config) WSExpected(tiles [][][]int64, batches [][][]int64) []Row {
	var rows []Row
	for n, a := range batches {
		prod := c.MatMul(a, tiles[n])
		for m, r := range prod {
			rows = append(rows, Row{Data: r, Last: m == len(prod)-1})
		}
	}
	return rows
}

// OSTile is one output-stationary job: A is Rows×K, B is K×Cols, and the
// output stage's settings for the tile where c has the stage: Bias (Cols
// raw AccWidth-bit values, with c.Bias), ReLU (in_relu, with c.ReLU) and
// Shift (in_shift, with an integer conversion).
type OSTile struct {
	A, B  [][]int64
	Bias  []uint64
	ReLU  bool
	Shift int
}

// OSExpected is the os output stream: each tile's C leaves as Rows beats,
// row i in beat i, c_last on the last. With c's output stage, each
// element is Post(bias[j] + C[i][j]), the sum wrapping modulo 2^AccWidth
// for integers and round_fp32(bias[j] + C[i][j]) (fp.Add) for floats.
func (c Config) OSExpected(tiles []OSTile) []Row {
	var rows []Row
	for _, t := range tiles {
		prod := c.MatMul(t.A, t.B)
		for i, r := range prod {
			if c.Bias {
				r = c.AddBias(t.Bias, r)
			}
			if c.hasPost() {
				r = c.Post(r, t.ReLU, t.Shift)
			}
			rows = append(rows, Row{Data: r, Last: i == len(prod)-1})
		}
	}
	return rows
}

// AddBias returns bias[j] + row[j] for each j in the accumulator format:
// modulo 2^AccWidth for integers, round_fp32(bias[j] + row[j]) for floats.
// A bias shorter than row (nil included) reads as zeros (+0) beyond its end.
func (c Config) AddBias(bias, row []uint64) []uint64 {
	out := make([]uint64, len(row))
	_, float := c.Float()
	for j, x := range row {
		var b uint64
		if j < len(bias) {
			b = bias[j]
		}
		if float {
			out[j] = uint64(fp.Add(uint32(b), uint32(x)))
		} else {
			out[j] = c.Mask(b + x)
		}
	}
	return out
}

// Pack packs lanes of width bits into one bus, lane e at [e*width +: width]
// (negative values as two's complement).
func Pack(lanes []int64, width int) bits.Value {
	words := make([]uint64, bits.Words(len(lanes)*width))
	for e, v := range lanes {
		u := uint64(v)
		for b := 0; b < width; b++ {
			if u>>uint(b)&1 == 1 {
				pos := e*width + b
				words[pos/64] |= 1 << uint(pos%64)
			}
		}
	}
	return bits.FromWords(len(lanes)*width, words)
}

// Unpack splits a bus into n lanes of width bits (raw, unsigned).
func Unpack(v bits.Value, n, width int) []uint64 {
	out := make([]uint64, n)
	for e := range out {
		var x uint64
		for b := 0; b < width; b++ {
			x |= uint64(v.Bit(e*width+b)) << uint(b)
		}
		out[e] = x
	}
	return out
}

// Range returns the smallest and largest operand value of the config (for
// a float format, which is never Signed, the raw bits: 0..2^InWidth-1).
func (c Config) Range() (lo, hi int64) {
	if c.Signed {
		return -(1 << (c.InWidth - 1)), 1<<(c.InWidth-1) - 1
	}
	return 0, 1<<c.InWidth - 1
}
