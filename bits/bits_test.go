package bits_test

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// hex returns the integer with the given hexadecimal digits (underscores
// allowed, a leading '-' for negatives).
func hex(s string) *big.Int {
	n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), 16)
	if !ok {
		panic("bad hex " + s)
	}
	return n
}

// ones returns 2^w - 1.
func ones(w int) *big.Int {
	return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(w)), big.NewInt(1))
}

// requireValue checks x's width and unsigned value, and that no bit above the
// width is set in its words.
func requireValue(t *testing.T, x bits.Value, width int, want *big.Int) {
	t.Helper()
	require.Equal(t, width, x.Width())
	require.Len(t, x.Words(), bits.Words(width))
	require.Equal(t, want.String(), x.Big().String(), "value of %v", x)
	require.LessOrEqual(t, x.Big().BitLen(), width)
}

func TestWords(t *testing.T) {
	for _, tc := range []struct{ width, words int }{
		{1, 1}, {63, 1}, {64, 1}, {65, 2}, {128, 2}, {130, 3}, {300, 5},
	} {
		require.Equal(t, tc.words, bits.Words(tc.width), "width %d", tc.width)
		require.Len(t, bits.New(tc.width).Words(), tc.words)
	}
}

func TestNewPanicsOnBadWidth(t *testing.T) {
	for _, w := range []int{0, -1} {
		require.Panics(t, func() { bits.New(w) }, "width %d", w)
	}
}

func TestFromUint64(t *testing.T) {
	for _, tc := range []struct {
		width int
		v     uint64
		want  *big.Int
	}{
		{1, 0, big.NewInt(0)},
		{1, 1, big.NewInt(1)},
		{1, 2, big.NewInt(0)}, // truncated
		{1, 3, big.NewInt(1)},
		{8, 0x1ff, big.NewInt(0xff)},
		{63, ^uint64(0), hex("7fff_ffff_ffff_ffff")},
		{64, ^uint64(0), hex("ffff_ffff_ffff_ffff")},
		{65, ^uint64(0), hex("ffff_ffff_ffff_ffff")},
		{130, 42, big.NewInt(42)},
		{300, 1 << 63, hex("8000_0000_0000_0000")},
	} {
		t.Run(bits.FromUint64(tc.width, tc.v).String(), func(t *testing.T) {
			requireValue(t, bits.FromUint64(tc.width, tc.v), tc.width, tc.want)
		})
	}
}

func TestFromInt64(t *testing.T) {
	for _, tc := range []struct {
		width int
		v     int64
		want  *big.Int
	}{
		{1, 0, big.NewInt(0)},
		{1, -1, big.NewInt(1)},
		{1, 2, big.NewInt(0)},
		{4, -3, big.NewInt(0xd)},
		{4, 19, big.NewInt(3)}, // truncated
		{63, -1, ones(63)},
		{63, -1 << 62, hex("4000_0000_0000_0000")},
		{64, -1, ones(64)},
		{64, -1 << 63, hex("8000_0000_0000_0000")},
		{64, 1<<63 - 1, hex("7fff_ffff_ffff_ffff")},
		{65, -1, ones(65)},
		{65, -2, hex("1_ffff_ffff_ffff_fffe")},
		{65, -1 << 63, hex("1_8000_0000_0000_0000")},
		{65, 5, big.NewInt(5)},
		{130, -1, ones(130)},
		{130, -256, hex("3_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ff00")},
		{130, 1 << 40, big.NewInt(1 << 40)},
		{300, -1, ones(300)},
		{300, 7, big.NewInt(7)},
	} {
		x := bits.FromInt64(tc.width, tc.v)
		t.Run(x.String(), func(t *testing.T) {
			requireValue(t, x, tc.width, tc.want)
			if tc.width >= 64 {
				require.Equal(t, tc.v, x.Int64())
				require.Equal(t, big.NewInt(tc.v).String(), x.SignedBig().String())
			}
		})
	}
}

func TestFromBig(t *testing.T) {
	for _, tc := range []struct {
		width int
		v     *big.Int
		want  *big.Int
	}{
		{1, big.NewInt(-1), big.NewInt(1)},
		{1, big.NewInt(2), big.NewInt(0)},
		{1, big.NewInt(-2), big.NewInt(0)},
		{8, big.NewInt(-128), big.NewInt(0x80)},
		{8, big.NewInt(-129), big.NewInt(0x7f)},
		{8, big.NewInt(256 + 9), big.NewInt(9)},
		{63, hex("ffff_ffff_ffff_ffff"), ones(63)},
		{64, hex("1_0000_0000_0000_0001"), big.NewInt(1)},
		{64, big.NewInt(-1), ones(64)},
		{65, hex("-1_0000_0000_0000_0000"), hex("1_0000_0000_0000_0000")},
		{65, hex("2_0000_0000_0000_0003"), big.NewInt(3)},
		{130, big.NewInt(-1), ones(130)},
		{130, hex("ff_ffff_ffff_ffff_ffff_ffff_ffff_ffff_ffff"), ones(130)},
		{130, new(big.Int).Lsh(big.NewInt(1), 129), new(big.Int).Lsh(big.NewInt(1), 129)},
		{300, new(big.Int).Lsh(big.NewInt(3), 299), new(big.Int).Lsh(big.NewInt(1), 299)},
		{300, new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 299)), new(big.Int).Lsh(big.NewInt(1), 299)},
	} {
		t.Run(tc.v.String(), func(t *testing.T) {
			requireValue(t, bits.FromBig(tc.width, tc.v), tc.width, tc.want)
		})
	}
}

func TestFromWordsAndOnes(t *testing.T) {
	x := bits.FromWords(65, []uint64{1, 3, 7})
	requireValue(t, x, 65, hex("1_0000_0000_0000_0001"))
	require.Equal(t, uint64(1), x.Word(1))
	require.Zero(t, x.Word(2))
	require.Zero(t, x.Word(-1))
	requireValue(t, bits.FromWords(130, []uint64{5}), 130, big.NewInt(5))
	for _, w := range []int{1, 63, 64, 65, 130, 300} {
		requireValue(t, bits.Ones(w), w, ones(w))
	}
	require.Zero(t, bits.Value{}.Uint64())
	require.Equal(t, uint64(1), x.Uint64())
	// Words is a copy.
	y := bits.Ones(8)
	y.Words()[0] = 0
	require.Equal(t, uint64(0xff), y.Uint64())
}

func TestBitAndIsZero(t *testing.T) {
	x := bits.FromBig(130, hex("2_0000_0000_0000_0001_8000_0000_0000_0001"))
	for i, want := range map[int]uint{-1: 0, 0: 1, 1: 0, 63: 1, 64: 1, 65: 0, 128: 0, 129: 1, 130: 0, 1000: 0} {
		require.Equal(t, want, x.Bit(i), "bit %d", i)
	}
	require.False(t, x.IsZero())
	require.True(t, bits.New(300).IsZero())
	require.False(t, bits.FromBig(300, new(big.Int).Lsh(big.NewInt(1), 299)).IsZero())
	require.True(t, bits.Value{}.IsZero())
}

func TestInt64AndSignedBig(t *testing.T) {
	for _, tc := range []struct {
		x      bits.Value
		int64  int64
		signed string // decimal
	}{
		{bits.FromUint64(1, 0), 0, "0"},
		{bits.FromUint64(1, 1), -1, "-1"},
		{bits.FromUint64(4, 7), 7, "7"},
		{bits.FromUint64(4, 8), -8, "-8"},
		{bits.FromUint64(63, 1<<62), -1 << 62, "-4611686018427387904"},
		{bits.FromUint64(63, 1<<62-1), 1<<62 - 1, "4611686018427387903"},
		{bits.FromUint64(64, 1<<63), -1 << 63, "-9223372036854775808"},
		{bits.FromUint64(64, ^uint64(0)), -1, "-1"},
		// Above 64 bits, Int64 is the low 64 bits.
		{bits.FromUint64(65, 1<<63), -1 << 63, "9223372036854775808"},
		{bits.FromBig(65, hex("1_0000_0000_0000_0000")), 0, "-18446744073709551616"},
		{bits.FromBig(65, hex("1_ffff_ffff_ffff_fffe")), -2, "-2"},
		{bits.Ones(130), -1, "-1"},
		{bits.FromBig(130, new(big.Int).Lsh(big.NewInt(1), 129)), 0, "-680564733841876926926749214863536422912"},
		{bits.FromUint64(300, 12345), 12345, "12345"},
		{bits.Value{}, 0, "0"},
	} {
		t.Run(tc.x.String(), func(t *testing.T) {
			require.Equal(t, tc.int64, tc.x.Int64())
			require.Equal(t, tc.signed, tc.x.SignedBig().String())
		})
	}
}

func TestResizeSignExtendSlice(t *testing.T) {
	for _, tc := range []struct {
		name string
		got  bits.Value
		want string
	}{
		{"resize wider", bits.FromUint64(8, 0xa5).Resize(130), "130'h" + strings.Repeat("0", 31) + "a5"},
		{"resize narrower", bits.FromBig(130, hex("3_0000_0000_0000_0001_0000_0000_0000_00ff")).Resize(65), "65'h100000000000000ff"},
		{"resize same", bits.FromUint64(8, 0xa5).Resize(8), "8'ha5"},
		{"resize to 1", bits.FromUint64(8, 0xa5).Resize(1), "1'h1"},
		{"sext negative", bits.FromUint64(8, 0x85).SignExtend(16), "16'hff85"},
		{"sext positive", bits.FromUint64(8, 0x75).SignExtend(16), "16'h0075"},
		{"sext 1-bit one", bits.FromUint64(1, 1).SignExtend(65), "65'h1ffffffffffffffff"},
		{"sext 1-bit zero", bits.FromUint64(1, 0).SignExtend(65), "65'h00000000000000000"},
		{"sext across words", bits.FromUint64(64, 1<<63).SignExtend(130), "130'h3ffffffffffffffff8000000000000000"},
		{"sext 65 to 300", bits.FromBig(65, hex("1_0000_0000_0000_0000")).SignExtend(300),
			"300'h" + strings.Repeat("f", 59) + "0000000000000000"},
		{"sext narrower truncates", bits.FromUint64(8, 0x85).SignExtend(4), "4'h5"},
		{"sext same", bits.FromUint64(8, 0x85).SignExtend(8), "8'h85"},
		{"slice low", bits.FromUint64(8, 0xa5).Slice(0, 4), "4'h5"},
		{"slice high", bits.FromUint64(8, 0xa5).Slice(4, 4), "4'ha"},
		{"slice bit", bits.FromUint64(8, 0xa5).Slice(7, 1), "1'h1"},
		{"slice across words", bits.FromBig(130, hex("2_0000_0000_0000_0003_8000_0000_0000_0000")).Slice(63, 3), "3'h7"},
		{"slice top of 130", bits.FromBig(130, hex("2_0000_0000_0000_0003_8000_0000_0000_0000")).Slice(128, 2), "2'h2"},
		{"slice wide", bits.Ones(300).Slice(100, 130), "130'h3ffffffffffffffffffffffffffffffff"},
		{"slice past the top reads zero", bits.FromUint64(8, 0xa5).Slice(6, 4), "4'h2"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.got.String())
			require.True(t, bits.MustParse(tc.want).Equal(tc.got))
		})
	}
}

func TestEqual(t *testing.T) {
	for _, tc := range []struct {
		name string
		x, y bits.Value
		want bool
	}{
		{"same", bits.FromUint64(8, 3), bits.FromUint64(8, 3), true},
		{"different bits", bits.FromUint64(8, 3), bits.FromUint64(8, 4), false},
		{"different widths", bits.FromUint64(8, 3), bits.FromUint64(9, 3), false},
		{"wide same", bits.Ones(300), bits.FromInt64(300, -1), true},
		{"wide differ in top word", bits.Ones(130), bits.Ones(129).Resize(130), false},
		{"truncated input", bits.FromUint64(4, 0x13), bits.FromUint64(4, 3), true},
		{"zero values", bits.Value{}, bits.Value{}, true},
		{"zero value vs 1 bit", bits.Value{}, bits.New(1), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.x.Equal(tc.y))
			require.Equal(t, tc.want, tc.y.Equal(tc.x))
		})
	}
}

func TestHexString(t *testing.T) {
	for _, tc := range []struct {
		x        bits.Value
		hex, str string
	}{
		{bits.FromUint64(1, 1), "1", "1'h1"},
		{bits.FromUint64(4, 0xa), "a", "4'ha"},
		{bits.FromUint64(5, 0x1f), "1f", "5'h1f"},
		{bits.FromUint64(8, 0x2a), "2a", "8'h2a"},
		{bits.FromUint64(12, 0), "000", "12'h000"},
		{bits.Ones(63), "7fffffffffffffff", "63'h7fffffffffffffff"},
		{bits.Ones(64), "ffffffffffffffff", "64'hffffffffffffffff"},
		{bits.FromUint64(65, 1), "00000000000000001", "65'h00000000000000001"},
		{bits.Ones(130), "3" + strings.Repeat("f", 32), "130'h3" + strings.Repeat("f", 32)},
		{bits.Value{}, "", "<invalid>"},
	} {
		t.Run(tc.str, func(t *testing.T) {
			require.Equal(t, tc.hex, tc.x.Hex())
			require.Equal(t, tc.str, tc.x.String())
		})
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // String of the result
	}{
		{"8'h2a", "8'h2a"},
		{"8'H2A", "8'h2a"},
		{"8'h02a", "8'h2a"}, // leading zeros beyond the width are fine
		{"1'b1", "1'h1"},
		{"1'h0", "1'h0"},
		{"8'd42", "8'h2a"},
		{"8'D255", "8'hff"},
		{"8'b0010_1010", "8'h2a"},
		{"8'B1111_1111", "8'hff"},
		{"8'o52", "8'h2a"},
		{"9'O777", "9'h1ff"},
		{"16'hbe_ef", "16'hbeef"},
		{"32'hdead_beef", "32'hdeadbeef"},
		{"12'd4_095", "12'hfff"},
		{"65'h1_0000_0000_0000_0000", "65'h10000000000000000"},
		{"130'd1361129467683753853853498429727072845823", "130'h3" + strings.Repeat("f", 32)},
		{"300'h0", "300'h" + strings.Repeat("0", 75)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			v, err := bits.Parse(tc.in)
			require.NoError(t, err)
			require.Equal(t, tc.want, v.String())
			require.Equal(t, tc.want, bits.MustParse(tc.in).String())
		})
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ in, err string }{
		{"", `bits: "" is not a sized literal like 8'h2a`},
		{"2a", `bits: "2a" is not a sized literal like 8'h2a`},
		{"'h2a", `bits: "'h2a" is not a sized literal like 8'h2a`},
		{"8'", `bits: "8'" is not a sized literal like 8'h2a`},
		{"0'h0", `bits: "0'h0" has no valid width`},
		{"-8'h1", `bits: "-8'h1" has no valid width`},
		{"+8'h1", `bits: "+8'h1" has no valid width`},
		{"08'h1", `bits: "08'h1" has no valid width`},
		{" 8'h1", `bits: " 8'h1" has no valid width`},
		{"x'h1", `bits: "x'h1" has no valid width`},
		{"8'x1", `bits: "8'x1" has an unknown base 'x'`},
		{"8'sh1", `bits: "8'sh1" has an unknown base 's'`},
		{"8'h", `bits: "8'h" has no digits`},
		{"8'h__", `bits: "8'h__" has no digits`},
		{"8'h-1", `bits: "8'h-1" has no digits`},
		{"8'd+1", `bits: "8'd+1" has no digits`},
		{"8'hg", `bits: "8'hg" has invalid digits for base 16`},
		{"8'h2a ", `bits: "8'h2a " has invalid digits for base 16`},
		{"8'h0x2a", `bits: "8'h0x2a" has invalid digits for base 16`},
		{"8'd1a", `bits: "8'd1a" has invalid digits for base 10`},
		{"8'b102", `bits: "8'b102" has invalid digits for base 2`},
		{"8'o8", `bits: "8'o8" has invalid digits for base 8`},
		{"8'h1ff", `bits: "8'h1ff" does not fit in 8 bits`},
		{"8'd256", `bits: "8'd256" does not fit in 8 bits`},
		{"1'b10", `bits: "1'b10" does not fit in 1 bits`},
		{"64'h1_0000_0000_0000_0000", `bits: "64'h1_0000_0000_0000_0000" does not fit in 64 bits`},
	} {
		t.Run(tc.in, func(t *testing.T) {
			v, err := bits.Parse(tc.in)
			require.EqualError(t, err, tc.err)
			require.False(t, v.IsValid())
			require.Panics(t, func() { bits.MustParse(tc.in) })
		})
	}
}

// randValue returns a value of the given width with random bits, biased
// towards all-zero and all-one words so that edges get exercised.
func randValue(r interface{ Uint64() uint64 }, width int) bits.Value {
	words := make([]uint64, bits.Words(width))
	for i := range words {
		switch r.Uint64() % 4 {
		case 0:
			words[i] = 0
		case 1:
			words[i] = ^uint64(0)
		default:
			words[i] = r.Uint64()
		}
	}
	return bits.FromWords(width, words)
}

func ExampleParse() {
	for _, s := range []string{"8'd42", "12'b1010_0101_1111", "65'h1_0000_0000_0000_0000", "4'h1f"} {
		x, err := bits.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(x, x.Int64())
	}
	// Output:
	// 8'h2a 42
	// 12'ha5f -1441
	// 65'h10000000000000000 0
	// bits: "4'h1f" does not fit in 4 bits
}
