package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/workflow"
)

// exportOptions are the flags and arguments of "noticegen export".
type exportOptions struct {
	renderFlags
	Out      string
	Formats  listFlag
	Charset  string
	PageLang string
	Force    bool
	Prune    bool
	Jobs     int
	Audience string
	Paths    []string
	// The review gate: the log location (--dir), the approvals needed,
	// and whether unapproved records are left out.
	review       reviewFlags
	ApprovedOnly bool
	// Profiles of the run, for measuring large exports.
	CPUProfile, MemProfile string
}

func runExport(iox IO, args []string) error {
	var o exportOptions
	fs := newFlagSet(iox, "export", "-o DIR [flags] PATH...",
		"Export drafts of advisory records to DIR: <id>/<lang>.txt .md .html .eml .json, a digest page\n<id>/index.html per record, and index.html / index.md listing every record.")
	o.register(fs)
	fs.StringVar(&o.Out, "o", "", "output directory (required); created if missing")
	fs.Var(&o.Formats, "format", "formats to write: txt, md, html, eml, json, as a comma list (default all)")
	fs.StringVar(&o.Charset, "charset", "utf-8", "charset of .eml messages: utf-8 or iso-2022-jp")
	fs.StringVar(&o.PageLang, "page-lang", "ja", "locale of the digest and index pages (falls back to the first rendered locale)")
	fs.BoolVar(&o.Force, "force", false, "rewrite every file, even when the manifest says it is up to date")
	fs.BoolVar(&o.Prune, "prune", false, "remove the output of records that are not in this run's input (files noticegen wrote only)")
	fs.IntVar(&o.Jobs, "jobs", 0, "records exported in parallel (default: twice the number of CPUs)")
	fs.StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the export to `file` (for go tool pprof)")
	fs.StringVar(&o.MemProfile, "memprofile", "", "write a heap profile at the end of the export to `file`")
	fs.StringVar(&o.Audience, "audience", "", "the .eml drafts go to the policy file's audience `NAME`: its to and cc, only in its language, checked against its client domains for TLP:AMBER")
	fs.BoolVar(&o.ApprovedOnly, "approved-only", false, "export only records whose current content is approved (noticegen review); list the others; without it, unapproved drafts carry a \"not approved\" banner and .eml subject prefix")
	o.review.registerDir(fs, "records directory `DIR` whose review log (DIR/.noticegen-review.jsonl) decides approval for every record (default: the log in each record file's own directory)")
	o.review.registerApprovals(fs)
	var err error
	if o.Paths, err = parseFlags(fs, args); err != nil {
		return err
	}
	if o.Out == "" {
		return usagef("-o DIR is required")
	}
	if len(o.Paths) == 0 {
		return usagef("no records given: name record files or directories")
	}
	formats, err := parseExportFormats(o.Formats)
	if err != nil {
		return err
	}
	if o.Charset != "utf-8" && o.Charset != "iso-2022-jp" {
		return usagef("--charset %q: want utf-8 or iso-2022-jp", o.Charset)
	}
	if err := o.review.check(); err != nil {
		return err
	}
	if fi, err := os.Stat(o.Out); err == nil && !fi.IsDir() {
		return fmt.Errorf("-o %s: exists and is not a directory", o.Out)
	}
	s, err := o.setup(o.Paths...)
	if err != nil {
		return err
	}
	aud, emlLocales, err := pickAudience(s, o.Audience, formats)
	if err != nil {
		return err
	}
	pageLang := s.Locales[0]
	for _, l := range s.Locales {
		if l == o.PageLang {
			pageLang = l
		}
	}
	pages, err := export.NewPages(s.Renderer, s.TemplateLayers, pageLang)
	if err != nil {
		return err
	}
	files, errs := export.Discover(o.Paths)
	for _, e := range errs {
		fmt.Fprintln(iox.Err, e)
	}
	gate, gateErrs := workflow.NewGate(s, o.review.logs(), files, o.review.Approvals)
	if len(gateErrs) > 0 {
		for _, e := range gateErrs {
			fmt.Fprintln(iox.Err, e)
		}
		fmt.Fprintln(iox.Err, "export: a review log is broken (see noticegen review verify); nothing exported")
		return errFailed
	}
	opts := []string{formatKey(formats), pageLang, o.Charset, fmt.Sprint(o.ApprovedOnly), gate.Key()}
	if o.Audience != "" {
		// Added only when given, so that existing manifests stay current.
		// The audience's settings are in the policy file, whose bytes the
		// fingerprint holds.
		opts = append(opts, "audience "+o.Audience)
	}
	cfg, err := s.Fingerprint(opts...)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile, err := startProfiles(o.CPUProfile, o.MemProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	prog := newProgress(iox.Err)
	// Each record's notices and errors are printed as the run completes
	// it (in record order), not held until the end.
	result := func(r export.Result) {
		if len(r.Notices) == 0 && r.Err == nil && len(r.Refused) == 0 {
			return
		}
		prog.finish()
		for _, n := range r.Notices {
			fmt.Fprintf(iox.Err, "%s\n", n)
		}
		if r.Err != nil {
			fmt.Fprintln(iox.Err, r.Err)
		}
		for _, e := range r.Refused {
			fmt.Fprintln(iox.Err, e)
		}
	}
	rep, runErr := export.Run(ctx, files, export.Options{
		Out: o.Out, Locales: s.Locales, Formats: formats, Renderer: s.Renderer, HTML: s.HTML, Pages: pages,
		EML: s.EMLFor(o.Charset, aud), EMLLocales: emlLocales, Config: cfg, Force: o.Force, Prune: o.Prune, Jobs: o.Jobs, Progress: prog.update,
		Gate: gate.Allow, ApprovedOnly: o.ApprovedOnly, Result: result,
	})
	prog.finish()
	failed := len(errs) > 0
	if rep != nil {
		for _, e := range rep.Errors {
			fmt.Fprintln(iox.Err, e)
		}
		failed = failed || rep.Failed > 0 || rep.Refused > 0 || len(rep.Errors) > 0
		fmt.Fprintln(iox.Err, summary(rep, o.Out, iox.Err))
	}
	if runErr != nil {
		if errors.Is(runErr, export.ErrInterrupted) {
			fmt.Fprintln(iox.Err, "export: interrupted; the files written so far are complete")
			return errFailed
		}
		return runErr
	}
	if failed {
		return errFailed
	}
	return nil
}

// pickAudience returns the audience named name (none for ""), and the
// locales whose .eml is written for it: its language's (nil for every
// locale). An unknown audience, or one whose language the run does not
// render or whose .eml files it does not write, is a usage error.
func pickAudience(s *workflow.Kit, name string, formats []format.Format) (*config.Audience, []string, error) {
	if name == "" {
		return nil, nil, nil
	}
	aud, err := s.Config.Audience(name)
	if err != nil {
		return nil, nil, usagef("--audience: %v", err)
	}
	if _, ok := format.Lookup(string(format.EML), formats); !ok {
		return nil, nil, usagef("--audience %s chooses the recipients of .eml drafts, and --format leaves out eml", name)
	}
	if aud.Language == "" {
		return aud, nil, nil
	}
	loc, err := s.Renderer.Catalog().Match(aud.Language)
	if err != nil {
		return nil, nil, usagef("--audience %s: its language %q: %v", name, aud.Language, err)
	}
	if !slices.Contains(s.Locales, loc) {
		return nil, nil, usagef("--audience %s reads %s, which --lang leaves out (the run renders %s)", name, loc, strings.Join(s.Locales, ", "))
	}
	return aud, []string{loc}, nil
}

// parseExportFormats returns the formats named, in table order (all of
// them when none is named).
func parseExportFormats(names []string) ([]format.Format, error) {
	if len(names) == 0 {
		return format.Formats, nil
	}
	seen := map[format.Name]bool{}
	for _, n := range names {
		f, ok := format.Lookup(n, format.Formats)
		if !ok {
			var exts []string
			for _, f := range format.Formats {
				exts = append(exts, f.Ext)
			}
			return nil, usagef("--format: unknown format %q (want %s)", n, strings.Join(exts, ", "))
		}
		seen[f.Name] = true
	}
	var out []format.Format
	for _, f := range format.Formats {
		if seen[f.Name] {
			out = append(out, f)
		}
	}
	return out, nil
}

// formatKey names formats by extension for the export's configuration
// hash ("[txt md html eml json]", as before the table existed, so that
// existing manifests stay current).
func formatKey(fs []format.Format) string {
	exts := make([]string, len(fs))
	for i, f := range fs {
		exts[i] = f.Ext
	}
	return fmt.Sprint(exts)
}

func summary(rep *export.Report, out string, w io.Writer) string {
	failed := fmt.Sprintf("%d failed", rep.Failed)
	if rep.Failed > 0 && colorOK(w) {
		failed = "\x1b[31m" + failed + "\x1b[0m"
	}
	s := fmt.Sprintf("export: %d exported, %d unchanged, %s", rep.Exported, rep.Unchanged, failed)
	if rep.Skipped > 0 {
		s += fmt.Sprintf(", %d not approved (left out)", rep.Skipped)
	}
	if rep.Retracted > 0 {
		s += fmt.Sprintf(", %d removed from the output", rep.Retracted)
	}
	if rep.Pruned > 0 {
		s += fmt.Sprintf(", %d pruned (not in the input)", rep.Pruned)
	}
	if rep.Refused > 0 {
		s += fmt.Sprintf(", %d .eml refused by the TLP marking", rep.Refused)
	}
	if rep.Unlisted > 0 {
		s += fmt.Sprintf(", %d TLP:RED left out of the index", rep.Unlisted)
	}
	s += fmt.Sprintf("; %d files written to %s", rep.Written, out)
	if rep.Removed > 0 {
		s += fmt.Sprintf(", %d outdated files removed", rep.Removed)
	}
	return s
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// colorOK reports whether colour may be used on w: a terminal, and the
// user has not set NO_COLOR (https://no-color.org).
func colorOK(w io.Writer) bool { return isTerminal(w) && os.Getenv("NO_COLOR") == "" }

// progress shows "export: 120/10000" on a terminal, redrawn at most ten
// times a second; on anything else it prints nothing.
type progress struct {
	w    io.Writer
	on   bool
	last time.Time
	drew bool
}

func newProgress(w io.Writer) *progress { return &progress{w: w, on: isTerminal(w)} }

func (p *progress) update(done, total int) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done != total) {
		return
	}
	p.last = time.Now()
	p.drew = true
	fmt.Fprintf(p.w, "\rexport: %d/%d records", done, total)
}

// finish clears the progress line, if one is shown (the next update
// draws it again).
func (p *progress) finish() {
	if p.drew {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", 40)+"\r")
		p.drew = false
	}
}

// startProfiles starts a CPU profile and arranges a heap profile, for
// measuring exports of many records; the returned function finishes both.
func startProfiles(cpu, mem string) (func(), error) {
	var cpuFile *os.File
	if cpu != "" {
		f, err := os.Create(cpu)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		cpuFile = f
	}
	return func() {
		if cpuFile != nil {
			pprof.StopCPUProfile()
			cpuFile.Close()
		}
		if mem != "" {
			if f, err := os.Create(mem); err == nil {
				runtime.GC()
				pprof.WriteHeapProfile(f)
				f.Close()
			}
		}
	}, nil
}
