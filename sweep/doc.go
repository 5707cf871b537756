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
//	Spec  ──Points──►  Point × GEMM  ──Run (parallel, sharded)──►  Row
//	Row   ──WriteCSV / JSONL / Summary / Plots──►  files
//
// Rows are the unit of output: one per (point, workload), an error row
// when anything about it fails, so a sweep always finishes. Shards of the
// same spec (Shard{I, N}) partition the points deterministically, and
// Merge joins their JSON Lines into one table. docs/sweep.md describes the
// columns, the formulas and how they differ.
package sweep
