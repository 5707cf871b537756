// Command opgen writes rtlsim's generated files (see package
// internal/opgen) into the directory given by -dir, the current one by
// default: `go generate ./rtlsim` runs it.
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
	dir := flag.String("dir", ".", "the rtlsim package directory")
	flag.Parse()
	files, err := opgen.Generate()
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
