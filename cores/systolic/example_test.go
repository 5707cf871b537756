package systolic_test

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/systolic"
)

// The output stage's reference: ReLU, then the conversion of a row of
// 32-bit results to int8 with a shift of 2 (x/4, rounded half to even,
// saturated).
func ExampleConfig_Post() {
	c := systolic.Config{Rows: 4, Cols: 4, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.OS,
		ReLU: true, OutWidth: 8}
	fmt.Println(c.TopName(), c.OutElemWidth(), c.ShiftWidth())
	neg := uint64(0xFFFFFFF6) // -10
	row := []uint64{10, 14, 1000, neg}
	fmt.Println(c.Post(row, false, 2)) // 2.5 → 2, 3.5 → 4, 250 → 127, -2.5 → -2 (0xFE)
	fmt.Println(c.Post(row, true, 2))  // ReLU first: -10 → 0
	// Output:
	// systolic_os_4x4_i8_a32_relu_oi8 8 5
	// [2 4 127 254]
	// [2 4 127 0]
}
