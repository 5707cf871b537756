// Package systolic generates parameterized systolic-array matrix-multiply
// cores — the tensor engine of TPU- and Trainium-class accelerators — in
// two dataflows, weight-stationary (WS) and output-stationary (OS), with a
// plain-Go reference model of both stream contracts.
//
// New(cfg) returns the generator of a validated Config; elaborate it like any
// dsl generator. The stream interfaces, latency and cycle formulas are
// documented on the dataflow files and in the README.
package systolic
