package testbench

import (
	"testing"

	"github.com/systole-hdl/systole/elaborate"
	"github.com/systole-hdl/systole/examples"
	"github.com/systole-hdl/systole/rtlsim"
)

// The lanes share their settles and edges: one of each per round, however
// many lanes there are and whatever order they poke and peek in.
func TestLanesShareRounds(t *testing.T) {
	d, err := elaborate.Elaborate(examples.FIFO{Width: 8, Depth: 4})
	if err != nil {
		t.Fatal(err)
	}
	const cycles = 50
	// Per cycle: a Peek after the edge (served at once: no lane's Pokes
	// are queued, the first such Peek settles the batch for all), Pokes,
	// a Peek of count (a register's output, which Pokes cannot reach:
	// served at once), a Peek of the poked input (a round: the queued
	// Pokes applied, one settle), the edge. The first Peek of count,
	// after the lane's first Poke, is served at once too.
	test := func(b *Bench) error {
		be := b.Backend()
		valid, data, count, ready := b.Port("in_valid"), b.Port("in_data"), b.Port("count"), b.Port("out_ready")
		r := b.Rand("stimulus")
		be.PokeUint64(ready, 0)
		for range cycles {
			be.PeekUint64(count)
			be.PokeUint64(valid, r.Uint64N(2))
			be.PokeUint64(data, r.Uint64())
			be.PeekUint64(count)
			be.Peek(data)
			be.Step()
		}
		return nil
	}
	for _, lanes := range []int{1, 3, 17} {
		batch, err := rtlsim.CompileBatch(d, lanes)
		if err != nil {
			t.Fatal(err)
		}
		s := runLanes(batch, SeedLanes(test, make([]uint64, lanes)...))
		for i, err := range s.errs {
			if err != nil {
				t.Errorf("%d lanes: lane %d: %v", lanes, i, err)
			}
		}
		if s.rounds.edges != cycles || s.rounds.settles != cycles {
			t.Errorf("%d lanes: %d settles and %d edges, want %d and %d", lanes, s.rounds.settles, s.rounds.edges, cycles, cycles)
		}
		if got := batch.Cycle(); got != cycles {
			t.Errorf("%d lanes: the batch took %d edges, want %d", lanes, got, cycles)
		}
	}
}
