package dsl

import (
	"fmt"
	"math/big"

	"github.com/systole-hdl/systole/bits"
	"github.com/systole-hdl/systole/internal/dslir"
)

// Init sets the memory's initial contents, word 0 first; the words after
// them start at zero. A memory with contents and no Write is a ROM. Every
// word must fit the memory's type (for an SInt memory, as a two's
// complement bit pattern of its width); more words than the depth is an
// error. The contents are part of the Verilog (an initial block that
// Verilator, Icarus and Yosys read, in simulation and synthesis) and of
// every simulation.
func (mem *Mem) Init(words ...uint64) {
	ws := make([]*big.Int, len(words))
	for i, w := range words {
		ws[i] = new(big.Int).SetUint64(w)
	}
	mem.initAt(ws, callerPos())
}

// InitBig is Init for words of any width.
func (mem *Mem) InitBig(words ...*big.Int) { mem.initAt(words, callerPos()) }

func (mem *Mem) initAt(words []*big.Int, pos srcPos) {
	t := fromIR(mem.ir.Type)
	t.signed = false // contents are bit patterns
	out := make([]bits.Value, len(words))
	for i, w := range words {
		v, err := fit(t, w)
		if err != "" {
			mem.m.record(&dslir.Stmt{Kind: dslir.Error, Pos: pos, Signal: mem.ir.Name, Msg: fmt.Sprintf("memory %s: initial word %d: %s", mem.ir.Name, i, err)})
			return
		}
		out[i] = v
	}
	if len(out) > mem.ir.Depth {
		mem.m.record(&dslir.Stmt{Kind: dslir.Error, Pos: pos, Signal: mem.ir.Name, Msg: fmt.Sprintf("memory %s: %d initial words for a depth of %d", mem.ir.Name, len(out), mem.ir.Depth)})
		return
	}
	mem.ir.Init = out
}
