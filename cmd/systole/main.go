// Command systole is the command line of the systole hardware library.
//
// Usage:
//
//	systole <command> [flags]
//
// The commands are:
//
//	gen       elaborate an example and write its Verilog
//	sim       simulate an example with random inputs
//	emit      write the Verilog of a netlist file
//	lint      run Verilator and Yosys on Verilog and report each verdict
//	examples  list the examples
//	sweep     run a parameter sweep of the systolic core over GEMM workloads
//	bench     measure simulation speed: rtlsim vs Verilator vs Icarus on the core
//	help      show the help of a command
//
// Every command takes --help. Errors are one line on stderr; the exit code
// is 0 on success, 1 on failure and 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/systole-hdl/systole/limits"
)

// Exit codes that scripts can rely on.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// command is one subcommand. run gets the arguments after the command name.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands returns the command table, in the order help lists it.
func commands() []command {
	return []command{
		{"gen", "write the systolic core (or an example) as Verilog, file list, manifest and header", runGen},
		{"sim", "run the random matmul regression on the core (or simulate an example or netlist)", runSim},
		{"emit", "write the Verilog of a netlist file", runEmit},
		{"lint", "run Verilator and Yosys on Verilog and report each verdict", runLint},
		{"examples", "list the examples", runExamples},
		{"sweep", "run a parameter sweep of the systolic core over GEMM workloads", runSweep},
		{"bench", "measure simulation speed: rtlsim vs Verilator vs Icarus on the core", runBench},
		{"help", "show the help of a command", runHelp},
	}
}

func main() {
	if err := limits.FromEnv(os.Getenv); err != nil {
		os.Exit(usageError(os.Stderr, "", "%v", err))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args (without the program name) and returns
// the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		var names []string
		for _, c := range commands() {
			names = append(names, c.name)
		}
		return usageError(stderr, "", "missing command (%s)", strings.Join(names, ", "))
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	return usageError(stderr, "", "unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "systole is the command line of the systole hardware library.\n\n")
	fmt.Fprintf(w, "usage: systole <command> [flags]\n\ncommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'systole <command> --help' for the flags of a command.\n")
}

func runHelp(args []string, stdout, stderr io.Writer) int {
	f := newFlags("help", "[command]", "Help shows the help of a command, or lists the commands.")
	f.maxArgs = 1
	if code, done := f.parse(args, stdout, stderr); done {
		return code
	}
	if f.NArg() == 0 {
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == f.Arg(0) {
			return c.run([]string{"--help"}, stdout, stderr)
		}
	}
	return usageError(stderr, "help", "unknown command %q", f.Arg(0))
}

// usageError reports a usage error of command cmd ("" for the top level) on
// one line and returns exitUsage.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	name := strings.TrimSpace("systole " + cmd)
	fmt.Fprintf(stderr, "%s: %s; run '%s --help'\n", name, oneLine(fmt.Sprintf(format, args...)), name)
	return exitUsage
}

// failure reports a failure of command cmd on one line and returns
// exitFail.
func failure(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "systole %s: %s\n", cmd, oneLine(err.Error()))
	return exitFail
}

// badInput reports input that cannot be used (a file, not a flag) on one
// line and returns exitUsage.
func badInput(stderr io.Writer, cmd string, err error) int {
	fmt.Fprintf(stderr, "systole %s: %s\n", cmd, oneLine(err.Error()))
	return exitUsage
}

// oneLine joins the lines of a multi-line message (such as every error of
// an elaboration) with "; ".
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "; ")
}

// flags is the flag set of one command, with its help text.
type flags struct {
	*flag.FlagSet
	synopsis    string // the arguments after "systole NAME"
	description string
	maxArgs     int // positional arguments allowed after the flags
}

func newFlags(name, synopsis, description string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // parse reports errors itself, on one line
	return &flags{FlagSet: fs, synopsis: synopsis, description: description}
}

// parse parses the command's arguments. When done is true the command is
// over (it printed its help, or a usage error) and should return code.
func (f *flags) parse(args []string, stdout, stderr io.Writer) (code int, done bool) {
	err := f.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		f.help(stdout)
		return exitOK, true
	case err != nil:
		return usageError(stderr, f.Name(), "%v", err), true
	case f.NArg() > f.maxArgs:
		return usageError(stderr, f.Name(), "unexpected argument %q", f.Arg(f.maxArgs)), true
	}
	return exitOK, false
}

func (f *flags) help(w io.Writer) {
	fmt.Fprintf(w, "usage: systole %s %s\n\n%s\n", f.Name(), f.synopsis, f.description)
	hasFlags := false
	f.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nflags:\n")
		f.SetOutput(w)
		f.PrintDefaults()
		f.SetOutput(io.Discard)
	}
}
