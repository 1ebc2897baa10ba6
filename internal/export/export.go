// Package export writes drafts of many records to an output directory in
// every format: a worker pool renders records in parallel, every file is
// written atomically, a manifest makes a second run over unchanged input
// rewrite nothing, and index and digest pages tie the output together. A
// bad record is reported and skipped; the others are still exported.
package export

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// EMLFunc builds the .eml message of a draft from its plain-text and HTML
// bodies. It returns the message and notices for the user (characters the
// charset could not carry, and what was done with them).
type EMLFunc func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error)

// Refusal is the error of an EMLFunc that refuses to write one draft's
// .eml (a recipient its TLP marking does not allow): that file is not
// written, the record's other files are, and the record counts as
// refused (Result.Refused), which makes the run fail.
type Refusal struct{ Err error }

func (r *Refusal) Error() string { return r.Err.Error() }
func (r *Refusal) Unwrap() error { return r.Err }

// Gate decides whether a record's drafts are approved for sending. data
// is the record file's bytes as this export read them, drafts the drafts
// of the exported locales as rendered (headed by the disclaimer, as the
// reviewers read them: what an approval's content hash is of).
type Gate func(rec *advisory.Record, data []byte, drafts []*render.Draft) (Verdict, error)

// Verdict is a Gate's decision about one record.
type Verdict struct {
	Approved bool
	// Status says where a record that is not approved stands in review
	// (e.g. "stale"), for the report.
	Status string
	// Approvals are the approvals of the current content, oldest first,
	// when Approved: the send-ready drafts' disclosure names them. A
	// verdict that approves must name at least one.
	Approvals []render.Approval
}

// Options configure an export.
type Options struct {
	Out      string
	Locales  []string
	Formats  []format.Format // rows of format.Formats, in its order
	Renderer *render.Renderer
	HTML     *format.HTML
	Pages    *Pages
	EML      EMLFunc
	// EMLLocales, when set, are the only locales whose .eml is written
	// (export --audience: the audience's language); nil writes every one.
	EMLLocales []string
	// Gate, if set, marks unapproved drafts: every format carries the
	// locale's "review.banner" message (Draft.Banner; the .eml subject
	// prefix is the EML func's). With ApprovedOnly they are not exported
	// at all: the record's Result is Skipped. Approved drafts are
	// exported send-ready: every format carries the disclosure naming the
	// approvals instead of the disclaimer (render.Renderer.SendReady).
	// Without a Gate, drafts are exported as rendered, with the
	// disclaimer.
	Gate         Gate
	ApprovedOnly bool
	// Config is a hash of everything other than the record that shapes
	// the output (templates, messages, options, and with a Gate the
	// review state it reads). A record whose bytes and Config match the
	// manifest is skipped without rendering, and without asking the Gate.
	Config string
	Force  bool
	// Prune removes the output of records the manifest holds that are
	// not among this run's files.
	Prune    bool
	Jobs     int
	Progress func(done, total int)
}

// Status is what happened to one record.
type Status int

// The statuses.
const (
	Exported  Status = iota // at least one file written
	Unchanged               // every file already up to date
	Skipped                 // not approved, left out by ApprovedOnly
	Failed
)

// Result is the outcome for one record file.
type Result struct {
	File    string
	ID      string
	Status  Status
	Err     error
	Written int      // files written
	Removed int      // files of an earlier export removed as outdated
	Notices []string // for the user, e.g. characters replaced in .eml
	// Refused are the files the EMLFunc refused (a Refusal, located):
	// not written, while the record's other files were. The run fails.
	Refused []error
	entry   *IndexEntry
	files   []string // the record's files, when exported or unchanged
	input   string
	owned   []string // files noticegen may have in the record's directory (when failed)
	created bool     // noticegen created the record's directory
}

// Report is the outcome of an export.
type Report struct {
	Results                              []Result
	Exported, Unchanged, Skipped, Failed int
	Retracted                            int // records whose earlier output was removed (not approved, failed)
	Pruned                               int // records not in the input whose output was removed (Prune)
	Written                              int // files written, pages included
	Removed                              int // outdated files of exported records removed
	Refused                              int // .eml files refused (Result.Refused)
	// Unlisted is how many records with output in the directory the
	// index pages leave out: TLP:RED records are never listed.
	Unlisted int
	// Errors are problems outside a record's own export: removing
	// earlier output, writing the index pages.
	Errors []error
}

// ErrInterrupted is returned when the context was cancelled: the records
// done so far are exported and recorded in the manifest.
var ErrInterrupted = errors.New("export interrupted")

// Run exports the record files to o.Out.
//
// Afterwards every file noticegen wrote for a record of the run (by the
// manifest) is current or gone: files of formats and locales no longer
// produced are removed, and so is the earlier output of a record that is
// left out (ApprovedOnly) or fails. Records not in the run keep their
// output unless o.Prune. A run in which no record is exported, unchanged
// or left out (every one failed) changes nothing: no output is removed
// and the index pages stay as they were. Files noticegen did not write
// are never touched, and nothing is written through a symbolic link.
func Run(ctx context.Context, files []string, o Options) (*Report, error) {
	if err := prepareOut(o.Out); err != nil {
		return nil, err
	}
	d, err := confine.Open(o.Out)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	removeTemps(d)
	man, manData, manProblems, err := loadManifest(d)
	if err != nil {
		return nil, err
	}
	// The manifest must be writable at the end: a link there stops the
	// run before anything is written.
	if _, err := d.NoLink(ManifestFile); err != nil {
		return nil, err
	}
	prevOf := func(f string) manifestRecord { return man.Records[advisory.FileStem(f)] }
	results := make([]Result, len(files))
	dups := duplicateStems(files)
	jobs := o.Jobs
	if jobs <= 0 {
		// Writers block on the file system; more of them than cores
		// keeps the CPUs busy.
		jobs = 2 * runtime.GOMAXPROCS(0)
	}
	work := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				f := files[i]
				if other, ok := dups[f]; ok {
					results[i] = Result{File: f, Status: Failed, Err: fmt.Errorf("%s: the same file name as %s: both would be exported as %s", f, other, advisory.FileStem(f))}
				} else {
					results[i] = exportOne(f, prevOf(f), d, o)
				}
				if o.Progress != nil {
					mu.Lock()
					done++
					o.Progress(done, len(files))
					mu.Unlock()
				}
			}
		}()
	}
	interrupted := false
	reached := len(files)
feed:
	for i := range files {
		select {
		case work <- i:
		case <-ctx.Done():
			interrupted, reached = true, i
			for j := i; j < len(files); j++ {
				results[j] = Result{File: files[j], Status: Failed, Err: fmt.Errorf("%s: not exported: interrupted", files[j])}
			}
			break feed
		}
	}
	close(work)
	wg.Wait()

	rep := &Report{Results: results, Errors: manProblems}
	for _, r := range results {
		switch r.Status {
		case Exported:
			rep.Exported++
		case Unchanged:
			rep.Unchanged++
		case Skipped:
			rep.Skipped++
		case Failed:
			rep.Failed++
		}
		rep.Written += r.Written
		rep.Removed += r.Removed
		rep.Refused += len(r.Refused)
	}
	// Nothing succeeded: the output is left as it was (a broken template
	// or a wrong path should not empty it).
	allFailed := rep.Exported+rep.Unchanged+rep.Skipped == 0
	inRun := map[string]bool{}
	ownedAdded := false // a record that failed while writing is in the manifest now
	for i, r := range results {
		id := advisory.FileStem(r.File)
		inRun[id] = true
		switch {
		case r.entry != nil:
			man.Records[id] = manifestRecord{Input: r.input, Files: r.files, Entry: r.entry, Created: r.created}
			continue
		case i >= reached || dups[r.File] != "":
			continue // not attempted: its output is as it was
		}
		prev, ok := man.Records[id]
		if len(r.owned) > len(prev.Files) {
			// It failed while writing: the manifest must know every
			// file that may be there now, and that they are not current.
			prev.Input, prev.Files, prev.Created = "", r.owned, r.created
			man.Records[id], ok = prev, true
			ownedAdded = true
		}
		// A record left out or failed keeps no earlier output: it would
		// be a draft of another version than the record now holds (and
		// with ApprovedOnly an unreviewed one in a directory meant to
		// hold only approved drafts).
		var le *confine.LinkError
		if !ok || interrupted || (allFailed && r.Status == Failed) || errors.As(r.Err, &le) {
			continue // (a link refused is reported already, and not gone through)
		}
		if _, err := removeFiles(d, id, prev.Files, prev.Created); err != nil {
			rep.Errors = append(rep.Errors, fmt.Errorf("%s: earlier output not removed: %w", r.File, err))
			continue
		}
		delete(man.Records, id)
		rep.Retracted++
	}
	if o.Prune && !interrupted && !allFailed {
		ids := make([]string, 0, len(man.Records))
		for id := range man.Records {
			if !inRun[id] {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			prev := man.Records[id]
			if _, err := removeFiles(d, id, prev.Files, prev.Created); err != nil {
				rep.Errors = append(rep.Errors, fmt.Errorf("%s: not pruned: %w", d.Path(id), err))
				continue
			}
			delete(man.Records, id)
			rep.Pruned++
		}
	}
	if o.Pages != nil && !allFailed {
		// The index pages list every record whose output is in the
		// directory, as the manifest now says. They depend on those
		// entries, the locales and the configuration only: when none
		// changed, they are not rebuilt.
		var entries []*IndexEntry
		for _, r := range man.Records {
			switch {
			case r.Entry == nil:
			case r.Entry.TLP == advisory.TLPRed.Label():
				// For the individual recipients only: not on a page
				// that lists notices for everyone who can read out/.
				rep.Unlisted++
			default:
				entries = append(entries, r.Entry)
			}
		}
		sortEntries(entries)
		key, err := json.Marshal(struct {
			Config  string
			Locales []string
			Entries []*IndexEntry
		}{o.Config, o.Locales, entries})
		if err != nil {
			return rep, err
		}
		sum := hashBytes(key)
		if o.Force || man.Index != sum || !regularFiles(d, []string{"index.html", "index.md"}) {
			n, err := o.Pages.writeIndexes(d, entries, o.Locales, o.Force)
			rep.Written += n
			if err != nil {
				rep.Errors = append(rep.Errors, fmt.Errorf("index pages not written: %w", err))
				sum = ""
			}
		}
		man.Index = sum
	}
	// A run in which every record failed leaves the manifest as it was,
	// unless it must now name the files of a record whose writing failed
	// part way.
	if (!allFailed || ownedAdded) && (manData != nil || len(man.Records) > 0 || man.Index != "") {
		if _, err := man.save(d, manData); err != nil {
			return rep, err
		}
	}
	if interrupted {
		return rep, ErrInterrupted
	}
	return rep, nil
}

// duplicateStems maps each file whose name (without extension) another
// file shares to that other file: both would be exported to one directory.
func duplicateStems(files []string) map[string]string {
	first := map[string]string{}
	dups := map[string]string{}
	for _, f := range files {
		s := advisory.FileStem(f)
		if o, ok := first[s]; ok {
			dups[f], dups[o] = o, f
			continue
		}
		first[s] = f
	}
	return dups
}
