package emit_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
)

// simCase is a flat design and how many cycles (or, without a clock,
// input vectors) to drive it with random inputs.
type simCase struct {
	name   string
	d      *netlist.Design
	cycles int
	// fix overrides some random inputs each cycle, such as a reset pulse.
	fix func(cycle int, set func(name string, v uint64))
}

func simCases() []simCase {
	return []simCase{
		{name: "ops", d: opsDesignWith(true), cycles: 300},
		{name: "counter", d: counterDesign(), cycles: 300, fix: func(cycle int, set func(string, uint64)) {
			set("rst", boolBit(cycle < 2 || cycle == 290))
			set("en", boolBit(cycle%7 != 3))
		}},
		{name: "memory", d: memoryDesign(), cycles: 400},
		{name: "memkinds", d: memKindsDesign(), cycles: 300},
		{name: "quirks", d: quirksDesign(), cycles: 200},
	}
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// randValue returns a w-bit value that is often interesting: zero, all
// ones, only the sign bit, a small number, random bits up to a random
// length (a shift amount past 32 but below 2^64, say), or random bits.
func randValue(r *rand.Rand, w int) bits.Value {
	switch r.IntN(9) {
	case 5:
		return bits.FromBig(w, new(big.Int).Rsh(randValue(r, w).Big(), uint(r.IntN(w))))
	case 0:
		return bits.New(w)
	case 1:
		return bits.Ones(w)
	case 2:
		return bits.FromBig(w, new(big.Int).Lsh(big.NewInt(1), uint(w-1)))
	case 3, 4:
		return bits.FromUint64(w, r.Uint64N(uint64(w)+3))
	}
	words := make([]uint64, bits.Words(w))
	for i := range words {
		words[i] = r.Uint64()
	}
	return bits.FromWords(w, words)
}

// stimulus makes the input values of every cycle and the output lines the
// reference simulator expects for them.
func stimulus(tc simCase) (in [][]bits.Value, want []string) {
	m := tc.d.TopModule()
	r := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
	s := newRefSim(m)
	s.settle()
	for cycle := range tc.cycles {
		vals := make([]bits.Value, len(m.Ports))
		for i, p := range m.Ports {
			if p.Dir == netlist.In && p.Net != m.Clock {
				vals[i] = randValue(r, m.Nets[p.Net].Width)
			}
		}
		if tc.fix != nil {
			tc.fix(cycle, func(name string, v uint64) {
				for i, p := range m.Ports {
					if m.PortName(p) == name {
						vals[i] = bits.FromUint64(m.Nets[p.Net].Width, v)
					}
				}
			})
		}
		for i, p := range m.Ports {
			if vals[i].IsValid() {
				s.val[p.Net] = vals[i]
			}
		}
		s.settle()
		var outs []string
		for _, p := range m.Ports {
			if p.Dir == netlist.Out {
				outs = append(outs, s.val[p.Net].Hex())
			}
		}
		want = append(want, "= "+strings.Join(outs, " "))
		in = append(in, vals)
		if m.Clock != netlist.NoNet {
			s.clock()
		}
	}
	return in, want
}

// testbench returns a testbench that drives the top module with the given
// inputs, read from one hex file per input port, and prints its outputs
// before each rising clock edge (every time step without a clock).
func testbench(m *netlist.Module, in [][]bits.Value) (tb string, hex map[string]string) {
	var b strings.Builder
	hex = map[string]string{}
	b.WriteString("module tb;\n  integer i;\n")
	var conns, outs, loads, applies []string
	for k, p := range m.Ports {
		name, w := m.PortName(p), m.Nets[p.Net].Width
		conns = append(conns, fmt.Sprintf(".%s(%s)", name, name))
		switch {
		case p.Dir == netlist.Out:
			fmt.Fprintf(&b, "  wire [%d:0] %s;\n", w-1, name)
			outs = append(outs, name)
		case p.Net == m.Clock:
			fmt.Fprintf(&b, "  reg %s;\n", name)
		default:
			fmt.Fprintf(&b, "  reg [%d:0] %s;\n  reg [%d:0] v_%s [0:%d];\n", w-1, name, w-1, name, len(in)-1)
			var lines strings.Builder
			for _, vals := range in {
				lines.WriteString(vals[k].Hex() + "\n")
			}
			hex[name+".hex"] = lines.String()
			loads = append(loads, fmt.Sprintf("    $readmemh(\"%s.hex\", v_%s);\n", name, name))
			applies = append(applies, fmt.Sprintf("      %s = v_%s[i];\n", name, name))
		}
	}
	fmt.Fprintf(&b, "  %s dut (%s);\n  initial begin\n", m.Name, strings.Join(conns, ", "))
	b.WriteString(strings.Join(loads, ""))
	clk := ""
	if m.Clock != netlist.NoNet {
		clk = m.Nets[m.Clock].Name
		fmt.Fprintf(&b, "    %s = 1'b0;\n", clk)
	}
	fmt.Fprintf(&b, "    for (i = 0; i < %d; i = i + 1) begin\n", len(in))
	b.WriteString(strings.Join(applies, ""))
	format := "= " + strings.TrimSpace(strings.Repeat("%h ", len(outs)))
	fmt.Fprintf(&b, "      #1 $display(\"%s\", %s);\n", format, strings.Join(outs, ", "))
	if clk != "" {
		fmt.Fprintf(&b, "      %[1]s = 1'b1;\n      #1 %[1]s = 1'b0;\n", clk)
	}
	b.WriteString("    end\n    $finish;\n  end\nendmodule\n")
	return b.String(), hex
}

// TestSimulate runs each flat design with random inputs in Icarus Verilog
// and Verilator and compares every output of every cycle with the
// reference simulator: netlist.Eval for the cells, the netlist package doc
// for registers and memories.
func TestSimulate(t *testing.T) {
	for _, sim := range []string{"iverilog", "verilator"} {
		t.Run(sim, func(t *testing.T) {
			tooltest.Require(t, sim)
			if sim == "iverilog" {
				tooltest.Require(t, "vvp")
			}
			for _, tc := range simCases() {
				t.Run(tc.name, func(t *testing.T) {
					t.Parallel()
					in, want := stimulus(tc)
					dir := t.TempDir()
					files, err := emit.Files(tc.d)
					require.NoError(t, err)
					names := writeFiles(t, dir, files)
					tb, hex := testbench(tc.d.TopModule(), in)
					require.NoError(t, os.WriteFile(filepath.Join(dir, "tb.v"), []byte(tb), 0o644))
					for name, text := range hex {
						require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
					}
					srcs := append([]string{"tb.v"}, names...)
					var cmds [][]string
					if sim == "iverilog" {
						cmds = [][]string{
							append([]string{"iverilog", "-g2005", "-s", "tb", "-o", "sim.vvp"}, srcs...),
							{"vvp", "-n", "sim.vvp"},
						}
					} else {
						// Built once per content, in the shared Verilator cache.
						paths := make([]string, len(srcs))
						for i, s := range srcs {
							paths[i] = filepath.Join(dir, s)
						}
						exe, err := (&vsim.Verilator{Jobs: 2}).BuildBinary(t.Context(), "tb", paths)
						require.NoError(t, err)
						cmds = [][]string{{exe}}
					}
					var out []byte
					for _, c := range cmds {
						cmd := exec.Command(c[0], c[1:]...)
						cmd.Dir = dir
						out, err = cmd.CombinedOutput()
						require.NoError(t, err, "%s\n%s", strings.Join(c, " "), out)
					}
					var got []string
					for _, line := range strings.Split(string(out), "\n") {
						if strings.HasPrefix(line, "= ") {
							got = append(got, line)
						}
					}
					require.Len(t, got, len(want), "output:\n%s", out)
					outs := outputNames(tc.d.TopModule())
					for i := range want {
						g, w := strings.Fields(got[i])[1:], strings.Fields(want[i])[1:]
						for k := range w {
							if k >= len(g) || g[k] != w[k] {
								t.Fatalf("cycle %d: %s: %s gave %v, want %s", i, outs[k], sim, g[min(k, len(g)-1)], w[k])
							}
						}
					}
				})
			}
		})
	}
}

func outputNames(m *netlist.Module) []string {
	var outs []string
	for _, p := range m.Ports {
		if p.Dir == netlist.Out {
			outs = append(outs, m.PortName(p))
		}
	}
	return outs
}
