package cli

import (
	"bufio"
	"fmt"
	"slices"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/workflow"
)

// renderOptions are the flags and arguments of "noticegen render".
type renderOptions struct {
	renderFlags
	Format string
	Paths  []string
}

func runRender(iox IO, args []string) error {
	var o renderOptions
	fs := newFlagSet(iox, "render", "[flags] PATH...",
		"Render advisory records (files, or directories of *.yaml/*.yml) as email drafts on stdout.")
	o.register(fs)
	fs.StringVar(&o.Format, "format", "text", "output format: text (also txt), md or json")
	var err error
	if o.Paths, err = parseFlags(fs, args); err != nil {
		return err
	}
	if len(o.Paths) == 0 {
		return usagef("no records given: name record files or directories")
	}
	f, ok := format.Lookup(o.Format, format.Printed())
	if !ok {
		var names []string
		for _, f := range format.Printed() {
			names = append(names, string(f.Name))
		}
		return usagef("--format: unknown format %q (want %s)", o.Format, strings.Join(names, ", "))
	}
	s, err := o.setup(o.Paths...)
	if err != nil {
		return err
	}
	return renderRecords(iox, s, f, o.Paths)
}

// renderRecords renders every record in every locale. A bad record is
// reported and skipped; the others are still rendered.
func renderRecords(iox IO, s *workflow.Kit, f format.Format, paths []string) error {
	files, errs := export.Discover(paths)
	failed := len(errs) > 0
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	var drafts []*render.Draft
	for _, file := range files {
		rec, err := advisory.Load(file)
		if err != nil {
			fmt.Fprintln(iox.Err, err)
			failed = true
			continue
		}
		warnPastDeadline(iox, s, rec)
		for _, loc := range s.Locales {
			d, err := s.Renderer.Render(rec, loc)
			if err != nil {
				fmt.Fprintln(iox.Err, err)
				failed = true
				continue
			}
			drafts = append(drafts, d)
		}
	}
	w := bufio.NewWriter(iox.Out)
	if err := writeDrafts(w, s.HTML, f, drafts); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if failed {
		return errFailed
	}
	return nil
}

// writeDrafts prints drafts in format f: as one document when the format
// has one for several drafts (JSON's array), else each draft's bytes, as
// export writes them, after a separator line when there are several.
func writeDrafts(w *bufio.Writer, h *format.HTML, f format.Format, drafts []*render.Draft) error {
	if f.All != nil {
		return f.All(w, drafts)
	}
	for i, d := range drafts {
		if len(drafts) > 1 {
			if i > 0 {
				w.WriteString("\n")
			}
			fmt.Fprintf(w, "----- %s · %s -----\n", d.RecordID, d.Locale)
		}
		out, err := h.Outputs(d)
		if err != nil {
			return err
		}
		w.Write(f.Of(out))
	}
	return nil
}

// warnPastDeadline tells the user when a record's deadline is already
// behind the clock: the draft still renders, but it is probably stale. A
// record that silences check's deadline-past rule (a past notice kept as
// it was) is not warned about either.
func warnPastDeadline(iox IO, s *workflow.Kit, rec *advisory.Record) {
	when, ok, err := due.Resolve(rec, s.Config)
	if !ok || err != nil || slices.Contains(rec.Lint.Disable, "deadline-past") {
		return // a deadline that does not resolve fails to render, saying why
	}
	p := rec.Positions["deadline"]
	if when.HasTime() {
		if s.Now.After(when.At) {
			fmt.Fprintf(iox.Err, "%s:%d:%d: warning: deadline %s has passed (it is now %s)\n", rec.File, p.Line, p.Col, when, s.Now.In(when.At.Location()).Format("2006-01-02T15:04Z07:00"))
		}
		return
	}
	if today := calendar.DateOf(s.Now); when.Date.Before(today) {
		fmt.Fprintf(iox.Err, "%s:%d:%d: warning: deadline %s has passed (today is %s)\n", rec.File, p.Line, p.Col, when, today)
	}
}
