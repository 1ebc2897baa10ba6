// Package export writes drafts of many records to an output directory in
// every format: a worker pool renders records in parallel, every file is
// written atomically, a manifest makes a second run over unchanged input
// rewrite nothing, and index and digest pages tie the output together. A
// bad record is reported and skipped; the others are still exported.
package export

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// EMLFunc builds the .eml message of a draft from its plain-text and HTML
// bodies. It returns the message and notices for the user (characters the
// charset could not carry, and what was done with them). The message
// becomes export's: its memory goes back to bufpool once the file is
// written and is then handed to other writers, so it must be a buffer
// nothing else holds or will read — never a cached message, a constant, or
// a slice of its arguments (mail.Message returns a new buffer each time).
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
	// Result, when set, is given the Result of each record as the run
	// completes it, in record order (by id, see Run), on the goroutine
	// that called Run, and Report.Results stays empty: a run of any
	// number of records holds none of them. Without it the results are
	// collected in Report.Results.
	Result func(Result)
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
	cache   string   // the record file's stat key (manifestRecord.Cache)
	outstat string   // the stat data of files (manifestRecord.OutStat)
	owned   []string // files noticegen may have in the record's directory (when failed)
	created bool     // noticegen created the record's directory
}

// Report is the outcome of an export.
type Report struct {
	// Results are the records' results in record order, unless
	// Options.Result took them.
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
//
// Records are exported in id (file name) order, a few in parallel, and
// their results are reported (Options.Result) and merged into the new
// manifest in that order as they complete, so a run holds no state per
// record: the manifest, the results and the index pages are streams.
// An interrupted run (ctx) exports no further record: from then on
// nothing is retracted or pruned, and the records not reached keep their
// output as it was.
func Run(ctx context.Context, files []string, o Options) (*Report, error) {
	if err := prepareOut(o.Out); err != nil {
		return nil, err
	}
	d, err := confine.Open(o.Out)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	// The manifest must be writable at the end: a link there stops the
	// run before anything is written.
	if _, err := d.NoLink(ManifestFile); err != nil {
		return nil, err
	}
	man, err := openManifest(d)
	if err != nil {
		return nil, err
	}
	defer man.close()
	removeTemps(d, !man.current)

	byStem := func(a, b string) int { return strings.Compare(advisory.FileStem(a), advisory.FileStem(b)) }
	order := files
	if !slices.IsSortedFunc(order, byStem) {
		// A copy: the caller's slice stays as it was.
		order = slices.Clone(files)
		slices.SortStableFunc(order, byStem)
	}
	jobs := o.Jobs
	if jobs <= 0 {
		// Writers block on the file system; more of them than cores
		// keeps the CPUs busy.
		jobs = 2 * runtime.GOMAXPROCS(0)
	}
	tag := configTag(o.Config)
	// The queue holds the items in order, a window of them ahead of the
	// one being merged: records being exported (or done), and records of
	// the manifest that are not in the run.
	queue := make(chan *item, 4*jobs+16)
	work := make(chan *item)
	var interrupted atomic.Bool
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				it.res = exportOne(it.file, it.prev, d, o, tag)
				close(it.done)
			}
		}()
	}
	go feed(ctx, order, man, queue, work, &interrupted)

	rep := &Report{}
	m := newMerger(d, o, rep, &interrupted)
	done := 0
	var pending []*item // items before the first record that did not fail
	for it := range queue {
		<-it.done
		if it.file != "" {
			r := it.res
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
			if o.Result != nil {
				o.Result(r)
			} else {
				rep.Results = append(rep.Results, r)
			}
			done++
			if o.Progress != nil {
				o.Progress(done, len(files))
			}
			if r.Status != Failed && pending != nil {
				// Not every record fails: what the failed ones before
				// this one had may be retracted now.
				for _, p := range pending {
					m.settle(p, false)
				}
				pending = nil
			}
		}
		if pending != nil || (rep.Exported+rep.Unchanged+rep.Skipped == 0) {
			pending = append(pending, it)
			continue
		}
		m.settle(it, false)
	}
	wg.Wait()
	// Nothing succeeded: the output is left as it was (a broken template
	// or a wrong path should not empty it).
	allFailed := rep.Exported+rep.Unchanged+rep.Skipped == 0
	for _, p := range pending {
		m.settle(p, true)
	}
	rep.Errors = append(man.problems, rep.Errors...)
	if m.err != nil {
		m.w.abort()
		m.cw.abort()
		return rep, m.err
	}
	index := man.indexHash()
	if o.Pages != nil && !allFailed {
		// The index pages list every record whose output is in the
		// directory, as the new manifest says. They depend on those
		// entries, the locales and the configuration only: when none
		// changed, they are not rebuilt.
		rep.Unlisted = m.unlisted
		sum := hex.EncodeToString(m.index.Sum(nil))
		if o.Force || index != sum || !regularFiles(d, []string{"index.html", "index.md"}) {
			n, err := m.writeIndexes()
			rep.Written += n
			if err != nil {
				rep.Errors = append(rep.Errors, fmt.Errorf("index pages not written: %w", err))
				sum = ""
			}
		}
		index = sum
	}
	// A run in which every record failed leaves the manifest as it was,
	// unless it must now name the files of a record whose writing failed
	// part way.
	if (!allFailed || m.ownedAdded) && (man.found || m.lines > 0 || index != "") {
		if index != "" {
			m.write([]byte(indexPrefix + index + "\n"))
		}
		if m.err == nil {
			m.err = m.bw.Flush()
		}
		if m.err != nil {
			m.w.abort()
			m.cw.abort()
			return rep, m.err
		}
		if _, err := m.w.commit(); err != nil {
			m.cw.abort()
			return rep, err
		}
		// The stat cache: written after the manifest, so that it never
		// vouches for files the manifest does not list.
		if m.cacheLines > 0 || man.cache.found {
			if err := m.cbw.Flush(); err != nil {
				m.cw.abort()
			} else if _, err := m.cw.commit(); err != nil {
				rep.Errors = append(rep.Errors, err)
			}
		} else {
			m.cw.abort()
		}
		if man.legacy != nil {
			// Converted: the old manifest is no longer read.
			if _, err := removeRegular(d, legacyManifestFile); err != nil {
				rep.Errors = append(rep.Errors, err)
			}
		}
	} else {
		m.w.abort()
		m.cw.abort()
	}
	if interrupted.Load() {
		return rep, ErrInterrupted
	}
	return rep, nil
}

// item is one step of a run, in id order: a record file of the run
// (file, with the manifest's record of it, prev, when hasPrev), or a
// record of the manifest that is not in the run (file "").
type item struct {
	file    string
	prev    manifestRecord
	hasPrev bool
	tried   bool // given to a worker
	res     Result
	done    chan struct{} // closed when res is final
}

var closedDone = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// feed queues the items of a run in id order: the files of order (sorted
// by stem), each with its record of the manifest, and between them the
// manifest's other records; it gives the files to the workers (work)
// until ctx is cancelled.
func feed(ctx context.Context, order []string, man *manifestReader, queue, work chan<- *item, interrupted *atomic.Bool) {
	defer close(queue)
	defer close(work)
	others := func(below string, all bool) {
		for {
			r, ok := man.peek()
			if !ok || (!all && r.ID >= below) {
				return
			}
			man.next()
			queue <- &item{prev: r, hasPrev: true, done: closedDone}
		}
	}
	stopped := func(f string) Result {
		return Result{File: f, Status: Failed, Err: fmt.Errorf("%s: not exported: interrupted", f)}
	}
	for i := 0; i < len(order); {
		stem := advisory.FileStem(order[i])
		j := i + 1
		for j < len(order) && advisory.FileStem(order[j]) == stem {
			j++
		}
		others(stem, false)
		var prev manifestRecord
		hasPrev := false
		if r, ok := man.peek(); ok && r.ID == stem {
			man.next()
			prev, hasPrev = r, true
		}
		for k := i; k < j; k++ {
			f := order[k]
			it := &item{file: f, prev: prev, hasPrev: hasPrev && k == i, done: make(chan struct{})}
			switch {
			case j-i > 1:
				other := order[i]
				if k == i {
					other = order[j-1]
				}
				it.res = Result{File: f, Status: Failed, Err: fmt.Errorf("%s: the same file name as %s: both would be exported as %s", f, other, stem)}
				close(it.done)
			case interrupted.Load() || ctx.Err() != nil:
				interrupted.Store(true)
				it.res = stopped(f)
				close(it.done)
			default:
				it.tried = true
			}
			queue <- it
			if !it.tried {
				continue
			}
			select {
			case work <- it:
			case <-ctx.Done():
				interrupted.Store(true)
				it.tried = false
				it.res = stopped(f)
				close(it.done)
			}
		}
		i = j
	}
	others("", true)
}

// merger writes the new manifest, line by line in id order, from the
// items of a run, and removes the output of records retracted or pruned.
type merger struct {
	d           *confine.Dir
	o           Options
	rep         *Report
	interrupted *atomic.Bool
	w           *lazyFile
	bw          *bufio.Writer
	cw          *lazyFile // the stat cache
	cbw         *bufio.Writer
	cacheLines  int
	buf         []byte
	lines       int
	index       hash.Hash // of what the index pages show
	unlisted    int
	ownedAdded  bool // a record that failed while writing is in the manifest now
	err         error
}

func newMerger(d *confine.Dir, o Options, rep *Report, interrupted *atomic.Bool) *merger {
	m := &merger{d: d, o: o, rep: rep, interrupted: interrupted, w: newLazyFile(d, ManifestFile, false), index: sha256.New()}
	m.bw = bufio.NewWriterSize(m.w, 64<<10)
	m.write([]byte(manifestHeader + "\n"))
	m.cw = newLazyFile(d, CacheFile, false)
	m.cbw = bufio.NewWriterSize(m.cw, 32<<10)
	m.cbw.WriteString(cacheHeader + "\n")
	m.index.Write([]byte(o.Config + "\x00" + strings.Join(o.Locales, ",") + "\x00"))
	return m
}

func (m *merger) write(b []byte) {
	if m.err == nil {
		_, m.err = m.bw.Write(b)
	}
}

// keep writes r's line.
func (m *merger) keep(r manifestRecord) {
	m.lines++
	m.buf = r.appendLine(m.buf[:0])
	m.write(m.buf)
	if r.Cache != "" || r.OutStat != "" {
		m.cacheLines++
		m.buf = escapeField(m.buf[:0], r.ID)
		m.buf = append(m.buf, '\t')
		m.buf = escapeField(m.buf, r.Cache)
		m.buf = append(m.buf, '\t')
		m.buf = escapeField(m.buf, r.OutStat)
		m.cbw.Write(append(m.buf, '\n'))
	}
	switch {
	case r.Entry == nil:
	case r.Entry.TLP == advisory.TLPRed.Label():
		// For the individual recipients only: not on a page that
		// lists notices for everyone who can read out/.
		m.unlisted++
	default:
		m.buf = appendRunLine(m.buf[:0], r.Entry)
		m.index.Write(m.buf)
	}
}

// settle decides what becomes of the item's record (allFailed: every
// record of the run failed) and writes its line, if it keeps one.
func (m *merger) settle(it *item, allFailed bool) {
	r, o := &it.res, m.o
	switch {
	case it.file == "": // a record not in the run
		if o.Prune && !m.interrupted.Load() && !allFailed {
			if _, err := removeFiles(m.d, it.prev.ID, it.prev.Files, it.prev.Created); err != nil {
				m.rep.Errors = append(m.rep.Errors, fmt.Errorf("%s: not pruned: %w", m.d.Path(it.prev.ID), err))
			} else {
				m.rep.Pruned++
				return
			}
		}
		m.keep(it.prev)
		return
	case r.entry != nil:
		m.keep(manifestRecord{ID: advisory.FileStem(r.File), Input: r.input, Files: r.files, Entry: r.entry,
			Created: r.created, Cache: r.cache, OutStat: r.outstat})
		return
	case !it.tried: // not attempted: its output is as it was
		if it.hasPrev {
			m.keep(it.prev)
		}
		return
	}
	prev, ok := it.prev, it.hasPrev
	if len(r.owned) > len(prev.Files) {
		// It failed while writing: the manifest must know every file
		// that may be there now, and that they are not current.
		prev.ID = advisory.FileStem(r.File)
		prev.Input, prev.Files, prev.Created, prev.Cache, prev.OutStat = "", r.owned, r.created, "", ""
		ok = true
		m.ownedAdded = true
	}
	if !ok {
		return
	}
	// A record left out or failed keeps no earlier output: it would be
	// a draft of another version than the record now holds (and with
	// ApprovedOnly an unreviewed one in a directory meant to hold only
	// approved drafts).
	var le *confine.LinkError
	if m.interrupted.Load() || (allFailed && r.Status == Failed) || errors.As(r.Err, &le) {
		m.keep(prev) // (a link refused is reported already, and not gone through)
		return
	}
	if _, err := removeFiles(m.d, prev.ID, prev.Files, prev.Created); err != nil {
		m.rep.Errors = append(m.rep.Errors, fmt.Errorf("%s: earlier output not removed: %w", r.File, err))
		m.keep(prev)
		return
	}
	m.rep.Retracted++
}

// writeIndexes writes the index pages from the entries of the manifest
// written so far, sorted (sortIndex).
func (m *merger) writeIndexes() (int, error) {
	if m.err == nil {
		m.err = m.bw.Flush()
	}
	if m.err != nil {
		return 0, m.err
	}
	src, err := m.w.written()
	if err != nil {
		return 0, err
	}
	s, err := sortIndex(m.d, src)
	src.Close()
	if err != nil {
		return 0, err
	}
	defer s.close()
	return m.o.Pages.writeIndexes(m.d, s, m.o.Locales, m.o.Force)
}
