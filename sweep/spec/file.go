package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// specKeys are the keys of a YAML spec, in Spec's field order.
var specKeys = []string{"name", "rows", "cols", "in_width", "acc_width", "signed", "dataflow", "format", "acc_rows", "bias", "relu", "out_format", "out_width", "workload", "workload_file", "seed", "buffer_kib"}

// lineError is an error at a line of the spec file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// scalars returns the items of a list node: the node itself when it is a
// scalar, or the items of a sequence of scalars. A mapping, or a sequence
// holding anything but scalars, is an error naming what was expected.
func scalars(n *yaml.Node, want string) ([]*yaml.Node, error) {
	switch n.Kind {
	case yaml.ScalarNode:
		return []*yaml.Node{n}, nil
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, &lineError{it.Line, fmt.Sprintf("want %s in the list, not a %s", want, kindName(it))}
			}
		}
		return n.Content, nil
	}
	return nil, &lineError{n.Line, fmt.Sprintf("want %s or a list of them, not a %s", want, kindName(n))}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

// ParseSpec parses a YAML spec read from no file in particular; see
// ParseSpecFile.
func ParseSpec(text []byte) (Spec, error) { return ParseSpecFile("spec", text) }

// yamlLine finds the line in a YAML library message.
var yamlLine = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

// ParseSpecFile parses the YAML spec text read from file. It reports
// every problem at once, each as file:line: an unknown key (with the
// closest known one), a value of the wrong shape (a mapping where a list
// belongs, a list of lists), a second YAML document; Check (which Points
// runs) then judges the values.
func ParseSpecFile(file string, text []byte) (Spec, error) {
	s := Spec{file: file, lines: map[string]int{}}
	var errs []error
	at := func(line int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s:%d: %s", file, line, fmt.Sprintf(format, args...)))
	}
	yamlErr := func(err error) {
		for _, l := range strings.Split(strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n"), "\n") {
			l = strings.TrimSpace(l)
			if m := yamlLine.FindStringSubmatch(l); m != nil {
				n, _ := strconv.Atoi(m[1])
				at(n, "%s", m[2])
			} else if l != "" {
				errs = append(errs, fmt.Errorf("%s: %s", file, strings.TrimPrefix(l, "yaml: ")))
			}
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(text))
	var doc yaml.Node
	if err := dec.Decode(&doc); errors.Is(err, io.EOF) {
		return s, nil // empty: Check reports the missing workload
	} else if err != nil {
		yamlErr(err)
		return Spec{}, fmt.Errorf("sweep: %w", errors.Join(errs...))
	}
	var next yaml.Node
	if err := dec.Decode(&next); err == nil {
		line := next.Line
		if len(next.Content) > 0 {
			line = next.Content[0].Line
		}
		at(line, "a second YAML document: a spec is one document (remove the '---')")
	} else if !errors.Is(err, io.EOF) {
		yamlErr(err)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		if !(root.Kind == yaml.ScalarNode && root.Tag == "!!null") {
			at(root.Line, "want a mapping of keys (%s), not a %s", strings.Join(specKeys, ", "), kindName(root))
		}
		return Spec{}, fmt.Errorf("sweep: %w", errors.Join(errs...))
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !slices.Contains(specKeys, k.Value) {
			msg := fmt.Sprintf("unknown key %q", k.Value)
			if near := closest(k.Value, specKeys); near != "" {
				msg += fmt.Sprintf("; did you mean %q?", near)
			} else {
				msg += fmt.Sprintf(" (the keys are %s)", strings.Join(specKeys, ", "))
			}
			at(k.Line, "%s", msg)
			continue
		}
		if _, dup := s.lines[k.Value]; dup {
			at(k.Line, "%s given twice (first at line %d)", k.Value, s.lines[k.Value])
			continue
		}
		s.lines[k.Value] = k.Line
		var err error
		switch k.Value {
		case "name":
			err = scalarInto(v, func(x string) error { s.Name = x; return nil })
		case "seed":
			err = scalarInto(v, func(x string) (err error) {
				s.Seed, err = strconv.ParseUint(x, 0, 64)
				if err != nil {
					return fmt.Errorf("%q is not an unsigned integer", x)
				}
				return nil
			})
		case "buffer_kib":
			err = scalarInto(v, func(x string) (err error) {
				if s.BufferKiB, err = strconv.Atoi(x); err != nil {
					return fmt.Errorf("%q is not an integer", x)
				}
				return nil
			})
		case "rows":
			err = v.Decode(&s.Rows)
		case "cols":
			err = v.Decode(&s.Cols)
		case "in_width":
			err = v.Decode(&s.InWidth)
		case "acc_width":
			err = v.Decode(&s.AccWidth)
		case "acc_rows":
			err = v.Decode(&s.AccRows)
		case "signed":
			err = v.Decode(&s.Signed)
		case "bias":
			err = v.Decode(&s.Bias)
		case "relu":
			err = v.Decode(&s.ReLU)
		case "out_format":
			err = v.Decode(&s.OutFormat)
		case "out_width":
			err = v.Decode(&s.OutWidth)
		case "dataflow":
			err = v.Decode(&s.Dataflow)
		case "format":
			err = v.Decode(&s.Format)
		case "workload":
			err = v.Decode(&s.Workload)
		case "workload_file":
			// Relative to the spec file, as the spec's author sees them.
			if err = v.Decode(&s.WorkloadFile); err == nil && file != "" {
				for i, f := range s.WorkloadFile {
					if !filepath.IsAbs(f) {
						s.WorkloadFile[i] = filepath.Join(filepath.Dir(file), f)
					}
				}
			}
		}
		var le *lineError
		switch {
		case errors.As(err, &le):
			at(le.line, "%s: %s", k.Value, le.msg)
		case err != nil:
			at(v.Line, "%s: %s", k.Value, strings.TrimPrefix(err.Error(), "sweep: "))
		}
	}
	if len(errs) > 0 {
		return Spec{}, fmt.Errorf("sweep: %w", errors.Join(errs...))
	}
	return s, nil
}

// scalarInto passes the value of a scalar node to set.
func scalarInto(n *yaml.Node, set func(string) error) error {
	if n.Kind != yaml.ScalarNode {
		return &lineError{n.Line, fmt.Sprintf("want a single value, not a %s", kindName(n))}
	}
	if err := set(n.Value); err != nil {
		return &lineError{n.Line, err.Error()}
	}
	return nil
}

// closest returns the word of words nearest to w by edit distance, when
// near enough to be a typo (at most a third of its letters).
func closest(w string, words []string) string {
	best, bestD := "", len(w)/3+1
	for _, c := range words {
		if d := editDistance(strings.ToLower(w), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// where prefixes a message about key with the file and line that set it,
// when the spec came from a file and the key was not overridden since.
func (s Spec) where(key string) string {
	if l, ok := s.lines[key]; ok {
		return fmt.Sprintf("%s:%d: %s", s.file, l, key)
	}
	return key
}

// Override records that key was set by a flag, not the file, so that
// Check's messages do not blame the file.
func (s *Spec) Override(key string) { delete(s.lines, key) }

// Check reports every invalid value of the spec at once, before anything
// runs: a parameter out of its range (rows 0, dataflow xs), a value given
// twice, an accumulator narrower than every operand width it would meet,
// a missing or malformed workload. A combination that is invalid only for
// some points (acc_width 8 with in_width 4 and 8) is left to those points'
// error rows.
func (s Spec) Check() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("sweep: %s: %s", s.where(key), fmt.Sprintf(format, args...)))
	}
	ints := func(key string, l IntList, lo, hi int) {
		seen := map[int]bool{}
		for _, v := range l {
			if v < lo || v > hi {
				bad(key, "%d is not in %d..%d", v, lo, hi)
			}
			if seen[v] {
				bad(key, "%d appears twice", v)
			}
			seen[v] = true
		}
	}
	d := systolic.Default()
	ints("rows", s.Rows, 1, 256)
	ints("cols", s.Cols, 1, 256)
	ints("in_width", s.InWidth, 2, 32)
	minIn := d.InWidth
	if len(s.InWidth) > 0 {
		minIn = slices.Min(s.InWidth)
	}
	ints("acc_width", s.AccWidth, min(minIn+1, 64), 64)
	ints("acc_rows", s.AccRows, 0, systolic.MaxAccRows)
	bools := func(key string, l BoolList) {
		if len(l) == 2 && l[0] == l[1] || len(l) > 2 {
			bad(key, "%v: each of true and false at most once", l)
		}
	}
	bools("signed", s.Signed)
	bools("bias", s.Bias)
	bools("relu", s.ReLU)
	// out_width is checked against the widest accumulator: a narrower
	// one makes error rows of only the points it meets.
	maxAcc := d.AccWidth
	if len(s.AccWidth) > 0 {
		maxAcc = slices.Max(s.AccWidth)
	}
	ints("out_width", s.OutWidth, 0, maxAcc)
	seenDF := map[string]bool{}
	for _, df := range s.Dataflow {
		if df != string(systolic.WS) && df != string(systolic.OS) {
			bad("dataflow", "%q is not ws or os", df)
		}
		if seenDF[df] {
			bad("dataflow", "%q appears twice", df)
		}
		seenDF[df] = true
	}
	seenF := map[string]bool{}
	for _, f := range s.Format {
		if !slices.Contains(systolic.Formats, f) {
			bad("format", "%q is not one of %s", f, strings.Join(systolic.Formats, ", "))
		}
		if seenF[f] {
			bad("format", "%q appears twice", f)
		}
		seenF[f] = true
	}
	seenO := map[string]bool{}
	for _, f := range s.OutFormat {
		if !slices.Contains(OutFormats, f) {
			bad("out_format", "%q is not one of %s", f, strings.Join(OutFormats, ", "))
		}
		if seenO[f] {
			bad("out_format", "%q appears twice", f)
		}
		seenO[f] = true
	}
	if len(s.Workload) == 0 && len(s.WorkloadFile) == 0 {
		errs = append(errs, errors.New("sweep: the spec has no workload"))
	} else if len(s.Workload) > 0 {
		if _, err := workload.ParseWorkload(strings.Join(s.Workload, ",")); err != nil {
			bad("workload", "%s", strings.TrimPrefix(err.Error(), "sweep: "))
		}
	}
	if s.BufferKiB < 0 || s.BufferKiB > MaxBufferKiB {
		bad("buffer_kib", "%d is not in 0..%d (0: %d KiB)", s.BufferKiB, MaxBufferKiB, BufferBytes>>10)
	}
	for _, f := range s.WorkloadFile {
		if _, err := workload.ReadTopology(f); err != nil {
			bad("workload_file", "%s", strings.TrimPrefix(err.Error(), "sweep: "))
		}
	}
	return errors.Join(errs...)
}
