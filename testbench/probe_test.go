package testbench_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/systole-hdl/systole/testbench"
)

// sampled records PeekUint64 of ports in every Sample, by cycle.
type sampled struct {
	ports []testbench.Port
	at    map[uint64][]uint64
}

func (s *sampled) Drive(*testbench.Bench) {}
func (s *sampled) Sample(b *testbench.Bench) {
	vals := make([]uint64, len(s.ports))
	for i, p := range s.ports {
		vals[i] = b.Backend().PeekUint64(p)
	}
	s.at[b.Cycle()] = vals
}

// TestRunLanesProbe: on every edge a Probe reads, in every lane, what
// that lane's Sample read before the same edge; lanes differ.
func TestRunLanesProbe(t *testing.T) {
	d := fifo(t)
	nets := []string{"count", "out_data", "out_valid", "in_ready"}
	for _, n := range []int{1, 5} {
		t.Run(fmt.Sprintf("lanes%d", n), func(t *testing.T) {
			recs := make([]*sampled, n)
			var lanes []testbench.Lane
			for l := range n {
				recs[l] = &sampled{at: map[uint64][]uint64{}}
				lanes = append(lanes, testbench.Lane{Seed: uint64(l + 1), Test: func(b *testbench.Bench) error {
					for _, name := range nets {
						recs[l].ports = append(recs[l].ports, b.Port(name))
					}
					b.Add(recs[l])
					for range l * 3 { // lanes start their traffic apart
						if err := b.Tick(); err != nil {
							return err
						}
					}
					return fifoTest(30+10*l, 0.2*float64(l%3), 0.3)(b)
				}})
			}
			var edges [][][]uint64 // by edge, net, lane
			errs, err := testbench.RunLanesProbe(d, lanes, testbench.Probe{Nets: nets, Edge: func(peek func(int) []uint64) {
				e := make([][]uint64, len(nets))
				for i := range nets {
					e[i] = append([]uint64(nil), peek(i)...)
				}
				edges = append(edges, e)
			}})
			require.NoError(t, err)
			for _, e := range errs {
				require.NoError(t, e)
			}
			differ, nonzero := false, false
			for l, r := range recs {
				require.NotEmpty(t, r.at)
				for c, vals := range r.at {
					require.Less(t, c, uint64(len(edges)))
					for i, v := range vals {
						require.Len(t, edges[c][i], n)
						if got := edges[c][i][l]; got != v {
							t.Fatalf("lane %d cycle %d %s: probe %d, Sample %d", l, c, nets[i], got, v)
						}
						nonzero = nonzero || v != 0
						differ = differ || edges[c][i][l] != edges[c][i][0]
					}
				}
			}
			require.True(t, nonzero)
			require.Equal(t, n > 1, differ, "lanes should differ")
		})
	}
}

func TestRunLanesProbeErrors(t *testing.T) {
	d := fifo(t)
	lanes := []testbench.Lane{{Test: func(b *testbench.Bench) error { return nil }}}
	_, err := testbench.RunLanesProbe(d, lanes, testbench.Probe{Nets: []string{"nope"}, Edge: func(func(int) []uint64) {}})
	require.ErrorContains(t, err, "nope")
	_, err = testbench.RunLanesProbe(d, lanes, testbench.Probe{Nets: []string{"count"}})
	require.ErrorContains(t, err, "without an Edge")
	_, err = testbench.RunLanesProbe(d, nil, testbench.Probe{Edge: func(func(int) []uint64) {}})
	require.Error(t, err)
}
