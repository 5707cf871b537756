package systolic

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/fp"
)

// WSBatch is one batch of the ws core's traffic with its sidebands: the
// rows of A (M×Rows), the weight tile it uses (Rows×Cols) and the
// sidebands that ride on its rows.
type WSBatch struct {
	A, B [][]int64
	// Acc is a_acc: add the column sums to accumulator rows 0..M-1
	// instead of starting from them. Only with an accumulator (AccRows).
	Acc bool
	// Out is a_out: the batch's rows leave on the C stream. Without an
	// accumulator every batch's rows leave: Out must be true.
	Out bool
	// Bias is the batch's bias vector (Cols accumulator-format values,
	// fp32 bits for floats) on a core with Bias, for a batch that takes
	// one (Acc false); nil otherwise.
	Bias []uint64
	// ReLU is a_relu (only with Config.ReLU) and Shift a_shift (only with
	// an integer conversion): the output stage's settings for the rows
	// the batch emits.
	ReLU  bool
	Shift int
}

// WSModel is the plain-Go reference model of the ws core with its
// accumulator: the state the core keeps between batches (accumulator
// rows, zero after reset) and the rows it emits. The zero WSModel is not
// usable: make one with NewWSModel.
type WSModel struct {
	c   Config
	acc [][]uint64 // acc[m]: accumulator row m, nil while never written
}

// NewWSModel returns the model of c's ws core just after reset.
func NewWSModel(c Config) *WSModel { return &WSModel{c: c, acc: make([][]uint64, c.AccRows)} }

// Batch runs one batch and returns the rows it emits (none when Out is
// false), c_last on the last. It returns an error, and changes nothing,
// for traffic the core does not accept: a batch with no rows, operand
// matrices of the wrong shape, sidebands the core does not have, or a
// batch with a_acc = 1 or a_out = 0 longer than AccRows rows.
func (w *WSModel) Batch(b WSBatch) ([]Row, error) {
	c := w.c
	if err := c.checkBatch(b); err != nil {
		return nil, err
	}
	sums := c.MatMul(b.A, b.B)
	var out []Row
	for m, colsum := range sums {
		v := colsum
		if b.Bias != nil {
			v = c.AddBias(b.Bias, colsum)
		}
		if b.Acc {
			v = make([]uint64, c.Cols)
			old := w.acc[m]
			for j := range v {
				var x uint64
				if old != nil {
					x = old[j]
				}
				v[j] = c.accAdd(x, colsum[j])
			}
		}
		if m < c.AccRows {
			w.acc[m] = v
		}
		if b.Out {
			if c.hasPost() {
				v = c.Post(v, b.ReLU, b.Shift)
			}
			out = append(out, Row{Data: v, Last: m == len(sums)-1})
		}
	}
	return out, nil
}

// accAdd is the accumulator's addition: x + y modulo 2^AccWidth, or
// round_fp32(x + y) for a float format.
func (c Config) accAdd(x, y uint64) uint64 {
	if _, ok := c.Float(); ok {
		return uint64(fp.Add(uint32(x), uint32(y)))
	}
	return c.Mask(x + y)
}

// checkBatch reports why b is not traffic c's ws core accepts.
func (c Config) checkBatch(b WSBatch) error {
	if len(b.A) == 0 {
		return fmt.Errorf("systolic: a batch has at least one row of A")
	}
	for i, row := range b.A {
		if len(row) != c.Rows {
			return fmt.Errorf("systolic: row %d of A has %d elements: want rows = %d", i, len(row), c.Rows)
		}
	}
	if len(b.B) != c.Rows {
		return fmt.Errorf("systolic: the weight tile has %d rows: want rows = %d", len(b.B), c.Rows)
	}
	for k, row := range b.B {
		if len(row) != c.Cols {
			return fmt.Errorf("systolic: row %d of the weight tile has %d elements: want cols = %d", k, len(row), c.Cols)
		}
	}
	takes := c.Bias && !b.Acc
	switch {
	case takes && len(b.Bias) != c.Cols:
		return fmt.Errorf("systolic: a batch with a_acc=0 on a core with a bias takes a vector of cols = %d values, not %d",
			c.Cols, len(b.Bias))
	case !takes && b.Bias != nil:
		return fmt.Errorf("systolic: a bias vector on a batch that takes none (bias %v, a_acc=%d)", c.Bias, b2u(b.Acc))
	case b.ReLU && !c.ReLU:
		return fmt.Errorf("systolic: a_relu=1 on a core without ReLU")
	case b.Shift < 0 || b.Shift >= 1<<c.ShiftWidth():
		return fmt.Errorf("systolic: a_shift %d: want 0..%d", b.Shift, 1<<c.ShiftWidth()-1)
	}
	if c.AccRows == 0 {
		if b.Acc || !b.Out {
			return fmt.Errorf("systolic: a_acc=%d a_out=%d on a core without an accumulator (acc_rows 0): want a_acc=0 a_out=1",
				b2u(b.Acc), b2u(b.Out))
		}
		return nil
	}
	if (b.Acc || !b.Out) && len(b.A) > c.AccRows {
		return fmt.Errorf("systolic: a batch of %d rows with a_acc=%d a_out=%d: at most acc_rows = %d rows",
			len(b.A), b2u(b.Acc), b2u(b.Out), c.AccRows)
	}
	return nil
}

// WSAccExpected is the ws output stream of batches run in order from
// reset (see WSModel.Batch): the reference for a core with an
// accumulator, and for one without it when every batch has Out set, where
// it equals WSExpected.
func (c Config) WSAccExpected(batches []WSBatch) ([]Row, error) {
	w := NewWSModel(c)
	var rows []Row
	for n, b := range batches {
		out, err := w.Batch(b)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", n, err)
		}
		rows = append(rows, out...)
	}
	return rows, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
