package regress_test

import (
	"context"
	"errors"
	"fmt"
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

// memCores are the small ws cores of the tests: the output buffer alone,
// and with the accumulator (two memories).
var memCores = []systolic.Config{
	{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 18, Signed: true, Dataflow: systolic.WS},
	{Rows: 2, Cols: 2, InWidth: 8, AccWidth: 18, Signed: true, Dataflow: systolic.WS, AccRows: 4},
}

// swapped writes the user's model of every memory of c's design d (from
// the manifest) to a file and returns the files and the macros to define.
func swapped(t *testing.T, c systolic.Config, d *netlist.Design) (files, macros []string) {
	mems := c.Manifest(d).Memories
	want := 1
	if c.AccRows > 0 {
		want = 2
	}
	require.Len(t, mems, want)
	dir := t.TempDir()
	for _, m := range mems {
		f := filepath.Join(dir, m.Module+"_user.v")
		require.NoError(t, os.WriteFile(f, []byte(userMemory(m)), 0o644))
		files, macros = append(files, f), append(macros, m.ExternMacro)
	}
	return files, macros
}

// memTraffic stalls the output often, so that the output buffer fills,
// holds its read word while rd_en is 0, and reads words written just
// before; with an accumulator, regress mixes a_acc and a_out at random.
var memTraffic = regress.Options{Jobs: 8, MinRows: 1, MaxRows: 6, Gap: 0.2, Backpressure: 0.5}

// runOn runs the regression with seed on be and closes it.
func runOn(t *testing.T, be testbench.Backend, c systolic.Config) regress.Result {
	t.Helper()
	b := testbench.New(be, 11)
	res, err := regress.Run(b, c, memTraffic)
	require.NoError(t, errors.Join(err, b.Err(), be.Close()))
	return res
}

// Done when: replacing the memory modules with a user's behavioural model
// of the same name and interface (+define+<NAME>_EXTERN and the user's
// file) gives the same results under Verilator as the built-in modules,
// and as rtlsim: every result row checked against the reference model, in
// the same number of cycles. The core has both kinds of memory: its
// accumulator and its output buffer.
func TestUserMemoryUnderVerilator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two Verilator models; skipped with -short")
	}
	tooltest.Require(t, "verilator")
	c := memCores[1]
	d := elab(t, c)
	files, macros := swapped(t, c, d)
	ctx := context.Background()
	rs, err := testbench.NewRTLSim(d)
	require.NoError(t, err)
	want := runOn(t, rs, c)
	require.Positive(t, want.Beats)

	builtin, err := testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{})
	require.NoError(t, err)
	require.Equal(t, want, runOn(t, builtin, c), "Verilator, built-in memories")

	var defs []string
	for _, m := range macros {
		defs = append(defs, "+define+"+m)
	}
	user, err := testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{Flags: defs, Sources: files})
	require.NoError(t, err)
	require.Equal(t, want, runOn(t, user, c), "Verilator, the user's memories")

	// Without the macros the user's modules are second definitions: the
	// run above really used the user's files.
	_, err = testbench.NewVerilator(ctx, d, testbench.VerilatorOptions{Sources: files})
	require.Error(t, err)
}

// recorder is rtlsim recording every cycle's inputs and outputs, for a
// replay of the same traffic under Icarus.
type recorder struct {
	*testbench.RTLSim
	ins, outs []testbench.Port
	rst       testbench.Port
	stim      vsim.Stimulus
	trace     vsim.Trace
}

func (r *recorder) Step() {
	var in, out []bits.Value
	for _, p := range r.ins {
		in = append(in, r.Peek(p))
	}
	for _, p := range r.outs {
		out = append(out, r.Peek(p))
	}
	r.stim, r.trace = append(r.stim, in), append(r.trace, out)
	r.RTLSim.Step()
}

func (r *recorder) Reset() {
	r.PokeUint64(r.rst, 1)
	r.Step()
	r.PokeUint64(r.rst, 0)
}

// The same under Icarus, for the core with and without an accumulator:
// the regression's traffic recorded in rtlsim and replayed on the core
// with the user's memories (-D<NAME>_EXTERN) and with its own gives
// rtlsim's outputs on every cycle.
func TestUserMemoryUnderIcarus(t *testing.T) {
	tooltest.Require(t, "iverilog")
	for _, c := range memCores {
		t.Run(c.TopName(), func(t *testing.T) {
			d := elab(t, c)
			files, macros := swapped(t, c, d)
			rs, err := testbench.NewRTLSim(d)
			require.NoError(t, err)
			rec := &recorder{RTLSim: rs}
			spec := vsim.Spec{Top: d.Top, Clock: "clk"}
			top := d.TopModule()
			for _, port := range top.Ports {
				n := top.Nets[port.Net]
				if port.Net == top.Clock {
					continue
				}
				p, err := rs.Port(n.Name)
				require.NoError(t, err)
				if port.Dir == netlist.In {
					rec.ins = append(rec.ins, p)
					spec.Inputs = append(spec.Inputs, vsim.Port{Name: n.Name, Width: n.Width})
				} else {
					rec.outs = append(rec.outs, p)
					spec.Outputs = append(spec.Outputs, vsim.Port{Name: n.Name, Width: n.Width})
				}
				if n.Name == "rst" {
					rec.rst = p
				}
			}
			require.Positive(t, runOn(t, rec, c).Beats)
			text, err := emit.Verilog(d)
			require.NoError(t, err)
			src := filepath.Join(t.TempDir(), d.Top+".v")
			require.NoError(t, os.WriteFile(src, text, 0o644))
			var defs []string
			for _, m := range macros {
				defs = append(defs, "-D"+m)
			}
			for _, tc := range []struct {
				name    string
				sources []string
				flags   []string
			}{
				{"built-in", []string{src}, nil},
				{"user", append([]string{src}, files...), defs},
			} {
				s := spec
				s.Sources = tc.sources
				got, err := (&vsim.Icarus{Flags: tc.flags}).Run(context.Background(), s, rec.stim)
				require.NoError(t, err, tc.name)
				require.Empty(t, vsim.Diff(spec.Outputs, got, rec.trace, 10), "%s memories: Icarus vs rtlsim over %d cycles", tc.name, len(rec.stim))
			}
		})
	}
}
