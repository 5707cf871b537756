// Package limits is the one place where systole's resource limits live:
// every size that an input controls (a width, a memory's depth, the size
// of a design once flattened, the depth of its hierarchy, a GEMM, a sweep's
// grid, an input file) has a named maximum here, checked before anything
// of that size is allocated, with an error that names the limit and, where
// raising it makes sense, how to raise it.
//
// The model is SQLite's limits (sqlite.org/limits.html). The defaults let
// every supported configuration through (the 256×256 core among them)
// while a hostile or mistaken input fails in milliseconds instead of
// exhausting the machine's memory.
//
// A Go program raises a limit by setting its Max before it builds,
// simulates or sweeps (the limits are read, never written, by the rest of
// systole, so set them once at start-up, not while other goroutines run);
// the systole command reads SYSTOLE_LIMIT_<NAME>=N from its environment
// with FromEnv.
package limits
