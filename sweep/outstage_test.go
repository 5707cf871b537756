package sweep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/systole-hdl/systole/sweep/report"
	"github.com/systole-hdl/systole/sweep/spec"
)

// TestOutputStageAxes: bias, relu, out_format and out_width are sweep
// axes. out_format applies to the float points and out_width to the
// integer ones (each takes the other's default only, as os takes acc_rows
// 0); a point whose ReLU or conversion meets a GEMM with K over its rows
// and no accumulator has an error row for that GEMM and ok rows for the
// others; every other row is verified element by element against
// post(bias + A×B) and on the cycle formula.
func TestOutputStageAxes(t *testing.T) {
	sp, err := spec.ParseSpec([]byte("rows: 2\ncols: 2\nin_width: 4\nacc_width: 16\ndataflow: [ws, os]\n" +
		"format: [int, bf16]\nacc_rows: [0, 4]\nbias: true\nrelu: true\nout_format: bf16\nout_width: 8\n" +
		"workload: [a=6x5x7, b=3x2x4]\n"))
	if err != nil {
		t.Fatal(err)
	}
	keys := pointKeys(t, sp)
	want := "ws_2x2_i4_a16_bias_relu_oi8 ws_2x2_i4_a16_acc4_bias_relu_oi8 ws_2x2_bf16_bias_relu_obf16 ws_2x2_bf16_acc4_bias_relu_obf16 " +
		"os_2x2_i4_a16_bias_relu_oi8 os_2x2_bf16_bias_relu_obf16"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("points\n%s\nwant\n%s", got, want)
	}
	rows, err := Run(context.Background(), sp, quick)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 12 {
		t.Fatalf("%d rows, want 12", len(rows))
	}
	for _, r := range rows {
		if !r.Bias || !r.ReLU {
			t.Errorf("%s: bias %v relu %v", r.Key(), r.Bias, r.ReLU)
		}
		if r.Format == "int" && (r.OutFormat != "int" || r.OutWidth != 8) || r.Format == "bf16" && (r.OutFormat != "bf16" || r.OutWidth != 0) {
			t.Errorf("%s: out_format %q out_width %d", r.Key(), r.OutFormat, r.OutWidth)
		}
		// 6×5×7 has K = 5 over 2 rows: without an accumulator, a ws
		// point cannot run it through ReLU and a conversion.
		if r.Dataflow == "ws" && r.AccRows == 0 && r.Workload == "a" {
			if r.Status != "error" || !strings.Contains(r.Error, "K = 5 is over rows = 2") || r.Verified != 0 {
				t.Errorf("%s: %s %q, verified %d; want an error row", r.Key(), r.Status, r.Error, r.Verified)
			}
			continue
		}
		if r.Status != "ok" || r.Verified != int64(r.M*r.N) || r.FormulaDiff < -r.FormulaTol || r.FormulaDiff > r.FormulaTol {
			t.Errorf("%s: %s %s, verified %d, formula_diff %d ± %d", r.Key(), r.Status, r.Error, r.Verified, r.FormulaDiff, r.FormulaTol)
		}
	}

	dir := t.TempDir()
	csvPath, jsonlPath := filepath.Join(dir, "sweep.csv"), filepath.Join(dir, "sweep.jsonl")
	w, err := report.Create(csvPath, jsonlPath, rows[:1])
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	csv, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	jsonl, err := os.ReadFile(jsonlPath)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), ",acc_rows,bias,relu,out_format,out_width,") || !strings.Contains(string(csv), ",0,true,true,int,8,") {
		t.Errorf("CSV lacks the output-stage columns:\n%s", csv)
	}
	if !strings.Contains(string(jsonl), `"bias":true,"relu":true,"out_format":"int","out_width":8,`) {
		t.Errorf("JSON Lines lack the output-stage fields:\n%s", jsonl)
	}
}
