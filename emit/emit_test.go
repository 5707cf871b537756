package emit_test

import (
	"flag"
	"go/build"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/netlist"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGolden compares the Verilog of each hand-built design with
// testdata/<name>.v; go test ./emit -update rewrites them.
func TestGolden(t *testing.T) {
	for _, tc := range designs {
		t.Run(tc.name, func(t *testing.T) {
			got, err := emit.Verilog(tc.make())
			require.NoError(t, err)
			path := filepath.Join("testdata", tc.name+".v")
			if *update {
				require.NoError(t, os.WriteFile(path, got, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test ./emit -update to create it")
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("%s differs from the emitted Verilog (-want +got):\n%s", path, diff)
			}
		})
	}
}

// TestDeterministic emits each design twice, from two separately built
// copies, and expects the same bytes.
func TestDeterministic(t *testing.T) {
	for _, tc := range designs {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.make()
			first, err := emit.Verilog(d)
			require.NoError(t, err)
			for range 3 {
				again, err := emit.Verilog(d)
				require.NoError(t, err)
				require.Equal(t, string(first), string(again))
			}
			fresh, err := emit.Verilog(tc.make())
			require.NoError(t, err)
			require.Equal(t, string(first), string(fresh))
			f1, err := emit.Files(d)
			require.NoError(t, err)
			f2, err := emit.Files(tc.make())
			require.NoError(t, err)
			require.Equal(t, f1, f2)
		})
	}
}

// TestEveryOp keeps the ops design complete: a new netlist op must be added
// to it (and so to the golden, lint and simulation tests).
func TestEveryOp(t *testing.T) {
	used := map[netlist.Op]bool{}
	for _, c := range opsDesign().TopModule().Cells {
		used[c.Op] = true
	}
	for _, op := range netlist.Ops() {
		require.True(t, used[op], "opsDesign does not use op %s", op)
	}
}

// TestCheckFirst expects the errors of netlist.Check for a bad design.
func TestCheckFirst(t *testing.T) {
	d := counterDesign()
	m := d.TopModule()
	m.Cells = m.Cells[:len(m.Cells)-1] // wrap is now undriven
	_, err := emit.Verilog(d)
	require.ErrorContains(t, err, "undriven output")
	_, err = emit.Files(d)
	require.ErrorContains(t, err, "undriven output")
	_, err = emit.Verilog(nil)
	require.ErrorContains(t, err, "nil design")
}

// TestImports keeps emit on the netlist side of the pipeline: of systole's
// packages it may import only netlist and bits.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	require.NoError(t, err)
	const self = "github.com/systole-hdl/systole/"
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, self) {
			require.Contains(t, []string{self + "netlist", self + "bits", self + "version"}, imp)
		}
	}
}

// TestFilesMatchVerilog expects the one-text form to be the files joined,
// each module once, under one header; no `line directive names a file
// that may not exist.
func TestFilesMatchVerilog(t *testing.T) {
	for _, tc := range designs {
		files, err := emit.Files(tc.make())
		require.NoError(t, err)
		text, err := emit.Verilog(tc.make())
		require.NoError(t, err)
		var b strings.Builder
		for i, f := range files {
			if i > 0 {
				f.Text = []byte(strings.SplitN(string(f.Text), "\n", 2)[1])
			}
			b.Write(f.Text)
		}
		require.Equal(t, b.String(), string(text), tc.name)
		require.NotContains(t, string(text), "`line", tc.name)
	}
}
