package render

import (
	"strings"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/locale"
)

// View is what a template sees: the record's fields in one locale, with
// dates, priority, category and deadline already worded for that locale.
// Record text is passed as data and never parsed as a template.
type View struct {
	ID            string
	Locale        string
	Category      string // worded, e.g. 脆弱性
	CategoryKey   string // as in the record, e.g. vulnerability
	Author        string
	Published     string // worded date
	Updated       string // worded date, or ""
	Source        SourceView
	Vendor        string
	Product       string
	Platforms     []string
	CVEs          []string
	Rank          string
	Timeframe     string
	Priority      string // worded, e.g. 低
	PriorityKey   string // as in the record, e.g. low
	Deadline      string // worded: a date or "as needed"
	DeadlineDate  string // worded date, "" when as needed
	Title         string
	Summary       string
	Lead          string
	Overview      string
	Scope         ScopeView
	Conditions    []string
	Otherwise     string
	Response      string
	Actions       []string
	References    []ReferenceView
	SubjectPrefix string // worded per priority, e.g. 【共有】
	// TLP is the record's Traffic Light Protocol label ("AMBER+STRICT"),
	// TLPKey the same as class names use it ("amber_strict") and Marking
	// the marking line in this locale; all "" for an unmarked record. The
	// renderer adds the marking to every draft itself: a draft template
	// need not show them.
	TLP, TLPKey, Marking string
}

// SourceView is the record's source.
type SourceView struct {
	Name, URL, Language string
	LanguageName        string // the language named in the draft's locale, e.g. 英語
}

// ScopeView is the record's scope in one locale.
type ScopeView struct {
	Product, Condition string
	// Status holds one line per status the record's scope.status names,
	// in the order affected, fixed, under investigation, not affected;
	// empty when the record has no scope.status.
	Status []StatusLine
}

// StatusLine is one status of scope.status, worded: Label is the status
// ("Affected"), Text the products with their versions, CVEs and fixes.
// Affected and fixed products take a line each within Text; not-affected
// and under-investigation products share one short line.
type StatusLine struct {
	Key   string // the status as in the record, e.g. not_affected
	Label string
	Text  string
}

// ReferenceView is one reference in one locale.
type ReferenceView struct {
	Title, URL string
}

func newView(cat *locale.Catalog, r *advisory.Record, loc string) (*View, error) {
	w := &wording{cat: cat, loc: loc}
	v := &View{
		ID:          r.ID,
		Locale:      loc,
		CategoryKey: string(r.Category),
		Category:    w.t("category." + string(r.Category)),
		Author:      r.Author,
		Published:   w.date(r.Published),
		Source: SourceView{Name: r.Source.Name, URL: r.Source.URL, Language: r.Source.Language,
			LanguageName: cat.LanguageName(loc, r.Source.Language)},
		Vendor:        r.Vendor,
		Product:       r.Product,
		Platforms:     r.Platforms,
		CVEs:          r.CVEs,
		Rank:          r.Rank,
		Timeframe:     r.Timeframe[loc],
		Priority:      w.t("priority." + string(r.Priority)),
		PriorityKey:   string(r.Priority),
		SubjectPrefix: w.t("subject.prefix." + string(r.Priority)),
		Title:         r.Title[loc],
		Summary:       r.Summary[loc],
		Lead:          r.Lead[loc],
		Overview:      r.Overview[loc],
		Scope:         ScopeView{Product: r.Scope.Product[loc], Condition: r.Scope.Condition[loc]},
		Otherwise:     r.Applicability.Otherwise[loc],
		Response:      r.Response[loc],
	}
	if !r.Updated.IsZero() {
		v.Updated = w.date(r.Updated)
	}
	if due, ok := r.Deadline.Due(r.Published); ok {
		v.DeadlineDate = w.date(due)
		v.Deadline = w.tData("deadline.date", map[string]any{"Date": v.DeadlineDate})
	} else {
		v.Deadline = w.t("deadline.as_needed")
	}
	if r.TLP != "" {
		v.TLP, v.TLPKey = r.TLP.Label(), r.TLP.Key()
		m, err := marking(cat, loc, r.TLP)
		if err != nil && w.err == nil {
			w.err = err
		}
		v.Marking = m
	}
	v.Scope.Status = w.status(r.Scope.Status)
	for _, c := range r.Applicability.Conditions {
		v.Conditions = append(v.Conditions, c[loc])
	}
	for _, a := range r.Actions {
		v.Actions = append(v.Actions, a[loc])
	}
	for _, ref := range r.References {
		v.References = append(v.References, ReferenceView{Title: ref.Title[loc], URL: ref.URL})
	}
	return v, w.err
}

// wording looks up messages, keeping the first error so view building
// reads as a list of assignments.
type wording struct {
	cat *locale.Catalog
	loc string
	err error
}

func (w *wording) tData(id string, data any) string {
	s, err := w.cat.T(w.loc, id, data)
	if err != nil && w.err == nil {
		w.err = err
	}
	return s
}

func (w *wording) t(id string) string { return w.tData(id, nil) }

func (w *wording) date(d advisory.Date) string {
	s, err := w.cat.Date(w.loc, d.Time)
	if err != nil && w.err == nil {
		w.err = err
	}
	return s
}

// status words scope.status: one line per status, in advisory.Statuses
// order, the entries of a status in record order.
func (w *wording) status(list []advisory.ProductStatus) []StatusLine {
	var out []StatusLine
	for _, st := range advisory.Statuses {
		var entries []string
		for _, ps := range list {
			if ps.Status == st {
				entries = append(entries, w.statusEntry(ps))
			}
		}
		if len(entries) == 0 {
			continue
		}
		sep := "\n"
		if st == advisory.StatusNotAffected || st == advisory.StatusUnderInvestigation {
			sep = w.t("status.separator")
		}
		out = append(out, StatusLine{Key: string(st), Label: w.t("status." + string(st)), Text: strings.Join(entries, sep)})
	}
	return out
}

func (w *wording) statusEntry(ps advisory.ProductStatus) string {
	line := w.tData("status.line", map[string]any{
		"Products": w.list(ps.Products),
		"Versions": w.versions(ps.Versions),
		"CVEs":     w.list(ps.CVEs),
	})
	if len(ps.FixedIn) > 0 {
		line = w.tData("status.fixed_in", map[string]any{"Line": line, "Versions": w.versions(ps.FixedIn)})
	}
	var reasons []string
	if ps.Justification != "" {
		reasons = append(reasons, w.t("justification."+string(ps.Justification)))
	}
	if s := ps.Impact[w.loc]; s != "" {
		reasons = append(reasons, s)
	}
	if len(reasons) > 0 {
		line = w.tData("status.because", map[string]any{"Line": line, "Reason": w.list(reasons)})
	}
	return line
}

func (w *wording) list(items []string) string {
	s, err := w.cat.List(w.loc, items, 0)
	if err != nil && w.err == nil {
		w.err = err
	}
	return s
}

func (w *wording) versions(vs []string) string {
	words := make([]string, 0, len(vs))
	for _, v := range vs {
		s, err := w.cat.Version(w.loc, v)
		if err != nil && w.err == nil {
			w.err = err
		}
		words = append(words, s)
	}
	return w.list(words)
}
