package systolic_test

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/systolic"
)

// A GEMM with K = 2·rows through the reference model of a ws core with an
// accumulator: the first K-tile keeps its column sums (a_acc=0, a_out=0),
// the second adds its own to them and emits (a_acc=1, a_out=1). The result
// is A×B over the whole K.
func ExampleWSModel() {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: systolic.WS, AccRows: 4}
	a := [][]int64{{1, 2, 3, 4}, {-1, 0, 1, 0}}     // 2×K
	b := [][]int64{{1, 0}, {0, 1}, {1, 1}, {2, -1}} // K×2
	m := systolic.NewWSModel(c)
	for k := range 2 {
		batch := systolic.WSBatch{B: b[2*k : 2*k+2], Acc: k == 1, Out: k == 1}
		for _, row := range a {
			batch.A = append(batch.A, row[2*k:2*k+2])
		}
		rows, err := m.Batch(batch)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, r := range rows {
			fmt.Println(int32(r.Data[0]), int32(r.Data[1]), r.Last)
		}
	}
	fmt.Println(c.MatMul(a, b)[0], int32(c.MatMul(a, b)[1][0]))

	// A batch that keeps more rows than the accumulator has is refused.
	long := systolic.WSBatch{B: b[:2], Out: false}
	for range 5 {
		long.A = append(long.A, []int64{0, 0})
	}
	_, err := m.Batch(long)
	fmt.Println(err)
	// Output:
	// 12 1 false
	// 0 1 true
	// [12 1] 0
	// systolic: a batch of 5 rows with a_acc=0 a_out=0: at most acc_rows = 4 rows
}
