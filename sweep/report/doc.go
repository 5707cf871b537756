// Package report holds a sweep's results and writes them: the Row (one
// per point and GEMM) and its CSV and JSON Lines columns, written as rows
// come and flushed (Writer); the summary table; the plots (utilization,
// area against throughput, energy against cycles, with Pareto fronts);
// the output directory, locked while a sweep writes it, whose files are
// replaced whole and never over a file systole did not write (Output);
// and the provenance checks of --resume and merge (Resume, Merge), which
// refuse rows of another spec, seed or shard count.
package report
