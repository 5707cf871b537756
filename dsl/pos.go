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
type Pos struct {
	File string
	Line int
}

func (p Pos) String() string { return srcPos(p).String() }

// srcPos is Pos as the recorded description holds it.
type srcPos = dslir.Pos

// Every node records its caller's position, so finding it must be cheap: a
// large array records millions of nodes from a few hundred call sites.
// Unwinding the stack is unavoidable (runtime.Callers), but turning a
// program counter into a function, file and line is done once per counter:
// frames caches, per counter, whether its frame is blamed and its position.
// Marking a new helper changes which frames are blamed, so it empties the
// cache.
var posCache struct {
	mu      sync.RWMutex
	helpers map[string]bool    // functions marked with Helper
	marked  map[uintptr]bool   // counters of Helper calls already recorded
	frames  map[uintptr]pcInfo // what callerPos learnt of a counter
}

// pcInfo is what callerPos needs of one program counter of a stack.
type pcInfo struct {
	pos   srcPos
	blame bool // the frame is outside package dsl and outside helpers
}

// Helper marks the calling function as a helper of generator code, like
// testing.T.Helper: positions recorded by nodes built inside it (and inside
// the dsl itself) name the helper's caller instead. Call it first thing in a
// reusable function that builds hardware for its caller.
func Helper() {
	var pc [1]uintptr
	if runtime.Callers(2, pc[:]) != 1 {
		return
	}
	c := &posCache
	c.mu.RLock()
	done := c.marked[pc[0]]
	c.mu.RUnlock()
	if done {
		return
	}
	f, _ := runtime.CallersFrames(pc[:]).Next()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.marked == nil {
		c.marked, c.helpers = map[uintptr]bool{}, map[string]bool{}
	}
	c.marked[pc[0]] = true
	if !c.helpers[f.Function] {
		c.helpers[f.Function] = true
		c.frames = nil
	}
}

const dslPkg = "github.com/systole-hdl/systole/dsl."

// callerPos returns the position of the first caller outside package dsl
// and outside functions marked with Helper.
func callerPos() srcPos {
	// Most nodes are built one or two dsl frames below the user's code:
	// unwind three frames first, then eight (a few nested helpers, such as
	// lib's delay lines), and the whole stack (as far as 32 frames) only
	// when they are all dsl or helper frames. Unwinding costs per frame.
	var pcs [32]uintptr
	done := 0
	for _, depth := range [...]int{3, 8, len(pcs)} {
		n := runtime.Callers(2, pcs[:depth])
		if pos, ok := blamed(pcs[done:n]); ok || n < depth {
			return pos
		}
		done = n
	}
	return srcPos{}
}

// blamed returns the position of the first frame of pcs that is blamed.
func blamed(pcs []uintptr) (srcPos, bool) {
	c := &posCache
	c.mu.RLock()
	k := 0
	for ; k < len(pcs); k++ {
		info, ok := c.frames[pcs[k]]
		if !ok {
			break
		}
		if info.blame {
			c.mu.RUnlock()
			return info.pos, true
		}
	}
	c.mu.RUnlock()
	if k == len(pcs) {
		return srcPos{}, false
	}
	// Learn the rest: a counter names one frame (runtime.Callers gives
	// inlined calls counters of their own).
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frames == nil {
		c.frames = map[uintptr]pcInfo{}
	}
	for _, pc := range pcs[k:] {
		info, ok := c.frames[pc]
		if !ok {
			info = frameInfo(pc, c.helpers)
			c.frames[pc] = info
		}
		if info.blame {
			return info.pos, true
		}
	}
	return srcPos{}, false
}

// frameInfo describes the frame of the counter pc.
func frameInfo(pc uintptr, helpers map[string]bool) pcInfo {
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	inDSL := strings.HasPrefix(f.Function, dslPkg) && !strings.HasSuffix(f.File, "_test.go")
	if inDSL || helpers[f.Function] || f.File == "" {
		return pcInfo{}
	}
	return pcInfo{pos: srcPos{File: filepath.Base(filepath.Dir(f.File)) + "/" + filepath.Base(f.File), Line: f.Line}, blame: true}
}
