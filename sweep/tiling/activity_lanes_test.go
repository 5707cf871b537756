package tiling

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// TestLaneActivity: the activity that a batch's probe counts for every
// lane at once is, GEMM by GEMM, what the per-lane counter counts on a
// single-lane run, with GEMMs of different lengths following each other
// on the lanes (ws with and without an accumulator, os: MAC groups).
func TestLaneActivity(t *testing.T) {
	gemms := []workload.GEMM{
		{Name: "a", M: 6, K: 5, N: 7}, {Name: "b", M: 2, K: 7, N: 3}, {Name: "c", M: 9, K: 4, N: 5},
		{Name: "d", M: 4, K: 1, N: 5}, {Name: "e", M: 5, K: 2, N: 4}, {Name: "f", M: 3, K: 3, N: 3},
	}
	for _, c := range []systolic.Config{
		{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS},
		{Rows: 2, Cols: 3, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.WS, AccRows: 3},
		{Rows: 3, Cols: 2, InWidth: 4, AccWidth: 16, Signed: true, Dataflow: systolic.OS},
	} {
		d := elab(t, c)
		alone, errs, _, err := Simulate(context.Background(), d, c, gemms, 3, 1)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range errs {
			if e != nil {
				t.Fatalf("%s %s: %v", c.TopName(), gemms[i], e)
			}
			if alone[i].Activity.Edges == 0 || alone[i].Activity.RegBits == 0 || alone[i].Activity.MACs == 0 {
				t.Fatalf("%s %s: nothing counted: %+v", c.TopName(), gemms[i], alone[i].Activity)
			}
		}
		for _, lanes := range []int{2, 4} {
			t.Run(fmt.Sprintf("%s/lanes%d", c.TopName(), lanes), func(t *testing.T) {
				sims, errs, _, err := Simulate(context.Background(), d, c, gemms, 3, lanes)
				if err != nil {
					t.Fatal(err)
				}
				for i, e := range errs {
					if e != nil {
						t.Fatalf("%s: %v", gemms[i], e)
					}
				}
				if diff := cmp.Diff(alone, sims); diff != "" {
					t.Errorf("lanes differ from single-lane runs (-alone +lanes):\n%s", diff)
				}
			})
		}
	}
}
