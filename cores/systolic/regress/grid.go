package regress

import "github.com/systole-hdl/systole/cores/systolic"

// EnvLong is the environment variable that, set to 1, makes Grid include
// the larger configurations.
const EnvLong = "SYSTOLE_LONG"

func cfg(df systolic.Dataflow, rows, cols, in, acc int, signed bool) systolic.Config {
	return systolic.Config{Rows: rows, Cols: cols, InWidth: in, AccWidth: acc, Signed: signed, Dataflow: df}
}

func fcfg(df systolic.Dataflow, rows, cols int, format string) systolic.Config {
	return systolic.Config{Rows: rows, Cols: cols, Dataflow: df}.WithFormat(format)
}

// Grid is the regression grid: both dataflows, rows != cols, in_width 4, 8
// and 16, signed and unsigned, accumulators narrow enough to wrap, the
// 1x1 and 1xN edge cases, and every float format; with long, larger arrays
// too (16x16 to 32x32, 32-bit operands, 64-bit accumulators, bf16 16x16,
// fp8e4m3 8x8); last, ws cores with an accumulator and the output stage.
func Grid(long bool) []systolic.Config {
	g := []systolic.Config{
		cfg(systolic.WS, 1, 1, 8, 32, true),
		cfg(systolic.OS, 1, 1, 8, 32, true),
		cfg(systolic.WS, 1, 6, 4, 9, false),
		cfg(systolic.OS, 1, 6, 4, 9, false),
		cfg(systolic.WS, 4, 4, 8, 32, true),
		cfg(systolic.OS, 4, 4, 8, 32, true),
		cfg(systolic.WS, 3, 5, 16, 40, true),
		cfg(systolic.OS, 5, 3, 16, 40, true),
		cfg(systolic.WS, 6, 2, 8, 12, false), // wraps
		cfg(systolic.OS, 2, 6, 8, 12, true),  // wraps
		cfg(systolic.WS, 8, 8, 4, 6, true),   // wraps
		cfg(systolic.OS, 8, 8, 4, 6, false),  // wraps
		cfg(systolic.WS, 6, 1, 16, 33, false),
		cfg(systolic.OS, 6, 1, 16, 33, false),
		// The float formats, each in both dataflows.
		fcfg(systolic.WS, 3, 2, "fp8e4m3"),
		fcfg(systolic.OS, 2, 3, "fp8e4m3"),
		fcfg(systolic.WS, 2, 2, "fp8e5m2"),
		fcfg(systolic.OS, 3, 3, "fp8e5m2"),
		fcfg(systolic.WS, 4, 3, "bf16"),
		fcfg(systolic.OS, 3, 4, "bf16"),
		fcfg(systolic.WS, 2, 4, "fp16"),
		fcfg(systolic.OS, 4, 2, "fp16"),
	}
	if long {
		for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
			g = append(g,
				cfg(df, 16, 16, 8, 32, true),
				cfg(df, 12, 7, 8, 20, false),
				cfg(df, 7, 12, 16, 64, true),
				cfg(df, 32, 32, 8, 32, true),
				cfg(df, 2, 32, 32, 64, true),
				fcfg(df, 16, 16, "bf16"),
				fcfg(df, 8, 8, "fp8e4m3"))
		}
	}
	// The ws accumulator and output stage (last, so that the subsets
	// above keep their members).
	stage := cfg(systolic.WS, 3, 2, 8, 24, true)
	stage.AccRows, stage.Bias, stage.ReLU, stage.OutWidth = 6, true, true, 8
	fstage := fcfg(systolic.WS, 2, 2, "bf16")
	fstage.AccRows, fstage.Bias, fstage.ReLU, fstage.OutFormat = 4, true, true, "fp8e4m3"
	acc := cfg(systolic.WS, 4, 4, 8, 20, false)
	acc.AccRows = 16
	return append(g, stage, fstage, acc)
}
