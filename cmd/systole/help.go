package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/alecthomas/kong"
)

type helpCmd struct {
	Command []string `arg:"" optional:"" name:"command" help:"The command (and subcommand) to show the help of."`
}

func (helpCmd) Help() string {
	return "Help shows the help of a command, or lists the commands."
}

func (h *helpCmd) Run(e *env) error {
	node := e.parser.Model.Node
	for i, name := range h.Command {
		next := findCommand(node, name)
		switch {
		case next == nil && i == 0:
			return usagef("unknown command %q", name)
		case next == nil:
			return usagef("unexpected argument %q", name)
		}
		node = next
	}
	// Parsing "COMMAND... --help" prints the help and exits 0 (see run).
	_, err := e.parser.Parse(append(append([]string{}, h.Command...), "--help"))
	return err
}

// printHelp is kong's help printer, except for a command whose default
// subcommand is hidden (sweep, whose run is the default): its help is the
// default subcommand's, flags included, under the command's name, followed
// by the visible subcommands.
func printHelp(o kong.HelpOptions, ctx *kong.Context) error {
	n := ctx.Selected()
	if n == nil || n.DefaultCmd == nil || !n.DefaultCmd.Hidden {
		return kong.DefaultHelpPrinter(o, ctx)
	}
	path := strings.Fields(n.FullPath())[1:] // without the program name
	sub, err := kong.Trace(ctx.Kong, append(path, n.DefaultCmd.Name))
	if err != nil {
		return err
	}
	var b strings.Builder
	stdout := ctx.Kong.Stdout
	ctx.Kong.Stdout = &b
	err = kong.DefaultHelpPrinter(o, sub)
	ctx.Kong.Stdout = stdout
	if err != nil {
		return err
	}
	text := strings.Replace(b.String(), n.DefaultCmd.FullPath(), n.FullPath(), 1)
	text = strings.Replace(text, n.DefaultCmd.Help, n.Help, 1)
	fmt.Fprint(stdout, text)
	fmt.Fprintf(stdout, "\nCommands:\n")
	for _, c := range n.Children {
		if !c.Hidden {
			fmt.Fprintf(stdout, "  %s %s    %s\n", n.FullPath(), c.Name, c.Help)
		}
	}
	return nil
}

type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish" help:"The shell: bash, zsh or fish."`
}

func (completionCmd) Help() string {
	return "Completion prints a script that completes systole's commands, subcommands and\n" +
		"flags in the shell, generated from the same description as the help:\n\n" +
		"  bash: source <(systole completion bash)     (or save it to\n" +
		"        /etc/bash_completion.d/systole)\n" +
		"  zsh:  source <(systole completion zsh)      (uses bashcompinit)\n" +
		"  fish: systole completion fish > ~/.config/fish/completions/systole.fish"
}

func (c *completionCmd) Run(e *env) error {
	cmds := completionTree(e.parser.Model.Node, nil)
	switch c.Shell {
	case "bash":
		writeBash(e.stdout, cmds, false)
	case "zsh":
		writeBash(e.stdout, cmds, true)
	default:
		writeFish(e.stdout, cmds)
	}
	return nil
}

// completed is one command path with what may follow it.
type completed struct {
	path  []string // "sweep", "merge"
	subs  []string // visible subcommands
	flags []completedFlag
}

type completedFlag struct {
	long, help string
	short      rune
	negatable  bool
}

// completionTree lists n and every visible command below it, flags of a
// hidden default subcommand (sweep's run) counted as the parent's.
func completionTree(n *kong.Node, path []string) []completed {
	c := completed{path: path}
	addFlags := func(n *kong.Node) {
		for _, f := range n.Flags {
			if !f.Hidden {
				c.flags = append(c.flags, completedFlag{f.Name, firstSentence(f.Help), f.Short, f.Tag.Negatable != ""})
			}
		}
	}
	addFlags(n)
	c.flags = append(c.flags, completedFlag{"help", "Show context-sensitive help.", 'h', false})
	var below []completed
	for _, ch := range n.Children {
		if ch.Hidden {
			if n.DefaultCmd == ch {
				addFlags(ch)
			}
			continue
		}
		c.subs = append(c.subs, ch.Name)
		below = append(below, completionTree(ch, append(append([]string{}, path...), ch.Name))...)
	}
	sort.Slice(c.flags, func(i, j int) bool { return c.flags[i].long < c.flags[j].long })
	return append([]completed{c}, below...)
}

func firstSentence(s string) string {
	s, _, _ = strings.Cut(s, ". ")
	return strings.TrimSuffix(strings.ReplaceAll(s, "'", ""), ".")
}

// words lists what completes after c's path: subcommands, then flags.
func (c completed) words() []string {
	w := append([]string{}, c.subs...)
	for _, f := range c.flags {
		w = append(w, "--"+f.long)
		if f.negatable {
			w = append(w, "--no-"+f.long)
		}
		if f.short != 0 {
			w = append(w, "-"+string(f.short))
		}
	}
	return w
}

func writeBash(w io.Writer, cmds []completed, zsh bool) {
	if zsh {
		fmt.Fprintf(w, "# zsh completion for systole (bash-style, via bashcompinit)\nautoload -U +X bashcompinit && bashcompinit\n")
	} else {
		fmt.Fprintf(w, "# bash completion for systole\n")
	}
	fmt.Fprintf(w, "_systole() {\n")
	fmt.Fprintf(w, "  local cur=${COMP_WORDS[COMP_CWORD]} path= w i\n")
	fmt.Fprintf(w, "  for ((i = 1; i < COMP_CWORD; i++)); do\n")
	fmt.Fprintf(w, "    w=${COMP_WORDS[i]}\n")
	fmt.Fprintf(w, "    case \"$path $w\" in\n")
	for _, c := range cmds {
		for _, s := range c.subs {
			fmt.Fprintf(w, "      %q) path=\"$path $w\" ;;\n", strings.Join(append(append([]string{""}, c.path...), s), " "))
		}
	}
	fmt.Fprintf(w, "    esac\n  done\n")
	fmt.Fprintf(w, "  case \"$path\" in\n")
	for _, c := range cmds {
		fmt.Fprintf(w, "    %q) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n",
			strings.Join(append([]string{""}, c.path...), " "), strings.Join(c.words(), " "))
	}
	fmt.Fprintf(w, "  esac\n}\ncomplete -o default -F _systole systole\n")
}

func writeFish(w io.Writer, cmds []completed) {
	fmt.Fprintf(w, "# fish completion for systole\ncomplete -c systole -f\n")
	for _, c := range cmds {
		cond := "__fish_use_subcommand"
		if len(c.path) > 0 {
			cond = "__fish_seen_subcommand_from " + c.path[len(c.path)-1]
		}
		for _, s := range c.subs {
			fmt.Fprintf(w, "complete -c systole -n %q -a %s\n", cond, s)
		}
		for _, f := range c.flags {
			fmt.Fprintf(w, "complete -c systole -n %q -l %s", cond, f.long)
			if f.short != 0 {
				fmt.Fprintf(w, " -s %c", f.short)
			}
			fmt.Fprintf(w, " -d %q\n", f.help)
		}
	}
}
