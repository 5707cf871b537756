package sweep

import (
	"context"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
)

// TestAccRowsAxis: acc_rows is a sweep axis of the ws points (os points
// take 0 only). With an accumulator every row is verified with the K-tiles
// added in the core, the cycles are on the formula, the C buffer sees C
// once and no partial sum, and the accumulator's reads and writes are
// counted and priced.
func TestAccRowsAxis(t *testing.T) {
	sp, err := spec.ParseSpec([]byte("rows: 2\ncols: 2\nin_width: 4\nacc_width: 16\ndataflow: ws,os\nacc_rows: [0, 4]\nformat: [int, bf16]\nworkload: [a=6x5x7, b=3x2x4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	keys := pointKeys(t, sp)
	if got := strings.Join(keys, " "); got != "ws_2x2_i4_a16 ws_2x2_i4_a16_acc4 ws_2x2_bf16 ws_2x2_bf16_acc4 os_2x2_i4_a16 os_2x2_bf16" {
		t.Errorf("points %s", got)
	}
	rows, err := Run(context.Background(), sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]report.Row{}
	for _, r := range rows {
		by[r.Key()] = r
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) || r.FormulaDiff < -r.FormulaTol || r.FormulaDiff > r.FormulaTol {
			t.Errorf("%s: %s %s, verified %d, formula_diff %d ± %d", r.Key(), r.Status, r.Error, r.Verified, r.FormulaDiff, r.FormulaTol)
		}
	}
	for _, f := range []string{"i4_a16", "bf16"} {
		none, acc := by["ws_2x2_"+f+"|a"], by["ws_2x2_"+f+"_acc4|a"]
		if acc.AccRows != 4 || none.AccRows != 0 {
			t.Errorf("acc_rows columns %d, %d", none.AccRows, acc.AccRows)
		}
		// 6×5×7 on 2×2: 3 K-tiles, 4 N-tiles; chunks of 4 and 2 rows.
		if acc.Tiles != 3*4*2 || acc.AccReads != 6*2*4 || acc.AccWrites != 4+6*3*4 || acc.AccEnergy <= 0 {
			t.Errorf("%s: %d tiles, accumulator %d reads %d writes %g pJ", acc.Key(), acc.Tiles, acc.AccReads, acc.AccWrites, acc.AccEnergy)
		}
		if acc.CSRAMRead != 0 || acc.CSRAMWrite*3 != none.CSRAMWrite || none.CSRAMRead == 0 || none.AccReads != 0 || none.AccEnergy != 0 {
			t.Errorf("%s: C SRAM %d written %d read; without an accumulator %d, %d", f, acc.CSRAMWrite, acc.CSRAMRead, none.CSRAMWrite, none.CSRAMRead)
		}
	}
}
