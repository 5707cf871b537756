package emit_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/netlist"
)

// blackBoxDesign reads testdata/blackbox.net: a top with two instances of
// a combinational black box (inc) and one of an SRAM macro (sram_sp), whose
// Verilog is testdata/inc.v and the sram example's examples/sram_sp.v
// (the paths relative to testdata).
func blackBoxDesign(t *testing.T) *netlist.Design {
	t.Helper()
	text, err := os.ReadFile(filepath.Join("testdata", "blackbox.net"))
	require.NoError(t, err)
	d, err := netlist.Parse("blackbox.net", string(text))
	require.NoError(t, err)
	return d
}

// TestBlackBoxGolden: black boxes are instances of their Verilog module
// with their parameters, and get no definition; Extern lists their files.
func TestBlackBoxGolden(t *testing.T) {
	out, err := emit.Emit(blackBoxDesign(t))
	require.NoError(t, err)
	require.Len(t, out.Files, 1, "only the top is defined")
	require.Equal(t, []string{"inc.v", "../../examples/sram_sp.v"}, out.Extern)
	got := out.Verilog()
	path := filepath.Join("testdata", "blackbox.v")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./emit -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the emitted Verilog (-want +got):\n%s", path, diff)
	}
}

// TestBlackBoxLint: the emitted Verilog and the user's files together pass
// Verilator's lint with every warning, and Icarus.
func TestBlackBoxLint(t *testing.T) {
	out, err := emit.Emit(blackBoxDesign(t))
	require.NoError(t, err)
	top, err := filepath.Abs(filepath.Join(t.TempDir(), "Top.v"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(top, out.Verilog(), 0o644))
	files := append([]string{top}, out.Extern...) // relative to testdata, as the netlist says
	t.Run("verilator", func(t *testing.T) {
		verilator := tooltest.Require(t, "verilator")
		run(t, "testdata", verilator, append([]string{"--lint-only", "-Wall", "-Wno-DECLFILENAME", "--top-module", "Top"}, files...)...)
	})
	t.Run("icarus", func(t *testing.T) {
		iverilog := tooltest.Require(t, "iverilog")
		run(t, "testdata", iverilog, append([]string{"-g2005", "-Wall", "-s", "Top", "-o", os.DevNull}, files...)...)
	})
}
