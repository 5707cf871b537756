package bench

import (
	"fmt"
	"strings"

	"github.com/systole-hdl/systole/internal/vsim"
)

// Shape is how a bench driver reads a core's outputs in each cycle. Every
// shape pokes every input first and takes one clock edge per cycle.
type Shape string

const (
	// Testbench reads as a testbench does (cocotb, chiseltest, this
	// project's testbench package): the handshake outputs (names ending
	// in _ready or _valid) after the pokes, before the edge, to decide
	// the transfers; every other output (the result data) after the
	// edge. A simulator that settles the whole design on every read
	// after a change pays for two settles a cycle here.
	Testbench Shape = "testbench"
	// BeforeEdge reads every output after the pokes, before the edge:
	// one settle a cycle.
	BeforeEdge Shape = "before-edge"
)

// Shapes are the shapes, the default first.
var Shapes = []Shape{Testbench, BeforeEdge}

// ParseShape returns the shape named s.
func ParseShape(s string) (Shape, error) {
	for _, sh := range Shapes {
		if string(sh) == s {
			return sh, nil
		}
	}
	return "", fmt.Errorf("unknown shape %q: want %s or %s", s, Testbench, BeforeEdge)
}

// After returns, for each output, whether the shape reads it after the
// edge.
func (sh Shape) After(outs []vsim.Port) []bool {
	after := make([]bool, len(outs))
	if sh != Testbench {
		return after
	}
	for i, p := range outs {
		after[i] = !strings.HasSuffix(p.Name, "_ready") && !strings.HasSuffix(p.Name, "_valid")
	}
	return after
}
