package sweep

import (
	"context"
	"testing"
)

func TestTinyVerified(t *testing.T) {
	rows, err := Run(context.Background(), Specs["tiny"], Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 16 {
		t.Fatalf("%d rows, want 16", len(rows))
	}
	for _, r := range rows {
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) {
			t.Errorf("%s %s: %s %s (verified %d)", r.Point, r.Workload, r.Status, r.Error, r.Verified)
		}
		t.Logf("%s %s cycles %d formula %d±%d scalesim %d", r.Point, r.Workload, r.Cycles, r.FormulaCycles, r.FormulaTol, r.ScaleSimCycles)
	}
}
