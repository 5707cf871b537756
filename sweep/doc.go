// Package sweep runs a grid of systolic-core parameters against a workload
// of GEMM shapes: for each point it elaborates and emits the core, lints
// and synthesizes it when the tools are present (cached by parameter
// hash), drives every GEMM through the core tile by tile on a testbench
// backend, verifies every output element against a plain-Go matrix
// product, and reports simulated cycles beside the core's documented cycle
// formula and SCALE-Sim v2's compute cycles (exactly its arithmetic, for
// ws, os and, for comparison, is), with utilization, mapping efficiency,
// memory traffic, energy (a per-operation model over the MACs, register
// writes and memory accesses the RTL simulation performs), area and logic
// depth. The workloads include every GEMM of a BERT-base and a GPT-2
// small layer, ResNet-50's convolutions as im2col GEMMs, and SCALE-Sim's
// own topology files.
//
// The flow reads top down:
//
//	spec.Spec  ──Points──►  Point × GEMM  ──Run (parallel, sharded)──►  report.Row
//	report.Row ──Writer / Summary / WritePlots──►  files
//
// This package is the runner (Run, Options); each concern is a package
// of its own below it, importing only those beneath it:
//
//	workload  the GEMMs: built-in networks, workload items, SCALE-Sim topology files
//	spec      the grid of parameters (YAML, built-in specs), its hash and shards
//	tiling    the tiling driver: a whole GEMM on the core, verified; activity,
//	          the core's cycle formula and the memory traffic of its schedule
//	scalesim  SCALE-Sim v2's cycle arithmetic
//	energy    the per-operation energy model
//	synth     Verilator's lint and Yosys's synthesis, cached
//	report    rows, CSV and JSON Lines, summary, plots, the output directory,
//	          --resume and merge
//
// Rows are the unit of output: one per (point, workload), an error row
// when anything about it fails, so a sweep always finishes. Shards of the
// same spec (spec.Shard{I, N}) partition the points deterministically, and
// report.Merge joins their JSON Lines into one table. docs/sweep.md
// describes the columns, the formulas and how they differ.
package sweep
