package lib

import (
	"fmt"
	"math/bits"

	"github.com/systole-hdl/systole/dsl"
)

// WrapCounter adds a register name to m that counts 0, 1, ... n-1, 0, ...
// advancing on every edge where inc is 1 (and the enclosing When
// conditions hold), reset to 0. It returns the count and last, which is 1
// while the count is n-1 (the terminal count). The register is the
// fewest bits that hold n-1 (at least 1).
func WrapCounter(m *dsl.Module, name string, n int, inc dsl.Signal) (count, last dsl.Signal) {
	dsl.Helper()
	w := max(1, bits.Len(uint(max(n, 1)-1)))
	if n < 1 {
		m.Errorf("WrapCounter %s counts to %d: n must be at least 1", name, n)
		n = 1
	}
	count = m.Reg(name, dsl.UInt(w), dsl.Init(0))
	last = count.Eq(n - 1)
	m.When(inc, func() {
		dsl.Helper()
		count.Set(dsl.Mux(last, 0, count.Add(1)))
	})
	return count, last
}

// Counter is a counter module of N values, 0..N-1, that wraps: up by one
// on an edge where up is 1, down by one where down is 1 (Down set; both
// at once hold), reset to 0 (see the package doc for its ports).
type Counter struct {
	N    int
	Down bool   // an up/down counter: has the down input and the first output
	Name string // the module name; "" for Counter_<N>[_updown]
}

// ModuleName implements the naming of dsl.Generator.
func (c Counter) ModuleName() string {
	switch {
	case c.Name != "":
		return c.Name
	case c.Down:
		return fmt.Sprintf("Counter_%d_updown", c.N)
	}
	return fmt.Sprintf("Counter_%d", c.N)
}

// Build implements dsl.Generator.
func (c Counter) Build(m *dsl.Module) {
	if c.N < 1 {
		m.Errorf("Counter of %d values: N must be at least 1", c.N)
		return
	}
	up := m.Input("up", dsl.Bool())
	if !c.Down {
		count, last := WrapCounter(m, "count", c.N, up)
		m.Output("value", count.Type()).Set(count)
		m.Output("last", dsl.Bool()).Set(last)
		return
	}
	down := m.Input("down", dsl.Bool())
	w := max(1, bits.Len(uint(c.N-1)))
	count := m.Reg("count", dsl.UInt(w), dsl.Init(0))
	last, first := count.Eq(c.N-1), count.Eq(0)
	m.When(up.And(down.Not()), func() {
		count.Set(dsl.Mux(last, 0, count.Add(1)))
	}).ElseWhen(down.And(up.Not()), func() {
		count.Set(dsl.Mux(first, c.N-1, count.Sub(1)))
	})
	m.Output("value", count.Type()).Set(count)
	m.Output("last", dsl.Bool()).Set(last)
	m.Output("first", dsl.Bool()).Set(first)
}
