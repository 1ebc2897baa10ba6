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
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/render"
)

// Format is an export output format, named by its file extension.
type Format string

// The export formats.
const (
	Text     Format = "txt"
	Markdown Format = "md"
	HTML     Format = "html"
	EML      Format = "eml"
	JSON     Format = "json"
)

// Formats lists every export format in the order files are produced.
var Formats = []Format{Text, Markdown, HTML, EML, JSON}

// ParseFormat returns the export format named s.
func ParseFormat(s string) (Format, error) {
	if s == "text" { // render's name for it
		return Text, nil
	}
	for _, f := range Formats {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// EMLFunc builds the .eml message of a draft from its plain-text and HTML
// bodies. It returns the message and notices for the user (characters the
// charset could not carry, and what was done with them).
type EMLFunc func(rec *advisory.Record, d *render.Draft, text, html []byte) ([]byte, []string, error)

// Gate decides whether a record's drafts are approved for sending. data
// is the record file's bytes as this export read them, drafts the drafts
// of the exported locales. For a record that is not approved, status says
// where it stands in review (e.g. "stale"), for the report.
type Gate func(rec *advisory.Record, data []byte, drafts []*render.Draft) (approved bool, status string, err error)

// Options configure an export.
type Options struct {
	Out      string
	Locales  []string
	Formats  []Format
	Renderer *render.Renderer
	HTML     *format.HTML
	Pages    *Pages
	EML      EMLFunc
	// Gate, if set, marks unapproved drafts: every format carries the
	// locale's "review.banner" message (Draft.Banner; the .eml subject
	// prefix is the EML func's). With ApprovedOnly they are not exported
	// at all: the record's Result is Skipped.
	Gate         Gate
	ApprovedOnly bool
	// Config is a hash of everything other than the record that shapes
	// the output (templates, messages, options, and with a Gate the
	// review state it reads). A record whose bytes and Config match the
	// manifest is skipped without rendering, and without asking the Gate.
	Config   string
	Force    bool
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
	Notices []string // for the user, e.g. characters replaced in .eml
	entry   *IndexEntry
	files   []string
	input   string
}

// Report is the outcome of an export.
type Report struct {
	Results                              []Result
	Exported, Unchanged, Skipped, Failed int
	Retracted                            int // earlier output removed (ApprovedOnly)
	Written                              int // files written, pages included
}

// ErrInterrupted is returned when the context was cancelled: the records
// done so far are exported and recorded in the manifest.
var ErrInterrupted = errors.New("export interrupted")

// Run exports the record files to o.Out.
func Run(ctx context.Context, files []string, o Options) (*Report, error) {
	if err := prepareOut(o.Out); err != nil {
		return nil, err
	}
	removeTemps(o.Out)
	man := loadManifest(o.Out)
	if o.Force {
		man.Records = map[string]manifestRecord{}
	}
	bySource := map[string]string{}
	for id, r := range man.Records {
		bySource[r.Source] = id
	}
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
					results[i] = exportOne(f, man.Records[bySource[f]], o)
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
feed:
	for i := range files {
		select {
		case work <- i:
		case <-ctx.Done():
			interrupted = true
			for j := i; j < len(files); j++ {
				results[j] = Result{File: files[j], Status: Failed, Err: fmt.Errorf("%s: not exported: interrupted", files[j])}
			}
			break feed
		}
	}
	close(work)
	wg.Wait()

	rep := &Report{Results: results}
	var entries []*IndexEntry
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
		if r.entry != nil {
			entries = append(entries, r.entry)
			man.Records[r.ID] = manifestRecord{Source: r.File, Input: r.input, Files: r.files, Entry: r.entry}
		}
		// With --approved-only, output a record had from an earlier run
		// must not stay behind once the record is no longer approved (or
		// no longer loads): it would be an unreviewed draft in a
		// directory meant to hold only approved ones.
		if o.ApprovedOnly && (r.Status == Skipped || r.Status == Failed) && !interrupted {
			id := r.ID
			if id == "" {
				id = bySource[r.File]
			}
			if _, ok := man.Records[id]; ok && filepath.IsLocal(id) {
				if err := retract(filepath.Join(o.Out, id)); err != nil {
					return rep, err
				}
				delete(man.Records, id)
				rep.Retracted++
			}
		}
	}
	if o.Pages != nil {
		// The index pages depend on the entries, the locales and the
		// configuration only: when none changed, they are not rebuilt.
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
		if o.Force || man.Index != sum || !filesExist(o.Out, []string{"index.html", "index.md"}) {
			n, err := o.Pages.writeIndexes(o.Out, entries, o.Locales, o.Force)
			rep.Written += n
			if err != nil {
				return rep, err
			}
		}
		man.Index = sum
	}
	if err := man.save(o.Out); err != nil {
		return rep, err
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
