package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

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
	kit, err := o.kit(paths...)
	if err != nil {
		return err
	}
	files, errs := export.Discover(paths)
	rows, statusErrs := kit.Status(files, o.logs(), o.Approvals)
	errs = append(errs, statusErrs...)
	failed := len(errs) > 0
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
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

func writeStatusText(w io.Writer, rows []workflow.Row) {
	table := [][]string{{"RECORD", "STATUS", "BY", "WHEN", "NOTE"}}
	for _, r := range rows {
		st := r.Status
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
			note = fmt.Sprintf("changed since approval (seq %d): %s", st.Basis.Seq, compactChanges(r.Changed))
		}
		table = append(table, []string{st.Record, st.Summary(), by, when, clipCols(oneLine(note), 60)})
	}
	writeTable(w, table)
	for _, r := range rows {
		if !r.Status.Changed || r.Status.Basis == nil {
			continue
		}
		b := r.Status.Basis
		what := "approved"
		if b.Action == review.RequestChanges {
			what = "changes requested"
		}
		fmt.Fprintf(w, "\n%s: %s: %s by %s at %s (seq %d); changed since: %s\n", r.Status.Record, r.Status.State, what, b.Reviewer, b.Time, b.Seq, strings.Join(r.Changed, ", "))
		if r.Diff == "" {
			fmt.Fprintln(w, "(the plain-text drafts are unchanged; the change is in the files listed)")
			continue
		}
		io.WriteString(w, r.Diff)
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

func writeStatusJSON(w io.Writer, rows []workflow.Row) error {
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
		st := r.Status
		j := statusJSON{Record: st.Record, File: r.File, Status: string(st.State), Summary: st.Summary(),
			Required: st.Required, Approvals: []entryJSON{}, Content: st.Content,
			Basis: toEntryJSON(st.Basis), Changed: r.Changed, Diff: r.Diff, Last: toEntryJSON(st.Last)}
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
