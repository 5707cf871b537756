// Package workload holds the GEMMs a sweep runs: the GEMM type (C = A×B,
// A M×K, B K×N), the built-in sets of published networks (every GEMM of a
// BERT-base and a GPT-2 small layer, ResNet-50's convolutions as im2col
// GEMMs and its classifier, each also scaled down for quick sweeps),
// workload items (set, set/layer, MxKxN, name=MxKxN), and SCALE-Sim's
// topology files (GEMM and convolution), read as SCALE-Sim lowers them.
// Every size is checked against the limits package before anything is
// allocated. docs/sweep.md lists the sets with their sources and MAC
// totals.
package workload
