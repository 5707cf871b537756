package regress

import "github.com/systole-hdl/systole/cores/systolic"

// EnvLong is the environment variable that, set to 1, makes Grid include
// the larger configurations.
const EnvLong = "SYSTOLE_LONG"

func cfg(df systolic.Dataflow, rows, cols, in, acc int, signed bool) systolic.Config {
	return systolic.Config{Rows: rows, Cols: cols, InWidth: in, AccWidth: acc, Signed: signed, Dataflow: df}
}

// Grid is the regression grid: both dataflows, rows != cols, in_width 4, 8
// and 16, signed and unsigned, accumulators narrow enough to wrap, and the
// 1x1 and 1xN edge cases; with long, larger arrays too (16x16 to 32x32,
// 32-bit operands, 64-bit accumulators).
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
	}
	if long {
		for _, df := range []systolic.Dataflow{systolic.WS, systolic.OS} {
			g = append(g,
				cfg(df, 16, 16, 8, 32, true),
				cfg(df, 12, 7, 8, 20, false),
				cfg(df, 7, 12, 16, 64, true),
				cfg(df, 32, 32, 8, 32, true),
				cfg(df, 2, 32, 32, 64, true))
		}
	}
	return g
}
