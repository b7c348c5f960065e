// Command filmnum turns the CSV exports of French secondary schools into the
// digital indicators of their year-end report. This package only wires the
// stages together: one file per command, each registering itself.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/spf13/pflag"

	"filmnum/internal/fail"
)

// command is one sub-command; each lives in its own file and registers in init.
type command struct {
	name    string
	summary string // one line, French
	usage   string // arguments after the command name
	// flags declares the command's flags on fs; run executes with the parsed
	// flags and the remaining arguments.
	setup func(fs *pflag.FlagSet) func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch of the outside world; tests replace it.
type env struct {
	stdout io.Writer
	stderr io.Writer
	// stderrTTY is true when stderr is a terminal (progress lines).
	stderrTTY bool
}

var commands = map[string]*command{}

func register(c *command) {
	if _, dup := commands[c.name]; dup {
		panic("commande enregistrée deux fois : " + c.name)
	}
	commands[c.name] = c
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	e := &env{stdout: os.Stdout, stderr: os.Stderr, stderrTTY: isTerminal(os.Stderr)}
	// FILMNUM_CPUPROFILE=file writes a Go CPU profile of the run (a
	// profiling aid for the Go side: sniffing, transcoding, recognition).
	if p := os.Getenv("FILMNUM_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			pprof.StartCPUProfile(f)
			code := run(ctx, e, os.Args[1:])
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(ctx, e, os.Args[1:]))
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "aide" || args[0] == "help" {
		printHelp(e.stdout)
		if len(args) == 0 {
			return fail.ExitUsage
		}
		return fail.ExitOK
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "filmnum : commande inconnue « %s »\n", args[0])
		if s := closestCommand(args[0]); s != "" {
			fmt.Fprintf(e.stderr, "Essayez : filmnum %s\n", s)
		} else {
			fmt.Fprintln(e.stderr, "Essayez : filmnum --help")
		}
		return fail.ExitUsage
	}
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	runFn := c.setup(fs)
	help := fs.BoolP("help", "h", false, "affiche cette aide")
	if err := fs.Parse(args[1:]); err != nil {
		fmt.Fprintf(e.stderr, "filmnum %s : %s\n", c.name, frenchFlagError(err))
		fmt.Fprintf(e.stderr, "Essayez : filmnum %s --help\n", c.name)
		return fail.ExitUsage
	}
	if *help {
		printCommandHelp(e.stdout, c, fs)
		return fail.ExitOK
	}
	err := runFn(ctx, e, fs.Args())
	if err == nil {
		return fail.ExitOK
	}
	if errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "filmnum %s : interrompu ; rien n'a été écrit à moitié\n", c.name)
		return fail.ExitError
	}
	fmt.Fprintf(e.stderr, "filmnum %s : %s\n", c.name, err)
	if h := fail.HintOf(err); h != "" {
		fmt.Fprintf(e.stderr, "Essayez : %s\n", h)
	}
	return fail.CodeOf(err)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "filmnum — indicateurs numériques du rapport annuel des EPLE")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage : filmnum COMMANDE [options] [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commandes :")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Aide d'une commande : filmnum COMMANDE --help")
}

func printCommandHelp(w io.Writer, c *command, fs *pflag.FlagSet) {
	fmt.Fprintf(w, "Usage : filmnum %s [options] %s\n\n%s\n\nOptions :\n", c.name, c.usage, c.summary)
	fmt.Fprint(w, frenchUsages(fs.FlagUsages()))
}

// frenchUsages adapts pflag's English decorations of the option list.
func frenchUsages(s string) string {
	s = strings.ReplaceAll(s, "[=true|false]", "")
	s = strings.ReplaceAll(s, "(default ", "(par défaut ")
	return alignUsages(s)
}

// alignUsages realigns the descriptions of pflag's usage lines: pflag pads
// in bytes, so a placeholder with an accent (ANNÉE) shifts its line, and
// boolean flags lose their alignment once "[=true|false]" is dropped.
func alignUsages(s string) string {
	lines := strings.Split(s, "\n")
	type split struct{ flag, text string }
	parts := make([]*split, len(lines))
	width := 0
	for i, l := range lines {
		flag, text, ok := splitUsageLine(l)
		if !ok {
			continue
		}
		parts[i] = &split{flag, text}
		width = max(width, utf8.RuneCountInString(flag))
	}
	for i, p := range parts {
		if p != nil {
			lines[i] = p.flag + strings.Repeat(" ", width+3-utf8.RuneCountInString(p.flag)) + p.text
		}
	}
	return strings.Join(lines, "\n")
}

// splitUsageLine splits a flag line of pflag's usage, "  -x, --name
// PLACEHOLDER", two spaces or more, then the text; ok is false for any other
// line.
func splitUsageLine(l string) (flag, text string, ok bool) {
	trimmed := strings.TrimLeft(l, " ")
	if !strings.HasPrefix(trimmed, "-") {
		return "", "", false
	}
	indent := len(l) - len(trimmed)
	j := strings.Index(trimmed, "  ")
	if j < 0 {
		return "", "", false
	}
	return l[:indent+j], strings.TrimLeft(trimmed[j:], " "), true
}

// frenchFlagError rewrites pflag's English parse errors.
func frenchFlagError(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "unknown flag: "):
		return "option inconnue " + strings.TrimPrefix(msg, "unknown flag: ")
	case strings.HasPrefix(msg, "unknown shorthand flag: "):
		return "option courte inconnue " + strings.TrimPrefix(msg, "unknown shorthand flag: ")
	case strings.HasPrefix(msg, "flag needs an argument: "):
		return "l'option " + strings.TrimPrefix(msg, "flag needs an argument: ") + " attend une valeur"
	case strings.HasPrefix(msg, "invalid argument "):
		return "valeur invalide : " + strings.TrimPrefix(msg, "invalid argument ")
	}
	return msg
}

func closestCommand(s string) string {
	best, bestD := "", 3
	for n := range commands {
		if d := levenshtein(s, n); d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	return best
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
