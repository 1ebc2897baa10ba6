// Package cli is noticegen's command line: one file per command, each with
// an options struct, all IO injected, and errors mapped to exit codes
// (0 success, 1 failure, 2 usage). It is the only package that knows about
// flags and exit codes.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// IO is where a command reads and writes.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(io IO, args []string) error
	batch   bool // works through many records in one short-lived run (see Batch)
}

func commands() []command {
	return []command{
		{"import", "turn CSAF, OSV and JVN documents into advisory records", runImport, true},
		{"render", "render advisory records as email drafts", runRender, true},
		{"check", "lint records and their rendered drafts", runCheck, true},
		{"export", "write drafts of many records as text, Markdown, HTML, .eml and JSON files", runExport, true},
		{"diff", "list the facts that changed between two versions of a record, as a revision to paste", runDiff, false},
		{"review", "approve drafts, show review status, verify the review log", runReview, false},
		{"serve", "serve the review page: drafts side by side, findings, editor, approvals", runServe, false},
		{"schema", "print the JSON Schema of advisory records", runSchema, false},
		{"version", "print the version", runVersion, false},
	}
}

// Batch reports whether args (without the program name) start a batch
// run: a command that works through many records and exits (import,
// render, check, export). The process entry point may tune the garbage
// collector for those; this package never changes process-wide settings,
// so tests that call Main, and any long-running front end, keep theirs.
func Batch(args []string) bool {
	if len(args) == 0 {
		return false
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.batch
		}
	}
	return false
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// failed means the command already reported its problems on stderr and
// must exit with status 1.
var errFailed = errors.New("failed")

// errDiffer is diff's "the versions differ", exit status 1 as for
// diff(1); errTrouble is a problem a command that uses status 1 for an
// answer (diff) already reported on stderr: exit status 2.
var (
	errDiffer  = errors.New("differ")
	errTrouble = errors.New("trouble")
)

// Main runs noticegen with args (without the program name) and returns the
// exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	iox := IO{In: stdin, Out: stdout, Err: stderr}
	if len(args) == 0 {
		usage(stderr)
		return ExitUsage
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		usage(stdout)
		return ExitOK
	}
	if name == "help" {
		// "help CMD [SUB]" is "CMD [SUB] -h".
		if len(args) == 1 {
			usage(stdout)
			return ExitOK
		}
		if args[1] == "help" {
			usage(stdout)
			return ExitOK
		}
		if !slices.ContainsFunc(commands(), func(c command) bool { return c.name == args[1] }) {
			fmt.Fprintf(stderr, "noticegen help: unknown command %q\n", args[1])
			usage(stderr)
			return ExitUsage
		}
		return Main(append(append([]string(nil), args[1:]...), "-h"), stdin, stdout, stderr)
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(iox, args[1:])
		var ue *usageError
		switch {
		case err == nil:
			return ExitOK
		case errors.Is(err, flag.ErrHelp):
			return ExitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "noticegen %s: %v\nRun 'noticegen %s -h' for usage.\n", name, err, name)
			return ExitUsage
		case errors.Is(err, errFailed), errors.Is(err, errDiffer):
			return ExitFailure
		case errors.Is(err, errTrouble):
			return ExitUsage
		default:
			// Failures name the file they are about (path:line:col: …),
			// so they are printed as they are, one problem per line.
			fmt.Fprintln(stderr, err)
			return ExitFailure
		}
	}
	fmt.Fprintf(stderr, "noticegen: unknown command %q\n", name)
	usage(stderr)
	return ExitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "noticegen turns advisory records into admin email drafts in Japanese and English.")
	fmt.Fprintln(w, "\nUsage:\n  noticegen <command> [flags] [arguments]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-9s %s\n", "help", "show this list, or 'help <command>' for a command's flags")
	fmt.Fprintln(w, "\nRun 'noticegen <command> -h' (or 'noticegen help <command>') for a command's flags.")
}

// flagSet is a command's flags with its help printer.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// newFlagSet returns a flag set that prints nothing itself: -h prints the
// usage on stdout (it was asked for), and parse errors are returned to
// Main, which reports them once, on stderr.
func newFlagSet(iox IO, name, args, summary string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse errors are reported by Main; -h by parseFlags
	fs.help = func() {
		fmt.Fprintf(iox.Out, "Usage: %s\n\n%s\n", strings.TrimSpace("noticegen "+name+" "+args), summary)
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(iox.Out, "\nFlags:\n")
			fs.SetOutput(iox.Out)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	return fs
}

// parseFlags parses flags that may come before, between or after the
// positional arguments ("render x.yaml --lang ja"), and returns the
// positional arguments in order. "--" ends flag parsing.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help()
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// listFlag is a comma-separated list flag; repeated use appends.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// parseNow reads a --now value: an RFC 3339 time, or "" for the system
// clock. set says whether a time was given.
func parseNow(s string) (t time.Time, set bool, err error) {
	if s == "" {
		return time.Now(), false, nil
	}
	t, err = time.Parse(time.RFC3339, s)
	if err != nil {
		return t, false, usagef("--now %q: want an RFC 3339 time such as 2026-06-09T09:00:00+09:00", s)
	}
	return t, true, nil
}
