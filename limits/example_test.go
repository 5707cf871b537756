package limits_test

import (
	"fmt"

	"github.com/systole-hdl/systole/limits"
)

// A size is checked against its limit before anything of that size is
// allocated; the error names the limit and how to raise it.
func ExampleLimit_Check() {
	n := limits.Mul(100000000, 3) // saturates instead of wrapping
	if err := limits.Jobs.Check("--jobs", n); err != nil {
		fmt.Println(err)
	}
	fmt.Println(limits.Jobs.Check("--jobs", 8))
	// Output:
	// --jobs: 300000000 jobs, over the jobs limit of 1048576 (raise it with SYSTOLE_LIMIT_JOBS=N, or limits.Jobs.Max in Go)
	// <nil>
}
