package render

import (
	"slices"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/calendar"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/locale"
	"github.com/noticegen/noticegen/internal/memo"
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
	Exploited     []ExploitLine // the record's exploited entries worded, one line per source and dates; empty when none
	Rank          string
	Timeframe     string
	Priority      string // worded, e.g. 低
	PriorityKey   string // as in the record, e.g. low
	Deadline      string // worded: the date with its weekday (and time, or business days), or "as needed"
	DeadlineDate  string // the date with its weekday, "" when as needed
	DeadlineTime  string // the time of day with its zone, "" when none
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
	// Revisions are the record's revisions, newest first; empty for a
	// record that is no follow-up.
	Revisions []RevisionView
	// Revision is the kind of the newest revision as in the record
	// (update, correction), "" without revisions: it chooses the
	// subject prefix and the heading of the revisions.
	Revision string
	// RevisionPrefix is the subject prefix of the newest revision's kind
	// (subject.revision.*, e.g. 【更新】), "" without revisions. It goes
	// before SubjectPrefix.
	RevisionPrefix string
	// TLP is the record's Traffic Light Protocol label ("AMBER+STRICT"),
	// TLPKey the same as class names use it ("amber_strict") and Marking
	// the marking line in this locale; all "" for an unmarked record. The
	// renderer adds the marking to every draft itself: a draft template
	// need not show them.
	TLP, TLPKey, Marking string
}

// RevisionView is one revision in one locale.
type RevisionView struct {
	Date     string // worded date
	Kind     string // as in the record, e.g. correction
	KindWord string // worded (revision.*), e.g. 訂正
	// Label is the message revision.label: the date, with the kind when
	// the record's revisions are not all of one kind.
	Label   string
	Summary string
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

// ExploitLine says that some of the record's vulnerabilities are known to
// be exploited: Text is the sentence drafts show (the message
// exploited.<source> of the locale); the other fields are its parts, for
// templates that word it themselves.
type ExploitLine struct {
	CVEs       []string
	Source     string // as in the record, e.g. cisa-kev
	Added, Due string // worded dates
	Ransomware bool
	Text       string
}

// ReferenceView is one reference in one locale.
type ReferenceView struct {
	Title, URL string
}

func newView(cat *locale.Catalog, deadlines *deadlineMemo, r *advisory.Record, loc string, when due.When, dated bool) (*View, error) {
	w := &wording{cat: cat, loc: loc, deadlines: deadlines}
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
	v.Deadline, v.DeadlineDate, v.DeadlineTime = w.deadline(when, dated)
	if r.TLP != "" {
		v.TLP, v.TLPKey = r.TLP.Label(), r.TLP.Key()
		m, err := marking(cat, loc, r.TLP)
		if err != nil && w.err == nil {
			w.err = err
		}
		v.Marking = m
	}
	v.Scope.Status = w.status(r.Scope.Status)
	v.Exploited = w.exploited(r.Exploited)
	v.Revisions = w.revisions(r.Revisions)
	if latest := r.Latest(); latest != nil {
		v.Revision = string(latest.Kind)
		v.RevisionPrefix = w.t("subject.revision." + v.Revision)
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
	// deadlines keeps the deadlines worded (the Renderer's).
	deadlines *deadlineMemo
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

// deadline words a resolved deadline: the whole of it, the date with its
// weekday, and the time with its zone ("" for none).
func (w *wording) deadline(when due.When, dated bool) (full, date, clock string) {
	key := newDeadlineKey(w.loc, when, dated)
	if words, ok := w.deadlines.Get(key); ok {
		return words.full, words.date, words.clock
	}
	// Worded on its own, so that only words made without an error are
	// kept.
	one := &wording{cat: w.cat, loc: w.loc}
	full, date, clock = one.wordDeadline(when, dated)
	if one.err == nil {
		w.deadlines.Put(key, deadlineWords{full, date, clock})
	} else if w.err == nil {
		w.err = one.err
	}
	return full, date, clock
}

// wordDeadline is deadline without the memo.
func (w *wording) wordDeadline(when due.When, dated bool) (full, date, clock string) {
	if !dated {
		return w.t("deadline.as_needed"), "", ""
	}
	d := when.Date
	date, clock, full, err := w.cat.Due(w.loc, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), when.At)
	if err != nil && w.err == nil {
		w.err = err
	}
	switch {
	case when.HasTime():
	case when.Span.Business:
		full = w.tData("deadline.business", map[string]any{"Date": date, "Days": when.Span.Days})
	default:
		full = w.tData("deadline.date", map[string]any{"Date": date})
	}
	return full, date, clock
}

// revisions words the record's revisions, newest first (the record lists
// them oldest first).
func (w *wording) revisions(list []advisory.Revision) []RevisionView {
	mixed := false
	for _, rv := range list {
		mixed = mixed || rv.Kind != list[0].Kind
	}
	out := make([]RevisionView, 0, len(list))
	for i := len(list) - 1; i >= 0; i-- {
		rv := list[i]
		v := RevisionView{Date: w.date(rv.Date), Kind: string(rv.Kind), KindWord: w.t("revision." + string(rv.Kind)), Summary: rv.Summary[w.loc]}
		v.Label = w.tData("revision.label", map[string]any{"Date": v.Date, "Kind": v.KindWord, "Mixed": mixed})
		out = append(out, v)
	}
	return out
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
	s, err := w.cat.Versions(w.loc, vs)
	if err != nil && w.err == nil {
		w.err = err
	}
	return s
}

// exploited words the record's exploited entries: entries that share
// their source, dates and ransomware flag are one line, in the order the
// first of them is listed.
func (w *wording) exploited(list []advisory.Exploit) []ExploitLine {
	type group struct {
		first advisory.Exploit
		cves  []string
	}
	var groups []*group
	for _, e := range list {
		i := slices.IndexFunc(groups, func(g *group) bool {
			f := g.first
			return f.Source == e.Source && f.Added.Equal(e.Added.Time) && f.Due.Equal(e.Due.Time) && f.Ransomware == e.Ransomware
		})
		if i < 0 {
			groups = append(groups, &group{first: e})
			i = len(groups) - 1
		}
		groups[i].cves = append(groups[i].cves, e.CVE)
	}
	out := make([]ExploitLine, 0, len(groups))
	for _, g := range groups {
		l := ExploitLine{CVEs: g.cves, Source: string(g.first.Source), Added: w.date(g.first.Added), Due: w.date(g.first.Due), Ransomware: bool(g.first.Ransomware)}
		l.Text = w.tData("exploited."+strings.ReplaceAll(l.Source, "-", "_"), map[string]any{
			"CVEs": w.and(l.CVEs), "Count": len(l.CVEs), "Added": l.Added, "Due": l.Due, "Ransomware": l.Ransomware,
		})
		out = append(out, l)
	}
	return out
}

// and joins items as a sentence names them: "A and B", "A, B and C".
func (w *wording) and(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return w.tData("exploited.and", map[string]any{"List": w.list(items[:len(items)-1]), "Last": items[len(items)-1]})
}

// deadlineMemo keeps the words of deadlines, by locale and deadline: a
// batch words the same few hundred days over and over, and each costs
// three or four messages.
type deadlineMemo = memo.Map[deadlineKey, deadlineWords]

// maxDeadlines bounds the deadlines a renderer keeps; others are worded
// each time.
const maxDeadlines = 8192

// deadlineKey is what a deadline's words depend on: the locale, whether
// it is dated, the day, the instant and zone offset of its time (the
// clock is worded in that offset), and the span counted.
type deadlineKey struct {
	loc   string
	dated bool
	date  calendar.Date
	hasAt bool
	at    int64 // Unix nanoseconds
	off   int   // seconds east of UTC
	span  advisory.Span
}

type deadlineWords struct{ full, date, clock string }

func newDeadlineKey(loc string, when due.When, dated bool) deadlineKey {
	k := deadlineKey{loc: loc, dated: dated, date: when.Date, span: when.Span}
	if !when.At.IsZero() {
		_, k.off = when.At.Zone()
		k.hasAt, k.at = true, when.At.UnixNano()
	}
	return k
}
