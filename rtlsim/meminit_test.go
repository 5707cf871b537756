package rtlsim_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
)

// A 70-bit ROM (two words a word): its contents load in a Sim and in the
// compiled model; the words after them read 0.
const romNet = `design rom

module rom {
  clock clk
  input clk: 1
  input addr: 2
  output q: 70
  mem m: 70 depth 4 {
    init 70'h3f_0000_0000_0000_0011 70'h22
    read q = [addr]
  }
}
`

func TestMemoryContentsLoad(t *testing.T) {
	d, err := netlist.Parse("rom.net", romNet)
	require.NoError(t, err)
	s, err := rtlsim.Compile(d)
	require.NoError(t, err)
	var got []string
	for a := range 4 {
		require.NoError(t, s.PokeName("addr", bitsOf(2, uint64(a))))
		s.Step(1)
		q, err := s.PeekName("q")
		require.NoError(t, err)
		got = append(got, q.String())
	}
	require.Equal(t, []string{"70'h3f0000000000000011", "70'h000000000000000022", "70'h000000000000000000", "70'h000000000000000000"}, got)

	mainSrc := `package main

import "fmt"

func main() {
	m := New()
	for a := range 4 {
		m.PokeUint64(0, uint64(a))
		m.Step()
		fmt.Println(m.PeekWords(0, nil))
	}
}
`
	out := goRun(t, s, mainSrc)
	require.Equal(t, "[17 63]\n[34 0]\n[0 0]\n[0 0]\n", out)
}

// The memory's words are in the VCD, with their changes.
func TestMemoryInVCD(t *testing.T) {
	d, err := netlist.Parse("ram.net", `design ram

module ram {
  clock clk
  input clk: 1
  input a: 1
  input we: 1
  input d: 4
  output q: 4
  mem m: 4 depth 2 {
    init 4'h9
    read q = [a]
    write [a] = d en we
  }
}
`)
	require.NoError(t, err)
	s, err := rtlsim.Compile(d)
	require.NoError(t, err)
	var vcd strings.Builder
	require.NoError(t, s.TraceVCD(&vcd))
	require.NoError(t, s.PokeName("we", bitsOf(1, 1)))
	require.NoError(t, s.PokeName("a", bitsOf(1, 1)))
	require.NoError(t, s.PokeName("d", bitsOf(4, 5)))
	s.Step(1)
	require.NoError(t, s.Close())
	text := vcd.String()
	require.Contains(t, text, "$var reg 4 & m[0] [3:0] $end\n$var reg 4 ' m[1] [3:0] $end")
	require.Contains(t, text, "b1001 &\nb0 '\n$end\n")
	require.Contains(t, text, "#10\n1!\nb101 '\n") // m[1] written at the edge
}
