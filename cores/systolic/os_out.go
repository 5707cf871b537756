package systolic

import (
	"fmt"

	"github.com/systole-hdl/systole/cores/fp"
	"github.com/systole-hdl/systole/dsl"
	"github.com/systole-hdl/systole/lib"
)

// This file is the os core's output stage (bias, ReLU, conversion; see
// outstage.go for the arithmetic), built only when c has one of them: a
// tile's settings (its bias vector, in_relu and in_shift) are taken when
// its last k-step issues and wait in the tile queue, a small FIFO, until
// the tile's rows leave the drain; then each row gets its bias (a
// register stage) and goes through the post block (another) into the
// output FIFO.

// hasOutStage reports whether the os core builds an output stage.
func (c Config) hasOutStage() bool { return c.Bias || c.hasPost() }

// outStages is the number of register stages the output stage adds to the
// latency: one for the bias add, one for the post block.
func (c Config) outStages() int {
	n := 0
	if c.Bias {
		n++
	}
	if c.hasPost() {
		n++
	}
	return n
}

// tileWidth is the width of a tile queue word: {shift, relu, bias}, each
// present only with its option.
func (c Config) tileWidth() int {
	w := c.ShiftWidth()
	if c.ReLU {
		w++
	}
	if c.Bias {
		w += c.Cols * c.AccWidth
	}
	return w
}

// packTile is a tile queue word of the signals given (invalid ones are
// absent): bias lowest, then relu, then shift.
func packTile(bias, relu, shift dsl.Signal) dsl.Signal {
	dsl.Helper()
	var parts []dsl.Signal // most significant first
	for _, s := range []dsl.Signal{shift, relu, bias} {
		if s.IsValid() {
			parts = append(parts, s.AsUInt())
		}
	}
	return dsl.Cat(parts...)
}

// tileQueueDepth bounds the tiles between a last k-step's issue and its
// last row's exit from the drain: each holds Rows credits of the output
// FIFO's Depth until its rows leave the core, except the oldest, which
// holds at least one (its last row's), so at most (Depth−1)/Rows + 1.
func (c Config) tileQueueDepth() int { return (c.osDepth()-1)/c.Rows + 1 }

// osOut is the output stage between the drain and the output FIFO.
//
// Ports: in (Cols lanes of AccWidth), in_valid (a row of C from the
// drain), tile, tile_valid (the head of the tile queue) in; tile_pop (the
// tile's last row passes), out (Cols lanes of OutElemWidth), out_valid
// out. A row leaves outStages() edges after it enters. Without per-tile
// settings (a float conversion alone) there is no tile queue and no tile
// ports.
type osOut struct{ c Config }

func (o osOut) ModuleName() string { return o.c.TopName() + "_out_stage" }

// Build implements dsl.Generator.
func (o osOut) Build(m *dsl.Module) {
	c := o.c
	in := m.InputVec("in", c.Cols, dsl.UInt(c.AccWidth))
	valid := m.Input("in_valid", dsl.Bool())
	var tile dsl.Signal
	if c.tileWidth() > 0 {
		tile = m.Input("tile", dsl.UInt(c.tileWidth()))
		tileValid := m.Input("tile_valid", dsl.Bool())
		_, lastRow := lib.WrapCounter(m, "row", c.Rows, valid)
		m.Output("tile_pop", dsl.Bool()).Set(valid.And(lastRow))
		m.When(valid, func() {
			m.Assert(tileValid, "a tile's settings are queued before its rows leave the drain")
		})
	}

	// Split the tile word.
	pos := 0
	field := func(w int) dsl.Signal {
		dsl.Helper()
		s := tile.Bits(pos+w-1, pos)
		pos += w
		return s
	}
	var relu, shift dsl.Signal
	rows := make([]dsl.Signal, c.Cols)
	for j := range rows {
		rows[j] = in.At(j)
	}
	if c.Bias {
		bias := field(c.Cols * c.AccWidth)
		_, float := c.Float()
		for j := range rows {
			b := bias.Bits((j+1)*c.AccWidth-1, j*c.AccWidth)
			if float {
				add := m.Instance(fmt.Sprintf("bias_add_%d", j), fp.Adder{Prefix: c.TopName() + "_"})
				add.Port("x").Set(b)
				add.Port("y").Set(rows[j])
				rows[j] = add.Port("s")
			} else {
				rows[j] = b.Add(rows[j])
			}
		}
	}
	if c.ReLU {
		relu = field(1).Bit(0)
	}
	if sw := c.ShiftWidth(); sw > 0 {
		shift = field(sw)
	}

	data := dsl.VecOf(rows...).Pack()
	if c.Bias {
		// Register the biased row with its settings.
		valid = lib.Delay(m, "biased_valid", valid, 1, dsl.Init(0))
		data = lib.Delay(m, "biased", data, 1)
		if relu.IsValid() {
			relu = lib.Delay(m, "biased_relu", relu, 1)
		}
		if shift.IsValid() {
			shift = lib.Delay(m, "biased_shift", shift, 1)
		}
	}
	if c.hasPost() {
		p := m.Instance("post", c.post())
		p.Port("in").Set(data)
		if relu.IsValid() {
			p.Port("relu").Set(relu)
		}
		if shift.IsValid() {
			p.Port("shift").Set(shift)
		}
		valid = lib.Delay(m, "post_valid", valid, 1, dsl.Init(0))
		data = lib.Delay(m, "post_out", p.Port("out"), 1)
	}
	m.Output("out", dsl.UInt(c.Cols*c.OutElemWidth())).Set(data)
	m.Output("out_valid", dsl.Bool()).Set(valid)
}
