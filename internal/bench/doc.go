// Package bench measures how fast systole simulates a systolic core: the
// same fixed, seeded random traffic runs for N cycles in rtlsim, in
// Verilator (the emitted Verilog, built with -O3 --x-assign fast
// --x-initial fast --noassert, single-threaded, replayed by a batch harness
// that times only its simulation loop) and in Icarus Verilog, and every
// simulator folds its outputs into the same hash, so a run also checks that
// they agree. With lanes, the lanes run in one rtlsim.Batch through its
// own API (BatchRunner: the lanes' traffic held lane-minor, a LaneTraffic;
// each cycle one Batch.PokeLanes per input and one PeekWordsLanes per
// output read, for all lanes, and one Step), and again as
// testbench.RunLanes coroutines, whose cost over the bare batch is
// reported apart. Every simulation phase is timed in wall-clock time and in
// CPU time (the thread CPU time of the simulating thread; the process's
// for a Batch with several workers; wall-clock time outside Linux, said in
// Result.CPUClock), so that ratios stay meaningful on a loaded machine. It
// also measures the generator: description to Verilog time
// and peak memory over array sizes, and the peak memory of a process that
// elaborates, compiles and simulates each size. `systole bench` is its
// command line.
package bench
