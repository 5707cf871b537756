package lib

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// MaxArbiterN is the most requesters an Arbiter serves (its logic grows
// with the square of N).
const MaxArbiterN = 64

// Arbiter is a round-robin arbiter over N requesters: of the requests in
// req, it grants the first at or after the one after the last granted,
// wrapping around, so every requester that keeps asking is served within
// N grants (see the package doc for its ports and timing).
type Arbiter struct {
	N    int
	Name string // the module name; "" for Arbiter_<N>
}

// ModuleName implements the naming of dsl.Generator.
func (a Arbiter) ModuleName() string {
	if a.Name != "" {
		return a.Name
	}
	return fmt.Sprintf("Arbiter_%d", a.N)
}

// Build implements dsl.Generator.
func (a Arbiter) Build(m *dsl.Module) {
	if a.N < 1 || a.N > MaxArbiterN {
		m.Errorf("Arbiter of %d requesters: N must be 1 to %d", a.N, MaxArbiterN)
		return
	}
	iw := max(1, bits.Len(uint(a.N-1)))
	req := m.Input("req", dsl.UInt(a.N))
	take := m.Input("take", dsl.Bool())
	// last is the requester granted last (after reset: N-1, so that
	// requester 0 comes first).
	last := m.Reg("last", dsl.UInt(iw), dsl.Init(a.N-1))
	// For each value of last, the first requester after it: a priority
	// encoder over the requests in that rotation.
	pick := make([]dsl.Signal, a.N)
	for l := range a.N {
		p := dsl.Const(dsl.UInt(iw), 0)
		for k := a.N; k >= 1; k-- { // the first in the rotation wins: it is muxed in last
			i := (l + k) % a.N
			p = dsl.Mux(req.Bit(i), i, p)
		}
		pick[l] = p
	}
	index := m.Named("index", dsl.VecOf(pick...).Index(last))
	any := m.Named("any", req.OrR())
	grant := m.Output("grant", dsl.UInt(a.N))
	grant.Set(dsl.Mux(any, dsl.U(a.N, 1).ShlBy(index), 0))
	m.Output("grant_index", dsl.UInt(iw)).Set(index)
	m.Output("valid", dsl.Bool()).Set(any)
	m.When(take.And(any), func() { last.Set(index) })
}
