package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

// reviewActionOptions are the flags and arguments of "review approve" and
// "review request-changes".
type reviewActionOptions struct {
	reviewFlags
	By      string
	bySet   bool
	Comment string
}

func runReviewApprove(iox IO, args []string) error { return runReviewAction(iox, args, review.Approve) }

func runReviewRequestChanges(iox IO, args []string) error {
	return runReviewAction(iox, args, review.RequestChanges)
}

func subcommand(name string) reviewSub {
	for _, s := range reviewSubs() {
		if s.name == name {
			return s
		}
	}
	panic("no review subcommand " + name)
}

func runReviewAction(iox IO, args []string, action review.Action) error {
	var o reviewActionOptions
	name := string(action)
	sub := subcommand(name)
	fs := newFlagSet(iox, "review "+name, sub.args, sub.summary)
	o.registerDir(fs, dirHelpID)
	o.registerRender(fs)
	o.registerApprovals(fs)
	fs.Func("by", "reviewer `NAME` (required): who approves or asks for changes", func(s string) error {
		o.By, o.bySet = s, true
		return nil
	})
	commentHelp := "comment recorded with the approval (optional)"
	if action == review.RequestChanges {
		commentHelp = "what to change (required)"
	}
	fs.StringVar(&o.Comment, "comment", "", commentHelp)
	if action == review.Approve {
		o.registerKEV(fs, "the check an approval needs runs the kev-* rules with it, as check --kev does")
	}
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one record id, got %d arguments", len(pos))
	}
	if !o.bySet {
		return usagef("--by NAME is required: who is reviewing")
	}
	if err := o.check(); err != nil {
		return err
	}
	id := pos[0]
	// The policy file is the one beside the record (Decide reports a
	// record that is not there).
	var beside []string
	if file, err := workflow.FindRecord(o.Dir, id); err == nil {
		beside = append(beside, file)
	}
	kit, err := o.kit(beside...)
	if err != nil {
		return err
	}
	res, err := kit.Decide(workflow.Decision{Action: action, Dir: o.Dir, ID: id, Reviewer: o.By, Comment: o.Comment, Approvals: o.Approvals})
	var refusal *workflow.Refusal
	if errors.As(err, &refusal) {
		if refusal.Load != nil {
			fmt.Fprintln(iox.Err, refusal.Load)
		}
		for _, f := range refusal.Findings {
			fmt.Fprintln(iox.Err, f.String())
		}
		return printRefusal(iox.Err, name, refusal.Err)
	}
	if err != nil {
		return err
	}
	for _, f := range res.Findings {
		fmt.Fprintln(iox.Err, f.String())
	}
	e := res.Entry
	verb := map[review.Action]string{review.Approve: "approved", review.RequestChanges: "changes requested"}[action]
	fmt.Fprintf(iox.Out, "%s: %s by %s at %s (seq %d in %s, content %s)\n", id, verb, e.Reviewer, e.Time, e.Seq, res.Log.Path(), review.Short(e.Content))
	fmt.Fprintf(iox.Out, "status: %s\n", res.Status.Summary())
	return nil
}

// runReviewLog prints the log entries of one record.
func runReviewLog(iox IO, args []string) error {
	var o reviewFlags
	sub := subcommand("log")
	fs := newFlagSet(iox, "review log", sub.args, sub.summary)
	o.registerDir(fs, dirHelpID)
	o.registerNow(fs)
	form := fs.String("format", "text", "output format: text or json")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("want one record id, got %d arguments", len(pos))
	}
	if *form != "text" && *form != "json" {
		return usagef("--format %q: want text or json", *form)
	}
	now, err := o.clock()
	if err != nil {
		return err
	}
	id := pos[0]
	log, mine, err := workflow.History(o.Dir, id, now)
	if err != nil {
		return err
	}
	if *form == "json" {
		// The entries without the drafts' texts and hashes, which stay in
		// the log; content names them.
		type logJSON struct {
			Seq      int    `json:"seq"`
			Time     string `json:"time"`
			Action   string `json:"action"`
			Record   string `json:"record"`
			Author   string `json:"author"`
			Reviewer string `json:"reviewer"`
			Comment  string `json:"comment"`
			Content  string `json:"content_hash"`
			File     string `json:"record_sha256"`
			Prev     string `json:"prev"`
			Hash     string `json:"hash"`
		}
		out := []logJSON{}
		for _, e := range mine {
			out = append(out, logJSON{e.Seq, e.Time, string(e.Action), e.Record, e.Author, e.Reviewer, e.Comment, e.Content, e.RecordHash, e.Prev, e.Hash})
		}
		enc := json.NewEncoder(iox.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	if len(mine) == 0 {
		fmt.Fprintf(iox.Out, "%s: no review entries in %s\n", id, log.Path())
		return nil
	}
	rows := [][]string{{"SEQ", "TIME", "ACTION", "REVIEWER", "AUTHOR", "CONTENT", "COMMENT"}}
	for _, e := range mine {
		rows = append(rows, []string{strconv.Itoa(e.Seq), e.Time, string(e.Action), e.Reviewer, e.Author, review.Short(e.Content), oneLine(e.Comment)})
	}
	writeTable(iox.Out, rows)
	return nil
}

// runReviewVerify verifies review logs.
func runReviewVerify(iox IO, args []string) error {
	var o reviewFlags
	sub := subcommand("verify")
	fs := newFlagSet(iox, "review verify", sub.args, sub.summary)
	o.registerDir(fs, dirHelpVerify)
	o.registerNow(fs)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	now, err := o.clock()
	if err != nil {
		return err
	}
	if len(paths) == 0 {
		if err := defaultDirExists(o.Dir, o.dirSet); err != nil {
			return err
		}
		paths = []string{o.Dir}
	}
	verified, errs := workflow.Verify(paths, now)
	for _, v := range verified {
		l, entries := v.Log, v.Entries
		switch {
		case len(entries) == 0 && !v.Exists:
			fmt.Fprintf(iox.Out, "%s: no review log yet\n", l.Path())
		case len(entries) == 0:
			fmt.Fprintf(iox.Out, "%s: ok: no entries\n", l.Path())
		default:
			last := entries[len(entries)-1]
			fmt.Fprintf(iox.Out, "%s: ok: %d entries, chain intact, last seq %d at %s (hash %s)\n", l.Path(), len(entries), last.Seq, last.Time, last.Hash)
		}
	}
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	if len(errs) > 0 {
		return errFailed
	}
	return nil
}

// oneLine shows a comment on one table line: line breaks and tabs become
// visible marks.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ⏎ ", "\t", " ").Replace(s)
}
