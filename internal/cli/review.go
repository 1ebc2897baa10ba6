package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

// reviewSub is a subcommand of "noticegen review".
type reviewSub struct {
	name, args, summary string
	run                 func(IO, []string) error
}

func reviewSubs() []reviewSub {
	return []reviewSub{
		{"status", "[flags] [PATH...]", "Show the review status of records (default: the records in --dir): draft, changes requested,\napproved or stale, with who and when; for a stale record, a diff of its drafts since the approval.", runReviewStatus},
		{"approve", "ID --by NAME [--comment TEXT] [flags]", "Approve the current content of record ID (the file <--dir>/<ID>.yaml): the record and its drafts\nin every locale and format. The record's author cannot approve it; a record with check errors is refused.", runReviewApprove},
		{"request-changes", "ID --by NAME --comment TEXT [flags]", "Ask for changes to record ID; the comment says what to change. Earlier approvals no longer count.", runReviewRequestChanges},
		{"log", "ID [flags]", "Show the review log entries of record ID, oldest first.", runReviewLog},
		{"verify", "[flags] [PATH...]", "Verify the review logs of record directories (default: --dir): every entry intact and chained,\nnone cut off, reordered or from the future.", runReviewVerify},
	}
}

func runReview(iox IO, args []string) error {
	subs := reviewSubs()
	if len(args) == 0 {
		return usagef("no subcommand: want status, approve, request-changes, log or verify")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintln(iox.Out, "Usage: noticegen review <subcommand> [flags] [arguments]\n\nApprove drafts, show review status, verify the review log.\n\nSubcommands:")
		for _, s := range subs {
			fmt.Fprintf(iox.Out, "  %-16s %s\n", s.name, s.args)
		}
		fmt.Fprintf(iox.Out, "\nThe review log of a records directory is <dir>/%s.\nRun 'noticegen review <subcommand> -h' for its flags.\n", review.LogName)
		return flag.ErrHelp
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(iox, args[1:])
		}
	}
	return usagef("unknown subcommand %q (want status, approve, request-changes, log or verify)", args[0])
}

// reviewFlags are the flags the review subcommands share.
type reviewFlags struct {
	renderFlags // --templates, --locales, --now; always every locale
	Dir         string
	dirSet      bool
	Approvals   int
}

const defaultRecordsDir = "advisories"

// The help of --dir, per kind of command.
const (
	dirHelpID     = "records directory `DIR`: the record is DIR/ID.yaml, its review log DIR/" + review.LogName + " (default advisories)"
	dirHelpPaths  = "records directory `DIR`: the default PATH; when given, its review log (DIR/" + review.LogName + ") is used for every record, else each record's log is the one in the record's own directory (default advisories)"
	dirHelpVerify = "records directory `DIR` whose review logs to verify when no PATH is given (default advisories)"
)

// registerDir adds --dir with the given help.
func (f *reviewFlags) registerDir(fs *flagSet, help string) {
	f.Dir = defaultRecordsDir
	fs.Func("dir", help, func(s string) error {
		if s == "" {
			return errors.New("empty directory")
		}
		f.Dir, f.dirSet = s, true
		return nil
	})
}

// registerRender adds the flags that shape drafts (the approved content
// depends on them) and --now.
func (f *reviewFlags) registerRender(fs *flagSet) {
	fs.StringVar(&f.Templates, "templates", "", "directory of templates that replace the embedded ones file by file (use the same as for export)")
	fs.StringVar(&f.Locales, "locales", "", "directory of <locale>.yaml message files that override the embedded messages (use the same as for export)")
	fs.StringVar(&f.Config, "config", "", "policy `file` (default: noticegen.yaml in the records directory; use the same as for export)")
	f.registerNow(fs)
}

func (f *reviewFlags) registerNow(fs *flagSet) {
	fs.StringVar(&f.Now, "now", "", "the current time, RFC 3339 (default: the system clock); dates log entries, and entries after it are errors")
}

func (f *reviewFlags) registerApprovals(fs *flagSet) {
	fs.IntVar(&f.Approvals, "approvals", 1, "approvals by distinct reviewers that the current content needs")
}

func (f *reviewFlags) check() error {
	if f.Approvals < 1 {
		return usagef("--approvals %d: want at least 1", f.Approvals)
	}
	return nil
}

// clock returns --now, or the system clock.
func (f *reviewFlags) clock() (time.Time, error) {
	t, _, err := parseNow(f.Now)
	return t, err
}

// logs says which review log holds a record file's entries: --dir's
// when given, else the one in the record's own directory.
func (f *reviewFlags) logs() workflow.Logs { return workflow.Logs{Dir: f.Dir, Fixed: f.dirSet} }

// defaultDirExists checks the records directory a command falls back to
// when it is given no paths, so that a command run in the wrong place says
// so instead of printing an empty result.
func defaultDirExists(dir string, given bool) error {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		return nil
	}
	if given {
		return fmt.Errorf("records directory %s: not a directory", dir)
	}
	return fmt.Errorf("records directory %s: not found here (run in the directory that holds %s/, or give --dir DIR or record paths)", dir, dir)
}

// kit builds the workflow.Kit of a review command: every locale, since
// the approved content covers them all. The policy file is the one of the
// records at paths, or of the records directory when none are given.
func (f *reviewFlags) kit(paths ...string) (*workflow.Kit, error) {
	f.Langs = nil
	if len(paths) == 0 {
		paths = []string{f.Dir}
	}
	return f.setup(paths...)
}

// printRefusal reports a refused action on stderr and returns errFailed.
func printRefusal(w io.Writer, cmd string, err error) error {
	fmt.Fprintf(w, "noticegen review %s: refused: %v\n", cmd, err)
	return errFailed
}
