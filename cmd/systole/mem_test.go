package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/tooltest"
)

// swapModule is a user's module for memory m, in its own file, as a chip
// flow would write around an SRAM macro (here a behavioural model).
func swapModule(m systolic.Memory) string {
	var b strings.Builder
	fmt.Fprintf(&b, "module %s (\n", m.Module)
	for i, p := range m.Interface {
		sep := ","
		if i == len(m.Interface)-1 {
			sep = ""
		}
		kind := "wire"
		if p.Dir == "output" {
			kind = "reg "
		}
		fmt.Fprintf(&b, "  %-6s %s [%d:0] %s%s\n", p.Dir, kind, p.Width-1, p.Name, sep)
	}
	fmt.Fprintf(&b, ");\n  reg [%d:0] sram [0:%d];\n", m.Width-1, m.Depth-1)
	b.WriteString("  always @(posedge clk) begin\n" +
		"    if (wr_en) sram[wr_addr] <= wr_data;\n" +
		"    if (rd_en) rd_data <= sram[rd_addr];\n" +
		"  end\nendmodule\n")
	return b.String()
}

// tool runs a program in dir and fails when it exits non-zero or prints
// anything.
func tool(t *testing.T, dir, prog string, args ...string) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("%s %s: %v\n%s", filepath.Base(prog), strings.Join(args, " "), err, out)
	}
}

// The files gen writes, one file or split, lint clean under Verilator
// -Wall, Icarus and Yosys as they are and with every memory swapped for a
// user's module: the .f lists, +define+<NAME>_EXTERN and the user's file,
// as the README shows.
func TestGenSwapMemories(t *testing.T) {
	verilator := tooltest.Require(t, "verilator")
	iverilog := tooltest.Require(t, "iverilog")
	yosys := tooltest.Require(t, "yosys")
	for i, args := range [][]string{
		{"--rows=2", "--cols=2", "--acc-width=18", "--acc-rows=4"},
		{"--rows=2", "--cols=3", "--dataflow=os", "--split"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			dir := t.TempDir()
			r := runArgs(dir, append([]string{"gen", "-o", "$DIR", "--json"}, args...)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			var gen struct {
				Top string `json:"top"`
			}
			require.NoError(t, json.Unmarshal([]byte(r.stdout), &gen))
			js, err := os.ReadFile(filepath.Join(dir, gen.Top+".json"))
			require.NoError(t, err)
			var man systolic.Manifest
			require.NoError(t, json.Unmarshal(js, &man))
			want := 1
			if strings.Contains(strings.Join(args, " "), "--acc-rows") {
				want = 2 // the accumulator and the output buffer
			}
			require.Len(t, man.Memories, want)
			var user strings.Builder
			var vdefs, idefs, ydefs []string
			for _, mem := range man.Memories {
				require.True(t, strings.HasPrefix(mem.Module, gen.Top+"_mem_"), mem.Module)
				require.Equal(t, strings.ToUpper(mem.Module)+"_EXTERN", mem.ExternMacro)
				user.WriteString(swapModule(mem))
				vdefs = append(vdefs, "+define+"+mem.ExternMacro)
				idefs = append(idefs, "-D"+mem.ExternMacro)
				ydefs = append(ydefs, "-D", mem.ExternMacro)
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "my_mem.v"), []byte(user.String()), 0o644))

			f, icf := gen.Top+".f", gen.Top+".icarus.f"
			vl := []string{"--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", gen.Top, "-F", f}
			tool(t, dir, verilator, vl...)
			tool(t, dir, verilator, append(append(vl, vdefs...), "my_mem.v")...)
			il := []string{"-g2005", "-Wall", "-o", os.DevNull, "-s", gen.Top}
			tool(t, dir, iverilog, append(il, "-c", icf)...)
			tool(t, dir, iverilog, append(append(il, idefs...), "-c", icf, "my_mem.v")...)
			if i == 0 && !testing.Short() { // synthesis is the slow part: one core
				files := verilogInList(t, filepath.Join(dir, f))
				synth := "synth -top " + gen.Top + "; check -assert"
				tool(t, dir, yosys, append([]string{"-q", "-p", synth}, files...)...)
				tool(t, dir, yosys, append(append(append([]string{"-q"}, ydefs...), "-p", synth), append(files, "my_mem.v")...)...)
			}
		})
	}
}

// verilogInList returns the Verilog files a .f list names.
func verilogInList(t *testing.T, list string) []string {
	t.Helper()
	text, err := os.ReadFile(list)
	require.NoError(t, err)
	var files []string
	for _, l := range strings.Split(string(text), "\n") {
		if l = strings.TrimSpace(l); strings.HasSuffix(l, ".v") && !strings.HasPrefix(l, "//") {
			files = append(files, l)
		}
	}
	return files
}
