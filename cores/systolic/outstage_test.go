package systolic

import (
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// postVec is one input of the post block: a row and its sidebands.
type postVec struct {
	row   []uint64
	relu  bool
	shift int
}

// postDesign elaborates c's post block.
func postDesign(t *testing.T, c Config) *netlist.Design {
	t.Helper()
	require.NoError(t, c.Validate())
	d, err := elaborate.Elaborate(c.post())
	require.NoError(t, err)
	return d
}

// postStim is v as the post block's inputs, in vsim's port order.
func postStim(c Config, spec vsim.Spec, v postVec) []bits.Value {
	var row []bits.Value
	for _, p := range spec.Inputs {
		switch p.Name {
		case "in":
			lanes := make([]int64, len(v.row))
			for j, x := range v.row {
				lanes[j] = int64(x)
			}
			row = append(row, Pack(lanes, c.AccWidth))
		case "relu":
			row = append(row, bits.FromUint64(1, map[bool]uint64{false: 0, true: 1}[v.relu]))
		case "shift":
			row = append(row, bits.FromUint64(p.Width, uint64(v.shift)))
		}
	}
	return row
}

// checkPost runs vs through c's post block in rtlsim and compares every
// output with Post.
func checkPost(t *testing.T, c Config, vs []postVec) {
	t.Helper()
	d := postDesign(t, c)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	defer sim.Close()
	spec := vsim.SpecOf(d)
	hs := make([]rtlsim.Handle, len(spec.Inputs))
	for i, p := range spec.Inputs {
		hs[i], err = sim.Handle(p.Name)
		require.NoError(t, err)
	}
	out, err := sim.Handle("out")
	require.NoError(t, err)
	for _, v := range vs {
		for i, x := range postStim(c, spec, v) {
			sim.Poke(hs[i], x)
		}
		got := Unpack(sim.Peek(out), c.Cols, c.OutElemWidth())
		require.Equal(t, c.Post(v.row, v.relu, v.shift), got, "%s: row %#x relu %v shift %d", c.TopName(), v.row, v.relu, v.shift)
	}
}

// intEdges are AccWidth-bit results worth trying at every shift: 0, ±1,
// the extremes, and for each shift s the values around ties (k·2^s ±
// 2^(s−1), ±1).
func intEdges(c Config, s int) []uint64 {
	a := c.AccWidth
	out := []uint64{0, 1, c.Mask(^uint64(0)), c.Mask(1<<(a-1) - 1), c.Mask(1 << (a - 1)), c.Mask(1<<(a-1) + 1)}
	if s > 0 {
		half := uint64(1) << (s - 1)
		for _, k := range []uint64{0, 1, 2, 3, 1<<(a-1)>>s - 1, ^uint64(0)} {
			base := k << s
			for _, d := range []uint64{half - 1, half, half + 1, -half + 1, -half, -half - 1} {
				out = append(out, c.Mask(base+d))
			}
		}
	}
	return out
}

// postVecs are inputs for c: with exhaustive, every result (AccWidth <=
// 12) at every shift; else the edges at every shift and random rows.
// Lane j gets a different value from lane 0 so that packing errors show.
func postVecs(c Config, r *rand.Rand, exhaustive bool, random int) []postVec {
	var vs []postVec
	shifts := 1
	if sw := c.ShiftWidth(); sw > 0 {
		shifts = 1 << sw
	}
	row := func(x uint64) []uint64 {
		out := make([]uint64, c.Cols)
		for j := range out {
			out[j] = c.Mask(x ^ uint64(j)*0x9E3779B97F4A7C15)
		}
		out[0] = x
		return out
	}
	for s := range shifts {
		var xs []uint64
		if exhaustive {
			for x := range uint64(1) << c.AccWidth {
				xs = append(xs, x)
			}
		} else if _, ok := c.Float(); !ok {
			xs = intEdges(c, s)
		}
		for _, x := range xs {
			vs = append(vs, postVec{row(x), false, s}, postVec{row(x), true, s})
		}
	}
	for range random {
		x := c.Mask(r.Uint64())
		if r.IntN(4) == 0 {
			x = c.Mask(x >> r.IntN(c.AccWidth)) // small values
		}
		vs = append(vs, postVec{row(x), r.IntN(2) == 0, r.IntN(shifts)})
	}
	return vs
}

// floatPostVecs are fp32 inputs: every 8th pattern of the top 16 bits
// (every one with SYSTOLE_LONG=1, every 64th with -short) with zero, half
// and random low bits, the specials at both signs, and random patterns.
func floatPostVecs(c Config, r *rand.Rand) []postVec {
	step := uint64(8)
	if tooltest.Long() {
		step = 1
	} else if testing.Short() {
		step = 64
	}
	var xs []uint64
	for top := uint64(0); top < 1<<16; top += step {
		xs = append(xs, top<<16, top<<16|0x8000, top<<16|r.Uint64N(1<<16))
	}
	for _, x := range []uint64{0, 0x7F800000, 0x7FC00000, 0x7F800001, 0x7F7FFFFF, 1, 0x00800000, 0x43E00000, 0x43E80000, 0x477FF000} {
		xs = append(xs, x, x|1<<31)
	}
	for range 5000 {
		xs = append(xs, r.Uint64N(1<<32))
	}
	vs := make([]postVec, len(xs))
	for i := range xs {
		row := make([]uint64, c.Cols)
		for j := range row {
			row[j] = xs[(i+j*7919)%len(xs)]
		}
		vs[i] = postVec{row: row, relu: r.IntN(2) == 0}
	}
	return vs
}

// TestPostInt checks the integer post block against Post: exhaustively
// for narrow accumulators (every result at every shift, ReLU on and off),
// on edges and random results for wide ones.
func TestPostInt(t *testing.T) {
	for i, c := range []Config{
		{InWidth: 2, AccWidth: 6, Signed: true, ReLU: true, OutWidth: 3},
		{InWidth: 2, AccWidth: 5, Signed: true, OutWidth: 1}, // shifts 0..7 >= acc_width
		{InWidth: 2, AccWidth: 5, Signed: true, OutWidth: 5},
		{InWidth: 3, AccWidth: 7, ReLU: true, OutWidth: 4}, // unsigned: ReLU is x itself
		{InWidth: 3, AccWidth: 9, OutWidth: 9},
		{InWidth: 4, AccWidth: 12, Signed: true, ReLU: true},
		{InWidth: 8, AccWidth: 32, Signed: true, ReLU: true, OutWidth: 8},
		{InWidth: 8, AccWidth: 32, OutWidth: 8},
		{InWidth: 16, AccWidth: 64, Signed: true, ReLU: true, OutWidth: 16},
		{InWidth: 16, AccWidth: 64, OutWidth: 64},
		{InWidth: 16, AccWidth: 64, Signed: true, OutWidth: 64},
	} {
		c.Rows, c.Cols, c.Dataflow = 2, 2, OS
		t.Run(c.TopName(), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(i), 0x9057))
			checkPost(t, c, postVecs(c, r, c.AccWidth <= 12, 3000))
		})
	}
}

// TestPostFloat checks the float post block against Post for every
// target format, with and without ReLU.
func TestPostFloat(t *testing.T) {
	var cases []Config
	for _, out := range []string{"bf16", "fp16", "fp8e5m2", "fp8e4m3"} {
		cases = append(cases, Config{Rows: 2, Cols: 2, Dataflow: WS, ReLU: true, OutFormat: out}.WithFormat("bf16"))
	}
	cases = append(cases, Config{Rows: 2, Cols: 3, Dataflow: OS, OutFormat: "fp8e4m3"}.WithFormat("fp8e5m2"),
		Config{Rows: 2, Cols: 2, Dataflow: OS, ReLU: true}.WithFormat("fp16"))
	for i, c := range cases {
		t.Run(c.TopName(), func(t *testing.T) {
			checkPost(t, c, floatPostVecs(c, rand.New(rand.NewPCG(uint64(i), 0xf057))))
		})
	}
}

// TestPostReferenceInt checks Post's integer conversion against an
// independent computation: the result as a float64 (exact below 2^53)
// divided by 2^s, math.RoundToEven, and a clamp, for every result, shift
// and (with SYSTOLE_LONG=1; else 1, 2, a/2, a−1 and a) output width of
// narrow accumulators, and edges and random results of wide ones.
func TestPostReferenceInt(t *testing.T) {
	want := func(c Config, x uint64, s int) uint64 {
		v := float64(x)
		if c.Signed && x>>(c.AccWidth-1) == 1 {
			v -= math.Ldexp(1, c.AccWidth)
		}
		q := math.RoundToEven(math.Ldexp(v, -s))
		lo, hi := 0.0, math.Ldexp(1, c.OutWidth)-1
		if c.Signed {
			lo, hi = -math.Ldexp(1, c.OutWidth-1), math.Ldexp(1, c.OutWidth-1)-1
		}
		q = math.Max(lo, math.Min(hi, q))
		if q < 0 {
			q += math.Ldexp(1, c.OutWidth)
		}
		return uint64(q)
	}
	r := rand.New(rand.NewPCG(3, 0x9057))
	for _, a := range []int{3, 4, 5, 8, 9, 12, 32, 52} {
		for _, signed := range []bool{false, true} {
			for w := 1; w <= a; w++ {
				if !tooltest.Long() && w > 2 && w != a/2 && w < a-1 {
					continue // SYSTOLE_LONG=1 tries every width
				}
				c := Config{Rows: 1, Cols: 1, InWidth: 2, AccWidth: a, Signed: signed, Dataflow: WS, OutWidth: w}
				require.NoError(t, c.Validate())
				for s := range 1 << c.ShiftWidth() {
					xs := intEdges(c, s)
					if a <= 12 {
						xs = xs[:0]
						for x := range uint64(1) << a {
							xs = append(xs, x)
						}
					} else {
						for range 200 {
							xs = append(xs, c.Mask(r.Uint64()))
						}
					}
					for _, x := range xs {
						require.Equal(t, want(c, x, s), c.Post([]uint64{x}, false, s)[0], "%s: %#x >> %d", c.TopName(), x, s)
					}
				}
			}
		}
	}
}

// TestPostReferenceCases pins examples of the documented arithmetic.
func TestPostReferenceCases(t *testing.T) {
	i8 := Config{InWidth: 8, AccWidth: 32, Signed: true, Dataflow: WS, ReLU: true, OutWidth: 8}
	u8 := Config{InWidth: 8, AccWidth: 32, Dataflow: WS, ReLU: true, OutWidth: 8}
	bf := Config{Dataflow: WS, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16")
	for _, c := range []struct {
		c     Config
		x     uint64
		relu  bool
		shift int
		want  uint64
	}{
		{i8, 5, false, 1, 2},              // 2.5: a tie, to even
		{i8, 7, false, 1, 4},              // 3.5: to even
		{i8, 0xFFFFFFFB, false, 1, 0xFE},  // -2.5: -2
		{i8, 0xFFFFFFF9, false, 1, 0xFC},  // -3.5: -4
		{i8, 0xFFFFFFF9, true, 1, 0},      // ReLU first
		{i8, 1000, false, 2, 0x7F},        // 250: saturates to 127
		{i8, 0xFFFFFC18, false, 2, 0x80},  // -250: to -128
		{i8, 0x80000000, false, 31, 0xFF}, // -2^31 >> 31: -1
		{u8, 0xFFFFFFFF, true, 31, 2},     // unsigned: ReLU keeps it; 1.99…: 2
		{u8, 0x80000000, false, 31, 1},    // 1
		{u8, 0x17F, false, 1, 0xC0},       // 191.5: to even, 192
		{u8, 0x3FF, false, 1, 0xFF},       // 511.5: saturates
		{bf, 0xBF800000, true, 0, 0},      // -1: +0
		{bf, 0x80000000, true, 0, 0},      // -0: +0
		{bf, 0xFF800000, true, 0, 0},      // -∞: +0
		{bf, 0xFF800000, false, 0, 0xFE},  // -∞ without ReLU: -448
		{bf, 0xFFC00000, true, 0, 0x7F},   // a NaN stays NaN (canonical)
		{bf, 0x7F800000, true, 0, 0x7E},   // +∞: 448
		{bf, 0x3F880000, true, 0, 0x38},   // 1.0625: a tie, to even (1)
		{bf, 0x3F980000, true, 0, 0x3A},   // 1.1875: a tie, to even (1.25)
	} {
		require.Equal(t, []uint64{c.want}, c.c.Post([]uint64{c.x}, c.relu, c.shift), "%s: %#x relu %v shift %d", c.c.TopName(), c.x, c.relu, c.shift)
	}
}

// TestPostVerilog runs the post block's Verilog under Verilator and
// Icarus on random and edge inputs and compares every output with Post:
// an integer and a float block (two more with SYSTOLE_LONG=1).
func TestPostVerilog(t *testing.T) {
	tooltest.Require(t, "verilator")
	tooltest.Require(t, "iverilog")
	if testing.Short() {
		t.Skip("builds Verilator models; skipped with -short")
	}
	cases := []Config{
		{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: WS, ReLU: true, OutWidth: 8},
		Config{Rows: 2, Cols: 2, Dataflow: OS, ReLU: true, OutFormat: "fp8e4m3"}.WithFormat("bf16"),
	}
	if tooltest.Long() {
		cases = append(cases, Config{Rows: 2, Cols: 2, InWidth: 4, AccWidth: 10, Dataflow: OS, OutWidth: 6},
			Config{Rows: 2, Cols: 2, Dataflow: WS, OutFormat: "fp16"}.WithFormat("fp8e5m2"))
	}
	for i, c := range cases {
		t.Run(c.TopName(), func(t *testing.T) {
			d := postDesign(t, c)
			v, err := emit.Verilog(d)
			require.NoError(t, err)
			src := filepath.Join(t.TempDir(), d.Top+".v")
			require.NoError(t, os.WriteFile(src, v, 0o644))
			spec := vsim.SpecOf(d, src)
			r := rand.New(rand.NewPCG(uint64(i), 0x7e51))
			var vs []postVec
			if _, ok := c.Float(); ok {
				all := floatPostVecs(c, r)
				for range 3000 {
					vs = append(vs, all[r.IntN(len(all))])
				}
			} else {
				vs = postVecs(c, r, false, 2000)
			}
			stim := make(vsim.Stimulus, len(vs))
			for k, v := range vs {
				stim[k] = postStim(c, spec, v)
			}
			ctx := context.Background()
			model, err := (&vsim.Verilator{}).Build(ctx, spec)
			require.NoError(t, err)
			vt, err := model.Run(ctx, stim)
			require.NoError(t, err)
			it, err := vsim.RunIcarus(ctx, spec, stim)
			require.NoError(t, err)
			for name, trace := range map[string]vsim.Trace{"Verilator": vt, "Icarus": it} {
				require.Len(t, trace, len(vs), name)
				for k, v := range vs {
					got := Unpack(trace[k][0], c.Cols, c.OutElemWidth())
					require.Equal(t, c.Post(v.row, v.relu, v.shift), got, "%s: row %#x relu %v shift %d", name, v.row, v.relu, v.shift)
				}
			}
		})
	}
}

// TestOutConfig checks the output-stage fields' validation, widths and
// names.
func TestOutConfig(t *testing.T) {
	i8 := Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: WS}
	bf := Config{Rows: 4, Cols: 4, Dataflow: OS}.WithFormat("bf16")
	for _, c := range []struct {
		c            Config
		name         string
		elem, shiftW int
	}{
		{i8, "systolic_ws_4x4_i8_a32", 32, 0},
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: WS, OutFormat: "int"}, "systolic_ws_4x4_i8_a32", 32, 0},
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Signed: true, Dataflow: WS, Bias: true, ReLU: true, OutWidth: 8}, "systolic_ws_4x4_i8_a32_bias_relu_oi8", 8, 5},
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 33, Dataflow: WS, OutWidth: 33}, "systolic_ws_4x4_u8_a33_ou33", 33, 6},
		{Config{Rows: 4, Cols: 4, InWidth: 2, AccWidth: 3, Dataflow: OS, ReLU: true}, "systolic_os_4x4_u2_a3_relu", 3, 0},
		{bf, "systolic_os_4x4_bf16", 32, 0},
		{Config{Rows: 4, Cols: 4, Dataflow: OS, OutFormat: "fp32"}.WithFormat("bf16"), "systolic_os_4x4_bf16", 32, 0},
		{Config{Rows: 4, Cols: 4, Dataflow: OS, Bias: true, OutFormat: "fp8e4m3"}.WithFormat("bf16"), "systolic_os_4x4_bf16_bias_ofp8e4m3", 8, 0},
		{Config{Rows: 4, Cols: 4, Dataflow: WS, ReLU: true, OutFormat: "bf16"}.WithFormat("bf16"), "systolic_ws_4x4_bf16_relu_obf16", 16, 0},
	} {
		require.NoError(t, c.c.Validate())
		require.Equal(t, c.name, c.c.TopName())
		require.Equal(t, c.elem, c.c.OutElemWidth(), c.name)
		require.Equal(t, c.shiftW, c.c.ShiftWidth(), c.name)
	}
	for _, c := range []struct {
		c   Config
		err string
	}{
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Dataflow: WS, OutWidth: 33}, "out_width 33: want 1..acc_width (32)"},
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Dataflow: WS, OutWidth: -1}, "out_width -1"},
		{Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32, Dataflow: WS, OutFormat: "bf16"}, `out_format "bf16": an integer core's results are integers`},
		{Config{Rows: 4, Cols: 4, Dataflow: WS, OutWidth: 8}.WithFormat("fp16"), "out_width 8: integer cores only"},
		{Config{Rows: 4, Cols: 4, Dataflow: WS, OutFormat: "fp64"}.WithFormat("fp16"), `out_format "fp64": want bf16, fp16`},
		{Config{Rows: 4, Cols: 4, Dataflow: WS, OutFormat: "int"}.WithFormat("fp16"), `out_format "int"`},
	} {
		require.ErrorContains(t, c.c.Validate(), c.err)
	}
}
