// Package testbench drives a design cycle by cycle from Go tests, the same
// test on any simulator: systole's own rtlsim, or the emitted Verilog
// compiled with Verilator.
//
// # Backends
//
// A Backend is one simulation of an elaborated design (a netlist.Design):
// look its ports up once by name (Port), then Poke inputs, Peek settled
// values, Step one rising clock edge, Reset (rst high for one edge). Values
// are bits.Value of any width, with uint64 fast paths. NewRTLSim compiles
// the design with rtlsim; NewVerilator emits it as Verilog, builds an
// interactive Verilator model (compiled once per design and options, then
// taken from a cache keyed by the Verilog's content) and drives it over
// pipes, buffering the pokes and the edge of a cycle into one round trip
// with the next Peek (tens of thousands of cycles per second for small
// designs). The Verilator backend knows only the top module's ports, and
// only those whose names the emitted Verilog keeps (not Verilog or C++
// keywords).
//
// # Writing a testbench for your own module
//
// Elaborate your generator, pick a backend, and build a Bench over it with
// a seed. Describe each valid/ready stream of your module with NewStream
// (or a Stream literal when its ports are named otherwise), then add the
// verification components:
//
//   - a Source per input stream: it presents queued beats, with a random
//     idle cycle of probability gap before each (0 for full rate), and holds
//     each beat until the edge that transfers it;
//   - a Sink per output stream: it drives ready, low with probability bp in
//     each cycle, and collects the beats;
//   - a Monitor per stream: it fails the bench when valid drops, or a field
//     changes, before the transfer (AXI-Stream rules; optionally it also
//     checks that valid does not depend on ready);
//   - a Scoreboard per Sink, fed with what your plain-Go reference model
//     expects: it fails at the first wrong beat with its index, cycle and
//     fields.
//
// Queue the stimulus and the expected beats, Reset, and Run with a cycle
// limit: Run ticks until every Source has sent its beats and every
// Scoreboard has its beats, or fails with a *TimeoutError naming each stream
// still waiting. Each Tick calls every component's Drive (pokes, from the
// component's own state and random draws), then every Sample (peeks of the
// settled design, recording what transfers), then takes the edge, so the
// beats of a cycle are seen exactly as the hardware transfers them. Your own
// components (a reference model reacting to outputs, a reset in the middle
// of traffic) implement Component and join with Bench.Add.
//
// The Example shows a FIFO tested this way.
//
// # Seeds and waveforms
//
// All randomness comes from the Bench's seed (Bench.Rand gives each
// component its own stream), so a seed repeats a run exactly. Check wraps a
// test for go test: it runs the test on a fresh backend from a Maker
// (RTLSimMaker, VerilatorMaker) and, on failure, runs it again with the same
// seed on rtlsim with a VCD trace, kept under $SYSTOLE_TB_VCD_DIR (default:
// systole-testbench in the temporary directory); the failure message holds
// the seed and the waveform's path. So a Verilator failure gets its waveform
// from rtlsim, and if the rtlsim re-run passes the message says that the two
// simulators disagree.
//
// # Many seeds at once: lanes
//
// RunLanes runs many testbenches, each an ordinary func(*Bench) error with
// its own seed (a Lane), on one design compiled once into an rtlsim.Batch:
// every test drives its own lane, all lanes in lockstep. Each test sees
// exactly what it would see alone on NewRTLSim with the same seed (values,
// Cycle, errors), so a regression over many seeds, or a sweep over many
// workloads of one design, needs no change to its tests. CheckLanes is
// Check over seeds: each failing seed is reported, and the first few are
// re-run alone with a waveform. RunLanesProbe adds a Probe that reads nets
// of every lane at once just before every edge (rtlsim's Batch.PeekLanes):
// what each lane's Sample would read, for a fraction of the cost of reading
// it lane by lane (the sweep counts its activity so).
//
// The lanes share the simulation work. The tests run as coroutines that
// take turns on the caller's goroutine; a lane's Pokes are queued until
// every lane waits, so a Peek after the lane's own Pokes of a net they can
// reach (rtlsim's Batch.PokesReach: an input or its combinational cone),
// and every Step, suspends its lane, while a Peek after the edge, or of a
// registered output, is served at once (the first settles the batch for
// every lane). When every running lane is suspended, the queued Pokes and
// one settle of the batch serve all the pending Peeks, or, when they all
// wait at Step, one clock edge of the batch moves every lane. A Bench Tick
// therefore costs at most one settle and one edge of the whole batch,
// however many lanes there are. A lane whose test returns leaves the
// lockstep (its lane keeps taking edges, unobserved); a failing or
// panicking lane (*PanicError) fails alone. Reset on a lane's backend
// drives that lane's rst only, for one edge that the others take too.
package testbench
