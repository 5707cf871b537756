package main

import (
	"bytes"
	"errors"
	"go/token"
	"io"
	"path/filepath"

	"github.com/alecthomas/kong"

	"github.com/systole-hdl/systole/internal/safefile"
)

// forceFlag lets a command replace files that systole did not write.
type forceFlag struct {
	Force bool `help:"Replace existing files that systole did not write (never an input, never through a symbolic link)."`
}

// outputs returns the set of files a command writes: all or none, never
// over a file systole did not write (unless force), never onto inputs.
func outputs(force bool, inputs ...string) *safefile.Set {
	var in []string
	for _, p := range inputs {
		if p != "" {
			in = append(in, p)
		}
	}
	return &safefile.Set{Force: force, Inputs: in, Owned: ownedOutput}
}

// ownedOutput recognises systole's outputs that carry no stamp: a file
// list (every line a .v file).
func ownedOutput(path string, head []byte) bool {
	if filepath.Ext(path) != ".f" {
		return false
	}
	for _, l := range bytes.Split(bytes.TrimSpace(head), []byte("\n")) {
		if !bytes.HasSuffix(bytes.TrimSpace(l), []byte(".v")) {
			return false
		}
	}
	return true
}

// optionalOutput returns a set of outputs holding, when path is not "",
// one file the caller writes (a waveform, a report) to w; w is nil
// without a path.
func optionalOutput(path string, force bool, inputs ...string) (out *safefile.Set, w io.Writer, err error) {
	out = outputs(force, inputs...)
	if path == "" {
		return out, nil, nil
	}
	f, err := out.Create(path, false)
	if err != nil {
		return nil, nil, fileError(err)
	}
	return out, f, nil
}

// commitAfter commits out when err (the run that wrote it) is nil, and
// otherwise throws it away; it returns the first error.
func commitAfter(out *safefile.Set, err error) error {
	if err == nil {
		err = fileError(out.Commit())
	}
	if err != nil {
		out.Abort()
	}
	return err
}

// fileError makes a refusal to write a file (a user's file in the way, a
// link, an input) bad input, exit 2; other errors stay failures.
func fileError(err error) error {
	var r *safefile.Refused
	if errors.As(err, &r) {
		return inputError{err}
	}
	return err
}

// given returns the names of the flags given on the command line (not
// defaults).
func given(ctx *kong.Context) map[string]bool {
	set := map[string]bool{}
	for _, p := range ctx.Path {
		if p.Flag != nil && !p.Resolved {
			set[p.Flag.Name] = true
		}
	}
	return set
}

// coreFlagNames are the flags of coreFlags.
var coreFlagNames = []string{"rows", "cols", "in-width", "acc-width", "signed", "dataflow", "top", "acc-rows",
	"bias", "relu", "out-format", "out-width"}

// unused returns a usage error for the first of names given on the
// command line, which do not apply because of why.
func unused(ctx *kong.Context, why string, names ...string) error {
	g := given(ctx)
	for _, n := range names {
		if g[n] {
			return usagef("--%s does not apply %s", n, why)
		}
	}
	return nil
}

// goPackage checks that top can name the package of a Go model: an
// identifier (not a keyword), not _ (no package) or main (not importable).
func goPackage(top string) error {
	if !token.IsIdentifier(top) || top == "_" || top == "main" {
		return usagef("--go: the Go model's package is named after the top module, and %q cannot name an importable Go package; choose another --top", top)
	}
	return nil
}
