package lint

import (
	"context"
	"os/exec"
)

// Verdict is what one tool made of a set of files.
type Verdict struct {
	Tool string `json:"tool"`
	// Ran is false when the tool is not installed.
	Ran  bool   `json:"ran"`
	Pass bool   `json:"pass"`
	Out  string `json:"output,omitempty"` // the failure, with the tool's output
}

// Judge runs each named tool (of Tools) that is installed on files
// (relative to dir) with top as the top module, and returns every verdict
// in the order of names.
func Judge(ctx context.Context, dir, top string, files []string, names ...string) []Verdict {
	var vs []Verdict
	for _, name := range names {
		v := Verdict{Tool: name}
		for _, t := range Tools {
			if t.Name != name {
				continue
			}
			if _, err := exec.LookPath(name); err != nil {
				break
			}
			v.Ran = true
			if err := t.Run(ctx, dir, top, files...); err != nil {
				v.Out = err.Error()
			} else {
				v.Pass = true
			}
		}
		vs = append(vs, v)
	}
	return vs
}
