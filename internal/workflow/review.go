package workflow

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/review"
)

// Logs says which review log holds a record's entries.
type Logs struct {
	// Dir is the records directory given by the user (--dir); when Fixed,
	// its log holds the entries of every record, else each record's log is
	// the one in the record file's own directory.
	Dir   string
	Fixed bool
}

// For returns the review log of the record file.
func (l Logs) For(file string) *review.Log {
	if l.Fixed {
		return review.Open(l.Dir)
	}
	return review.Open(filepath.Dir(file))
}

// FindRecord returns the file of record id in dir: dir/id.yaml or
// dir/id.yml. The id is validated before any file is looked at.
func FindRecord(dir, id string) (string, error) {
	if msg := advisory.ValidID(id); msg != "" {
		return "", fmt.Errorf("unknown record id: the id %s", msg)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("records directory %s: not a directory (use --dir to name the directory that holds %s.yaml)", dir, id)
	}
	var found []string
	for _, ext := range []string{".yaml", ".yml"} {
		p := filepath.Join(dir, id+ext)
		fi, err := os.Lstat(p)
		switch {
		case err != nil:
			continue
		case fi.Mode()&fs.ModeSymlink != 0:
			// A link could make the record page show any file the
			// server can read.
			return "", fmt.Errorf("record %s: %s is a symbolic link; records are read only from plain files", id, p)
		case fi.Mode().IsRegular():
			found = append(found, p)
		}
	}
	switch len(found) {
	case 0:
		return "", fmt.Errorf("unknown record id %q: no file %s in %s", id, id+".yaml", dir)
	case 2:
		return "", fmt.Errorf("record id %q: both %s and %s exist; remove one", id, found[0], found[1])
	}
	return found[0], nil
}

// Load reads and decodes a record file; the bytes are what an approval
// hashes.
func Load(file string) (*advisory.Record, []byte, error) {
	data, err := advisory.Read(file)
	if err != nil {
		return nil, nil, err
	}
	rec, err := advisory.Decode(file, data)
	if err != nil {
		return nil, nil, err
	}
	return rec, data, nil
}

// Snapshot renders rec in every locale of the catalog (not only the Kit's
// Locales: an approval covers them all), reusing the drafts in have, and
// takes the snapshot of what a reviewer approves: the record file and
// every draft in every format.
func (k *Kit) Snapshot(rec *advisory.Record, data []byte, have []*render.Draft) (*review.Snapshot, error) {
	byLoc := map[string]*render.Draft{}
	for _, d := range have {
		byLoc[d.Locale] = d
	}
	var drafts []*render.Draft
	for _, loc := range k.Renderer.Locales() {
		d := byLoc[loc]
		if d == nil {
			var err error
			if d, err = k.Renderer.Render(rec, loc); err != nil {
				return nil, err
			}
		}
		drafts = append(drafts, d)
	}
	return review.Take(data, drafts, k.HTML)
}

// Decision is an approval or a request for changes, as a reviewer gives
// it.
type Decision struct {
	Action    review.Action
	Dir       string // the records directory: the record is Dir/ID.yaml, its log Dir's
	ID        string
	Reviewer  string
	Comment   string
	Approvals int // approvals by distinct reviewers the content needs, for the status after it
	// Content, when not empty, is the content hash the reviewer read
	// (a page shows it): a decision about content that changed since is
	// refused, so no one approves what they did not see.
	Content string
}

// At returns a copy of k whose clock reads now: a long-running front end
// dates each decision when it is made. NowSet is kept: .eml drafts stay
// dated by their record unless the clock was fixed.
func (k *Kit) At(now time.Time) *Kit {
	c := *k
	c.Now = now
	return &c
}

// Decided is what Decide recorded.
type Decided struct {
	Entry    *review.Entry
	Status   *review.Status // the record's status after the entry
	Log      *review.Log
	File     string
	Findings []lint.Finding // check's findings of the record, for an approval
}

// Refusal is a decision that is not recorded, and why: the record does not
// load or has check errors (Findings), the reviewer is its author, or the
// same reviewer approved the same content already. Nothing was written.
type Refusal struct {
	Err      error
	Findings []lint.Finding
	Load     error // the record's load errors, when it does not load
}

func (r *Refusal) Error() string { return r.Err.Error() }
func (r *Refusal) Unwrap() error { return r.Err }

// Decide checks a decision and appends it to the record's review log: an
// approval of a record that loads and has no check errors, by someone
// other than its author; a request for changes with its comment. Refused
// decisions are a *Refusal; other errors (an unknown id, a broken log, a
// read-only directory) are returned as they are.
func (k *Kit) Decide(d Decision) (*Decided, error) {
	file, err := FindRecord(d.Dir, d.ID)
	if err != nil {
		return nil, err
	}
	rec, data, err := Load(file)
	if err != nil {
		return nil, &Refusal{Err: fmt.Errorf("%s does not load; fix it first (noticegen check %s)", file, file), Load: err}
	}
	if e := rec.CheckFileName(); e != nil {
		return nil, e
	}
	req := &review.Request{Action: d.Action, Record: d.ID, Author: rec.Author, Reviewer: d.Reviewer, Comment: d.Comment}
	req.Remember(rec, k.Config)
	if err := req.Validate(); err != nil {
		return nil, &Refusal{Err: err}
	}
	out := &Decided{File: file, Log: review.Open(d.Dir)}
	if d.Action == review.Approve {
		// The log is read again, locked, when the approval is appended;
		// here it only tells whether facts changed since the last
		// approval (a warning, shown with the approval).
		var last *lint.Approved
		if entries, err := out.Log.Read(k.Now); err == nil {
			last = approvedOf(review.LastApproval(entries, d.ID))
		}
		lo := k.lintOptions()
		lo.Approved = func(*advisory.Record) *lint.Approved { return last }
		out.Findings = lint.CheckRecord(rec, lo)
		if lint.HasErrors(out.Findings, false) {
			n := 0
			for _, f := range out.Findings {
				if f.Severity == lint.Error {
					n++
				}
			}
			return nil, &Refusal{Err: fmt.Errorf("%s has %d check error(s); fix them (noticegen check %s), then approve again", file, n, file), Findings: out.Findings}
		}
	}
	if req.Snapshot, err = k.Snapshot(rec, data, nil); err != nil {
		return nil, err
	}
	if d.Content != "" && d.Content != req.Snapshot.Hash() {
		return nil, &Refusal{Err: fmt.Errorf("%s changed since you read it (content %s, now %s): read it again, then decide", d.ID, review.Short(d.Content), review.Short(req.Snapshot.Hash())), Findings: out.Findings}
	}
	e, before, err := review.Record(out.Log, req, k.Now)
	var refused *review.RefusedError
	if errors.As(err, &refused) {
		return nil, &Refusal{Err: err, Findings: out.Findings}
	}
	if err != nil {
		return nil, err
	}
	out.Entry = e
	out.Status = review.Compute(append(before, *e), d.ID, rec.Author, e.Content, max(d.Approvals, 1))
	return out, nil
}

// History returns the entries of record id in the review log of the
// records directory dir, oldest first, after verifying the whole log. An
// id with no entries must name a record in dir.
func History(dir, id string, now time.Time) (*review.Log, []review.Entry, error) {
	log := review.Open(dir)
	entries, err := log.Read(now)
	if err != nil {
		return log, nil, err
	}
	var mine []review.Entry
	for _, e := range entries {
		if e.Record == id {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 {
		if _, err := FindRecord(dir, id); err != nil {
			return log, nil, err
		}
	}
	return log, mine, nil
}

// Row is one record's review status.
type Row struct {
	File    string
	Status  *review.Status
	Changed []string // what changed since Status.Basis, when Status.Changed
	Diff    string   // unified diff of the plain-text drafts since Status.Basis
}

// Status computes the review status of every record file, reading each
// log once. Records that do not load or render, and logs that do not
// verify, are returned as errors (a broken log once, however many records
// share it); the other records still get their rows.
func (k *Kit) Status(files []string, logs Logs, approvals int) ([]Row, []error) {
	cache := newLogCache(k.Now)
	var rows []Row
	var errs []error
	for _, file := range files {
		rec, data, err := Load(file)
		if err == nil {
			var snap *review.Snapshot
			if snap, err = k.Snapshot(rec, data, nil); err == nil {
				var entries []review.Entry
				if entries, err = cache.read(logs.For(file)); err == nil {
					rows = append(rows, newRow(file, snap, review.Compute(entries, rec.ID, rec.Author, snap.Hash(), max(approvals, 1))))
					continue
				}
			}
		}
		if !cache.reported(err) {
			errs = append(errs, err)
		}
	}
	return rows, errs
}

// logCache reads each review log once; a broken log is reported once.
type logCache struct {
	now     time.Time
	entries map[string][]review.Entry
	errs    map[string]error
	shown   map[string]bool // log directories whose error was reported
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
// that it is reported once however many records share the log.
type logError struct {
	dir string
	err error
}

func (e *logError) Error() string { return e.err.Error() }
func (e *logError) Unwrap() error { return e.err }

// reported says whether err is the error of a review log that was
// reported already, and from now on counts it as reported. Other errors
// (a record that does not load or render) are never "reported": each is
// returned. (Errors are not map keys: an advisory.ErrorList is a slice.)
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

func newRow(file string, snap *review.Snapshot, st *review.Status) Row {
	r := Row{File: file, Status: st}
	if !st.Changed || st.Basis == nil {
		return r
	}
	old := st.Basis.Snapshot()
	r.Changed = snap.Changes(old)
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
	r.Diff = b.String()
	return r
}

// Verified is one review log that verified.
type Verified struct {
	Log     *review.Log
	Entries []review.Entry
	Exists  bool // the log file exists (an empty one verifies too)
}

// Verify checks the review logs of paths (directories, record files or log
// files): for a directory, its own log and that of every directory below it
// that holds records or a log. It also loads every record beside them: an
// entry is about a record, and one that does not decode cannot be checked
// against it. Logs that verify are returned; every problem is an error.
func Verify(paths []string, now time.Time) ([]Verified, []error) {
	logs, errs := logPaths(paths)
	var out []Verified
	for _, l := range logs {
		entries, err := l.Read(now)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		_, statErr := os.Stat(l.Path())
		out = append(out, Verified{Log: l, Entries: entries, Exists: statErr == nil})
	}
	// Unreadable paths were reported by logPaths, and a directory that
	// holds a log but no records is no problem here, so Discover's errors
	// are not reported again.
	var recordPaths []string
	for _, p := range paths {
		if b := filepath.Base(p); b != review.LogName && b != review.HeadName {
			recordPaths = append(recordPaths, p)
		}
	}
	files, _ := export.Discover(recordPaths)
	for _, file := range files {
		if _, _, err := Load(file); err != nil {
			errs = append(errs, err)
		}
	}
	return out, errs
}

// logPaths returns the review logs of paths: for a directory, its own log
// and that of every directory below it that holds records; for a record
// file or a log file, the log of its directory.
func logPaths(paths []string) ([]*review.Log, []error) {
	var logs []*review.Log
	var errs []error
	seen := map[string]bool{}
	add := func(dir string) {
		l := review.Open(dir)
		if !seen[l.Dir] {
			seen[l.Dir] = true
			logs = append(logs, l)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", p, advisory.BareError(err)))
			continue
		}
		if !fi.IsDir() {
			add(filepath.Dir(p))
			continue
		}
		add(p)
		filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && q != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && (d.Name() == review.LogName || strings.HasSuffix(d.Name(), ".yaml") || strings.HasSuffix(d.Name(), ".yml")) {
				add(filepath.Dir(q))
			}
			return nil
		})
	}
	return logs, errs
}

// Approvals finds the last approval of records in their review logs, for
// check's rule revision-missing (lint.Options.Approved). Each log is read
// and verified once; a log that does not verify is reported once by Errs,
// and its records are checked without it. It is safe for concurrent use
// (check runs records in parallel).
type Approvals struct {
	mu    sync.Mutex
	logs  Logs
	cache *logCache
	errs  []error
}

// Approvals returns the finder of approvals in logs, as of the Kit's
// clock.
func (k *Kit) Approvals(logs Logs) *Approvals {
	return &Approvals{logs: logs, cache: newLogCache(k.Now)}
}

// Last returns what the review log of rec remembers of its last approval,
// or nil when it has none (or the log does not verify: see Errs).
func (a *Approvals) Last(rec *advisory.Record) *lint.Approved {
	a.mu.Lock()
	defer a.mu.Unlock()
	entries, err := a.cache.read(a.logs.For(rec.File))
	if err != nil {
		if !a.cache.reported(err) {
			a.errs = append(a.errs, err)
		}
		return nil
	}
	return approvedOf(review.LastApproval(entries, rec.ID))
}

// Errs returns the errors of the logs that did not verify, each once.
// They are sorted by message: records are checked in parallel, so the
// order in which logs were first read varies.
func (a *Approvals) Errs() []error {
	a.mu.Lock()
	defer a.mu.Unlock()
	slices.SortFunc(a.errs, func(x, y error) int { return strings.Compare(x.Error(), y.Error()) })
	return a.errs
}

// approvedOf is what check needs of an approval entry.
func approvedOf(e *review.Entry) *lint.Approved {
	if e == nil {
		return nil
	}
	return &lint.Approved{Seq: e.Seq, Time: e.Time, Reviewer: e.Reviewer, Facts: e.Facts, Revisions: e.Revisions, Revised: e.Revised}
}
