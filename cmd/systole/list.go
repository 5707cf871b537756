package main

import (
	"fmt"

	"github.com/systole-hdl/systole/examples"
)

type examplesCmd struct {
	JSON bool `name:"json" help:"List them as JSON."`
}

func (examplesCmd) Help() string {
	return "Examples lists the examples that gen and sim take, with one line on each."
}

func (x *examplesCmd) Run(e *env) error {
	all := examples.All()
	if x.JSON {
		type entry struct {
			Name string `json:"name"`
			Doc  string `json:"doc"`
		}
		list := make([]entry, len(all))
		for i, ex := range all {
			list[i] = entry{ex.Name, ex.Doc}
		}
		return writeJSON(e.stdout, list)
	}
	width := 0
	for _, ex := range all {
		width = max(width, len(ex.Name))
	}
	for _, ex := range all {
		fmt.Fprintf(e.stdout, "%-*s  %s\n", width, ex.Name, ex.Doc)
	}
	return nil
}
