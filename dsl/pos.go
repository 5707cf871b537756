package dsl

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/systole-hdl/systole/internal/dslir"
)

// Pos is a place in the user's Go source: the file's directory and name,
// and the line, as in "examples/counter.go:12". The directory keeps two
// files of one name apart; the rest of the path is dropped so that the
// same generator gives the same positions on every machine.
type Pos = dslir.Pos

var helpers sync.Map // function name -> struct{}

// Helper marks the calling function as a helper of generator code, like
// testing.T.Helper: positions recorded by nodes built inside it (and inside
// the dsl itself) name the helper's caller instead. Call it first thing in a
// reusable function that builds hardware for its caller.
func Helper() {
	var pc [1]uintptr
	if runtime.Callers(2, pc[:]) == 1 {
		f, _ := runtime.CallersFrames(pc[:]).Next()
		helpers.Store(f.Function, struct{}{})
	}
}

const dslPkg = "github.com/systole-hdl/systole/dsl."

// callerPos returns the position of the first caller outside package dsl
// and outside functions marked with Helper.
func callerPos() Pos {
	var pcs [32]uintptr
	n := runtime.Callers(2, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		inDSL := strings.HasPrefix(f.Function, dslPkg) && !strings.HasSuffix(f.File, "_test.go")
		_, helper := helpers.Load(f.Function)
		if !inDSL && !helper && f.File != "" {
			return Pos{File: filepath.Base(filepath.Dir(f.File)) + "/" + filepath.Base(f.File), Line: f.Line}
		}
		if !more {
			return Pos{}
		}
	}
}
