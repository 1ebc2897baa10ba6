// Package lint checks advisory records, and the drafts rendered from them,
// for mistakes that would do harm if a notice went out with them: text
// missing or left untranslated in a locale, CVE ids, versions, dates and
// numbers that differ between the Japanese and English text, placeholders,
// stale or implausible deadlines, dubious URLs, subjects too long for a mail
// client, characters that ISO-2022-JP mail cannot carry, mixed Japanese
// writing styles, drafts that fail to render or lack the disclaimer (or,
// made send-ready as export makes approved drafts, the disclosure), and
// imported records that no longer say what their source file says
// (source-fidelity, with the source found beside the record or in
// Options.Sources).
//
// Each rule has a kebab-case id, a severity and a one-line description
// (Rules). Errors block a record (the review gate refuses to approve it);
// warnings are shown but pass unless the caller is strict. A record can
// silence a warning rule for itself with its lint.disable key; an error rule
// can never be silenced, and trying to is itself an error (rule
// lint-disable).
//
// CheckFile and CheckRecord report every finding of a record at once,
// sorted by file, line, column and rule. Positions are those of the record
// field a finding is about (Record.Positions); a finding about a rendered
// draft as a whole has no line.
package lint

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/kev"
	"github.com/noticegen/noticegen/internal/render"
)

// Options say what to check against.
type Options struct {
	// Renderer renders the drafts that are checked; nil means the embedded
	// templates and messages. Its policy (Renderer.Policy: the team
	// calendar and SLA) is the one deadlines are resolved under.
	Renderer *render.Renderer
	// Locales are the locales every record must be complete and consistent
	// in, and whose drafts are rendered; empty means every locale of the
	// Renderer.
	Locales []string
	// Sources are directories to look for the source files of imported
	// records in (provenance.file), after the record's own directory.
	Sources []string
	// KEV is a copy of CISA's Known Exploited Vulnerabilities catalog
	// (check --kev); nil runs the kev-* rules on the records' own
	// exploited fields only.
	KEV *kev.Catalog
	// Now is the current time, for deadlines that have passed; zero means
	// the system clock. The date is taken in Now's location.
	Now time.Time
	// Approved, when set, returns what the review log remembers of a
	// record's last approval (nil for none), for rule revision-missing;
	// without it the rule does not run.
	Approved func(rec *advisory.Record) *Approved
}

// resolve fills in the defaults of o.
func (o Options) resolve() (Options, error) {
	if o.Renderer == nil {
		r, err := render.Default()
		if err != nil {
			return o, fmt.Errorf("embedded templates: %w", err)
		}
		o.Renderer = r
	}
	if len(o.Locales) == 0 {
		o.Locales = o.Renderer.Locales()
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	return o, nil
}

// CheckFile loads the record at path and checks it. A record the loader
// rejects gives one finding of rule "schema" per problem, and nothing
// else: the other rules need a record that decodes.
func CheckFile(path string, o Options) []Finding {
	rec, err := advisory.Load(path)
	if err != nil {
		return schemaFindings(path, err)
	}
	return append(CheckRecord(rec, o), checkIDFileName(rec)...)
}

// CheckData is CheckFile for a record's bytes not (or not yet) saved as
// path: an editor's preview checks what would be saved.
func CheckData(path string, data []byte, o Options) []Finding {
	rec, err := advisory.Decode(path, data)
	if err != nil {
		return schemaFindings(path, err)
	}
	return append(CheckRecord(rec, o), checkIDFileName(rec)...)
}

// checkIDFileName reports a record whose id is not its file name (see
// advisory.Record.CheckFileName).
func checkIDFileName(rec *advisory.Record) []Finding {
	e := rec.CheckFileName()
	if e == nil {
		return nil
	}
	return []Finding{{File: e.File, Pos: e.Pos, Severity: Error, Rule: ruleIDFileName, Msg: e.Field + ": " + e.Msg}}
}

// schemaFindings turns a loader error into findings.
func schemaFindings(file string, err error) []Finding {
	var list advisory.ErrorList
	if !errors.As(err, &list) {
		return []Finding{{File: file, Severity: Error, Rule: ruleSchema, Msg: err.Error()}}
	}
	fs := make([]Finding, 0, len(list))
	for _, e := range list {
		msg := e.Msg
		if e.Field != "" {
			msg = e.Field + ": " + msg
		}
		f := e.File
		if f == "" {
			f = file
		}
		fs = append(fs, Finding{File: f, Pos: e.Pos, Severity: Error, Rule: ruleSchema, Msg: msg})
	}
	sortFindings(fs)
	return fs
}

// CheckRecord checks a record that has already been loaded: every record
// rule, then every draft of every locale in o.Locales (a draft that fails
// to render is a finding of rule "render"), then the record's lint.disable
// list, which removes the warnings it silences.
func CheckRecord(rec *advisory.Record, o Options) []Finding {
	o, err := o.resolve()
	if err != nil {
		return []Finding{{File: rec.File, Severity: Error, Rule: ruleRender, Msg: err.Error()}}
	}
	c := &checker{rec: rec, o: o}
	for _, r := range registry {
		if r.record != nil {
			r.record(c)
		}
	}
	for _, loc := range o.Locales {
		d := c.render(loc)
		if d == nil {
			continue
		}
		for _, r := range registry {
			if r.draft != nil {
				r.draft(c, d)
			}
		}
	}
	fs := c.silence()
	sortFindings(fs)
	return dedupe(fs)
}

// checker holds the state of checking one record.
type checker struct {
	rec      *advisory.Record
	o        Options
	findings []Finding
	facts    map[string]*facts // by text path, for the consistency rules
	marks    []string          // translation markers, normalized (markers)
	// The deadline as resolved under the policy (see deadline).
	dueWhen        due.When
	dueOK, dueDone bool
	dueErr         error
}

// report adds a finding of rule about the field at path, located there;
// the message is prefixed with the path.
func (c *checker) report(rule, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	c.reportAt(rule, c.pos(path), msg)
}

// reportAt adds a finding of rule at pos with msg as it is.
func (c *checker) reportAt(rule string, pos advisory.Pos, msg string) {
	c.findings = append(c.findings, Finding{File: c.rec.File, Pos: pos, Severity: severityOf(rule), Rule: rule, Msg: msg})
}

// pos returns where the field at path was written, or the position of the
// nearest enclosing field that has one.
func (c *checker) pos(path string) advisory.Pos {
	for path != "" {
		if p, ok := c.rec.Positions[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return advisory.Pos{}
}

// render renders the draft of loc, or reports why it cannot. A record
// without text in loc is not rendered: translation-missing reports it.
func (c *checker) render(loc string) *render.Draft {
	if err := c.rec.CheckLocales([]string{loc}); err != nil {
		return nil
	}
	d, err := c.o.Renderer.Render(c.rec, loc)
	var de *due.Error
	if errors.As(err, &de) {
		return nil // the deadline does not resolve: deadline-unresolved says why
	}
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), c.rec.File+": ")
		c.reportAt(ruleRender, advisory.Pos{}, fmt.Sprintf("the %s draft does not render: %s", loc, msg))
		return nil
	}
	return d
}

// text is one localized text of the record.
type text struct {
	path   string // field path with the locale, e.g. "actions[1].ja"
	field  string // field path without it, e.g. "actions[1]"
	loc    string
	s      string
	single bool
}

// texts returns every localized text of the record in a checked locale,
// in record order.
func (c *checker) texts() []text {
	var out []text
	c.rec.EachText(func(path string, t advisory.Text, single bool) {
		for _, loc := range c.o.Locales {
			if s, ok := t[loc]; ok {
				out = append(out, text{path: path + "." + loc, field: path, loc: loc, s: s, single: single})
			}
		}
	})
	return out
}

// plainTexts returns the record's text fields that are written once, not
// per locale and may appear in a draft, with their paths. The author is
// left out: a user name, never part of a notice.
func (c *checker) plainTexts() []text {
	r := c.rec
	out := []text{
		{path: "source.name", s: r.Source.Name, single: true},
		{path: "vendor", s: r.Vendor, single: true},
		{path: "product", s: r.Product, single: true},
	}
	for i, p := range r.Platforms {
		out = append(out, text{path: fmt.Sprintf("platforms[%d]", i), s: p, single: true})
	}
	for i := range out {
		out[i].field = out[i].path
	}
	return out
}

// isJapanese reports whether loc is Japanese (ja, ja-JP, …).
func isJapanese(loc string) bool { return loc == "ja" || strings.HasPrefix(loc, "ja-") }
