package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/config"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/memo"
	"github.com/noticegen/noticegen/internal/tmplfold"
)

// MainTemplate is the name of the template that lays out a draft.
const MainTemplate = "draft"

// Renderer renders records into drafts. It parses every locale's template
// once, so it is cheap to call and safe for concurrent use.
type Renderer struct {
	cat   *locale.Catalog
	tmpls map[string]*template.Template // by locale
	files map[string]string             // by locale: the template file used
	// policy resolves deadlines (team calendar, SLA); nil for none.
	policy *config.Config
	// deadlines keeps the deadlines worded.
	deadlines *deadlineMemo
}

// New parses the draft template of every locale in cat. Template layers
// are given lowest first (the embedded defaults, then a user's directory);
// a file in a later layer replaces the file of the same name in an earlier
// one. For each locale the template is "draft.<locale>.tmpl" if any layer
// has it, else "draft.tmpl".
func New(cat *locale.Catalog, layers ...locale.Layer) (*Renderer, error) {
	files := map[string]locale.Layer{} // file name → layer that wins
	for _, l := range layers {
		names, err := fs.Glob(l.FS, "*.tmpl")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			files[n] = l
		}
	}
	r := &Renderer{cat: cat, tmpls: map[string]*template.Template{}, files: map[string]string{}, deadlines: memo.New[deadlineKey, deadlineWords](maxDeadlines)}
	var errs []error
	failed := map[string]bool{} // a file shared by several locales is reported once
	for _, loc := range cat.Locales() {
		name := MainTemplate + "." + loc + ".tmpl"
		l, ok := files[name]
		if !ok {
			name = MainTemplate + ".tmpl"
			if l, ok = files[name]; !ok {
				errs = append(errs, fmt.Errorf("no template for locale %q: want %s.%s.tmpl or %s.tmpl", loc, MainTemplate, loc, MainTemplate))
				continue
			}
		}
		display := path.Join(l.Name, name)
		if failed[display] {
			continue
		}
		src, err := fs.ReadFile(l.FS, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", display, err))
			failed[display] = true
			continue
		}
		fm := funcs(cat, loc)
		t, err := template.New(display).Option("missingkey=error").Funcs(fm).Parse(string(src))
		if err != nil {
			errs = append(errs, templateError(err))
			failed[display] = true
			continue
		}
		if foldTemplates {
			var trees []*parse.Tree
			for _, tt := range t.Templates() {
				trees = append(trees, tt.Tree)
			}
			tmplfold.Fold(trees, fm, pureFuncs)
		}
		r.tmpls[loc], r.files[loc] = t, display
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return r, nil
}

// WithPolicy returns a renderer like r that resolves deadlines under the
// notice policy cfg (the team calendar and the SLA of noticegen.yaml; see
// internal/due). Without one, business days skip weekends and national
// holidays only, and "deadline: policy" does not render.
func (r *Renderer) WithPolicy(cfg *config.Config) *Renderer {
	c := *r
	c.policy = cfg
	return &c
}

// Policy returns the notice policy deadlines are resolved under; nil for
// none (due.Resolve takes nil as no policy file).
func (r *Renderer) Policy() *config.Config { return r.policy }

// Locales returns the locales the renderer can render, sorted.
func (r *Renderer) Locales() []string { return r.cat.Locales() }

// Catalog returns the message catalog the renderer words drafts with.
func (r *Renderer) Catalog() *locale.Catalog { return r.cat }

func funcs(cat *locale.Catalog, loc string) template.FuncMap {
	m := template.FuncMap{
		// t returns a message of this locale; optional arguments are
		// name/value pairs passed to the message as template data.
		"t": func(id string, kv ...any) (string, error) {
			if len(kv)%2 != 0 {
				return "", fmt.Errorf("t %q: want name/value pairs after the id", id)
			}
			var data map[string]any
			if len(kv) > 0 {
				data = map[string]any{}
				for i := 0; i < len(kv); i += 2 {
					k, ok := kv[i].(string)
					if !ok {
						return "", fmt.Errorf("t %q: argument %d is not a name", id, i+2)
					}
					data[k] = kv[i+1]
				}
			}
			return cat.T(loc, id, data)
		},
		"join": strings.Join,
	}
	for k, v := range blockFuncs {
		m[k] = v
	}
	return m
}

// pureFuncs are the template functions whose result depends on their
// arguments alone (and the locale's messages): fold calls them once, when
// the template is parsed, where their arguments are constants.
//
// foldTemplates is false only in the test that checks folding changes
// nothing.
var foldTemplates = true

var pureFuncs = map[string]bool{
	"t": true, "subject": true, "lead": true, "closing": true, "section": true,
	"para": true, "item": true, "step": true, "field": true, "url": true,
}

var templateErrRE = regexp.MustCompile(`^template: `)

// templateError turns text/template's "template: name:line:col: msg" into
// the "name:line:col: msg" form used for every located error.
func templateError(err error) error {
	return errors.New(templateErrRE.ReplaceAllString(err.Error(), ""))
}

// Render renders rec in loc. The record must have text in loc for every
// localized field; otherwise the error lists each field, located.
func (r *Renderer) Render(rec *advisory.Record, loc string) (*Draft, error) {
	d, _, err := r.RenderView(rec, loc)
	return d, err
}

// RenderView is Render, also returning the view of rec in loc the draft
// was rendered from (View), for pages that show the record beside its
// drafts.
func (r *Renderer) RenderView(rec *advisory.Record, loc string) (*Draft, *View, error) {
	t, ok := r.tmpls[loc]
	if !ok {
		return nil, nil, fmt.Errorf("unknown locale %q (available: %s)", loc, strings.Join(r.Locales(), ", "))
	}
	v, err := r.View(rec, loc)
	if err != nil {
		return nil, nil, err
	}
	out := outPool.Get().(*bytes.Buffer)
	out.Reset()
	err = t.Execute(out, v)
	text := out.String() // the draft's strings are parts of it
	outPool.Put(out)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", rec.File, templateError(err))
	}
	d := &Draft{RecordID: rec.ID, Locale: loc}
	if err := build(text, d); err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", rec.File, r.files[loc], err)
	}
	if d.Disclaimer, err = r.disclaimer(loc); err != nil {
		return nil, nil, err
	}
	if d.SubjectLabel, err = r.cat.T(loc, "subject.label", nil); err != nil {
		return nil, nil, err
	}
	if rec.TLP != "" {
		// Added here, like the disclaimer, whatever the template does:
		// a marked notice never leaves without its marking.
		d.TLP = rec.TLP.Label()
		if d.Marking, err = r.Marking(loc, rec.TLP); err != nil {
			return nil, nil, err
		}
		d.Subject = d.SubjectMark() + " " + d.Subject
	}
	return d, v, nil
}

// Marking returns the line that marks a draft in loc with label t
// ("TLP:AMBER — share only …"): the message tlp.line with the label and
// its meaning (tlp.meaning.<label>). The line may be reworded through
// the locale files, but it must be one line and show the label exactly
// as TLP 2.0 writes it, in English capitals, whatever the language.
func (r *Renderer) Marking(loc string, t advisory.TLP) (string, error) {
	return marking(r.cat, loc, t)
}

func marking(cat *locale.Catalog, loc string, t advisory.TLP) (string, error) {
	meaning, err := cat.T(loc, "tlp.meaning."+t.Key(), nil)
	if err != nil {
		return "", err
	}
	line, err := cat.T(loc, "tlp.line", map[string]any{"Label": t.Marking(), "Meaning": strings.TrimSpace(meaning)})
	if err != nil {
		return "", err
	}
	line = strings.TrimSpace(line)
	if !strings.Contains(line, t.Marking()) || strings.ContainsAny(line, "\r\n") {
		o, _ := cat.Origin(loc, "tlp.line")
		return "", fmt.Errorf("%s: the TLP marking of locale %q must be one line that shows the label %s as it is (TLP 2.0 keeps labels in English capitals); it gives %q", o, loc, t.Marking(), line)
	}
	return line, nil
}

// outPool holds the buffers templates are executed into, so that one
// grown to the size of a draft serves the next.
var outPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// disclaimer returns the locale's disclaimer; an empty one is an error, so
// no draft ever leaves without it.
func (r *Renderer) disclaimer(loc string) (string, error) {
	s, err := r.cat.T(loc, "disclaimer", nil)
	if err != nil {
		return "", err
	}
	// The message was checked when loaded, but it is a template: what it
	// produces must be visible too.
	if s = strings.TrimSpace(s); !locale.Visible(s) {
		o, _ := r.cat.Origin(loc, "disclaimer")
		return "", fmt.Errorf("%s: the disclaimer of locale %q shows nothing; it may be reworded but never removed", o, loc)
	}
	return s, nil
}

// View returns what templates see of rec in loc: its fields in that locale
// with dates, priority, category and deadline worded. Pages other than
// drafts (the export's digest page) use it.
//
// A deadline that does not resolve under the policy is a *due.Error,
// located at the record's deadline.
func (r *Renderer) View(rec *advisory.Record, loc string) (*View, error) {
	if err := rec.CheckLocales([]string{loc}); err != nil {
		return nil, err
	}
	when, dated, err := due.Resolve(rec, r.policy)
	if err != nil {
		return nil, err
	}
	v, err := newView(r.cat, r.deadlines, rec, loc, when, dated)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", rec.File, err)
	}
	return v, nil
}

// Deadline words a resolved deadline in loc as drafts show it (dated
// false: as needed): the date with its weekday, then the time with its
// zone, or for business days counted from publication, how many.
func (r *Renderer) Deadline(loc string, when due.When, dated bool) (string, error) {
	w := &wording{cat: r.cat, loc: loc, deadlines: r.deadlines}
	full, _, _ := w.deadline(when, dated)
	return full, w.err
}
