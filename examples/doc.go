// Package examples holds small generators written with package dsl, each a
// model of idiomatic use and each checked cycle for cycle against a plain-Go
// reference model in its tests:
//
//   - Counter: an enabled, wrapping counter (registers, When).
//   - ALU: a combinational ALU selected by an opcode (When/ElseWhen/Otherwise,
//     signed compares, shifts by a signal).
//   - MAC: a multiply-accumulate unit, the processing element of a systolic
//     array in miniature (Mul, signed or unsigned operands, Extend/Trunc).
//   - WideAdder: a registered adder of any width, 130 bits in the registry,
//     with carry out (values wider than 64 bits are ordinary).
//   - FIFO: a synchronous FIFO on a memory with valid/ready streams
//     (Mem with synchronous read, Stream bundles).
//
// All lists them by name for tools such as the systole command:
//
//	for _, e := range examples.All() {
//		d, err := elaborate.Elaborate(e.Gen)
//		...
//	}
//
// Every generator follows the conventions of the rest of systole: one clock
// clk, a synchronous active-high reset rst that clears the state, streams
// with AXI-Stream rules, and every width change written out (Extend, Trunc,
// ZeroExtend) rather than implied.
package examples
