package rtlsim

// The instruction kinds, the interpreter's and the batch's kernels, the Go
// writer's statements and the register commits are generated from the
// table in internal/opgen.
//go:generate go run ../internal/opgen/opgen
