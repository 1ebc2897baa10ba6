package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/review"
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
	file, err := findRecord(o.Dir, id)
	if err != nil {
		return err
	}
	kit, err := o.kit()
	if err != nil {
		return err
	}
	rec, data, err := kit.load(file)
	if err != nil {
		fmt.Fprintln(iox.Err, err)
		return printRefusal(iox.Err, name, fmt.Errorf("%s does not load; fix it first (noticegen check %s)", file, file))
	}
	if e := rec.CheckFileName(); e != nil {
		return e
	}
	req := &review.Request{Action: action, Record: id, Author: rec.Author, Reviewer: o.By, Comment: o.Comment}
	if err := req.Validate(); err != nil {
		return printRefusal(iox.Err, name, err)
	}
	if action == review.Approve {
		findings := lint.CheckRecord(rec, lint.Options{Renderer: kit.s.renderer, Now: kit.s.now})
		for _, f := range findings {
			fmt.Fprintln(iox.Err, f.String())
		}
		if lint.HasErrors(findings, false) {
			n := 0
			for _, f := range findings {
				if f.Severity == lint.Error {
					n++
				}
			}
			return printRefusal(iox.Err, name, fmt.Errorf("%s has %d check error(s); fix them (noticegen check %s), then approve again", file, n, file))
		}
	}
	if req.Snapshot, err = kit.snapshot(rec, data, nil); err != nil {
		return err
	}
	log := review.Open(o.Dir)
	e, before, err := review.Record(log, req, kit.s.now)
	var refusal *review.RefusedError
	if errors.As(err, &refusal) {
		return printRefusal(iox.Err, name, err)
	}
	if err != nil {
		return err
	}
	verb := map[review.Action]string{review.Approve: "approved", review.RequestChanges: "changes requested"}[action]
	fmt.Fprintf(iox.Out, "%s: %s by %s at %s (seq %d in %s, content %s)\n", id, verb, e.Reviewer, e.Time, e.Seq, log.Path(), review.Short(e.Content))
	st := review.Compute(append(before, *e), id, rec.Author, e.Content, o.Approvals)
	fmt.Fprintf(iox.Out, "status: %s\n", st.Summary())
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
	log := review.Open(o.Dir)
	entries, err := log.Read(now)
	if err != nil {
		return err
	}
	var mine []review.Entry
	for _, e := range entries {
		if e.Record == id {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		if _, err := findRecord(o.Dir, id); err != nil {
			return err
		}
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
	logs, errs := logPaths(paths)
	failed := len(errs) > 0
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	for _, l := range logs {
		entries, err := l.Read(now)
		if err != nil {
			fmt.Fprintln(iox.Err, err)
			failed = true
			continue
		}
		if len(entries) == 0 {
			if _, err := os.Stat(l.Path()); err != nil {
				fmt.Fprintf(iox.Out, "%s: no review log yet\n", l.Path())
				continue
			}
			fmt.Fprintf(iox.Out, "%s: ok: no entries\n", l.Path())
			continue
		}
		last := entries[len(entries)-1]
		fmt.Fprintf(iox.Out, "%s: ok: %d entries, chain intact, last seq %d at %s (hash %s)\n", l.Path(), len(entries), last.Seq, last.Time, last.Hash)
	}
	// The records beside the logs must load too: an entry is about a
	// record, and one that does not decode cannot be checked against it.
	// Unreadable paths were reported above, and a directory that holds a
	// log but no records is no problem here, so Discover's errors are not
	// printed again.
	var recordPaths []string
	for _, p := range paths {
		if filepath.Base(p) != review.LogName && filepath.Base(p) != review.HeadName {
			recordPaths = append(recordPaths, p)
		}
	}
	files, _ := export.Discover(recordPaths)
	for _, file := range files {
		data, err := advisory.Read(file)
		if err == nil {
			_, err = advisory.Decode(file, data)
		}
		if err != nil {
			fmt.Fprintln(iox.Err, err)
			failed = true
		}
	}
	if failed {
		return errFailed
	}
	return nil
}

// oneLine shows a comment on one table line: line breaks and tabs become
// visible marks.
func oneLine(s string) string {
	return strings.NewReplacer("\n", " ⏎ ", "\t", " ").Replace(s)
}
