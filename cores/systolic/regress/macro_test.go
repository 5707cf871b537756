package regress_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/cores/systolic/regress"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/internal/vsim"
	"github.com/systole-hdl/systole/netlist"
	"github.com/systole-hdl/systole/rtlsim"
	"github.com/systole-hdl/systole/testbench"
)

// userMemory is what a chip flow would write in place of a core's memory
// module: the same name and ports, another coding style, and a register
// stage hidden inside. A write waits one cycle in a staging register
// before it reaches the array (as some macro wrappers do), and a read of
// the staged address takes the staged word, so that from outside it
// behaves as the built-in module does wherever the core uses it (never a
// read and a write of one address on one edge).
func userMemory(m systolic.Memory) string {
	aw := m.Interface[2].Width // wr_addr
	return fmt.Sprintf(`// A user's model of %[1]s: a staged write, forwarded to reads.
module %[1]s (
  input  wire          clk,
  input  wire          wr_en,
  input  wire [%[2]d:0] wr_addr,
  input  wire [%[3]d:0] wr_data,
  input  wire          rd_en,
  input  wire [%[2]d:0] rd_addr,
  output reg  [%[3]d:0] rd_data
);
  reg [%[3]d:0] array [0:%[4]d];
  reg          staged;
  reg [%[2]d:0] staged_addr;
  reg [%[3]d:0] staged_data;
  integer i;
  initial begin
    rd_data = 0;
    staged = 1'b0;
    staged_addr = 0;
    staged_data = 0;
    for (i = 0; i <= %[4]d; i = i + 1) array[i] = 0;
  end
  always @(posedge clk) begin
    if (rd_en) rd_data <= (staged && staged_addr == rd_addr) ? staged_data : array[rd_addr];
    if (staged) array[staged_addr] <= staged_data;
    staged <= wr_en;
    staged_addr <= wr_addr;
    staged_data <= wr_data;
  end
endmodule
`, m.Module, aw-1, m.Width-1, m.Depth-1)
}

// macroCore is the small ws core of the test, its design and its one
// memory from the manifest, with the user's model written to a file.
func macroCore(t *testing.T) (systolic.Config, *netlist.Design, systolic.Memory, string) {
	c := systolic.Config{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 18, Signed: true, Dataflow: systolic.WS}
	d := elab(t, c)
	mems := c.Manifest(d).Memories
	require.Len(t, mems, 1)
	user := filepath.Join(t.TempDir(), "user_mem.v")
	require.NoError(t, os.WriteFile(user, []byte(userMemory(mems[0])), 0o644))
	return c, d, mems[0], user
}

// memTraffic stalls the output often, so that the output buffer fills,
// holds its read word while rd_en is 0, and reads words written just
// before.
var memTraffic = regress.Options{Jobs: 6, MinRows: 1, MaxRows: 10, Gap: 0.2, Backpressure: 0.5}

// runOn runs the regression with seed on be and closes it.
func runOn(t *testing.T, be testbench.Backend, c systolic.Config) regress.Result {
	t.Helper()
	b := testbench.New(be, 11)
	res, err := regress.Run(b, c, memTraffic)
	require.NoError(t, errors.Join(err, b.Err(), be.Close()))
	return res
}

// Done when: replacing a memory module with a user's behavioural model of
// the same name and interface (+define+<NAME>_EXTERN and the user's file)
// gives the same results under Verilator as the built-in module, and as
// rtlsim: every result row checked against the reference model, in the
// same number of cycles.
func TestUserMemoryUnderVerilator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two Verilator models; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	c, d, mem, user := macroCore(t)
	ctx := context.Background()
	rs, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	want := runOn(t, rs, c)
	require.Positive(t, want.Beats)

	builtin, err := testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{})
	require.NoError(t, err)
	require.Equal(t, want, runOn(t, builtin, c), "Verilator, built-in memory")

	swapped, err := testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{
		Flags: []string{"+define+" + mem.ExternMacro}, Sources: []string{user}})
	require.NoError(t, err)
	require.Equal(t, want, runOn(t, swapped, c), "Verilator, the user's memory")

	// Without the macro the user's module is a second definition: the
	// swap above really used the user's file.
	_, err = testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{Sources: []string{user}})
	require.ErrorContains(t, err, mem.Module)
}

// The same under Icarus, on a replay of rtlsim's outputs over random
// inputs with resets: the core with the user's memory (-D<NAME>_EXTERN)
// and with its own give rtlsim's outputs on every cycle.
func TestUserMemoryUnderIcarus(t *testing.T) {
	tooltest.Require(t, "iverilog")
	_, d, mem, user := macroCore(t)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(3, 4))
	var stim vsim.Stimulus
	var trace vsim.Trace
	spec := vsim.Spec{Top: d.Top, Clock: "clk"}
	for _, p := range sim.Inputs() {
		if !p.Clock {
			spec.Inputs = append(spec.Inputs, vsim.Port{Name: p.Name, Width: p.Width})
		}
	}
	for _, p := range sim.Outputs() {
		spec.Outputs = append(spec.Outputs, vsim.Port{Name: p.Name, Width: p.Width})
	}
	for cycle := range 400 {
		var in, out []bits.Value
		for _, p := range sim.Inputs() {
			if p.Clock {
				continue
			}
			v := bits.FromUint64(p.Width, r.Uint64())
			switch p.Name {
			case "rst":
				v = bits.FromUint64(1, b2u(cycle == 0 || cycle == 200))
			case "c_ready":
				v = bits.FromUint64(1, b2u(r.IntN(3) == 0)) // the buffer fills
			}
			sim.Poke(p.Handle, v)
			in = append(in, v)
		}
		sim.Step(0)
		for _, p := range sim.Outputs() {
			out = append(out, sim.Peek(p.Handle))
		}
		stim, trace = append(stim, in), append(trace, out)
		sim.Step(1)
	}
	require.NoError(t, sim.Err())
	text, err := emit.Verilog(d)
	require.NoError(t, err)
	src := filepath.Join(t.TempDir(), d.Top+".v")
	require.NoError(t, os.WriteFile(src, text, 0o644))
	for _, tc := range []struct {
		name    string
		sources []string
		flags   []string
	}{
		{"built-in", []string{src}, nil},
		{"user", []string{src, user}, []string{"-D" + mem.ExternMacro}},
	} {
		s := spec
		s.Sources = tc.sources
		got, err := (&vsim.Icarus{Flags: tc.flags}).Run(context.Background(), s, stim)
		require.NoError(t, err, tc.name)
		require.Empty(t, vsim.Diff(spec.Outputs, got, trace, 10), "%s memory: Icarus vs rtlsim", tc.name)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
