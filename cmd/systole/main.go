package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/systole-hdl/systole/cores/systolic"
	"github.com/systole-hdl/systole/limits"
	"github.com/systole-hdl/systole/version"
)

// Exit codes that scripts can rely on.
const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

// cli is the command line: one field per command, in the order the help
// lists them. A command is a struct whose fields are its flags and
// arguments (kong tags) and whose Run method does the work, calling into
// the library packages; adding a command is adding a field here.
type cli struct {
	Version kong.VersionFlag `help:"Print systole's version and exit."`

	Gen        genCmd        `cmd:"" help:"Write the systolic core (or an example) as Verilog, file list, manifest and header."`
	Sim        simCmd        `cmd:"" help:"Run the random matmul regression on the core (or simulate an example or netlist)."`
	Emit       emitCmd       `cmd:"" help:"Write the Verilog of a netlist file."`
	Lint       lintCmd       `cmd:"" help:"Run Verilator and Yosys on Verilog and report each verdict."`
	Examples   examplesCmd   `cmd:"" help:"List the examples."`
	Sweep      sweepCmd      `cmd:"" help:"Run a parameter sweep of the systolic core over GEMM workloads."`
	Bench      benchCmd      `cmd:"" help:"Measure simulation speed: rtlsim vs Verilator vs Icarus on the core."`
	Prove      proveCmd      `cmd:"" help:"Prove the design's assertions with Yosys and yosys-smtbmc (z3), or find counterexamples."`
	Help       helpCmd       `cmd:"" help:"Show the help of a command."`
	Completion completionCmd `cmd:"" help:"Print a shell completion script (bash, zsh or fish)."`
}

// env is what every command's Run gets: where to print, and the parser
// (for help and completion).
type env struct {
	stdout, stderr io.Writer
	parser         *kong.Kong
}

const description = "systole is the command line of the systole hardware library.\n\n" +
	"Flags may come before or after the arguments. Every command takes --help.\n" +
	"Errors go to stderr, one line each, as 'systole COMMAND: message'. The exit\n" +
	"code is 0 on success, 1 on a failure and 2 on a usage error or bad input\n" +
	"(a malformed netlist, stimulus or spec, a design over a limit, a file in\n" +
	"the way)."

func main() {
	if err := limits.FromEnv(os.Getenv); err != nil {
		os.Exit(reportError(os.Stderr, "", usageError{err.Error()}))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitPanic carries an exit code out of kong, which calls its Exit option
// after printing help; run recovers it.
type exitPanic struct{ code int }

// newParser builds the parser of the command line.
func newParser(c *cli, stdout, stderr io.Writer) (*kong.Kong, error) {
	d := systolic.Default()
	return kong.New(c,
		kong.Name("systole"),
		kong.Description(description),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(exitPanic{code}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, NoExpandSubcommands: true}),
		kong.Help(printHelp),
		kong.ValueFormatter(func(v *kong.Value) string {
			h := kong.DefaultHelpValueFormatter(v)
			if v.Default != "" && v.Tag.Type != "counter" && !v.IsBool() {
				h += fmt.Sprintf(" (default %q)", v.Default)
			}
			return h
		}),
		kong.WithHyphenPrefixedParameters(true), // --cycles -1 is a value, as with Go's flag package
		kong.Vars{
			"rows": fmt.Sprint(d.Rows), "cols": fmt.Sprint(d.Cols), "in_width": fmt.Sprint(d.InWidth),
			"acc_width": fmt.Sprint(d.AccWidth), "signed": fmt.Sprint(d.Signed), "dataflow": string(d.Dataflow),
			"sweep_cache": defaultCache(),
			"version":     "systole " + version.Systole,
		})
}

// run runs the command line args (without the program name) and returns
// the exit code.
func run(args []string, stdout, stderr io.Writer) (code int) {
	ctx, e, code, done := parseArgs(args, stdout, stderr)
	if done {
		return code
	}
	defer recoverExit(&code)
	return reportError(stderr, commandPath(ctx), ctx.Run(e))
}

// parseArgs parses the command line. When done is true the command line
// has been handled (help printed, or a usage error reported) and code is
// the exit code; otherwise ctx is ready to run with e.
func parseArgs(args []string, stdout, stderr io.Writer) (ctx *kong.Context, e *env, code int, done bool) {
	var c cli
	parser, err := newParser(&c, stdout, stderr)
	if err != nil { // a mistake in the tags above, caught by every test
		fmt.Fprintf(stderr, "systole: %v\n", err)
		return nil, nil, exitFail, true
	}
	done = true // until Parse returns: kong's Exit (after help) panics out of it
	defer recoverExit(&code)
	if len(args) == 0 {
		return nil, nil, reportError(stderr, "", usagef("missing command (%s)", strings.Join(commandNames(parser.Model.Node), ", "))), true
	}
	if a := args[0]; !strings.HasPrefix(a, "-") && findCommand(parser.Model.Node, a) == nil {
		return nil, nil, reportError(stderr, "", usagef("unknown command %q", a)), true
	}
	ctx, err = parser.Parse(normalizeFlags(parser.Model.Node, args))
	if err != nil {
		var pe *kong.ParseError
		cmd := ""
		if errors.As(err, &pe) && pe.Context != nil {
			cmd = commandPath(pe.Context)
		}
		return nil, nil, reportError(stderr, cmd, usageError{err.Error()}), true
	}
	return ctx, &env{stdout, stderr, parser}, exitOK, false
}

// recoverExit turns the panic of kong's Exit option into the exit code:
// 0 after help, exitUsage for anything else.
func recoverExit(code *int) {
	if r := recover(); r != nil {
		e, ok := r.(exitPanic)
		if !ok {
			panic(r)
		}
		*code = e.code
		if *code != exitOK {
			*code = exitUsage
		}
	}
}

// usageError is a mistake in the command line: exit code 2 and a hint to
// read the help.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// usagef returns a usageError.
func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// inputError is input that cannot be used (a file's contents, another
// sweep's rows, a file in the way): exit code 2, like a usage error, but no
// hint to read the help.
type inputError struct{ err error }

func (e inputError) Error() string { return e.err.Error() }
func (e inputError) Unwrap() error { return e.err }

// errReported is a failure the command has already reported (such as a
// failing lint verdict): exit code 1, nothing more printed.
var errReported = errors.New("failed")

// reportError prints err, if any, on stderr one line per error (errors.Join
// and multi-line messages give several), each as "systole CMD: message",
// and returns the exit code.
func reportError(stderr io.Writer, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, errReported) {
		return exitFail
	}
	name := strings.TrimSpace("systole " + cmd)
	lines := errorLines(err.Error())
	var ue usageError
	usage := errors.As(err, &ue)
	for i, l := range lines {
		if usage && i == len(lines)-1 {
			l += fmt.Sprintf("; run '%s --help'", name)
		}
		fmt.Fprintf(stderr, "%s: %s\n", name, l)
	}
	var ie inputError
	if usage || errors.As(err, &ie) {
		return exitUsage
	}
	return exitFail
}

// errorLines splits a message into its non-empty lines.
func errorLines(s string) []string {
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		lines = []string{"failed"}
	}
	return lines
}

// commandPath is the visible command path that ctx selected ("gen",
// "sweep merge"); a hidden default command (sweep's run) is left out.
func commandPath(ctx *kong.Context) string {
	var names []string
	for _, p := range ctx.Path {
		if p.Command != nil && !p.Command.Hidden {
			names = append(names, p.Command.Name)
		}
	}
	return strings.Join(names, " ")
}

// commandNames lists the visible subcommands of n.
func commandNames(n *kong.Node) []string {
	var names []string
	for _, c := range n.Children {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	return names
}

// findCommand returns the subcommand of n called name, or nil.
func findCommand(n *kong.Node, name string) *kong.Node {
	for _, c := range n.Children {
		if c.Name == name || contains(c.Aliases, name) {
			return c
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normalizeFlags keeps the Go flag package's spellings working: a long
// flag with one dash (-help, -rows=4) becomes --help, --rows=4, and a short
// flag with "=" (-o=DIR) becomes its long form (--output=DIR). Anything
// after "--" is left alone.
func normalizeFlags(root *kong.Node, args []string) []string {
	long := map[string]bool{"help": true}
	short := map[string]string{}
	var visit func(n *kong.Node)
	visit = func(n *kong.Node) {
		for _, f := range n.Flags {
			long[f.Name] = true
			if f.Short != 0 {
				short[string(f.Short)] = f.Name
			}
		}
		for _, c := range n.Children {
			visit(c)
		}
	}
	visit(root)
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(a) > 2 {
			name, value, hasValue := strings.Cut(a[1:], "=")
			switch {
			case long[name] && len(name) > 1:
				a = "-" + a
			case hasValue && short[name] != "":
				a = "--" + short[name] + "=" + value
			}
		}
		out = append(out, a)
	}
	return out
}
