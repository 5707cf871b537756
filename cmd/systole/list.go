package main

import (
	"fmt"
	"io"

	"github.com/systole-hdl/systole/examples"
)

func runExamples(args []string, stdout, stderr io.Writer) int {
	f := newFlags("examples", "[--json]", "Examples lists the examples that gen and sim take, with one line on each.")
	asJSON := f.Bool("json", false, "list them as JSON")
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	all := examples.All()
	if *asJSON {
		type entry struct {
			Name string `json:"name"`
			Doc  string `json:"doc"`
		}
		list := make([]entry, len(all))
		for i, e := range all {
			list[i] = entry{e.Name, e.Doc}
		}
		return writeJSON(stdout, stderr, "examples", list)
	}
	width := 0
	for _, e := range all {
		width = max(width, len(e.Name))
	}
	for _, e := range all {
		fmt.Fprintf(stdout, "%-*s  %s\n", width, e.Name, e.Doc)
	}
	return exitOK
}
