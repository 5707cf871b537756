// Package cputime reads CPU clocks for the project's speed figures: the
// CPU time of the calling OS thread and of the whole process.
//
// The benchmarks report work per CPU-second rather than per wall-clock
// second because the machines they run on are shared: a CPU clock counts
// only the time the measured code ran. Where a system has no such clock,
// the functions say so (their second result is false) and the caller
// falls back to wall-clock time and labels its figure accordingly.
package cputime
