// Command opgen writes the generated files of rtlsim, or with -target
// lanekern of internal/lanekern (see package internal/opgen), into the
// directory given by -dir, the current one by default: `go generate
// ./rtlsim` and `go generate ./internal/lanekern` run it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/systole-hdl/systole/internal/opgen"
)

func main() {
	dir := flag.String("dir", ".", "the package directory")
	target := flag.String("target", "rtlsim", "the package to generate: rtlsim or lanekern")
	flag.Parse()
	gen := map[string]func() (map[string][]byte, error){"rtlsim": opgen.Generate, "lanekern": opgen.GenerateLanekern}[*target]
	if gen == nil {
		fmt.Fprintf(os.Stderr, "opgen: -target %q: want rtlsim or lanekern\n", *target)
		os.Exit(2)
	}
	files, err := gen()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := os.WriteFile(filepath.Join(*dir, name), files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
