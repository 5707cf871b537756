// Package energy is the sweep's energy model: a documented cost per
// operation (Horowitz, ISSCC 2014, at 45 nm) times the operations the RTL
// simulation performed (tiling.Activity) and the memory traffic of the
// tiling driver's schedule (tiling.Traffic), by component. docs/sweep.md
// states the model and its sources.
package energy
