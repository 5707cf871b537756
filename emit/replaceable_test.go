package emit_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// userModules replaces both replaceable modules of replaceableDesign: a
// memory written in another style (a read register loaded through a
// next-value mux) and the inverter, as a user's file would.
const userModules = `module mem_4x8_1r1w (
  input  wire       clk,
  input  wire       wr_en,
  input  wire [1:0] wr_addr,
  input  wire [7:0] wr_data,
  input  wire       rd_en,
  input  wire [1:0] rd_addr,
  output wire [7:0] rd_data
);
  reg [7:0] words [0:3];
  reg [7:0] q;
  wire [7:0] q_next = rd_en ? words[rd_addr] : q;
  always @(posedge clk) begin
    q <= q_next;
    if (wr_en) words[wr_addr] <= wr_data;
  end
  assign rd_data = q;
endmodule

module buf_ (
  input  wire [7:0] a,
  output wire [7:0] y
);
  assign y = a ^ 8'hff;
endmodule
`

// TestReplaceableExtern lints the replaceable design with both guard
// macros defined and the user's modules added: the guards leave out
// exactly the replaceable definitions, so nothing is defined twice or
// missing, under Verilator -Wall, Icarus and Yosys.
func TestReplaceableExtern(t *testing.T) {
	text, err := emit.Verilog(replaceableDesign())
	require.NoError(t, err)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "top.v"), text, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "user.v"), []byte(userModules), 0o644))
	defs := []string{"+define+MEM_4X8_1R1W_EXTERN", "+define+BUF__EXTERN"}
	t.Run("verilator", func(t *testing.T) {
		verilator := tooltest.Require(t, "verilator")
		run(t, dir, verilator, append(append([]string{"--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", "top"}, defs...), "top.v", "user.v")...)
		// Without the macros the user's modules are a second definition.
		cmd := []string{"--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", "top", "top.v", "user.v"}
		c := exec.Command(verilator, cmd...)
		c.Dir = dir
		out, err := c.CombinedOutput()
		require.Error(t, err, "verilator accepted two definitions of one module:\n%s", out)
	})
	t.Run("icarus", func(t *testing.T) {
		iverilog := tooltest.Require(t, "iverilog")
		run(t, dir, iverilog, "-g2005", "-Wall", "-DMEM_4X8_1R1W_EXTERN", "-DBUF__EXTERN", "-s", "top", "-o", os.DevNull, "top.v", "user.v")
	})
	t.Run("yosys", func(t *testing.T) {
		yosys := tooltest.Require(t, "yosys")
		run(t, dir, yosys, "-q", "-p", "read_verilog -DMEM_4X8_1R1W_EXTERN -DBUF__EXTERN top.v user.v; synth -top top; check -assert")
	})
}

// TestExternMacroClash refuses two replaceable modules whose names differ
// only in case: they would share one guard macro.
func TestExternMacroClash(t *testing.T) {
	d := replaceableDesign()
	d.Module("buf").Name = "MEM_4x8_1r1w"
	for i := range d.TopModule().Insts {
		if d.TopModule().Insts[i].Module == "buf" {
			d.TopModule().Insts[i].Module = "MEM_4x8_1r1w"
		}
	}
	_, err := emit.Verilog(d)
	require.ErrorContains(t, err, "replaceable modules mem_4x8_1r1w and MEM_4x8_1r1w have one guard macro, MEM_4X8_1R1W_EXTERN")
}
