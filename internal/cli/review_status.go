package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/review"
)

// statusRow is one record's review status.
type statusRow struct {
	file    string
	st      *review.Status
	changed []string // what changed since st.Basis, when st.Changed
	diff    string   // unified diff of the plain-text drafts since st.Basis
}

func runReviewStatus(iox IO, args []string) error {
	var o reviewFlags
	sub := subcommand("status")
	fs := newFlagSet(iox, "review status", sub.args, sub.summary)
	o.registerDir(fs, dirHelpPaths)
	o.registerRender(fs)
	o.registerApprovals(fs)
	form := fs.String("format", "text", "output format: text (a table, then a diff per stale record) or json")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *form != "text" && *form != "json" {
		return usagef("--format %q: want text or json", *form)
	}
	if err := o.check(); err != nil {
		return err
	}
	if len(paths) == 0 {
		if err := defaultDirExists(o.Dir, o.dirSet); err != nil {
			return err
		}
		paths = []string{o.Dir}
	}
	kit, err := o.kit()
	if err != nil {
		return err
	}
	files, errs := export.Discover(paths)
	failed := len(errs) > 0
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	logs := newLogCache(kit.s.now)
	var rows []statusRow
	for _, file := range files {
		rec, data, err := kit.load(file)
		if err == nil {
			var snap *review.Snapshot
			if snap, err = kit.snapshot(rec, data, nil); err == nil {
				var entries []review.Entry
				if entries, err = logs.read(o.logFor(file)); err == nil {
					rows = append(rows, newStatusRow(file, snap, review.Compute(entries, rec.ID, rec.Author, snap.Hash(), o.Approvals)))
					continue
				}
			}
		}
		if !logs.reported(err) {
			fmt.Fprintln(iox.Err, err)
		}
		failed = true
	}
	if len(rows) == 0 && failed && *form == "text" {
		// Nothing to show (say, run outside a records directory): the
		// errors alone, not an empty table before them.
		return errFailed
	}
	w := bufio.NewWriter(iox.Out)
	if *form == "json" {
		err = writeStatusJSON(w, rows)
	} else {
		writeStatusText(w, rows)
	}
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return err
	}
	if failed {
		return errFailed
	}
	return nil
}

// logCache reads each review log once; a broken log is reported once.
type logCache struct {
	now     time.Time
	entries map[string][]review.Entry
	errs    map[string]error
	shown   map[string]bool // log directories whose error was printed
}

func newLogCache(now time.Time) *logCache {
	return &logCache{now: now, entries: map[string][]review.Entry{}, errs: map[string]error{}, shown: map[string]bool{}}
}

// read returns the verified entries of l. An error is a *logError.
func (c *logCache) read(l *review.Log) ([]review.Entry, error) {
	if es, ok := c.entries[l.Dir]; ok {
		return es, c.errs[l.Dir]
	}
	es, err := l.Read(c.now)
	if es == nil {
		es = []review.Entry{}
	}
	if err != nil {
		err = &logError{dir: l.Dir, err: err}
	}
	c.entries[l.Dir], c.errs[l.Dir] = es, err
	return es, err
}

// logError is the error of reading one review log; it names the log so
// that it is printed once however many records share the log.
type logError struct {
	dir string
	err error
}

func (e *logError) Error() string { return e.err.Error() }
func (e *logError) Unwrap() error { return e.err }

// reported says whether err is the error of a review log that was printed
// already, and from now on counts it as printed. Other errors (a record
// that does not load or render) are never "reported": each is printed.
func (c *logCache) reported(err error) bool {
	var le *logError
	if !errors.As(err, &le) {
		return false
	}
	if c.shown[le.dir] {
		return true
	}
	c.shown[le.dir] = true
	return false
}

func newStatusRow(file string, snap *review.Snapshot, st *review.Status) statusRow {
	r := statusRow{file: file, st: st}
	if !st.Changed || st.Basis == nil {
		return r
	}
	old := st.Basis.Snapshot()
	r.changed = snap.Changes(old)
	label := map[review.Action]string{review.Approve: "approved", review.RequestChanges: "changes requested"}[st.Basis.Action]
	oldText := map[string]string{}
	for _, d := range old.Drafts {
		oldText[d.Locale] = d.Body
	}
	var b strings.Builder
	for _, d := range snap.Drafts {
		name := st.Record + "/" + d.Locale + ".txt"
		b.WriteString(review.Unified(
			fmt.Sprintf("%s (%s, seq %d)", name, label, st.Basis.Seq),
			name+" (now)", oldText[d.Locale], d.Body, 3))
	}
	r.diff = b.String()
	return r
}

func writeStatusText(w io.Writer, rows []statusRow) {
	table := [][]string{{"RECORD", "STATUS", "BY", "WHEN", "NOTE"}}
	for _, r := range rows {
		st := r.st
		by, when, note := "-", "-", ""
		switch {
		case st.State == review.Approved || st.State == review.Draft && len(st.Current) > 0:
			var names []string
			for _, e := range st.Current {
				names = append(names, e.Reviewer)
			}
			by, when = strings.Join(names, ", "), st.Current[len(st.Current)-1].Time
			note = st.Current[len(st.Current)-1].Comment
		case st.Basis != nil:
			by, when, note = st.Basis.Reviewer, st.Basis.Time, st.Basis.Comment
		}
		if st.State == review.Stale {
			note = fmt.Sprintf("changed since approval (seq %d): %s", st.Basis.Seq, compactChanges(r.changed))
		}
		table = append(table, []string{st.Record, st.Summary(), by, when, clipCols(oneLine(note), 60)})
	}
	writeTable(w, table)
	for _, r := range rows {
		if !r.st.Changed || r.st.Basis == nil {
			continue
		}
		b := r.st.Basis
		what := "approved"
		if b.Action == review.RequestChanges {
			what = "changes requested"
		}
		fmt.Fprintf(w, "\n%s: %s: %s by %s at %s (seq %d); changed since: %s\n", r.st.Record, r.st.State, what, b.Reviewer, b.Time, b.Seq, strings.Join(r.changed, ", "))
		if r.diff == "" {
			fmt.Fprintln(w, "(the plain-text drafts are unchanged; the change is in the files listed)")
			continue
		}
		io.WriteString(w, r.diff)
	}
}

// entryJSON is a log entry as status --format json shows it.
type entryJSON struct {
	Seq      int    `json:"seq"`
	Time     string `json:"time"`
	Action   string `json:"action"`
	Reviewer string `json:"reviewer"`
	Comment  string `json:"comment,omitempty"`
	Content  string `json:"content_hash"`
}

func toEntryJSON(e *review.Entry) *entryJSON {
	if e == nil {
		return nil
	}
	return &entryJSON{e.Seq, e.Time, string(e.Action), e.Reviewer, e.Comment, e.Content}
}

func writeStatusJSON(w io.Writer, rows []statusRow) error {
	type statusJSON struct {
		Record    string      `json:"record"`
		File      string      `json:"file"`
		Status    string      `json:"status"`
		Summary   string      `json:"summary"`
		Required  int         `json:"approvals_required"`
		Approvals []entryJSON `json:"approvals"` // of the current content, counted
		Content   string      `json:"content_hash"`
		Basis     *entryJSON  `json:"basis,omitempty"`
		Changed   []string    `json:"changed,omitempty"`
		Diff      string      `json:"diff,omitempty"`
		Last      *entryJSON  `json:"last,omitempty"`
	}
	out := []statusJSON{}
	for _, r := range rows {
		st := r.st
		j := statusJSON{Record: st.Record, File: r.file, Status: string(st.State), Summary: st.Summary(),
			Required: st.Required, Approvals: []entryJSON{}, Content: st.Content,
			Basis: toEntryJSON(st.Basis), Changed: r.changed, Diff: r.diff, Last: toEntryJSON(st.Last)}
		for i := range st.Current {
			j.Approvals = append(j.Approvals, *toEntryJSON(&st.Current[i]))
		}
		out = append(out, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// writeTable writes rows as columns separated by two spaces, padded by
// display width (Japanese names take two columns a character).
func writeTable(w io.Writer, rows [][]string) {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], format.DisplayWidth(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-format.DisplayWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// clipCols shortens s to at most n display columns, marking the cut.
func clipCols(s string, n int) string {
	if format.DisplayWidth(s) <= n {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if format.DisplayWidth(b.String()+string(r)) > n-1 {
			break
		}
		b.WriteRune(r)
	}
	return b.String() + "…"
}

// compactChanges sums up Snapshot.Changes for a table cell: "record file;
// drafts en, ja" (a draft is listed when any of its formats changed).
func compactChanges(changes []string) string {
	var parts, locs []string
	seen := map[string]bool{}
	for _, c := range changes {
		loc, _, ok := strings.Cut(c, ".")
		if !ok || strings.Contains(c, " ") {
			parts = append(parts, c)
			continue
		}
		if !seen[loc] {
			seen[loc] = true
			locs = append(locs, loc)
		}
	}
	if len(locs) > 0 {
		parts = append(parts, "drafts "+strings.Join(locs, ", "))
	}
	return strings.Join(parts, "; ")
}
