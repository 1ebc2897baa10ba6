package render

import (
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
}

// SourceView is the record's source.
type SourceView struct {
	Name, URL, Language string
	LanguageName        string // the language named in the draft's locale, e.g. 英語
}

// ScopeView is the record's scope in one locale.
type ScopeView struct {
	Product, Condition string
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
