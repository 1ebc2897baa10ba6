package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/importer"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/review"
	"github.com/noticegen/noticegen/internal/workflow"
)

// page is what every page template sees.
type page struct {
	Title    string
	Reviewer string
	LogOK    bool
	LogState string
	LogPath  string
	Flash    string
	CSRF     string
}

// base fills in the parts every page shares: who is reviewing, and whether
// the review log verifies.
func (s *Server) base(r *http.Request, title string) page {
	p := page{Title: title, Reviewer: reviewerOf(r), CSRF: csrfOf(r)}
	l := review.Open(s.o.Dir)
	p.LogPath = l.Path()
	entries, err := l.Read(s.o.Now())
	switch {
	case err != nil:
		p.LogState = "does not verify: " + err.Error()
	case len(entries) == 0:
		p.LogOK, p.LogState = true, "no entries yet"
	default:
		last := entries[len(entries)-1]
		p.LogOK, p.LogState = true, fmt.Sprintf("intact, %d entries, last seq %d (%s)", len(entries), last.Seq, review.Short(last.Hash))
	}
	p.Flash = flashes[r.URL.Query().Get("done")]
	return p
}

// flashes are the messages a redirect after a POST may show; the query
// names one, so no request text is ever echoed.
var flashes = map[string]string{
	"approved":          "Approved.",
	"changes-requested": "Changes requested.",
	"saved":             "Saved.",
	"created":           "Created: fill in every TODO, then save.",
	"imported":          "Imported: translate and confirm what check lists, then save.",
}

// kit is the workflow kit with the clock read now.
func (s *Server) kit() *workflow.Kit { return s.o.Kit.At(s.o.Now()) }

func (s *Server) logs() workflow.Logs { return workflow.Logs{Dir: s.o.Dir, Fixed: true} }

func (s *Server) render(w http.ResponseWriter, status int, name string, data any) {
	var b bytes.Buffer
	if err := s.tmpl[name].ExecuteTemplate(&b, name+".html", data); err != nil {
		log.Printf("noticegen serve: page %s: %v", name, err)
		http.Error(w, "500 internal error: the page could not be built", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	s.render(w, status, "error", struct {
		page
		Heading, Message string
	}{s.base(r, heading), heading, msg})
}

// recordFile resolves the {id} of the path to the record's file. The id
// is validated before any file is touched; a bad or unknown one is 404.
func (s *Server) recordFile(w http.ResponseWriter, r *http.Request) (string, string, bool) {
	id := r.PathValue("id")
	if advisory.ValidID(id) != "" {
		s.fail(w, r, http.StatusNotFound, "No such record", "There is no record with that id.")
		return "", "", false
	}
	file, err := workflow.FindRecord(s.o.Dir, id)
	if err != nil {
		s.fail(w, r, http.StatusNotFound, "No such record", err.Error())
		return "", "", false
	}
	return id, file, true
}

// row is one record in the list.
type row struct {
	ID, Published, Status, StateClass string
	Priority, Deadline, Category      string
	TLP                               advisory.TLP
	Titles                            []string
	Errors, Warnings                  int
}

func (s *Server) rows(k *workflow.Kit) ([]*workflow.Inspection, []row, []error) {
	found, errs := export.Discover([]string{s.o.Dir})
	// Records are the files directly in the directory, as their pages
	// find them by id (a subdirectory's records have their own log).
	var files []string
	for _, f := range found {
		if filepath.Clean(filepath.Dir(f)) == filepath.Clean(s.o.Dir) {
			files = append(files, f)
		}
	}
	ins := k.InspectAll(files, s.logs(), s.o.Approvals)
	rows := make([]row, len(ins))
	for i, in := range ins {
		rw := row{ID: in.ID, Errors: in.Errors, Warnings: in.Warnings}
		rw.Status, rw.StateClass = stateOf(in)
		if rec := in.Record; rec != nil {
			rw.Published, rw.Priority, rw.Category = rec.Published.String(), string(rec.Priority), string(rec.Category)
			rw.Deadline, rw.TLP = deadline(rec, k.Config), rec.TLP
			for _, loc := range k.Locales {
				if t := rec.Title[loc]; t != "" {
					rw.Titles = append(rw.Titles, t)
				}
			}
		}
		rows[i] = rw
	}
	return ins, rows, errs
}

// stateOf is a record's review status as the list shows it, and its
// class (draft, approved, stale, changes-requested, broken).
func stateOf(in *workflow.Inspection) (string, string) {
	switch {
	case in.Row != nil:
		return in.Row.Status.Summary(), strings.ReplaceAll(string(in.Row.Status.State), " ", "-")
	case in.LogErr != nil:
		return "log broken", "broken"
	}
	return "does not load", "broken"
}

// deadline is a record's deadline as the pages show it: resolved under
// the policy, as the drafts resolve it, with its weekday and time
// ("2026-06-16 (Tue)", "2026-05-11 (Mon) 17:00 JST"), after the form
// written when it is counted ("+5bd → 2026-06-16 (Tue)"); as-needed as
// written, and one that does not resolve as written, saying so.
func deadline(rec *advisory.Record, cfg *config.Config) string {
	when, ok, err := due.Resolve(rec, cfg)
	switch {
	case err != nil:
		return rec.Deadline.String() + " (does not resolve)"
	case !ok:
		return rec.Deadline.String()
	}
	s := fmt.Sprintf("%s (%s)", when.Date, when.Date.Weekday().String()[:3])
	if when.HasTime() {
		s += " " + when.At.Format("15:04") + " " + locale.ZoneName(when.At)
	}
	if !when.Fixed() {
		s = rec.Deadline.String() + " → " + s
	}
	return s
}

// deadlineValue is a record's deadline for the JSON API: resolved, as
// 2026-06-16 or 2026-05-11T17:00+09:00; as written when it has no date or
// does not resolve.
func deadlineValue(rec *advisory.Record, cfg *config.Config) string {
	if when, ok, err := due.Resolve(rec, cfg); ok && err == nil {
		return when.String()
	}
	return rec.Deadline.String()
}

var states = []string{"draft", "changes-requested", "approved", "stale", "broken"}

func (s *Server) index(w http.ResponseWriter, r *http.Request) {
	_, rows, errs := s.rows(s.kit())
	filter := r.URL.Query().Get("status")
	if filter != "" {
		var keep []row
		for _, rw := range rows {
			if rw.StateClass == filter {
				keep = append(keep, rw)
			}
		}
		rows = keep
	}
	p := s.base(r, "Records")
	if len(errs) > 0 && len(rows) == 0 && filter == "" {
		p.Flash = errs[0].Error()
	}
	s.render(w, http.StatusOK, "index", struct {
		page
		Dir    string
		Rows   []row
		Filter string
		States []string
	}{p, s.o.Dir, rows, filter, states})
}

// draftView is one draft on a page: Text is the draft in the page's
// format (the record page's view; plain text on the edit page), Notes the
// .eml writer's notices when that is eml. Disclosure is, for an approved
// record, what the send-ready drafts export writes carry in place of the
// disclaimer.
type draftView struct {
	Locale, Text string
	Notes        []string
	Disclosure   string
}

type diffLine struct{ Class, Text string }

func diffLines(d string) []diffLine {
	var out []diffLine
	for _, l := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
		c := "ctx"
		switch {
		case strings.HasPrefix(l, "+++"), strings.HasPrefix(l, "---"):
			c = "file"
		case strings.HasPrefix(l, "+"):
			c = "add"
		case strings.HasPrefix(l, "-"):
			c = "del"
		case strings.HasPrefix(l, "@@"):
			c = "hunk"
		}
		out = append(out, diffLine{c, l})
	}
	return out
}

type finding struct {
	Line, Col      int
	Severity, Rule string
	Msg            string
}

func findings(fs []lint.Finding) []finding {
	out := make([]finding, len(fs))
	for i, f := range fs {
		out[i] = finding{f.Pos.Line, max(f.Pos.Col, 1), string(f.Severity), f.Rule, f.Msg}
	}
	return out
}

// view is a tab of the record page: one per output format.
type view struct{ Name, Label string }

// views are the record page's tabs, one per row of format.Formats.
var views = func() []view {
	var vs []view
	for _, f := range format.Formats {
		vs = append(vs, view{string(f.Name), f.Label})
	}
	return vs
}()

type recordPage struct {
	page
	ID, File, Status, StateClass string
	Record                       *advisory.Record
	Deadline                     string // resolved, as the list shows it
	Err, LogErr                  error
	Findings                     []finding
	Errors, Warnings             int
	View                         string
	Views                        []view
	Drafts                       []draftView
	Diff                         []diffLine
	Changed                      string
	BasisWhat, BasisBy           string
	BasisSeq                     int
	Content                      string
	History                      []review.Entry
	Approved                     bool  // the drafts have send-ready forms: Drafts[i].Disclosure
	DisclosureErr                error // why they could not be worded
}

func (s *Server) recordPage(r *http.Request, in *workflow.Inspection) recordPage {
	p := recordPage{page: s.base(r, in.ID), ID: in.ID, File: in.File, Record: in.Record, Err: in.Err, LogErr: in.LogErr,
		Findings: findings(in.Findings), Errors: in.Errors, Warnings: in.Warnings, Views: views, History: in.History}
	p.Status, p.StateClass = stateOf(in)
	if in.Record != nil {
		p.Deadline = deadline(in.Record, s.kit().Config)
	}
	f, ok := format.Lookup(r.URL.Query().Get("view"), format.Formats)
	if !ok {
		f = format.Formats[0] // plain text
	}
	p.View = string(f.Name)
	for _, d := range in.Drafts {
		v := draftView{Locale: d.Locale}
		if f.Name != format.HTMLMail { // shown in a sandboxed frame instead
			v.Text = string(d.Bytes(f))
		}
		if f.Name == format.EML {
			v.Notes = d.EMLNotes
		}
		v.Disclosure = in.Disclosures[d.Locale]
		p.Drafts = append(p.Drafts, v)
	}
	p.Approved, p.DisclosureErr = len(in.Disclosures) > 0, in.DisclosureErr
	if in.Snapshot != nil {
		p.Content = in.Snapshot.Hash()
	}
	if in.Row != nil && in.Row.Status.Basis != nil && in.Row.Status.Changed {
		b := in.Row.Status.Basis
		p.BasisWhat, p.BasisBy, p.BasisSeq = "approval", b.Reviewer, b.Seq
		if b.Action == review.RequestChanges {
			p.BasisWhat = "request for changes"
		}
		p.Changed = "Changed: " + strings.Join(in.Row.Changed, ", ")
		if in.Row.Diff != "" {
			p.Diff = diffLines(in.Row.Diff)
		}
	}
	return p
}

func (s *Server) record(w http.ResponseWriter, r *http.Request) {
	_, file, ok := s.recordFile(w, r)
	if !ok {
		return
	}
	in := s.kit().Inspect(file, s.logs(), s.o.Approvals)
	s.render(w, http.StatusOK, "record", s.recordPage(r, in))
}

// draftHTML is one draft's HTML mail, for the sandboxed frame of the
// record page: it runs nothing and may be framed only by the server's own
// pages.
func (s *Server) draftHTML(w http.ResponseWriter, r *http.Request) {
	_, file, ok := s.recordFile(w, r)
	if !ok {
		return
	}
	in := s.kit().Inspect(file, s.logs(), s.o.Approvals)
	if want := r.URL.Query().Get("content"); want != "" && (in.Snapshot == nil || in.Snapshot.Hash() != want) {
		// The frame must show the version the page (and its approve
		// form) is about.
		http.Error(w, "409 the record changed since the page was loaded: reload the page", http.StatusConflict)
		return
	}
	loc := r.PathValue("locale")
	for _, d := range in.Drafts {
		if d.Locale == loc {
			h := w.Header()
			h.Set("Content-Security-Policy", policyDraft)
			h.Set("X-Frame-Options", "SAMEORIGIN")
			h.Set("Content-Type", "text/html; charset=utf-8")
			w.Write(d.Out.HTML)
			return
		}
	}
	http.Error(w, "404 no draft in that locale", http.StatusNotFound)
}

// decide handles the approve and request-changes forms, with the same
// rules as the command line.
func (s *Server) decide(action review.Action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, file, ok := s.recordFile(w, r)
		if !ok {
			return
		}
		k := s.kit()
		content := r.PostFormValue("content")
		var err error
		if content == "" {
			// A decision is about the content the reviewer read: the
			// form carries its hash, and one without it is refused.
			err = &workflow.Refusal{Err: errors.New("the form names no content: reload the record and decide on what it shows")}
		} else {
			_, err = k.Decide(workflow.Decision{Action: action, Dir: s.o.Dir, ID: id, Reviewer: reviewerOf(r),
				Comment: normalize(r.PostFormValue("comment")), Approvals: s.o.Approvals, Content: content})
		}
		if err == nil {
			done := "approved"
			if action == review.RequestChanges {
				done = "changes-requested"
			}
			http.Redirect(w, r, "/records/"+id+"?done="+done, http.StatusSeeOther)
			return
		}
		var refusal *workflow.Refusal
		status := http.StatusInternalServerError
		if errors.As(err, &refusal) {
			status = http.StatusUnprocessableEntity
			err = refusal.Err
		}
		p := s.recordPage(r, k.Inspect(file, s.logs(), s.o.Approvals))
		p.Flash = "Not recorded: " + err.Error()
		s.render(w, status, "record", p)
	}
}

// normalize turns a browser's CRLF line ends into LF.
func normalize(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

type line struct {
	N    int
	Text string
	Bad  bool
}

type editPage struct {
	page
	ID, File         string
	YAML, Orig, Base string
	Lines            []line
	Findings         []finding
	Errors, Warnings int
	Drafts           []draftView
	Previewed        bool
	SaveErr          string
	Conflict         []diffLine
}

func (s *Server) editPage(r *http.Request, id, file string, text, orig []byte, in *workflow.Inspection) editPage {
	p := editPage{page: s.base(r, "Edit "+id), ID: id, File: file, YAML: string(text), Orig: string(orig), Base: workflow.Version(orig)}
	bad := map[int]bool{}
	if in != nil {
		p.Findings, p.Errors, p.Warnings = findings(in.Findings), in.Errors, in.Warnings
		for _, f := range in.Findings {
			if f.Severity == lint.Error {
				bad[f.Pos.Line] = true
			}
		}
		for _, d := range in.Drafts {
			p.Drafts = append(p.Drafts, draftView{Locale: d.Locale, Text: string(d.Out.Text)})
		}
	}
	for i, l := range strings.Split(strings.TrimSuffix(string(text), "\n"), "\n") {
		p.Lines = append(p.Lines, line{i + 1, l, bad[i+1]})
	}
	return p
}

func (s *Server) edit(w http.ResponseWriter, r *http.Request) {
	id, file, ok := s.recordFile(w, r)
	if !ok {
		return
	}
	data, err := advisory.Read(file)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, "The record cannot be read", err.Error())
		return
	}
	in := s.kit().Preview(file, data)
	s.render(w, http.StatusOK, "edit", s.editPage(r, id, file, data, data, in))
}

// editPost previews or saves the editor's text. A save is atomic and is
// refused when the file changed on disk since the editor opened it, or
// when the text does not load as the record.
func (s *Server) editPost(w http.ResponseWriter, r *http.Request) {
	id, file, ok := s.recordFile(w, r)
	if !ok {
		return
	}
	text := []byte(normalize(r.PostFormValue("yaml")))
	orig := []byte(normalize(r.PostFormValue("orig")))
	base := r.PostFormValue("base")
	k := s.kit()
	in := k.Preview(file, text)
	if r.PostFormValue("action") != "save" {
		p := s.editPage(r, id, file, text, orig, in)
		p.Previewed, p.Base = true, base
		s.render(w, http.StatusOK, "edit", p)
		return
	}
	err := k.Save(s.o.Dir, id, text, base, reviewerOf(r))
	if err == nil {
		http.Redirect(w, r, "/records/"+id+"?done=saved", http.StatusSeeOther)
		return
	}
	p := s.editPage(r, id, file, text, orig, in)
	p.Base = base
	status := http.StatusUnprocessableEntity
	var conflict *workflow.ConflictError
	if errors.As(err, &conflict) {
		status = http.StatusConflict
		if workflow.Version(orig) != base {
			orig = nil // the form's copy is not the version it names
		}
		d := review.Unified(id+".yaml (as you opened it)", id+".yaml (on disk now)", string(orig), string(conflict.Current), 3)
		if d == "" {
			d = "(the file on disk is the text you opened, saved again)"
		}
		p.Conflict = diffLines(d)
	} else {
		p.SaveErr = err.Error()
	}
	s.render(w, status, "edit", p)
}

func (s *Server) newForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "new", struct {
		page
		Err   string
		NewID string
	}{s.base(r, "New record"), "", ""})
}

func (s *Server) newPost(w http.ResponseWriter, r *http.Request) {
	id := strings.TrimSpace(r.PostFormValue("id"))
	k := s.kit()
	err := errors.New("the id " + advisory.ValidID(id))
	if advisory.ValidID(id) == "" {
		err = k.Save(s.o.Dir, id, workflow.NewRecord(id, reviewerOf(r), k.Now.Format("2006-01-02")), "", reviewerOf(r))
		if errors.Is(err, workflow.ErrConflict) {
			err = fmt.Errorf("%s exists already", filepath.Join(s.o.Dir, id+".yaml"))
		}
	}
	if err != nil {
		s.render(w, http.StatusUnprocessableEntity, "new", struct {
			page
			Err   string
			NewID string
		}{s.base(r, "New record"), err.Error(), id})
		return
	}
	http.Redirect(w, r, "/records/"+id+"/edit?done=created", http.StatusSeeOther)
}

func (s *Server) importPost(w http.ResponseWriter, r *http.Request) {
	f, hdr, err := r.FormFile("document")
	var got []workflow.Imported
	if err == nil {
		var doc []byte
		doc, err = io.ReadAll(f)
		f.Close()
		if err == nil {
			k := s.kit()
			got, err = k.ImportInto(s.o.Dir, filepath.Base(hdr.Filename), doc, importer.Options{Now: k.Now, Author: reviewerOf(r), Locales: k.Locales, Policy: k.Config})
		}
	}
	if err == nil && len(got) == 0 {
		err = errors.New("the document holds no advisory")
	}
	if err != nil {
		s.render(w, http.StatusUnprocessableEntity, "new", struct {
			page
			Err   string
			NewID string
		}{s.base(r, "New record"), err.Error(), ""})
		return
	}
	http.Redirect(w, r, "/records/"+got[0].ID+"/edit?done=imported", http.StatusSeeOther)
}

// The JSON API: the same data as the pages, for other tools.

type apiFinding struct {
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
}

type apiSummary struct {
	ID        string            `json:"id"`
	File      string            `json:"file"`
	Status    string            `json:"status"`
	Summary   string            `json:"summary"`
	Published string            `json:"published,omitempty"`
	Priority  string            `json:"priority,omitempty"`
	Deadline  string            `json:"deadline,omitempty"`
	Category  string            `json:"category,omitempty"`
	TLP       string            `json:"tlp,omitempty"` // as TLP 2.0 writes it: AMBER+STRICT
	Title     map[string]string `json:"title,omitempty"`
	Errors    int               `json:"errors"`
	Warnings  int               `json:"warnings"`
	Content   string            `json:"content_hash,omitempty"`
}

type apiRecord struct {
	apiSummary
	Error    string            `json:"error,omitempty"`
	LogError string            `json:"log_error,omitempty"`
	Findings []apiFinding      `json:"findings"`
	Drafts   map[string]string `json:"drafts"` // plain text per locale, as reviewed (with the disclaimer)
	// Disclosures: for an approved record, per locale, what its send-ready
	// drafts carry in place of the disclaimer.
	Disclosures map[string]string `json:"disclosures,omitempty"`
	Diff        string            `json:"diff,omitempty"`
	History     []review.Entry    `json:"history"`
}

func summaryOf(in *workflow.Inspection, cfg *config.Config) apiSummary {
	a := apiSummary{ID: in.ID, File: in.File, Errors: in.Errors, Warnings: in.Warnings}
	a.Summary, a.Status = stateOf(in)
	if rec := in.Record; rec != nil {
		a.Published, a.Priority, a.Category = rec.Published.String(), string(rec.Priority), string(rec.Category)
		a.Deadline, a.TLP = deadlineValue(rec, cfg), rec.TLP.Label()
		a.Title = map[string]string(rec.Title)
	}
	if in.Snapshot != nil {
		a.Content = in.Snapshot.Hash()
	}
	return a
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request) {
	k := s.kit()
	ins, _, _ := s.rows(k)
	out := make([]apiSummary, 0, len(ins))
	for _, in := range ins {
		out = append(out, summaryOf(in, k.Config))
	}
	writeJSON(w, out)
}

func (s *Server) apiRecord(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	file, err := workflow.FindRecord(s.o.Dir, id)
	if advisory.ValidID(id) != "" || err != nil {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":"no such record"}` + "\n"))
		return
	}
	k := s.kit()
	in := k.Inspect(file, s.logs(), s.o.Approvals)
	a := apiRecord{apiSummary: summaryOf(in, k.Config), Findings: []apiFinding{}, Drafts: map[string]string{}, History: in.History}
	if a.History == nil {
		a.History = []review.Entry{}
	}
	if in.Err != nil {
		a.Error = in.Err.Error()
	}
	if in.LogErr != nil {
		a.LogError = in.LogErr.Error()
	}
	for _, f := range in.Findings {
		a.Findings = append(a.Findings, apiFinding{f.Pos.Line, f.Pos.Col, string(f.Severity), f.Rule, f.Msg})
	}
	for _, d := range in.Drafts {
		a.Drafts[d.Locale] = string(d.Out.Text)
	}
	a.Disclosures = in.Disclosures
	if in.Row != nil {
		a.Diff = in.Row.Diff
	}
	writeJSON(w, a)
}
