// Package export writes drafts of many records to an output directory in
// every format: a worker pool renders records in parallel, every file is
// written atomically, a manifest makes a second run over unchanged input
// rewrite nothing, and index and digest pages tie the output together. A
// bad record is reported and skipped; the others are still exported.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
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
					results[i] = Result{File: f, Status: Failed, Err: fmt.Errorf("%s: the same file name as %s: both would be exported as %s", f, other, stem(f))}
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

func stem(file string) string {
	b := filepath.Base(file)
	return strings.TrimSuffix(strings.TrimSuffix(b, ".yaml"), ".yml")
}

// duplicateStems maps each file whose name (without extension) another
// file shares to that other file: both would be exported to one directory.
func duplicateStems(files []string) map[string]string {
	first := map[string]string{}
	dups := map[string]string{}
	for _, f := range files {
		s := stem(f)
		if o, ok := first[s]; ok {
			dups[f], dups[o] = o, f
			continue
		}
		first[s] = f
	}
	return dups
}

// exportOne renders one record in every locale and format, in memory,
// then writes the files whose content changed. A record that fails to
// load or render writes nothing.
func exportOne(file string, prev manifestRecord, o Options) Result {
	res := Result{File: file, Status: Failed}
	data, err := advisory.Read(file)
	if err != nil {
		res.Err = err
		return res
	}
	res.input = hashBytes([]byte(o.Config), []byte{0}, data)
	if prev.Input == res.input && prev.Entry != nil && filepath.IsLocal(prev.Entry.ID) &&
		filesExist(filepath.Join(o.Out, prev.Entry.ID), prev.Files) {
		res.ID, res.Status, res.entry, res.files = prev.Entry.ID, Unchanged, prev.Entry, prev.Files
		return res
	}
	rec, err := advisory.Decode(file, data)
	if err != nil {
		res.Err = err
		return res
	}
	res.ID = rec.ID
	if rec.ID != stem(file) {
		p := rec.Positions["id"]
		res.Err = fmt.Errorf("%s:%d:%d: id: %q differs from the file name; export writes a record to a directory named after its id, so they must match", file, p.Line, p.Col, rec.ID)
		return res
	}
	out, notices, err := produce(rec, data, o)
	res.Notices = notices
	if errors.Is(err, errNotApproved) {
		res.Status = Skipped
		res.Err = err
		return res
	}
	if err != nil {
		res.Err = err
		return res
	}
	for _, f := range out {
		res.files = append(res.files, strings.TrimPrefix(f.rel, rec.ID+"/"))
	}
	res.entry = newIndexEntry(rec)
	res.Status = Exported
	// A record exported for the first time gets its directory in one
	// rename; all its files are new.
	dir, err := inside(o.Out, rec.ID)
	if err != nil {
		res.Err = err
		return res
	}
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		byName := map[string][]byte{}
		for _, f := range out {
			byName[strings.TrimPrefix(f.rel, rec.ID+"/")] = f.data
		}
		ok, err := writeDir(dir, byName)
		if err != nil {
			res.Err = fmt.Errorf("%s: %w", file, err)
			return res
		}
		if ok {
			res.Written = len(out)
			return res
		}
	}
	for _, f := range out {
		path, err := inside(o.Out, f.rel)
		if err != nil {
			res.Err = err
			return res
		}
		if !o.Force && upToDate(path, f.data) {
			continue
		}
		if err := writeFile(path, f.data); err != nil {
			res.Err = fmt.Errorf("%s: %w", file, err)
			return res
		}
		res.Written++
	}
	if res.Written == 0 {
		res.Status = Unchanged
	}
	return res
}

// upToDate reports whether the file at path already holds data.
func upToDate(path string, data []byte) bool {
	fi, err := os.Stat(path)
	if err != nil || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(path)
	return err == nil && bytes.Equal(old, data)
}

func filesExist(dir string, names []string) bool {
	if len(names) == 0 {
		return false
	}
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			return false
		}
	}
	return true
}

type outFile struct {
	rel  string
	data []byte
}

var errNotApproved = errors.New("not approved")

// produce renders every output file of rec, whose file held data.
func produce(rec *advisory.Record, data []byte, o Options) ([]outFile, []string, error) {
	var drafts []*render.Draft
	for _, loc := range o.Locales {
		d, err := o.Renderer.Render(rec, loc)
		if err != nil {
			return nil, nil, err
		}
		drafts = append(drafts, d)
	}
	banner := "" // the digest page's, in the page locale
	if o.Gate != nil {
		approved, status, err := o.Gate(rec, data, drafts)
		if err != nil {
			return nil, nil, err
		}
		if !approved {
			if o.ApprovedOnly {
				return nil, nil, fmt.Errorf("%s: %w (%s): left out (--approved-only)", rec.File, errNotApproved, status)
			}
			cat := o.Renderer.Catalog()
			for _, d := range drafts {
				if d.Banner, err = cat.T(d.Locale, "review.banner", nil); err != nil {
					return nil, nil, err
				}
			}
			if o.Pages != nil {
				if banner, err = cat.T(o.Pages.loc, "review.banner", nil); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	var out []outFile
	var notices []string
	want := map[Format]bool{}
	for _, f := range o.Formats {
		want[f] = true
	}
	htmlBodies := map[string][]byte{}
	for _, d := range drafts {
		base := rec.ID + "/" + d.Locale + "."
		text, textBody := format.TextAndBody(d)
		// The HTML layout shows the banner itself, so its body is
		// converted from the Markdown without one.
		var plainMD, html bytes.Buffer
		if err := format.WriteMarkdown(&plainMD, format.WithoutBanner(d)); err != nil {
			return nil, nil, err
		}
		md := format.AddBanner(plainMD.Bytes(), d)
		body, err := o.HTML.Convert(plainMD.Bytes())
		if err != nil {
			return nil, nil, err
		}
		if err := o.HTML.Document(&html, d, body); err != nil {
			return nil, nil, err
		}
		htmlBodies[d.Locale] = body
		if want[Text] {
			out = append(out, outFile{base + "txt", text})
		}
		if want[Markdown] {
			out = append(out, outFile{base + "md", md})
		}
		if want[HTML] {
			out = append(out, outFile{base + "html", html.Bytes()})
		}
		if want[EML] && o.EML != nil {
			eml, n, err := o.EML(rec, d, textBody, html.Bytes())
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %s .eml: %w", rec.File, d.Locale, err)
			}
			for _, s := range n {
				notices = append(notices, fmt.Sprintf("%s: %s.eml: %s", rec.File, d.Locale, s))
			}
			out = append(out, outFile{base + "eml", eml})
		}
		if want[JSON] {
			var j bytes.Buffer
			if err := format.WriteJSON(&j, []*render.Draft{d}); err != nil {
				return nil, nil, err
			}
			out = append(out, outFile{base + "json", j.Bytes()})
		}
	}
	if o.Pages != nil {
		page, err := o.Pages.digest(rec, drafts, htmlBodies, banner)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, outFile{rec.ID + "/index.html", page})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, notices, nil
}
