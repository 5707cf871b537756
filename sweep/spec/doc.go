// Package spec describes a sweep: a Spec lists values for every core
// parameter (the points are their cross product, in a fixed order) and a
// workload of GEMMs; it is built in (Specs) or read from YAML, checked
// whole with every problem reported as file:line. Hash names the results
// a spec produces (its points, GEMMs, seed and buffer size), which every
// row carries; a Shard selects a deterministic share of the points for a
// cluster job array.
package spec
