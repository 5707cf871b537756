package sweep

import (
	"context"
	"testing"

	"github.com/systole-hdl/systole/sweep/spec"
)

// TestScaledNetworks runs the scaled networks through a 4×4 core of each
// dataflow, every element verified.
func TestScaledNetworks(t *testing.T) {
	sp := spec.Spec{Name: "nets", Rows: spec.IntList{4}, Cols: spec.IntList{4}, InWidth: spec.IntList{4}, AccWidth: spec.IntList{24},
		Signed: spec.BoolList{true}, Dataflow: spec.StrList{"ws", "os"}, Seed: 3,
		Workload: spec.StrList{"resnet50-s16", "gpt2-decode-s16", "bert-base-s16/scores.00", "bert-base-s16/ffn1"}}
	if testing.Short() {
		sp.Workload = spec.StrList{"gpt2-decode-s16", "bert-base-s16/scores.00"}
	}
	rows, err := Run(context.Background(), sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	for _, r := range rows {
		if r.Status != "ok" || r.Verified != int64(r.M)*int64(r.N) {
			t.Errorf("%s %s: %s %s", r.Point, r.Workload, r.Status, r.Error)
		}
		n++
	}
	if want := 2 * (54 + 28 + 2); !testing.Short() && n != want {
		t.Errorf("%d rows, want %d", n, want)
	}
}
