package examples_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/emit"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/internal/lint"
	"github.com/systole-hdl/systole/internal/tooltest"
)

var update = flag.Bool("update", false, "rewrite the golden Verilog under testdata/")

func verilog(t *testing.T, e examples.Entry) (string, []byte) {
	t.Helper()
	d, err := elaborate.Elaborate(e.Gen)
	require.NoError(t, err)
	v, err := emit.Verilog(d)
	require.NoError(t, err)
	return d.Top, v
}

// Every example's Verilog is byte-for-byte its golden file (review a
// change with git diff after go test ./examples -update), and emitting it
// again gives the same bytes.
func TestGolden(t *testing.T) {
	for _, e := range examples.All() {
		t.Run(e.Name, func(t *testing.T) {
			_, v := verilog(t, e)
			_, again := verilog(t, e)
			require.Equal(t, string(v), string(again), "two elaborations differ")
			path := filepath.Join("testdata", e.Name+".v")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, v, 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "no golden file; run go test ./examples -update")
			require.Equal(t, string(want), string(v), "Verilog differs from %s", path)
		})
	}
}

// Every example's Verilog is clean under Verilator's linter with every
// warning on, Icarus Verilog and Yosys synthesis with check -assert.
func TestLint(t *testing.T) {
	for _, tool := range lint.Tools {
		t.Run(tool.Name, func(t *testing.T) {
			tooltest.Require(t, tool.Name)
			for _, e := range examples.All() {
				t.Run(e.Name, func(t *testing.T) {
					t.Parallel()
					top, v := verilog(t, e)
					dir := t.TempDir()
					require.NoError(t, os.WriteFile(filepath.Join(dir, top+".v"), v, 0o644))
					files := append([]string{top + ".v"}, externFiles(t, e, dir)...)
					require.NoError(t, tool.Run(context.Background(), dir, top, files...))
				})
			}
		})
	}
}

// externFiles copies the user's Verilog of the example's black boxes into
// dir and returns their names there.
func externFiles(t *testing.T, e examples.Entry, dir string) []string {
	t.Helper()
	d, err := elaborate.Elaborate(e.Gen)
	require.NoError(t, err)
	var names []string
	for _, f := range d.ExternFiles() {
		text, err := os.ReadFile(f)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), text, 0o644))
		names = append(names, filepath.Base(f))
	}
	return names
}
