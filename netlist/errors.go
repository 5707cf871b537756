package netlist

import (
	"fmt"
	"sort"
	"strings"
)

// Error is one problem found in a design, with the user's source position,
// the module it is in, the signal it names (when there is one) and optional
// notes that point at related places.
type Error struct {
	Pos    Pos
	Module string
	Signal string
	Msg    string
	Notes  []string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Module != "" {
		fmt.Fprintf(&b, "module %s: ", e.Module)
	}
	if e.Signal != "" {
		fmt.Fprintf(&b, "%s: ", e.Signal)
	}
	b.WriteString(e.Msg)
	for _, n := range e.Notes {
		b.WriteString("\n\tnote: ")
		b.WriteString(n)
	}
	return b.String()
}

// ErrorList is every error of one phase, reported together.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return fmt.Sprintf("%d errors:\n%s", len(l), strings.Join(msgs, "\n"))
}

// Err returns l as an error, or nil when l is empty. The list is sorted by
// position first, so the same design always reports in the same order.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Sort orders l by file, line, column, then message.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return l[i].Msg < l[j].Msg
	})
}

// Add appends an error.
func (l *ErrorList) Add(pos Pos, module, signal, format string, args ...any) *Error {
	e := &Error{Pos: pos, Module: module, Signal: signal, Msg: fmt.Sprintf(format, args...)}
	*l = append(*l, e)
	return e
}
