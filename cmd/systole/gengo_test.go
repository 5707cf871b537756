package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/internal/tooltest"
	"github.com/systole-hdl/systole/rtlsim"
)

// TestGenGoModel: gen --go writes a Go package that a testbench can import:
// a program using its API builds and drives the core through a reset.
func TestGenGoModel(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	goCmd := tooltest.Require(t, "go")
	dir := t.TempDir()
	gen := filepath.Join(dir, "gen")
	res := runArgs(dir, "gen", "--rows=2", "--cols=2", "--go", "-o", gen)
	require.Equal(t, 0, res.code, res.stderr)
	const top = "systolic_ws_2x2_i8_a32"
	model := filepath.Join(gen, top, "model.go")
	require.Contains(t, res.stdout, "wrote "+model+"\n")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module tb\n\ngo 1.22\n"), 0o644))
	// The program resets the core, drives every input with a pattern for
	// five cycles and prints every output; rtlsim must print the same.
	main := `package main

import (
	"fmt"

	core "tb/gen/` + top + `"
)

func main() {
	m := core.New()
	m.Reset()
	for c := range 5 {
		for i := range core.Inputs {
			if core.Inputs[i].Name != "rst" {
				m.PokeUint64(i, uint64(c*0x9e3779b9+i*0x51))
			}
		}
		m.Step()
	}
	for i, p := range core.Outputs {
		fmt.Printf("%s=%x cycle %d\n", p.Name, m.PeekUint64(i), m.Cycle())
	}
}
`
	d, err := elaborateCore(systolic.Config{Rows: 2, Cols: 2, InWidth: 8, Signed: true, AccWidth: 32, Dataflow: systolic.WS})
	require.NoError(t, err)
	sim, err := rtlsim.Compile(d)
	require.NoError(t, err)
	sim.Reset()
	var ins []rtlsim.PortInfo
	for _, p := range sim.Inputs() {
		if !p.Clock {
			ins = append(ins, p)
		}
	}
	for c := range 5 {
		for i, p := range ins {
			if p.Name != "rst" {
				sim.PokeUint64(p.Handle, uint64(c*0x9e3779b9+i*0x51))
			}
		}
		sim.Step(1)
	}
	var want strings.Builder
	for _, p := range sim.Outputs() {
		fmt.Fprintf(&want, "%s=%x cycle %d\n", p.Name, sim.PeekUint64(p.Handle), sim.Cycle())
	}
	require.NoError(t, sim.Err())
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tb"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tb", "main.go"), []byte(main), 0o644))
	cmd := exec.Command(goCmd, "run", "./tb")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Equal(t, want.String(), string(out))
}
