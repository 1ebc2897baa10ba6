package export

import (
	"bufio"
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"io"
	"strings"
	"sync"
	texttemplate "text/template"
	"text/template/parse"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/bufpool"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/confine"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/format"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/memo"
	"github.com/noticegen/noticegen/internal/render"
	"github.com/noticegen/noticegen/internal/tmplfold"
)

// The page templates, looked up in the template layers.
const (
	DigestTemplate    = "digest.html.tmpl"
	IndexTemplate     = "index.html.tmpl"
	IndexMarkdownTmpl = "index.md.tmpl"
)

// IndexEntry is what the index pages show of one record. It is kept in
// the manifest so unchanged records need not be loaded again.
type IndexEntry struct {
	ID        string            `json:"id"`
	Published string            `json:"published"`
	Category  string            `json:"category"`
	Rank      string            `json:"rank,omitempty"`
	Priority  string            `json:"priority"`
	Deadline  string            `json:"deadline"` // YYYY-MM-DD or YYYY-MM-DDTHH:MM±hh:mm (due.When.String), or "" for as needed
	Titles    map[string]string `json:"titles"`
	// TLP is the record's TLP label as TLP 2.0 writes it (AMBER+STRICT),
	// "" when unmarked. TLP:RED records are not listed.
	TLP string `json:"tlp,omitempty"`
}

// newIndexEntry is what the index shows of rec, its deadline resolved
// under the policy as its drafts resolve it (a record whose deadline does
// not resolve has no drafts, so no entry).
func newIndexEntry(rec *advisory.Record, policy *config.Config) *IndexEntry {
	e := &IndexEntry{ID: rec.ID, Published: rec.Published.String(), Category: string(rec.Category),
		Rank: rec.Rank, Priority: string(rec.Priority), Titles: map[string]string{}, TLP: rec.TLP.Label()}
	if when, ok, err := due.Resolve(rec, policy); ok && err == nil {
		e.Deadline = when.String()
	}
	for l, t := range rec.Title {
		e.Titles[l] = t
	}
	return e
}

// Pages writes the digest page of each record and the index pages, worded
// in one locale.
type Pages struct {
	loc     string
	r       *render.Renderer
	digestT *htmltemplate.Template
	indexT  *htmltemplate.Template
	indexMD *texttemplate.Template
}

// NewPages parses the page templates from the layers, for pages in loc.
func NewPages(r *render.Renderer, layers []locale.Layer, loc string) (*Pages, error) {
	p := &Pages{loc: loc, r: r}
	cat := r.Catalog()
	word := memoized(func(id string) (string, error) { return cat.T(loc, id, nil) })
	funcs := map[string]any{
		"t": func(id string, kv ...any) (string, error) {
			if len(kv) == 0 {
				// A label: the same words on every page.
				return word(id)
			}
			data := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				data[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return cat.T(loc, id, data)
		},
		// date words a YYYY-MM-DD date in the page's locale.
		// The index pages word the same few dates and words for every
		// record: memoized, they cost a map lookup.
		"date": memoized(func(s string) (string, error) {
			var d advisory.Date
			if s == "" {
				return cat.T(loc, "deadline.as_needed", nil)
			}
			if err := d.UnmarshalText([]byte(s)); err != nil {
				return "", err
			}
			return cat.Date(loc, d.Time)
		}),
		// deadline words an entry's deadline as the drafts do: with its
		// weekday, and its time when it has one.
		"deadline": memoized(func(s string) (string, error) {
			if s == "" {
				return cat.T(loc, "deadline.as_needed", nil)
			}
			when, err := due.Parse(s)
			if err != nil {
				return "", err
			}
			return r.Deadline(loc, when, true)
		}),
		"word":     func(group, key string) (string, error) { return word(group + "." + key) },
		"langName": func(tag string) string { return cat.LanguageName(loc, tag) },
		"titles":   func(titles map[string]string, locales []string) []titleLine { return orderTitles(titles, loc, locales) },
		"tlpClass": tlpClass,
		// marking splits a TLP marking line around its label, for the
		// label's badge: .Before .Label .After, and .Class (amber-strict).
		"marking": markingParts,
		// md escapes text for a Markdown table cell.
		"md": func(s string) string { return strings.ReplaceAll(format.Escape(s), "|", `\|`) },
	}
	for _, t := range []struct {
		name string
		set  func(src, display string) error
	}{
		{DigestTemplate, func(src, n string) (err error) {
			p.digestT, err = htmltemplate.New(n).Option("missingkey=error").Funcs(funcs).Parse(src)
			return err
		}},
		{IndexTemplate, func(src, n string) (err error) {
			p.indexT, err = htmltemplate.New(n).Option("missingkey=error").Funcs(funcs).Parse(src)
			return err
		}},
		{IndexMarkdownTmpl, func(src, n string) (err error) {
			p.indexMD, err = texttemplate.New(n).Option("missingkey=error").Funcs(funcs).Parse(src)
			return err
		}},
	} {
		src, display, err := locale.ReadLayered(layers, t.name)
		if err != nil {
			return nil, err
		}
		if err := t.set(string(src), display); err != nil {
			return nil, fmt.Errorf("%s", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "html/template:"), "template: "))
		}
	}
	// The labels ({{t "page.summary"}}) are the same on every page:
	// called once here, not through reflection for every record (see
	// tmplfold; before the first execution, so the HTML escaper still
	// escapes them).
	var trees []*parse.Tree
	for _, t := range p.digestT.Templates() {
		trees = append(trees, t.Tree)
	}
	for _, t := range p.indexT.Templates() {
		trees = append(trees, t.Tree)
	}
	for _, t := range p.indexMD.Templates() {
		trees = append(trees, t.Tree)
	}
	tmplfold.Fold(trees, funcs, pageFuncsPure)
	return p, nil
}

// pageFuncsPure are the page functions whose result depends on their
// arguments alone (and the page locale's messages).
var pageFuncsPure = map[string]bool{"t": true, "word": true, "langName": true}

// markingLine is a TLP marking line split around its label.
type markingLine struct{ Before, Label, After, Class string }

// markingParts splits line, the marking of a record labelled tlp (as TLP
// 2.0 writes it: AMBER+STRICT), around the label; nil when unmarked.
func markingParts(line, tlp string) *markingLine {
	if line == "" || tlp == "" {
		return nil
	}
	label := "TLP:" + tlp
	before, after, ok := strings.Cut(line, label)
	if !ok { // the renderer makes sure it is there
		before, label, after = "", "", line
	}
	return &markingLine{Before: before, Label: label, After: after, Class: tlpClass(tlp)}
}

// tlpClass is the class name part of a TLP label: amber, amber-strict.
func tlpClass(tlp string) string { return strings.ToLower(strings.ReplaceAll(tlp, "+", "-")) }

// titleLine is one title of an index entry.
type titleLine struct{ Lang, Text string }

// orderTitles returns the titles of the locales, each once, in the order
// a reader of a page in loc wants them: loc's first, then the others as
// locales lists them. A locale without a title is left out.
func orderTitles(titles map[string]string, loc string, locales []string) []titleLine {
	var out []titleLine
	for _, l := range localesFirst(loc, locales) {
		if t, ok := titles[l]; ok {
			out = append(out, titleLine{l, t})
		}
	}
	return out
}

// localesFirst returns locales with first moved to the front (added if
// locales lacks it).
func localesFirst(first string, locales []string) []string {
	out := []string{first}
	for _, l := range locales {
		if l != first {
			out = append(out, l)
		}
	}
	return out
}

// digestDraft is one email draft as the digest page shows it.
type digestDraft struct {
	Locale, LanguageName, Subject, SubjectLabel string
	// Priority and Deadline are worded in the draft's locale, with their
	// labels; PriorityKey is the record's value (low … critical).
	PriorityLabel, Priority, PriorityKey string
	DeadlineLabel, Deadline              string
	// TLP is the record's label (AMBER+STRICT) and Marking the draft's
	// marking line in its locale, "" when unmarked: the body (the HTML
	// mail's) does not hold it, the page shows it.
	TLP, Marking string
	Body         htmltemplate.HTML
}

// digest renders the digest page of rec: the item as the security digest
// shows it, with every draft (views are the views the drafts were
// rendered from, by locale).
func (p *Pages) digest(rec *advisory.Record, drafts []*render.Draft, views map[string]*render.View, bodies map[string][]byte, banner string) ([]byte, error) {
	loc := p.loc
	if _, ok := rec.Title[loc]; !ok && len(drafts) > 0 {
		loc = drafts[0].Locale // the record lacks the page locale: use a draft's
	}
	// The drafts' views (views, by locale, as the drafts were rendered
	// from), built here only for a locale without a draft.
	view := func(loc string) (*render.View, error) {
		if v, ok := views[loc]; ok {
			return v, nil
		}
		return p.r.View(rec, loc)
	}
	v, err := view(loc)
	if err != nil {
		return nil, err
	}
	// The page's language first: its reader reads that draft.
	cat := p.r.Catalog()
	ds := make([]digestDraft, 0, len(drafts))
	size := 12 << 10 // the page around the drafts' bodies
	for _, d := range draftsFirst(p.loc, drafts) {
		dv, err := view(d.Locale)
		if err != nil {
			return nil, err
		}
		size += len(bodies[d.Locale])
		pl, err := cat.T(d.Locale, "label.priority", nil)
		if err != nil {
			return nil, err
		}
		dl, err := cat.T(d.Locale, "label.deadline", nil)
		if err != nil {
			return nil, err
		}
		ds = append(ds, digestDraft{Locale: d.Locale, LanguageName: cat.LanguageName(p.loc, d.Locale),
			Subject: d.Subject, SubjectLabel: d.SubjectLabel,
			PriorityLabel: pl, Priority: dv.Priority, PriorityKey: dv.PriorityKey,
			DeadlineLabel: dl, Deadline: dv.Deadline, TLP: d.TLP, Marking: d.Marking,
			// Trusted: goldmark output of escaped Markdown, raw HTML off
			// (see format.HTML).
			Body: htmltemplate.HTML(demoteHeadings(bodies[d.Locale]))})
	}
	b := bytes.NewBuffer(bufpool.Get(size))
	err = p.digestT.Execute(b, map[string]any{"Lang": p.loc, "ContentLang": loc, "V": v, "Drafts": ds, "Banner": banner, "Updated": rec.Updated.String()})
	if err != nil {
		return nil, fmt.Errorf("%s: %s", rec.File, strings.TrimPrefix(err.Error(), "template: "))
	}
	return b.Bytes(), nil
}

// draftsFirst returns drafts with those in locale loc first, the others
// in their order.
func draftsFirst(loc string, drafts []*render.Draft) []*render.Draft {
	out := make([]*render.Draft, 0, len(drafts))
	for _, d := range drafts {
		if d.Locale == loc {
			out = append(out, d)
		}
	}
	for _, d := range drafts {
		if d.Locale != loc {
			out = append(out, d)
		}
	}
	return out
}

// writeIndexes writes index.html and index.md listing the entries of s
// (newest first), and returns how many files were written (unchanged ones
// are not). The pages are written as they are made, never whole in
// memory: the templates range over .Entries, a sequence (an empty list
// when there are none, so that {{if not .Entries}} still works), and
// .Count is the number of entries.
func (p *Pages) writeIndexes(d *confine.Dir, s *entrySorter, locales []string, force bool) (int, error) {
	for _, name := range []string{"index.html", "index.md"} {
		if _, err := d.NoLink(name); err != nil {
			return 0, err
		}
	}
	// The two pages are written at the same time, each from its own pass
	// over the sorted entries, and put in place only when both are
	// complete: a failure to write either leaves both as they were.
	pages := []struct {
		name string
		exec func(io.Writer, any) error
		lf   *lazyFile
		err  error
	}{
		{name: "index.html", exec: p.indexT.Execute},
		{name: "index.md", exec: p.indexMD.Execute},
	}
	var wg sync.WaitGroup
	for i := range pages {
		pg := &pages[i]
		pg.lf = newLazyFile(d, pg.name, force)
		wg.Go(func() {
			var entries any = []*IndexEntry{}
			var iterErr error
			if s.count > 0 {
				entries = s.all(&iterErr)
			}
			w := bufio.NewWriterSize(pg.lf, 64<<10)
			pg.err = pg.exec(w, map[string]any{"Lang": p.loc, "Entries": entries, "Count": s.count, "Locales": locales})
			if pg.err == nil {
				pg.err = iterErr
			}
			if pg.err == nil {
				pg.err = w.Flush()
			}
		})
	}
	wg.Wait()
	for _, pg := range pages {
		if pg.err != nil {
			for _, other := range pages {
				other.lf.abort()
			}
			return 0, pg.err
		}
	}
	n := 0
	for i, pg := range pages {
		wrote, err := pg.lf.commit()
		if err != nil {
			for _, other := range pages[i+1:] {
				other.lf.abort()
			}
			return n, err
		}
		if wrote {
			n++
		}
	}
	return n, nil
}

// demoteHeadings turns a draft's h1 (its subject) and h2 (its sections)
// into h3 and h4, so that on the digest page they sit below the page's own
// headings. The fragment is goldmark output of escaped text, so these tags
// occur only as markup. The result is a string, for the page template,
// made in one copy.
func demoteHeadings(b []byte) string {
	var out strings.Builder
	out.Grow(len(b))
	for {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out.Write(b)
			return out.String()
		}
		out.Write(b[:i+1])
		b = b[i+1:]
		// <h1 and <h2 (opening tags), </h1> and </h2> (closing ones).
		closing := len(b) > 0 && b[0] == '/'
		k := 0
		if closing {
			k = 1
		}
		if len(b) < k+2 || b[k] != 'h' || (b[k+1] != '1' && b[k+1] != '2') || (closing && (len(b) < 4 || b[3] != '>')) {
			continue
		}
		out.Write(b[:k+1])
		out.WriteByte(b[k+1] + 2)
		b = b[k+2:]
	}
}

// memoized keeps the results of f, which must depend on its argument
// only, up to maxPageWords of them. It is safe for concurrent use.
func memoized(f func(string) (string, error)) func(string) (string, error) {
	m := memo.New[string, string](maxPageWords)
	return func(k string) (string, error) {
		return m.Do(k, func() (string, error) { return f(k) })
	}
}

// maxPageWords bounds what each of the page functions keeps: labels, and
// the dates and deadlines of the records listed (a few thousand days).
const maxPageWords = 1 << 14
