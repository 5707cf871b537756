package tiling

import (
	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/workload"
)

// This file is the memory traffic of a GEMM run by the tiling driver:
// what the operand buffers (SRAM) beside the array read and write, and
// what the DRAM behind them must deliver for a stated buffer size, in
// SCALE-Sim's terms (ifmap = A, filter = B, ofmap = C), with the
// bandwidth a point needs to run at its simulated speed, without stalls.
//
// SRAM side, in elements (the driver's padding is made, not read):
//
//	                    A reads      B reads         C writes      C reads
//	ws                  M·K·⌈N/C⌉    K·N             M·N·⌈K/R⌉     M·N·(⌈K/R⌉−1)
//	ws, acc_rows > 0    M·K·⌈N/C⌉    K·N·⌈M/acc⌉     M·N           0
//	os                  M·K·⌈N/C⌉    K·N·⌈M/R⌉       M·N           0
//
// ws streams A once per N-tile. Without an accumulator it writes each
// K-tile's partial sums to the C buffer and reads the previous ones back
// to add them (the driver does it in Go, as an accumulator SRAM beside
// the array would). With one (and K over R) the core keeps the partial
// sums in its own memory (counted in Activity, not here) and C leaves
// once, but the weights are streamed again for every chunk of acc_rows
// rows of A (⌈M/acc⌉, 1 when M fits; see schedule.go). os streams A once
// per N-tile and B once per M-tile and writes each element of C once. A
// and B elements are InWidth bits, C's AccWidth bits. Without an
// accumulator these are SCALE-Sim v2's SRAM counts (its ws "ofmap
// writes" are the partial sums; it does not count their reads back),
// except os's ofmap writes, where SCALE-Sim reports R·C + 2C a fold.
//
// DRAM side, for buffers (A, B and C) of spec.BufferBytes each, or a
// spec's buffer_kib: an operand that fits its buffer is read from DRAM
// once (M·K, K·N); one that does not is read again on every pass, as its
// SRAM reads. C is written once (M·N) when it fits; ws partial sums that
// do not fit spill: the C columns above, to and from DRAM.

// Traffic is a GEMM's memory traffic, in bytes.
type Traffic struct {
	ASRAMRead  int64 `json:"a_sram_read_bytes"`
	BSRAMRead  int64 `json:"b_sram_read_bytes"`
	CSRAMWrite int64 `json:"c_sram_write_bytes"`
	CSRAMRead  int64 `json:"c_sram_read_bytes"`
	ADRAMRead  int64 `json:"a_dram_read_bytes"`
	BDRAMRead  int64 `json:"b_dram_read_bytes"`
	CDRAMWrite int64 `json:"c_dram_write_bytes"`
	CDRAMRead  int64 `json:"c_dram_read_bytes"`
}

// SRAMBytes is the total of the SRAM columns.
func (t Traffic) SRAMBytes() int64 { return t.ASRAMRead + t.BSRAMRead + t.CSRAMWrite + t.CSRAMRead }

// DRAMBytes is the total of the DRAM columns.
func (t Traffic) DRAMBytes() int64 { return t.ADRAMRead + t.BDRAMRead + t.CDRAMWrite + t.CDRAMRead }

// bytesOf is the bytes of n elements of w bits, packed.
func bytesOf(n int64, w int) int64 { return (n*int64(w) + 7) / 8 }

// GEMMTraffic is g's traffic on c's array through the tiling driver, the
// DRAM side for buffers of buffer bytes each.
func GEMMTraffic(c systolic.Config, g workload.GEMM, buffer int64) Traffic {
	m, k, n := int64(g.M), int64(g.K), int64(g.N)
	mt, kt, nt := int64(ceilDiv(g.M, c.Rows)), int64(ceilDiv(g.K, c.Rows)), int64(ceilDiv(g.N, c.Cols))
	in, acc := c.InWidth, c.AccWidth
	var t Traffic
	t.ASRAMRead = bytesOf(m*k*nt, in)
	if c.Dataflow == systolic.OS {
		t.BSRAMRead = bytesOf(k*n*mt, in)
		t.CSRAMWrite = bytesOf(m*n, acc)
	} else if s := newWSSchedule(c, g, c.AccRows); s.accumulate {
		t.BSRAMRead = bytesOf(k*n*int64(s.chunks), in)
		t.CSRAMWrite = bytesOf(m*n, acc)
	} else {
		t.BSRAMRead = bytesOf(k*n, in)
		t.CSRAMWrite = bytesOf(m*n*kt, acc)
		t.CSRAMRead = bytesOf(m*n*(kt-1), acc)
	}
	once := func(elems int64, w int, sram int64) int64 {
		if b := bytesOf(elems, w); b <= buffer {
			return b
		}
		return sram
	}
	t.ADRAMRead = once(m*k, in, t.ASRAMRead)
	t.BDRAMRead = once(k*n, in, t.BSRAMRead)
	t.CDRAMWrite = once(m*n, acc, t.CSRAMWrite)
	if t.CDRAMWrite != bytesOf(m*n, acc) {
		t.CDRAMRead = t.CSRAMRead
	}
	return t
}

// PeakSRAMBytesPerCycle is the SRAM bandwidth c's streams take when every
// stream moves a beat a cycle, as they do in the steady state: ws, a row
// of A (Rows operands), a row of weights (Cols) and a row of C (Cols sums)
// written, plus, without an accumulator, the partial sums read back to
// add; os, a column of A and a row of B a k-step, and a row of C. The
// operand buffers must supply it for the point to run without stalls.
func PeakSRAMBytesPerCycle(c systolic.Config) float64 {
	bits := (c.Rows+c.Cols)*c.InWidth + c.Cols*c.AccWidth
	if c.Dataflow != systolic.OS && c.AccRows == 0 {
		bits += c.Cols * c.AccWidth
	}
	return float64(bits) / 8
}
