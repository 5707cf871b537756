package deps

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/systole-hdl/systole/"

// allowed lists, for each package of the module, the packages of the
// module it may import (DESIGN.md's arrows; leaf helpers are bits, version and the
// internal packages named).
var allowed = map[string][]string{
	"limits":                 {},
	"bits":                   {"limits"},
	"netlist":                {"bits", "limits"},
	"internal/dslir":         {"bits", "limits"},
	"dsl":                    {"bits", "internal/dslir", "limits"},
	"elaborate":              {"bits", "dsl", "internal/dslir", "limits", "netlist"},
	"emit":                   {"bits", "limits", "netlist", "version"},
	"rtlsim":                 {"bits", "internal/lanekern", "limits", "netlist"},
	"internal/vsim":          {"bits", "limits", "netlist"},
	"version":                {},
	"internal/lint":          {},
	"internal/stimulus":      {"bits", "limits", "netlist", "rtlsim"},
	"internal/formal":        {"bits", "emit", "internal/stimulus", "limits", "netlist", "rtlsim"},
	"internal/tooltest":      {},
	"internal/safefile":      {},
	"internal/cputime":       {},
	"internal/deps":          {},
	"testbench":              {"bits", "emit", "internal/vsim", "limits", "netlist", "rtlsim"},
	"lib":                    {"bits", "dsl", "limits"},
	"examples":               {"bits", "dsl", "lib", "limits"},
	"cores/fp":               {"bits", "dsl", "limits"},
	"cores/systolic":         {"bits", "cores/fp", "dsl", "elaborate", "lib", "limits", "netlist", "version"},
	"cores/systolic/regress": {"bits", "cores/systolic", "elaborate", "limits", "testbench"},
	"internal/randdesign":    {"dsl", "limits"},
	"internal/crosscheck":    {"bits", "dsl", "elaborate", "emit", "internal/randdesign", "internal/vsim", "limits", "netlist", "rtlsim"},
	// sweep is split by concern: workloads and specs at the bottom, the
	// tiling driver (the only one that simulates), the analytical models
	// beside it, the external tools apart, the reports over the rows, and
	// the runner on top joining them.
	"sweep/workload": {"limits"},
	"sweep/spec":     {"cores/systolic", "limits", "sweep/workload"},
	"sweep/scalesim": {"cores/systolic", "sweep/workload"},
	"sweep/tiling":   {"bits", "cores/fp", "cores/systolic", "netlist", "sweep/workload", "testbench"},
	"sweep/energy":   {"cores/systolic", "sweep/tiling"},
	"sweep/synth":    {"internal/lint", "netlist"},
	"sweep/report":   {"internal/safefile", "sweep/energy", "sweep/spec", "sweep/tiling"},
	"sweep": {"cores/systolic", "elaborate", "emit", "netlist", "sweep/energy", "sweep/report", "sweep/scalesim",
		"sweep/spec", "sweep/synth", "sweep/tiling", "sweep/workload"},
	"internal/bench":       {"bits", "cores/systolic", "elaborate", "emit", "internal/cputime", "internal/vsim", "limits", "netlist", "rtlsim", "testbench"},
	"internal/opgen":       {},
	"internal/lanekern":    {},
	"internal/opgen/opgen": {"internal/opgen"},
	"cmd/systole":          {"*"},
}

func TestImportDirection(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		pkg := strings.TrimPrefix(f[0], module)
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("package %s is not in the import table: add it, with the packages it may import", pkg)
			continue
		}
		for _, imp := range f[1:] {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			if !contains(ok, imp) && !contains(ok, "*") {
				t.Errorf("%s imports %s, which DESIGN.md's direction does not allow", pkg, imp)
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
