package emit

import (
	"bytes"
	"fmt"
)

// contentsNeedLoop reports whether a memory with initial contents has
// words after them, which contents zeroes in a loop.
func (e *modEmitter) contentsNeedLoop() bool {
	for i := range e.m.Mems {
		mem := &e.m.Mems[i]
		if kindOf(mem) != memUnread && len(mem.Init) > 0 && len(mem.Init) < mem.Depth {
			return true
		}
	}
	return false
}

// contents writes the initial contents of the memories that have them, in
// an initial block outside every guard: simulators load it, and Yosys
// reads it as the memory's initial value (a ROM in synthesis). It is
// inline, so the Verilog works from any directory (no $readmemh file).
func (e *modEmitter) contents(b *bytes.Buffer) {
	for i := range e.m.Mems {
		mem := &e.m.Mems[i]
		if kindOf(mem) == memUnread || len(mem.Init) == 0 {
			continue
		}
		name := e.names.Mems[i]
		fmt.Fprintf(b, "  // Initial contents of %s%s.\n  initial begin\n", name, e.at(mem.Pos))
		if len(mem.Init) < mem.Depth {
			fmt.Fprintf(b, "    for (%[1]s = 0; %[1]s < %[2]d; %[1]s = %[1]s + 1) %[3]s[%[1]s] = %[4]s;\n",
				e.names.Scratch, mem.Depth, name, zero(mem.Width))
		}
		for a, w := range mem.Init {
			fmt.Fprintf(b, "    %s[%d] = %s;\n", name, a, w)
		}
		b.WriteString("  end\n")
	}
}
