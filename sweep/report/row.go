package report

import (
	"github.com/systole-hdl/systole/sweep/energy"
	"github.com/systole-hdl/systole/sweep/tiling"
)

// Row is one (point, workload) result: every parameter and metric. An
// error row has Status "error" and says why in Error; its metrics are
// whatever was measured before the failure.
type Row struct {
	Point    string `json:"point"`
	Rows     int    `json:"rows"`
	Cols     int    `json:"cols"`
	InWidth  int    `json:"in_width"`
	AccWidth int    `json:"acc_width"`
	Signed   bool   `json:"signed"`
	Dataflow string `json:"dataflow"`
	Format   string `json:"format"`   // int, or a float format
	AccRows  int    `json:"acc_rows"` // the ws accumulator's rows (0: none)
	// The output stage: a bias stream, a ReLU, and the results' format
	// (int, fp32 for a float core without conversion, or the float
	// format it converts to) and integer width (0: acc_width, no
	// conversion).
	Bias      bool   `json:"bias"`
	ReLU      bool   `json:"relu"`
	OutFormat string `json:"out_format"`
	OutWidth  int    `json:"out_width"`
	Workload  string `json:"workload"`
	M         int    `json:"m"`
	K         int    `json:"k"`
	N         int    `json:"n"`
	Status    string `json:"status"` // ok or error
	Error     string `json:"error"`

	MACs              int64   `json:"macs"`
	Tiles             int     `json:"tiles"`
	Cycles            int     `json:"cycles"` // simulated
	MACsPerCycle      float64 `json:"macs_per_cycle"`
	Utilization       float64 `json:"utilization"`        // MACs/cycle over Rows*Cols
	MappingEfficiency float64 `json:"mapping_efficiency"` // useful MACs over the padded tiles' MACs
	Verified          int64   `json:"verified_elements"`
	FormulaCycles     int     `json:"formula_cycles"` // the core's documented formula
	FormulaDiff       int     `json:"formula_diff"`   // Cycles - FormulaCycles
	FormulaTol        int     `json:"formula_tol"`    // |FormulaDiff| must not exceed it
	ScaleSimCycles    int     `json:"scalesim_cycles"`
	ScaleSimDiff      int     `json:"scalesim_diff"`      // ScaleSimCycles - Cycles
	ScaleSimISCycles  int     `json:"scalesim_is_cycles"` // SCALE-Sim's input-stationary estimate

	// What the RTL did (counted on every edge of the simulation), the
	// memory traffic (package tiling), and the energy of both (package
	// energy).
	tiling.Activity
	tiling.Traffic
	SRAMBytesPerCycle float64 `json:"sram_bytes_per_cycle"`      // SRAM bytes over simulated cycles
	SRAMPeakPerCycle  float64 `json:"sram_peak_bytes_per_cycle"` // PeakSRAMBytesPerCycle
	DRAMBytesPerCycle float64 `json:"dram_bytes_per_cycle"`      // the DRAM bandwidth the point needs to run without stalls
	energy.Breakdown
	EnergyPJ     float64 `json:"energy_pj"`         // the sum of the energy columns
	EnergyPerMAC float64 `json:"energy_per_mac_pj"` // EnergyPJ over MACs (the GEMM's, not the padded ones)

	NetlistLevels int    `json:"netlist_levels"` // netlist.LongestPath
	Lint          string `json:"lint"`           // ok, skipped or failed
	Synth         string `json:"synth"`          // ok, skipped or failed
	Cells         int    `json:"cells"`          // Yosys logic cells: gates and flip-flops, not memories
	FlipFlops     int    `json:"flip_flops"`     // of which flip-flops
	MemoryBits    int64  `json:"memory_bits"`    // the memories' bits (Yosys memory -nomap)
	LTPDepth      int    `json:"ltp_depth"`

	// Seconds is the wall time of the GEMM's simulation: a timing, which
	// varies run to run. GEMMs on the lanes of one batch (see
	// Options.Lanes) run at once, so their times overlap.
	Seconds float64 `json:"seconds"`

	// Where the row comes from: the spec's Hash and seed, and the shard
	// (index and count; 0 of 1 unsharded). Resume and Merge refuse rows
	// of another sweep or shard count.
	Spec   string `json:"spec"`
	Seed   uint64 `json:"seed"`
	Shard  int    `json:"shard"`
	Shards int    `json:"shards"`
}

// Key identifies a row across runs, shards and resumes.
func (r Row) Key() string { return r.Point + "|" + r.Workload }
