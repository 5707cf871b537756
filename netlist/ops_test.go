package netlist_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

var (
	zero130 = bits.New(130)
	ones130 = bits.Ones(130)
	top130  = v("130'h2" + strings.Repeat("0", 32)) // only bit 129
	x70     = v("70'h1_0000_0000_0000_0001")        // 2^64 + 1: the upper word is nonzero
	bit0    = v("1'b0")
	bit1    = v("1'b1")
	alt130  = v("130'h2_0000_0000_0000_0001_0000_0000_0000_0001") // bits 0, 64, 129
)

// evalCase is one reference evaluation. Every expected value was worked out
// by hand from the op's definition.
type evalCase struct {
	name   string
	op     netlist.Op
	signed bool
	lo     int
	value  bits.Value
	in     []bits.Value
	out    int
	want   string
}

func ev(name string, op netlist.Op, out int, want string, in ...bits.Value) evalCase {
	return evalCase{name: name, op: op, in: in, out: out, want: want}
}

func evs(name string, op netlist.Op, want string, a, b bits.Value) evalCase {
	return evalCase{name: name, op: op, signed: true, in: []bits.Value{a, b}, out: 1, want: want}
}

var evalCases = []evalCase{
	{name: "const", op: netlist.OpConst, value: v("8'h2a"), out: 8, want: "8'h2a"},
	{name: "const wide", op: netlist.OpConst, value: ones130, out: 130, want: ones130.String()},
	ev("buf", netlist.OpBuf, 8, "8'h2a", v("8'h2a")),
	ev("buf 130", netlist.OpBuf, 130, top130.String(), top130),

	ev("not", netlist.OpNot, 8, "8'hf0", v("8'h0f")),
	ev("not 1-bit", netlist.OpNot, 1, "1'b1", bit0),
	ev("not 130", netlist.OpNot, 130, ones130.String(), zero130),
	ev("neg one", netlist.OpNeg, 8, "8'hff", v("8'h01")),
	ev("neg min", netlist.OpNeg, 8, "8'h80", v("8'h80")),
	ev("neg zero", netlist.OpNeg, 8, "8'h00", v("8'h00")),
	ev("neg 65", netlist.OpNeg, 65, "65'h1_ffff_ffff_ffff_ffff", v("65'h1")),
	ev("neg 1-bit", netlist.OpNeg, 1, "1'b1", bit1),

	ev("and", netlist.OpAnd, 8, "8'h88", v("8'hcc"), v("8'haa")),
	ev("or", netlist.OpOr, 8, "8'hee", v("8'hcc"), v("8'haa")),
	ev("xor", netlist.OpXor, 8, "8'h66", v("8'hcc"), v("8'haa")),
	ev("and 130", netlist.OpAnd, 130, top130.String(), alt130, top130),
	ev("or 130", netlist.OpOr, 130, alt130.String(), alt130, top130),
	ev("xor 130", netlist.OpXor, 130, "130'h1_0000_0000_0000_0001", alt130, top130),

	ev("add", netlist.OpAdd, 8, "8'h2a", v("8'h28"), v("8'h02")),
	ev("add wraps", netlist.OpAdd, 8, "8'h01", v("8'hff"), v("8'h02")),
	ev("add carries across words", netlist.OpAdd, 65, "65'h1_0000_0000_0000_0000", v("65'hffff_ffff_ffff_ffff"), v("65'h1")),
	ev("add 130 wraps", netlist.OpAdd, 130, zero130.String(), ones130, v("130'h1")),
	ev("add 1-bit", netlist.OpAdd, 1, "1'b0", bit1, bit1),
	ev("sub", netlist.OpSub, 8, "8'h03", v("8'h05"), v("8'h02")),
	ev("sub wraps", netlist.OpSub, 8, "8'hff", v("8'h00"), v("8'h01")),
	ev("sub borrows across words", netlist.OpSub, 130, "130'hffff_ffff_ffff_ffff", v("130'h1_0000_0000_0000_0000"), v("130'h1")),
	ev("mul", netlist.OpMul, 8, "8'hff", v("8'h0f"), v("8'h11")),
	ev("mul mod 2^8", netlist.OpMul, 8, "8'h00", v("8'h10"), v("8'h10")),
	ev("mul -1*-1", netlist.OpMul, 8, "8'h01", v("8'hff"), v("8'hff")),
	// (2^64+1)^2 = 2^128 + 2^65 + 1 = 2^65 + 1 mod 2^70.
	ev("mul mod 2^70", netlist.OpMul, 70, "70'h2_0000_0000_0000_0001", x70, x70),
	ev("mul 1-bit", netlist.OpMul, 1, "1'b1", bit1, bit1),

	ev("shl", netlist.OpShl, 8, "8'h02", v("8'h81"), v("3'h1")),
	ev("shl by 0", netlist.OpShl, 8, "8'h81", v("8'h81"), v("3'h0")),
	ev("shl by width", netlist.OpShl, 8, "8'h00", v("8'hff"), v("4'h8")),
	ev("shl by 200", netlist.OpShl, 8, "8'h00", v("8'hff"), v("8'hc8")),
	ev("shl by 70-bit amount", netlist.OpShl, 8, "8'h00", v("8'h81"), x70),
	ev("shl 130 across words", netlist.OpShl, 130, "130'h3_0000_0000_0000_0000", v("130'h3"), v("7'd64")),
	ev("shr", netlist.OpShr, 8, "8'h40", v("8'h81"), v("3'h1")),
	ev("shr by 9", netlist.OpShr, 8, "8'h00", v("8'hff"), v("4'h9")),
	ev("shr by 70-bit amount", netlist.OpShr, 8, "8'h00", v("8'h81"), x70),
	ev("shr 130 across words", netlist.OpShr, 130, "130'h2", top130, v("8'd128")),
	ev("sshr negative", netlist.OpSshr, 8, "8'hc0", v("8'h81"), v("3'h1")),
	ev("sshr positive", netlist.OpSshr, 8, "8'h38", v("8'h71"), v("3'h1")),
	ev("sshr negative by width", netlist.OpSshr, 8, "8'hff", v("8'h81"), v("4'h8")),
	ev("sshr negative by 100", netlist.OpSshr, 8, "8'hff", v("8'h81"), v("7'd100")),
	ev("sshr positive by 100", netlist.OpSshr, 8, "8'h00", v("8'h71"), v("7'd100")),
	// The amount's low word is 1; its upper word makes it huge.
	ev("sshr negative by 70-bit amount", netlist.OpSshr, 8, "8'hff", v("8'h81"), x70),
	ev("sshr positive by 70-bit amount", netlist.OpSshr, 8, "8'h00", v("8'h71"), x70),
	ev("sshr 64-bit amount with top bit", netlist.OpSshr, 8, "8'hff", v("8'h81"), v("64'h8000_0000_0000_0001")),
	ev("sshr 130 across words", netlist.OpSshr, 130, "130'h3_ffff_ffff_ffff_fffe_0000_0000_0000_0000", top130, v("7'd64")),
	ev("sshr 1-bit", netlist.OpSshr, 1, "1'b1", bit1, v("2'h3")),
	{name: "sshr ignores Signed", op: netlist.OpSshr, signed: true, in: []bits.Value{v("8'h81"), v("3'h1")}, out: 8, want: "8'hc0"},

	ev("eq true", netlist.OpEq, 1, "1'b1", v("8'h2a"), v("8'h2a")),
	ev("eq false", netlist.OpEq, 1, "1'b0", v("8'h2a"), v("8'h2b")),
	ev("eq 130 top word", netlist.OpEq, 1, "1'b0", alt130, v("130'h1_0000_0000_0000_0001")),
	ev("ne true", netlist.OpNe, 1, "1'b1", alt130, v("130'h1_0000_0000_0000_0001")),
	ev("ne false", netlist.OpNe, 1, "1'b0", v("8'h2a"), v("8'h2a")),

	// 8'h80 is 128 unsigned, -128 signed; 8'h01 is 1 either way.
	ev("lt unsigned", netlist.OpLt, 1, "1'b0", v("8'h80"), v("8'h01")),
	ev("le unsigned", netlist.OpLe, 1, "1'b0", v("8'h80"), v("8'h01")),
	ev("gt unsigned", netlist.OpGt, 1, "1'b1", v("8'h80"), v("8'h01")),
	ev("ge unsigned", netlist.OpGe, 1, "1'b1", v("8'h80"), v("8'h01")),
	evs("lt signed", netlist.OpLt, "1'b1", v("8'h80"), v("8'h01")),
	evs("le signed", netlist.OpLe, "1'b1", v("8'h80"), v("8'h01")),
	evs("gt signed", netlist.OpGt, "1'b0", v("8'h80"), v("8'h01")),
	evs("ge signed", netlist.OpGe, "1'b0", v("8'h80"), v("8'h01")),
	ev("lt equal", netlist.OpLt, 1, "1'b0", v("8'h80"), v("8'h80")),
	ev("le equal", netlist.OpLe, 1, "1'b1", v("8'h80"), v("8'h80")),
	evs("gt equal", netlist.OpGt, "1'b0", v("8'h80"), v("8'h80")),
	evs("ge equal", netlist.OpGe, "1'b1", v("8'h80"), v("8'h80")),
	// A 1-bit 1 is -1 signed.
	ev("lt 1-bit unsigned", netlist.OpLt, 1, "1'b0", bit1, bit0),
	evs("lt 1-bit signed", netlist.OpLt, "1'b1", bit1, bit0),
	evs("ge 1-bit signed", netlist.OpGe, "1'b0", bit1, bit0),
	// Both negative: -1 > -2^129.
	evs("gt 130 signed", netlist.OpGt, "1'b1", ones130, top130),
	ev("gt 130 unsigned", netlist.OpGt, 1, "1'b1", ones130, top130),
	evs("lt 130 mixed signs", netlist.OpLt, "1'b1", top130, v("130'h1")),

	ev("mux 1", netlist.OpMux, 8, "8'haa", bit1, v("8'haa"), v("8'h55")),
	ev("mux 0", netlist.OpMux, 8, "8'h55", bit0, v("8'haa"), v("8'h55")),
	ev("mux 130", netlist.OpMux, 130, top130.String(), bit0, ones130, top130),

	ev("concat order", netlist.OpConcat, 16, "16'habcd", v("4'ha"), v("8'hbc"), v("4'hd")),
	ev("concat bits", netlist.OpConcat, 3, "3'b110", bit1, bit1, bit0),
	ev("concat one", netlist.OpConcat, 8, "8'h2a", v("8'h2a")),
	ev("concat across words", netlist.OpConcat, 65, "65'h1_0000_0000_0000_0000", bit1, bits.New(64)),
	ev("concat 131", netlist.OpConcat, 131, "131'h4_0000_0000_0000_0000_0000_0000_0000_0001", v("2'b10"), bits.New(128), bit1),

	{name: "slice", op: netlist.OpSlice, lo: 4, in: []bits.Value{v("16'habcd")}, out: 8, want: "8'hbc"},
	{name: "slice whole", op: netlist.OpSlice, in: []bits.Value{v("16'habcd")}, out: 16, want: "16'habcd"},
	{name: "slice top bit", op: netlist.OpSlice, lo: 129, in: []bits.Value{top130}, out: 1, want: "1'b1"},
	{name: "slice across words", op: netlist.OpSlice, lo: 63, in: []bits.Value{alt130}, out: 3, want: "3'b010"},

	ev("zext", netlist.OpZext, 8, "8'h0a", v("4'ha")),
	ev("zext same width", netlist.OpZext, 4, "4'ha", v("4'ha")),
	ev("zext to 130", netlist.OpZext, 130, "130'hffff_ffff_ffff_ffff", bits.Ones(64)),
	ev("sext negative", netlist.OpSext, 8, "8'hfa", v("4'ha")),
	ev("sext positive", netlist.OpSext, 8, "8'h05", v("4'h5")),
	ev("sext same width", netlist.OpSext, 4, "4'ha", v("4'ha")),
	ev("sext 1-bit", netlist.OpSext, 130, ones130.String(), bit1),
	ev("sext 64 to 130", netlist.OpSext, 130, "130'h3_ffff_ffff_ffff_ffff_8000_0000_0000_0000", v("64'h8000_0000_0000_0000")),

	ev("redand 1-bit one", netlist.OpRedAnd, 1, "1'b1", bit1),
	ev("redand 1-bit zero", netlist.OpRedAnd, 1, "1'b0", bit0),
	ev("redand 130 ones", netlist.OpRedAnd, 1, "1'b1", ones130),
	ev("redand 130 missing top", netlist.OpRedAnd, 1, "1'b0", bits.Ones(129).Resize(130)),
	ev("redor 1-bit one", netlist.OpRedOr, 1, "1'b1", bit1),
	ev("redor 1-bit zero", netlist.OpRedOr, 1, "1'b0", bit0),
	ev("redor 130 top only", netlist.OpRedOr, 1, "1'b1", top130),
	ev("redor 130 zero", netlist.OpRedOr, 1, "1'b0", zero130),
	ev("redxor 1-bit one", netlist.OpRedXor, 1, "1'b1", bit1),
	ev("redxor 1-bit zero", netlist.OpRedXor, 1, "1'b0", bit0),
	ev("redxor 130 three bits", netlist.OpRedXor, 1, "1'b1", alt130),
	ev("redxor 130 two bits", netlist.OpRedXor, 1, "1'b0", v("130'h2_0000_0000_0000_0000_0000_0000_0000_0001")),
	ev("redxor 130 ones", netlist.OpRedXor, 1, "1'b0", ones130),
}

func TestEval(t *testing.T) {
	covered := map[netlist.Op]bool{}
	for _, tc := range evalCases {
		t.Run(tc.op.String()+"/"+tc.name, func(t *testing.T) {
			ws := make([]int, len(tc.in))
			for i, x := range tc.in {
				ws[i] = x.Width()
			}
			require.Empty(t, netlist.CheckShape(tc.op, ws, tc.out, tc.lo), "the case itself is ill-formed")
			got := netlist.Eval(tc.op, tc.signed, tc.lo, tc.value, tc.in, tc.out)
			want := v(tc.want)
			require.True(t, want.Equal(got), "got %v, want %v", got, want)
		})
		covered[tc.op] = true
	}
	for _, op := range netlist.Ops() {
		require.True(t, covered[op], "no Eval case for %s", op)
	}
}

func TestEvalUnknownOpPanics(t *testing.T) {
	require.Panics(t, func() { netlist.Eval(netlist.OpInvalid, false, 0, bits.Value{}, nil, 1) })
}

// TestEvalNative checks Eval against Go's own uint64 arithmetic on random
// operands of random widths up to 64.
func TestEvalNative(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		w := 1 + r.IntN(64)
		mask := ^uint64(0) >> (64 - w)
		a, b := r.Uint64()&mask, r.Uint64()&mask
		sa := int64(a<<(64-w)) >> (64 - w)
		sb := int64(b<<(64-w)) >> (64 - w)
		sh := r.Uint64() % 80
		b2u := func(c bool) uint64 {
			if c {
				return 1
			}
			return 0
		}
		shl, shr, sshr := uint64(0), uint64(0), uint64(sa>>63)
		if sh < uint64(w) {
			shl, shr, sshr = a<<sh, a>>sh, uint64(sa>>sh)
		}
		for _, tc := range []struct {
			op     netlist.Op
			signed bool
			in     []uint64
			out    int
			want   uint64
		}{
			{netlist.OpNot, false, []uint64{a}, w, ^a},
			{netlist.OpNeg, false, []uint64{a}, w, -a},
			{netlist.OpAnd, false, []uint64{a, b}, w, a & b},
			{netlist.OpOr, false, []uint64{a, b}, w, a | b},
			{netlist.OpXor, false, []uint64{a, b}, w, a ^ b},
			{netlist.OpAdd, false, []uint64{a, b}, w, a + b},
			{netlist.OpSub, false, []uint64{a, b}, w, a - b},
			{netlist.OpMul, false, []uint64{a, b}, w, a * b},
			{netlist.OpShl, false, []uint64{a, sh}, w, shl},
			{netlist.OpShr, false, []uint64{a, sh}, w, shr},
			{netlist.OpSshr, false, []uint64{a, sh}, w, sshr},
			{netlist.OpEq, false, []uint64{a, b}, 1, b2u(a == b)},
			{netlist.OpNe, false, []uint64{a, b}, 1, b2u(a != b)},
			{netlist.OpLt, false, []uint64{a, b}, 1, b2u(a < b)},
			{netlist.OpLe, false, []uint64{a, b}, 1, b2u(a <= b)},
			{netlist.OpGt, false, []uint64{a, b}, 1, b2u(a > b)},
			{netlist.OpGe, false, []uint64{a, b}, 1, b2u(a >= b)},
			{netlist.OpLt, true, []uint64{a, b}, 1, b2u(sa < sb)},
			{netlist.OpLe, true, []uint64{a, b}, 1, b2u(sa <= sb)},
			{netlist.OpGt, true, []uint64{a, b}, 1, b2u(sa > sb)},
			{netlist.OpGe, true, []uint64{a, b}, 1, b2u(sa >= sb)},
		} {
			in := []bits.Value{bits.FromUint64(w, tc.in[0])}
			if len(tc.in) > 1 {
				in = append(in, bits.FromUint64(w, tc.in[1]))
			}
			if tc.op == netlist.OpShl || tc.op == netlist.OpShr || tc.op == netlist.OpSshr {
				in[1] = bits.FromUint64(7, sh)
			}
			got := netlist.Eval(tc.op, tc.signed, 0, bits.Value{}, in, tc.out)
			want := bits.FromUint64(tc.out, tc.want)
			require.True(t, want.Equal(got), "%d-bit %s signed=%v %x %x: got %v, want %v",
				w, tc.op, tc.signed, a, tc.in[len(tc.in)-1], got, want)
		}
	}
}

func TestCheckShape(t *testing.T) {
	for _, tc := range []struct {
		op   netlist.Op
		in   []int
		out  int
		lo   int
		want string
	}{
		{netlist.OpConst, nil, 8, 0, ""},
		{netlist.OpConst, []int{8}, 8, 0, "const takes 0 inputs, has 1"},
		{netlist.OpAdd, []int{8, 8}, 8, 0, ""},
		{netlist.OpAdd, []int{8, 4}, 8, 0, "add input 1 is 4 bits, output is 8 bits"},
		{netlist.OpNot, []int{8}, 4, 0, "not input 0 is 8 bits, output is 4 bits"},
		{netlist.OpNot, []int{8, 8}, 8, 0, "not takes 1 inputs, has 2"},
		{netlist.OpBuf, []int{8}, 0, 0, "buf output width 0 < 1"},
		{netlist.OpShl, []int{8, 70}, 8, 0, ""},
		{netlist.OpSshr, []int{4, 3}, 8, 0, "sshr input 0 is 4 bits, output is 8 bits"},
		{netlist.OpShr, []int{8}, 8, 0, "shr takes 2 inputs, has 1"},
		{netlist.OpLt, []int{8, 8}, 1, 0, ""},
		{netlist.OpEq, []int{8, 4}, 1, 0, "eq inputs are 8 and 4 bits"},
		{netlist.OpGe, []int{8, 8}, 8, 0, "ge output is 8 bits, must be 1"},
		{netlist.OpMux, []int{1, 8, 8}, 8, 0, ""},
		{netlist.OpMux, []int{2, 8, 8}, 8, 0, "mux select is 2 bits, must be 1"},
		{netlist.OpMux, []int{1, 8, 4}, 8, 0, "mux inputs are 8 and 4 bits, output is 8 bits"},
		{netlist.OpConcat, []int{4, 8, 4}, 16, 0, ""},
		{netlist.OpConcat, []int{4, 4}, 16, 0, "concat inputs sum to 8 bits, output is 16 bits"},
		{netlist.OpConcat, nil, 16, 0, "concat takes at least one input"},
		{netlist.OpSlice, []int{16}, 8, 8, ""},
		{netlist.OpSlice, []int{16}, 8, 9, "slice [9 +: 8] out of range of 16-bit input"},
		{netlist.OpSlice, []int{16}, 8, -1, "slice [-1 +: 8] out of range of 16-bit input"},
		{netlist.OpZext, []int{4}, 8, 0, ""},
		{netlist.OpSext, []int{4}, 4, 0, ""},
		{netlist.OpSext, []int{8}, 4, 0, "sext from 8 bits to narrower 4 bits"},
		{netlist.OpRedOr, []int{130}, 1, 0, ""},
		{netlist.OpRedXor, []int{8}, 2, 0, "redxor output is 2 bits, must be 1"},
		{netlist.OpInvalid, nil, 1, 0, "unknown op 0"},
		{netlist.Op(200), []int{1}, 1, 0, "unknown op 200"},
	} {
		t.Run(fmt.Sprintf("%s%v->%d", tc.op, tc.in, tc.out), func(t *testing.T) {
			require.Equal(t, tc.want, netlist.CheckShape(tc.op, tc.in, tc.out, tc.lo))
		})
	}
}

func TestOpTable(t *testing.T) {
	ops := netlist.Ops()
	require.Len(t, ops, 27)
	require.NotContains(t, ops, netlist.OpInvalid)
	names := map[string]bool{}
	for _, op := range ops {
		info := op.Info()
		require.NotEmpty(t, info.Name)
		require.False(t, names[info.Name], "duplicate name %s", info.Name)
		names[info.Name] = true
		require.Equal(t, info.Name, op.String())
		got, ok := netlist.OpByName(info.Name)
		require.True(t, ok)
		require.Equal(t, op, got)
		// Signed matters exactly for the ordered compares.
		wantSigned := op == netlist.OpLt || op == netlist.OpLe || op == netlist.OpGt || op == netlist.OpGe
		require.Equal(t, wantSigned, info.Signed, "%s", op)
	}
	require.Equal(t, "invalid", netlist.Op(200).String())
	_, ok := netlist.OpByName("invalid")
	require.False(t, ok)
	_, ok = netlist.OpByName("nope")
	require.False(t, ok)
}
