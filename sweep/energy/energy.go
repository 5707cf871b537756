package energy

import (
	"math"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/tiling"
)

// This file is the energy model: a cost per operation, times the
// operations the RTL performed (tiling.Activity) and the memory traffic of
// the tiling driver (tiling.GEMMTraffic). docs/sweep.md states it with its
// sources; in short, at 45 nm and 0.9 V, without scaling (Horowitz,
// "Computing's Energy Problem (and what we can do about it)", ISSCC 2014,
// the table of energy per operation):
//
//   - a MAC of InWidth-bit operands into an AccWidth-bit sum: an integer
//     multiply (3.1 pJ at 32 bits, scaled by the square of the width:
//     0.19 pJ at 8, where Horowitz gives 0.2) plus an add (0.1 pJ at 32
//     bits, scaled by the width: 0.025 at 8, where he gives 0.03);
//   - a register bit written: 1/8 of Horowitz's 8-bit add, 0.00375 pJ:
//     an assumption (the source has no flip-flop figure) of the order of
//     a 45 nm flip-flop with its share of the clock tree;
//   - an SRAM of a given size: 64-bit accesses cost 10 pJ at 8 KB, 20 pJ
//     at 32 KB and 100 pJ at 1 MB, log-interpolated between those sizes
//     and held beyond them (52.5 pJ at 256 KiB); a write costs as a read;
//   - a word of the ws core's accumulator memory (acc_rows rows of Cols
//     AccWidth-bit sums), read or written: its bits at that SRAM curve,
//     for the memory's own size;
//   - a bit of the core's other memories (its output buffer): the 8 KB
//     SRAM's 10 pJ per 64-bit access;
//   - a bit of an operand buffer (spec.BufferBytes unless the spec says
//     otherwise): the SRAM curve at its size;
//   - a bit of DRAM: 1.3-2.6 nJ per 64 bits, the midpoint 1.95 nJ.

// Breakdown is a GEMM's energy by component, in picojoules.
type Breakdown struct {
	MACEnergy  float64 `json:"energy_mac_pj"`  // the PEs' multiply-accumulates
	RegEnergy  float64 `json:"energy_reg_pj"`  // register writes
	MemEnergy  float64 `json:"energy_mem_pj"`  // the core's memories but the accumulator
	AccEnergy  float64 `json:"energy_acc_pj"`  // the ws accumulator memory
	SRAMEnergy float64 `json:"energy_sram_pj"` // the operand buffers
	DRAMEnergy float64 `json:"energy_dram_pj"`
}

// Sum is the total of the components.
func (e Breakdown) Sum() float64 {
	return e.MACEnergy + e.RegEnergy + e.MemEnergy + e.AccEnergy + e.SRAMEnergy + e.DRAMEnergy
}

// Energy per operation (picojoules) at 45 nm, 0.9 V.
const (
	mul32pJ        = 3.1 // 32-bit integer multiply
	add32pJ        = 0.1 // 32-bit integer add
	regBitpJ       = 0.03 / 8
	sram8KB64pJ    = 10.0 // 64-bit access of an 8 KB SRAM
	sram32KB64pJ   = 20.0
	sram1MB64pJ    = 100.0
	dram64pJ       = 1950.0
	sramTinyBytes  = 8 << 10
	sramSmallBytes = 32 << 10
	sramLargeBytes = 1 << 20
)

// MACpJ is the energy of one multiply-accumulate of in-bit operands into
// an acc-bit sum.
func MACpJ(in, acc int) float64 {
	w := float64(in) / 32
	return mul32pJ*w*w + add32pJ*float64(acc)/32
}

// SRAMBitpJ is the energy of one bit read or written in an SRAM of size
// bytes (log-interpolated between Horowitz's 8 KB, 32 KB and 1 MB points,
// and held at their values beyond them).
func SRAMBitpJ(size int64) float64 {
	s := math.Min(math.Max(float64(size), sramTinyBytes), sramLargeBytes)
	lo, hi, elo, ehi := float64(sramSmallBytes), float64(sramLargeBytes), sram32KB64pJ, sram1MB64pJ
	if s < sramSmallBytes {
		lo, hi, elo, ehi = sramTinyBytes, sramSmallBytes, sram8KB64pJ, sram32KB64pJ
	}
	f := math.Log(s/lo) / math.Log(hi/lo)
	return elo * math.Pow(ehi/elo, f) / 64
}

// AccWordpJ is the energy of one word (a row of Cols sums) read or
// written in c's accumulator memory: the SRAM curve at the memory's size.
func AccWordpJ(c systolic.Config) float64 {
	bits := int64(c.Cols) * int64(c.AccWidth)
	return float64(bits) * SRAMBitpJ(int64(c.AccRows)*bits/8)
}

// GEMM is the energy of a GEMM on c from what the RTL did and the
// traffic, with operand buffers of buffer bytes.
func GEMM(c systolic.Config, a tiling.Activity, t tiling.Traffic, buffer int64) Breakdown {
	accBits := (a.AccReads + a.AccWrites) * int64(c.Cols) * int64(c.AccWidth) // priced apart
	return Breakdown{
		MACEnergy:  float64(a.MACs) * MACpJ(c.InWidth, c.AccWidth),
		RegEnergy:  float64(a.RegBits) * regBitpJ,
		MemEnergy:  float64(a.MemReads+a.MemWrites-accBits) * sram8KB64pJ / 64,
		AccEnergy:  float64(a.AccReads+a.AccWrites) * AccWordpJ(c),
		SRAMEnergy: float64(8*t.SRAMBytes()) * SRAMBitpJ(buffer),
		DRAMEnergy: float64(8*t.DRAMBytes()) * dram64pJ / 64,
	}
}
