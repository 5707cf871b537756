package energy

import (
	"math"
	"testing"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/sweep/spec"
	"github.com/systole-hdl/systole/sweep/tiling"
)

// TestEnergyModel: the per-operation energies meet Horowitz's 45 nm
// figures they come from.
func TestEnergyModel(t *testing.T) {
	near := func(what string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got-want) > tol*want {
			t.Errorf("%s: %.4g pJ, want %.4g ± %.0f%%", what, got, want, 100*tol)
		}
	}
	near("8-bit multiply (0.2 pJ)", MACpJ(8, 0), 0.2, 0.05)
	near("32-bit multiply-add (3.1 + 0.1 pJ)", MACpJ(32, 32), 3.2, 1e-9)
	near("8-bit add (0.03 pJ)", MACpJ(0, 8), 0.03, 0.2)
	near("32 KB SRAM, 64 bits (20 pJ)", 64*SRAMBitpJ(32<<10), 20, 1e-9)
	near("1 MB SRAM, 64 bits (100 pJ)", 64*SRAMBitpJ(1<<20), 100, 1e-9)
	near("256 KiB SRAM, 64 bits", 64*SRAMBitpJ(256<<10), 52.53, 0.001)
	near("8 KB SRAM, 64 bits (10 pJ)", 64*SRAMBitpJ(8<<10), 10, 1e-9)
	near("16 KB SRAM, 64 bits (between 10 and 20 pJ)", 64*SRAMBitpJ(16<<10), math.Sqrt(200), 1e-9)
	near("1 KB SRAM, 64 bits (held at 8 KB's)", 64*SRAMBitpJ(1<<10), 10, 1e-9)
	near("4 MB SRAM, 64 bits (held at 1 MB's)", 64*SRAMBitpJ(4<<20), 100, 1e-9)
	c := systolic.Config{Rows: 4, Cols: 4, InWidth: 8, AccWidth: 32}
	e := GEMM(c, tiling.Activity{MACs: 10, RegBits: 800, MemReads: 64, MemWrites: 64}, tiling.Traffic{ASRAMRead: 8, CDRAMWrite: 8}, spec.BufferBytes)
	want := Breakdown{MACEnergy: 10 * MACpJ(8, 32), RegEnergy: 3, MemEnergy: 20, SRAMEnergy: 64 * SRAMBitpJ(spec.BufferBytes), DRAMEnergy: 1950}
	if math.Abs(e.Sum()-want.Sum()) > 1e-9 || e != want {
		t.Errorf("GEMM: %+v, want %+v", e, want)
	}
}

// TestAccumulatorEnergy: an accumulator word costs its Cols·AccWidth bits
// at the SRAM curve for the accumulator's size, and its bits leave the
// other memories' figure.
func TestAccumulatorEnergy(t *testing.T) {
	// 512 rows of 16 32-bit sums: 32 KB, 20 pJ per 64 bits; a word is 512
	// bits, 160 pJ.
	c := systolic.Config{Rows: 16, Cols: 16, InWidth: 8, AccWidth: 32, Dataflow: systolic.WS, AccRows: 512}
	if got := AccWordpJ(c); math.Abs(got-160) > 1e-9 {
		t.Errorf("AccWordpJ = %g, want 160 (512 bits of a 32 KB SRAM)", got)
	}
	a := tiling.Activity{MemReads: 3*512 + 640, MemWrites: 2 * 512, AccReads: 3, AccWrites: 2}
	e := GEMM(c, a, tiling.Traffic{}, spec.BufferBytes)
	if math.Abs(e.AccEnergy-5*160) > 1e-9 || math.Abs(e.MemEnergy-640*10.0/64) > 1e-9 || math.Abs(e.Sum()-e.AccEnergy-e.MemEnergy) > 1e-9 {
		t.Errorf("GEMM: %+v; want 800 pJ for the accumulator, 100 pJ for the other memory's 640 bits", e)
	}
}
