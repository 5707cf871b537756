package bits_test

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
)

// TestStringParseIdentity checks that Parse(x.String()) == x, and the same
// through the decimal and binary forms, for random values of random widths.
func TestStringParseIdentity(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		w := 1 + r.IntN(300)
		x := randValue(r, w)
		s := x.String()
		y, err := bits.Parse(s)
		require.NoError(t, err, s)
		require.True(t, x.Equal(y), "%s parsed as %s", s, y)
		require.Equal(t, s, y.String())

		dec := strconv.Itoa(w) + "'d" + x.Big().String()
		y, err = bits.Parse(dec)
		require.NoError(t, err, dec)
		require.True(t, x.Equal(y), "%s parsed as %s", dec, y)

		bin := strconv.Itoa(w) + "'b" + x.Big().Text(2)
		y, err = bits.Parse(bin)
		require.NoError(t, err, bin)
		require.True(t, x.Equal(y), "%s parsed as %s", bin, y)

		// Every width-preserving conversion round-trips too.
		require.True(t, x.Equal(bits.FromBig(w, x.Big())))
		require.True(t, x.Equal(bits.FromBig(w, x.SignedBig())))
		require.True(t, x.Equal(bits.FromWords(w, x.Words())))
		require.True(t, x.Equal(x.Slice(0, w)))
		require.True(t, x.Equal(x.Resize(w+r.IntN(70)).Resize(w)))
		require.True(t, x.Equal(x.SignExtend(w+r.IntN(70)).Resize(w)))
	}
}

// maxFuzzWidth bounds the widths FuzzParse hands to Parse: a literal's width
// is allocated before its digits are judged, so "9999999999'h0" would only
// measure the machine's memory.
const maxFuzzWidth = 1 << 12

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"8'h2a", "1'b1", "8'd255", "8'o52", "16'hbe_ef", "65'h1_0000_0000_0000_0000",
		"130'h3ffffffffffffffffffffffffffffffff", "8'h1ff", "0'h0", "8'x1", "8'h", "'h1",
		"08'h1", "8'h-1", "300'd12345",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if q := strings.IndexByte(s, '\''); q > 0 {
			if w, err := strconv.Atoi(s[:q]); err == nil && w > maxFuzzWidth {
				t.Skip("width too large to allocate")
			}
		}
		v, err := bits.Parse(s)
		if err != nil {
			require.False(t, v.IsValid())
			return
		}
		q := strings.IndexByte(s, '\'')
		require.Equal(t, s[:q], strconv.Itoa(v.Width()))
		require.LessOrEqual(t, v.Big().BitLen(), v.Width())

		// The canonical form parses back to the same value, and is a fixed point.
		str := v.String()
		w, err := bits.Parse(str)
		require.NoError(t, err, str)
		require.True(t, v.Equal(w))
		require.Equal(t, str, w.String())

		// Differential: the digits, read by math/big in the literal's base.
		base := map[byte]int{'h': 16, 'd': 10, 'b': 2, 'o': 8}[s[q+1]|0x20]
		n, ok := new(big.Int).SetString(strings.ReplaceAll(s[q+2:], "_", ""), base)
		require.True(t, ok)
		require.Equal(t, n.String(), v.Big().String())
	})
}
