// Command systole is the command line of the systole hardware library.
//
// Usage:
//
//	systole <command> [flags] [arguments]
//
// The commands are:
//
//	gen         write the systolic core (or an example) as Verilog, file list, manifest and header
//	sim         run the random matmul regression on the core (or simulate an example or netlist)
//	emit        write the Verilog of a netlist file
//	lint        run Verilator and Yosys on Verilog and report each verdict
//	examples    list the examples
//	sweep       run a parameter sweep of the systolic core over GEMM workloads
//	bench       measure simulation speed: rtlsim vs Verilator vs Icarus on the core
//	prove       prove the design's assertions with Yosys and yosys-smtbmc (z3), or find counterexamples
//	help        show the help of a command
//	completion  print a shell completion script (bash, zsh or fish)
//
// Flags may come before or after the arguments; every command takes
// --help. Errors are written to stderr one line each, as "systole COMMAND:
// message"; the exit code is 0 on success, 1 on failure and 2 on a usage
// error or bad input (a malformed netlist, stimulus or spec, a design over
// a limit, a file in the way).
//
// The command line is parsed by github.com/alecthomas/kong: each command is
// a struct (its flags and arguments as fields with tags) with a Run method
// that calls into the library packages. To add a command, add a field to
// the cli struct in main.go; to add a flag, add a field to its command's
// struct.
package main
