package rtlsim

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/netlist"
)

// vcdCounter is a 4-bit counter with enable and reset whose increment is a
// generated net, and a child computing the counter's parity.
func vcdCounter() *netlist.Design {
	par := newMod("parity")
	x := par.in("x", 4)
	par.drive(par.out("p", 1), netlist.OpRedXor, x)

	top := newMod("top")
	top.clk()
	rst, en := top.in("rst", 1), top.in("en", 1)
	count := top.out("count", 4)
	p := top.out("p", 1)
	one := top.gen("_t0", 4, netlist.OpConst)
	top.m.Cells[len(top.m.Cells)-1].Value = bits.FromUint64(4, 1)
	next := top.gen("_t1", 4, netlist.OpAdd, count, one)
	top.reg(count, next, en, rst, bits.New(4))
	top.inst("par", "parity", "x", count, "p", p)
	return design(par, top)
}

func TestVCD(t *testing.T) {
	s := compile(t, vcdCounter())
	var out strings.Builder
	require.NoError(t, s.TraceVCD(&out))
	require.ErrorContains(t, s.TraceVCD(&out), "already tracing")
	s.Reset()
	poke(t, s, "en", 1)
	s.Step(3)
	poke(t, s, "en", 0)
	s.Step(1)
	require.NoError(t, s.Close())

	want := `$version systole rtlsim $end
$comment cycle c is at time 10*c: the clock rises there and falls 5 ns later $end
$timescale 1ns $end
$scope module top $end
$var wire 1 ! clk $end
$var wire 1 " rst $end
$var wire 1 # en $end
$var wire 4 $ count [3:0] $end
$var wire 1 % p $end
$scope module par $end
$var wire 4 $ x [3:0] $end
$var wire 1 % p $end
$upscope $end
$upscope $end
$enddefinitions $end
#0
$dumpvars
0!
0"
0#
b0 $
0%
$end
#5
1"
#10
1!
#15
0!
0"
1#
#20
1!
b1 $
1%
#25
0!
#30
1!
b10 $
#35
0!
#40
1!
b11 $
0%
#45
0!
0#
#50
1!
#55
0!
`
	require.Equal(t, want, out.String())
	require.NotContains(t, out.String(), "_t", "generated nets are not traced")
}

// TestVCDLate starts a trace in the middle of a run and restarts it.
func TestVCDLate(t *testing.T) {
	s := compile(t, vcdCounter())
	poke(t, s, "en", 1)
	s.Step(5)
	var out strings.Builder
	require.NoError(t, s.TraceVCD(&out))
	require.NoError(t, s.Close())
	require.True(t, strings.HasSuffix(out.String(), "$enddefinitions $end\n#50\n$dumpvars\n0!\n0\"\n1#\nb101 $\n0%\n$end\n#55\n"), out.String())

	out.Reset()
	require.NoError(t, s.TraceVCD(&out))
	s.Step(1)
	require.NoError(t, s.Close())
	require.True(t, strings.HasSuffix(out.String(), "#50\n$dumpvars\n0!\n0\"\n1#\nb101 $\n0%\n$end\n#60\n1!\nb110 $\n#65\n0!\n"), out.String())
}

type failWriter struct{ after int }

func (w *failWriter) Write(p []byte) (int, error) {
	if w.after -= len(p); w.after < 0 {
		return 0, errors.New("disk full")
	}
	return len(p), nil
}

func TestVCDWriteError(t *testing.T) {
	s := compile(t, vcdCounter())
	require.ErrorContains(t, s.TraceVCD(&failWriter{after: 10}), "disk full")
	require.NoError(t, s.Close(), "a failed TraceVCD leaves no trace open")

	require.NoError(t, s.TraceVCD(&failWriter{after: 1000}))
	s.Step(1000)
	require.ErrorContains(t, s.Close(), "disk full")
}

func TestVCDWideValues(t *testing.T) {
	var v vcdWriter
	for i := range 2000 {
		r := rand.New(rand.NewPCG(*seedFlag, uint64(i)))
		w := genWidth(r, 300)
		x := genValue(r, w)
		want := fmt.Sprintf("%b", x.Big())
		require.Equal(t, want, string(v.binary(x.Words())), "%v", x)
	}
}

func TestVCDCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := range 94 * 95 * 2 {
		c := vcdCode(i)
		require.False(t, seen[c], "code %q repeats", c)
		seen[c] = true
		for _, ch := range []byte(c) {
			require.True(t, ch >= '!' && ch <= '~')
		}
	}
}

// Defect 6: a nil writer panicked.
func TestNilWriters(t *testing.T) {
	s := compile(t, vcdCounter())
	require.ErrorContains(t, s.TraceVCD(nil), "nil writer")
	s.Step(2)
	require.NoError(t, s.Close(), "a refused trace leaves none open")
	require.ErrorContains(t, s.WriteGo(nil, "model"), "nil writer")
	for _, pkg := range []string{"_", "func", "a-b"} {
		require.ErrorContains(t, s.WriteGo(io.Discard, pkg), "is not a Go package name", pkg)
	}
}

// The VCD shows the names of the emitted Verilog, as a Verilator or Icarus
// trace does: an instance named like a net of its module, or a net named
// like a keyword, shows renamed (netlist.Legalize); Peek keeps the
// netlist's names.
func TestVCDVerilogNames(t *testing.T) {
	d, err := netlist.Parse("t.net", `design top
module leaf {
  input x: 4
  output p: 1
  wire reg: 4
  cell reg = not(x)
  cell p = redxor(reg)
}
module top {
  input x: 4
  output p: 1
  inst reg: leaf(x = x, p = p)
}
`)
	require.NoError(t, err)
	s := compile(t, d)
	var out strings.Builder
	require.NoError(t, s.TraceVCD(&out))
	poke(t, s, "x", 3)
	s.Step(1)
	require.NoError(t, s.Close())
	vcd := out.String()
	require.Contains(t, vcd, "$scope module reg_1 $end", "instance reg: a keyword, then reg_ is declared in leaf")
	require.Contains(t, vcd, " reg_ [3:0] $end")
	require.NotContains(t, vcd, "$scope module reg $end")
	require.Equal(t, uint64(12), peek(t, s, "reg.reg"))
}
