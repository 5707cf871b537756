// Package systolic generates parameterized systolic-array matrix-multiply
// cores — the tensor engine of TPU- and Trainium-class accelerators — in
// two dataflows, weight-stationary (WS) and output-stationary (OS), with a
// plain-Go reference model of both stream contracts.
//
// Operands are integers (Format "int", the default) or a float format
// (fp8e4m3, fp8e5m2, bf16, fp16) with fp32 accumulation: each PE computes
// acc = round_fp32(acc + round_fp32(a×b)) with package fp's generators, in
// the order the dataflow documents (k = 0, 1, … from +0), with the same
// ports and timing as the integer core.
//
// Options fixed at generation add stages after the array: on WS an
// accumulator memory (AccRows) that sums a GEMM over K in hardware under
// the a_acc/a_out sidebands, and on both dataflows a bias stream, ReLU and
// a conversion of the results (Bias, ReLU, OutWidth, OutFormat), with
// their run-time settings on the input stream. WSModel and WSAccExpected
// (WS) and OSExpected (OS) are their reference.
//
// New(cfg) returns the generator of a validated Config; elaborate it like any
// dsl generator. The stream interfaces, latency and cycle formulas are
// documented on the dataflow files and in the README.
package systolic
