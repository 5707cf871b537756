package spec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/systole-hdl/systole/limits"
	"go.yaml.in/yaml/v3"
)

// IntList is a list of integers; see Spec for its YAML forms.
type IntList []int

// ParseIntList parses comma-separated integers and ranges: "4,8",
// "4..16", "4..16:4", "4..64*2".
func ParseIntList(s string) (IntList, error) {
	var out IntList
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		lo, rest, isRange := strings.Cut(item, "..")
		if !isRange {
			v, err := strconv.Atoi(item)
			if err != nil {
				return nil, fmt.Errorf("sweep: %q is not an integer or a range a..b[:step|*factor]", item)
			}
			out = append(out, v)
			continue
		}
		hi, step, mul := rest, "1", false
		if h, st, ok := strings.Cut(rest, ":"); ok {
			hi, step = h, st
		} else if h, st, ok := strings.Cut(rest, "*"); ok {
			hi, step, mul = h, st, true
		}
		a, e1 := strconv.Atoi(strings.TrimSpace(lo))
		b, e2 := strconv.Atoi(strings.TrimSpace(hi))
		k, e3 := strconv.Atoi(strings.TrimSpace(step))
		if err := errors.Join(e1, e2, e3); err != nil || a > b || k < 1 || mul && (k < 2 || a < 1) {
			return nil, fmt.Errorf("sweep: bad range %q: want a..b, a..b:step (step >= 1) or a..b*factor (factor >= 2, a >= 1) with a <= b", item)
		}
		// Count first, in unsigned arithmetic that cannot overflow
		// (b >= a), so that a huge range fails before it allocates.
		n := uint64(b) - uint64(a)
		if mul {
			n = 1
			for v := a; v <= b/k; v *= k {
				n++
			}
		} else {
			n = min(n/uint64(k), 1<<62) + 1
		}
		if n > uint64(limits.ListItems.Max) || int64(len(out))+int64(n) > limits.ListItems.Max {
			return nil, &limits.Error{Limit: limits.ListItems, Subject: fmt.Sprintf("sweep: range %q", item),
				N: limits.Add(int64(min(n, 1<<62)), int64(len(out))), Max: limits.ListItems.Max}
		}
		for v, i := a, uint64(0); i < n; i++ {
			out = append(out, v)
			if mul {
				v *= k
			} else {
				v += k
			}
		}
	}
	if err := limits.ListItems.Check(fmt.Sprintf("sweep: list %q", s), int64(len(out))); err != nil {
		return nil, err
	}
	return out, nil
}

// UnmarshalYAML accepts a sequence (of integers or range strings), an
// integer, or a range string.
func (l *IntList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "an integer or a range")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		v, err := ParseIntList(it.Value)
		if err != nil {
			return &lineError{it.Line, strings.TrimPrefix(err.Error(), "sweep: ")}
		}
		*l = append(*l, v...)
	}
	return nil
}

// BoolList is a list of booleans.
type BoolList []bool

// ParseBoolList parses "true,false".
func ParseBoolList(s string) (BoolList, error) {
	var out BoolList
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		v, err := strconv.ParseBool(item)
		if err != nil {
			return nil, fmt.Errorf("sweep: %q is not true or false", item)
		}
		out = append(out, v)
	}
	return out, nil
}

// UnmarshalYAML accepts a sequence of booleans, a boolean, or a
// comma-separated string.
func (l *BoolList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "true or false")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		v, err := ParseBoolList(it.Value)
		if err != nil {
			return &lineError{it.Line, strings.TrimPrefix(err.Error(), "sweep: ")}
		}
		*l = append(*l, v...)
	}
	return nil
}

// StrList is a list of strings.
type StrList []string

// ParseStrList splits a comma-separated list.
func ParseStrList(s string) StrList {
	var out StrList
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// UnmarshalYAML accepts a sequence of strings, or a comma-separated one.
func (l *StrList) UnmarshalYAML(n *yaml.Node) error {
	items, err := scalars(n, "a string")
	if err != nil {
		return err
	}
	*l = nil
	for _, it := range items {
		*l = append(*l, ParseStrList(it.Value)...)
	}
	return nil
}
