// Package bits holds arbitrary-width two-state bit vectors, the constant
// values shared by every systole package.
//
// A Value has a fixed width of at least one bit and any size: 1, 64, 65 and
// 300-bit values all behave the same. Its bits are stored little-endian in
// 64-bit words, and bits above the width are always zero, so two Values of
// the same width are equal exactly when their words are.
//
// Values carry no signedness: whether a vector means a two's complement
// number is a property of the operation that reads it (see Int64 and
// SignedBig), as in Yosys and lowered FIRRTL.
package bits
