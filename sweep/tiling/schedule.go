package tiling

import (
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// This file is the ws schedule: the batches in which the driver streams
// a GEMM through the weight-stationary core, and what they cost.
//
// B is cut into weight tiles of Rows×Cols (K-tile k, N-tile n; zero
// padded at the edges). Each batch uses one weight tile, loaded into the
// core's double buffer while the batch before it streams, and streams
// rows of A's K-slice k. The order is N-tile by N-tile; within an
// N-tile, chunk by chunk of A's rows; within a chunk, the K-tiles in
// order.
//
// Without an accumulator (acc_rows 0), or when K fits one tile, a batch
// is all M rows of A (one chunk) and every batch's rows leave the core:
// without an accumulator they are partial sums over one K-tile, which
// the driver adds in Go (see expected for the order). With an
// accumulator and more than one K-tile the core adds them itself: the
// batch of K-tile 0 has a_acc=0 (its rows are the column sums), the
// later ones a_acc=1 (the column sums are added to the accumulator
// rows), and only the last K-tile's has a_out=1 (its rows, C's, leave
// the core); every other batch has a_out=0. A batch with a_acc=1 or
// a_out=0 has at most acc_rows rows, so M is cut into chunks of
// acc_rows rows (the last one shorter).

// wsSchedule is the ws batches of one GEMM on one core.
type wsSchedule struct {
	kt, nt     int  // K-tiles, N-tiles
	m          int  // rows of A
	chunk      int  // rows of a chunk: all M, or acc_rows
	chunks     int  // chunks of A's rows, ⌈M/chunk⌉
	accumulate bool // the core adds the K-tiles (a_acc, a_out)
}

// newWSSchedule is g's schedule on c's array with an accumulator of
// accRows rows (0 for none).
func newWSSchedule(c systolic.Config, g workload.GEMM, accRows int) wsSchedule {
	s := wsSchedule{kt: ceilDiv(g.K, c.Rows), nt: ceilDiv(g.N, c.Cols), m: g.M, chunk: g.M, chunks: 1}
	if accRows > 0 && s.kt > 1 {
		s.accumulate = true
		s.chunk = min(accRows, g.M)
		s.chunks = ceilDiv(g.M, s.chunk)
	}
	return s
}

// wsBatch is one batch: A's rows m0..m0+rows-1 of K-slice k against the
// weight tile (k, n), with its sidebands.
type wsBatch struct {
	k, n, m0, rows int
	acc, out       bool // a_acc, a_out
}

// batches is the number of batches (and of weight tiles loaded).
func (s wsSchedule) batches() int { return s.nt * s.chunks * s.kt }

// batch returns batch b (0 <= b < batches()).
func (s wsSchedule) batch(b int) wsBatch {
	per := s.chunks * s.kt // batches of one N-tile
	n, r := b/per, b%per
	ch, k := r/s.kt, r%s.kt
	m0 := ch * s.chunk
	return wsBatch{k: k, n: n, m0: m0, rows: min(s.chunk, s.m-m0),
		acc: s.accumulate && k > 0, out: !s.accumulate || k == s.kt-1}
}

// beats is the number of rows the core emits: every batch's, or only the
// last K-tile's with accumulation.
func (s wsSchedule) beats() int {
	if s.accumulate {
		return s.nt * s.m
	}
	return s.nt * s.kt * s.m
}

// beat says where emitted row i belongs: N-tile n, row m of C, whether
// it carries c_last (the last row of its batch), and whether it is a
// partial sum over K-tile k that the driver adds (without accumulation
// and more than one K-tile), else C's final value.
func (s wsSchedule) beat(i int) (n, m, k int, last, partial bool) {
	per := s.m // rows emitted per N-tile and K-tile
	if !s.accumulate {
		per = s.kt * s.m
	}
	n, r := i/per, i%per
	k, m = r/s.m, r%s.m
	last = (m+1)%s.chunk == 0 || m == s.m-1
	return n, m, k, last, !s.accumulate && s.kt > 1
}

// cycles is the schedule's documented cycle count on c (see
// FormulaCycles) and its tolerance.
//
// A batch's rows stream one a cycle; the next batch starts at once when
// its weight tile has loaded during this one, which takes minRows =
// Rows + max(Cols-1, 1) cycles, so a batch of fewer rows waits for it.
// The last batch's last row leaves WSLatency cycles after it enters:
//
//	cycles = Σ over all batches but the last of max(rows, minRows) + rows of the last + WSLatency
//
// exact when no batch but the last is shorter than minRows, else within
// one cycle per such batch (its boundary's wait). With equal batches of
// M >= minRows rows it is WSCycles(T, M).
func (s wsSchedule) cycles(c systolic.Config) (cycles, tol int) {
	minRows := c.Rows + max(c.Cols-1, 1)
	// Batches come in chunks of chunk rows and a last chunk of rest rows
	// (rest = chunk when the chunks divide M), each chunk kt times per
	// N-tile.
	rest := s.m - (s.chunks-1)*s.chunk
	full := s.nt * (s.chunks - 1) * s.kt // batches of chunk rows
	short := s.nt * s.kt                 // batches of rest rows, the last one among them
	wait := func(rows, n int) (int, int) {
		if rows < minRows {
			return n * minRows, n
		}
		return n * rows, 0
	}
	a, ta := wait(s.chunk, full)
	b, tb := wait(rest, short-1)
	return a + b + rest + c.WSLatency(), ta + tb
}
