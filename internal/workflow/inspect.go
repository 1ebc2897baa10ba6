package workflow

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/export"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/lint"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/review"
)

// DraftView is one locale's draft as a reviewer reads it: the content an
// approval covers (without the "not approved" banner, headed by the
// disclaimer for the sender), in every format, and the .eml message built
// from it with the policy file's mail settings. That message is the draft as
// reviewed, not the send-ready one export writes once the record is
// approved, which carries the disclosure in the disclaimer's place
// (Inspection.Disclosures). When the TLP guard refuses the message there
// is none, and a note says why.
type DraftView struct {
	Locale string
	Draft  *render.Draft
	Out    *format.Outputs
	EML    []byte
	// EMLNotes are the .eml writer's notices (characters replaced).
	EMLNotes []string
}

// Bytes returns the draft in format f: its Outputs' bytes, or for eml the
// message built with the mail settings.
func (v *DraftView) Bytes(f format.Format) []byte {
	if f.Of != nil {
		return f.Of(v.Out)
	}
	if f.Name == format.EML {
		return v.EML
	}
	return nil
}

// Inspection is what the review page shows of one record. Every field but
// ID and File may be empty: a record that does not load has Err and the
// schema findings only.
type Inspection struct {
	ID, File string
	Data     []byte           // the record file as read
	Record   *advisory.Record // nil when it does not load
	// Err is why the record cannot be shown in full: it does not load or
	// a draft does not render (located errors).
	Err              error
	Drafts           []DraftView // every locale of the catalog, the Kit's Locales first
	Findings         []lint.Finding
	Errors, Warnings int
	Row              *Row           // review status; nil when Err or LogErr
	LogErr           error          // the review log does not verify
	History          []review.Entry // the record's log entries, oldest first
	Snapshot         *review.Snapshot
	// Disclosures are, for an approved record, by locale, the disclosure
	// its send-ready drafts carry in the disclaimer's place, naming the
	// approvals (what export writes); DisclosureErr is why they could
	// not be worded.
	Disclosures   map[string]string
	DisclosureErr error
}

// Inspect loads, renders and checks the record file and computes its
// review status. Each draft's outputs are rendered once, for display and
// for the content hash. The .eml headers come from the policy file's mail
// settings (k.Config.Mail; without a file, the placeholders).
func (k *Kit) Inspect(file string, logs Logs, approvals int) *Inspection {
	return k.inspect(file, newLogCache(k.Now), logs, approvals)
}

func (k *Kit) inspect(file string, cache *logCache, logs Logs, approvals int) *Inspection {
	in := &Inspection{ID: advisory.FileStem(file), File: file}
	data, err := advisory.Read(file)
	if err != nil {
		in.Err = err
		in.Findings = []lint.Finding{{File: file, Severity: lint.Error, Rule: "schema", Msg: err.Error()}}
		in.Errors = 1
		return in
	}
	k.look(in, data)
	if in.Snapshot == nil {
		return in
	}
	entries, err := cache.read(logs.For(file))
	if err != nil {
		in.LogErr = err
		return in
	}
	for _, e := range entries {
		if e.Record == in.Record.ID {
			in.History = append(in.History, e)
		}
	}
	// What the log says is not part of the cached look: facts changed
	// since the last approval are checked here, each time.
	if extra := lint.CheckApproved(in.Record, approvedOf(review.LastApproval(entries, in.Record.ID)), k.Config); len(extra) > 0 {
		in.Findings = append(slices.Clip(in.Findings), extra...)
		lint.Sort(in.Findings)
		in.Warnings += len(extra)
	}
	r := newRow(file, in.Snapshot, review.Compute(entries, in.Record.ID, in.Record.Author, in.Snapshot.Hash(), max(approvals, 1)))
	in.Row = &r
	if as := ApprovalsOf(r.Status); len(as) > 0 {
		in.Disclosures = map[string]string{}
		for _, d := range in.Drafts {
			s, err := k.Renderer.Disclosure(d.Locale, as)
			if err != nil {
				in.DisclosureErr = err
				break
			}
			in.Disclosures[d.Locale] = s
		}
	}
	return in
}

// Preview is Inspect for bytes not saved (an editor's "Preview"): data
// decoded as if it were file, rendered and checked; no review status.
func (k *Kit) Preview(file string, data []byte) *Inspection {
	in := &Inspection{ID: advisory.FileStem(file), File: file}
	// Not cached: every edit previewed would stay in memory.
	c := *k
	c.Looks = nil
	c.look(in, data)
	return in
}

// look fills in what the record's bytes give: the record, its drafts in
// every format, its findings and snapshot.
func (k *Kit) look(in *Inspection, data []byte) {
	key := ""
	if k.Looks != nil {
		// What the bytes give depends on them, the file's name, the day
		// (deadlines that have passed) and the policy file.
		key = strings.Join([]string{in.File, Version(data), k.Now.Format("2006-01-02"), k.Config.Digest}, "\x00")
		if c, ok := k.Looks.get(key); ok {
			id, file := in.ID, in.File
			*in = *c
			in.ID, in.File = id, file
			return
		}
		defer func() { k.Looks.put(key, in) }()
	}
	in.Data = data
	in.Findings = lint.CheckData(in.File, data, k.lintOptions())
	for _, f := range in.Findings {
		if f.Severity == lint.Error {
			in.Errors++
		} else {
			in.Warnings++
		}
	}
	rec, err := advisory.Decode(in.File, data)
	if err != nil {
		in.Err = err
		return
	}
	in.Record = rec
	eml := k.EML("utf-8")
	var drafts []*render.Draft
	var outs []*format.Outputs
	for _, loc := range k.orderedLocales() {
		d, err := k.Renderer.Render(rec, loc)
		if err != nil {
			in.Err = err
			return
		}
		d = d.Reviewed()
		o, err := k.HTML.Outputs(d)
		if err != nil {
			in.Err = fmt.Errorf("%s (%s): %w", rec.File, loc, err)
			return
		}
		v := DraftView{Locale: loc, Draft: d, Out: o}
		v.EML, v.EMLNotes, err = eml(rec, d, o.TextBody, o.HTML)
		var ref *export.Refusal
		if errors.As(err, &ref) {
			// The TLP guard: export would write no .eml; the page says why.
			v.EML, v.EMLNotes, err = nil, []string{"export writes no .eml of this draft: " + ref.Err.Error()}, nil
		}
		if err != nil {
			in.Err = fmt.Errorf("%s (%s) .eml: %w", rec.File, loc, err)
			return
		}
		in.Drafts = append(in.Drafts, v)
		drafts, outs = append(drafts, d), append(outs, o)
	}
	if in.Snapshot, err = review.FromOutputs(data, drafts, outs); err != nil {
		in.Err = err
	}
}

// orderedLocales is every locale of the catalog, those of k.Locales first
// in their order (a reviewer reads the drafts they asked for first, but
// an approval covers every locale).
func (k *Kit) orderedLocales() []string {
	out := append([]string(nil), k.Locales...)
	for _, l := range k.Renderer.Locales() {
		found := false
		for _, o := range out {
			found = found || o == l
		}
		if !found {
			out = append(out, l)
		}
	}
	return out
}

// InspectAll inspects every record file, newest first (by publication
// date, then id).
func (k *Kit) InspectAll(files []string, logs Logs, approvals int) []*Inspection {
	out := make([]*Inspection, 0, len(files))
	cache := newLogCache(k.Now) // each log read and verified once
	for _, f := range files {
		out = append(out, k.inspect(f, cache, logs, approvals))
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		var da, db string
		if a.Record != nil {
			da = a.Record.Published.String()
		}
		if b.Record != nil {
			db = b.Record.Published.String()
		}
		if da != db {
			return da > db
		}
		return a.ID < b.ID
	})
	return out
}

// ErrConflict is returned by Save when the file changed on disk since the
// editor opened it.
var ErrConflict = errors.New("the record file changed on disk since it was opened")

// LookCache keeps what a record's bytes give (drafts in every format,
// findings, snapshot) for a long-running front end, so that a page listing
// many records renders only those that changed. Set Kit.Looks to use one;
// it is safe for concurrent use and holds at most max entries.
type LookCache struct {
	mu      sync.Mutex
	max     int
	entries map[string]*Inspection
}

// NewLookCache returns a cache of at most max records' looks.
func NewLookCache(max int) *LookCache {
	return &LookCache{max: max, entries: map[string]*Inspection{}}
}

func (c *LookCache) get(key string) (*Inspection, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	in, ok := c.entries[key]
	return in, ok
}

// put keeps a copy of the look part of in (no review status: that
// depends on the log, read anew each time).
func (c *LookCache) put(key string, in *Inspection) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= c.max {
		clear(c.entries) // simple and bounded; a cold page renders again
	}
	cp := *in
	c.entries[key] = &cp
}
