package changes

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/noticegen/noticegen/internal/advisory"
	"github.com/noticegen/noticegen/internal/due"
	"github.com/noticegen/noticegen/internal/locale"
)

// Word returns one sentence per change in locale loc, from the messages
// changes.* of the catalog (values worded as drafts word them: dates by
// date.long, priorities by priority.*, versions by version.*). A
// reference's title is the one in loc, else its URL.
func Word(cat *locale.Catalog, loc string, list []Change) ([]string, error) {
	w := &worder{cat: cat, loc: loc}
	out := make([]string, 0, len(list))
	for _, c := range list {
		s := w.change(c)
		if w.err != nil {
			return nil, w.err
		}
		out = append(out, s)
	}
	return out, nil
}

// Summary words list in each of locales, one sentence per line: the
// summary of a revision that says what changed.
func Summary(cat *locale.Catalog, locales []string, list []Change) (advisory.Text, error) {
	t := advisory.Text{}
	for _, loc := range locales {
		lines, err := Word(cat, loc, list)
		if err != nil {
			return nil, err
		}
		t[loc] = strings.Join(lines, "\n")
	}
	return t, nil
}

type worder struct {
	cat *locale.Catalog
	loc string
	err error
}

func (w *worder) t(id string, data map[string]any) string {
	if w.err != nil {
		return ""
	}
	s, err := w.cat.T(w.loc, id, data)
	if err != nil {
		w.err = err
	}
	return s
}

func (w *worder) list(items []string) string {
	if w.err != nil {
		return ""
	}
	s, err := w.cat.List(w.loc, items, 0)
	if err != nil {
		w.err = err
	}
	return s
}

// date words a deadline fact as drafts show deadlines: the date with its
// weekday (date.weekday), and a time (deadline.datetime, with time.clock);
// a deadline kept as written (one that did not resolve) as it is.
func (w *worder) date(s string) string {
	when, err := due.Parse(s)
	if err != nil {
		return s
	}
	d := when.Date
	_, _, out, err := w.cat.Due(w.loc, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), when.At)
	if err != nil && w.err == nil {
		w.err = err
	}
	return out
}

// later reports whether deadline fact a is later than b. A date alone
// lasts the whole day, so it is later than a time on that day; two times
// compare as instants. A deadline kept as written is later than none.
func later(a, b string) bool {
	wa, erra := due.Parse(a)
	wb, errb := due.Parse(b)
	if erra != nil || errb != nil {
		return false
	}
	switch {
	case wa.HasTime() && wb.HasTime():
		return wa.At.After(wb.At)
	case wa.Date != wb.Date:
		return wb.Date.Before(wa.Date)
	}
	return !wa.HasTime() && wb.HasTime()
}

func (w *worder) versions(vs []string) string {
	s, err := w.cat.Versions(w.loc, vs)
	if err != nil && w.err == nil {
		w.err = err
	}
	return s
}

func (w *worder) steps(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return w.list(s)
}

// change words one change.
func (w *worder) change(c Change) string {
	one := func(vs []string) string {
		if len(vs) == 0 {
			return ""
		}
		return vs[0]
	}
	about := map[string]any{
		"Products": w.list(c.Products),
		"CVEs":     w.list(c.CVEs),
		"Status":   "",
	}
	if c.Status != "" {
		about["Status"] = w.t("changes.status."+c.Status, nil)
	}
	with := func(kv ...any) map[string]any {
		m := map[string]any{}
		for k, v := range about {
			m[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	switch c.Kind {
	case DeadlineChanged:
		o, n := one(c.Old), one(c.New)
		switch {
		case o == advisory.AsNeeded:
			return w.t("changes.deadline.set", with("New", w.date(n)))
		case n == advisory.AsNeeded:
			return w.t("changes.deadline.removed", with("Old", w.date(o)))
		case later(n, o):
			return w.t("changes.deadline.later", with("Old", w.date(o), "New", w.date(n)))
		default:
			return w.t("changes.deadline.earlier", with("Old", w.date(o), "New", w.date(n)))
		}
	case PriorityChanged:
		o, n := one(c.Old), one(c.New)
		id := "changes.priority.lowered"
		if slices.Index(advisory.Priorities, advisory.Priority(n)) > slices.Index(advisory.Priorities, advisory.Priority(o)) {
			id = "changes.priority.raised"
		}
		return w.t(id, with("Old", w.t("priority."+o, nil), "New", w.t("priority."+n, nil)))
	case CVEsAdded:
		return w.t("changes.cves.added", with("Items", w.list(c.Items)))
	case CVEsRemoved:
		return w.t("changes.cves.removed", with("Items", w.list(c.Items)))
	case VendorChanged:
		return w.t("changes.vendor", with("Old", one(c.Old), "New", one(c.New)))
	case ProductChanged:
		return w.t("changes.product", with("Old", one(c.Old), "New", one(c.New)))
	case PlatformsAdded:
		return w.t("changes.platforms.added", with("Items", w.list(c.Items)))
	case PlatformsRemoved:
		return w.t("changes.platforms.removed", with("Items", w.list(c.Items)))
	case StatusAdded:
		return w.t("changes.scope.added", with("Versions", w.versions(c.New), "Fixed", w.versions(c.Fixed)))
	case StatusRemoved:
		return w.t("changes.scope.removed", with())
	case StatusChanged:
		return w.t("changes.scope.status", with("Old", w.t("changes.status."+one(c.Old), nil), "New", w.t("changes.status."+one(c.New), nil)))
	case VersionsChanged:
		return w.t("changes.scope.versions", with("Old", w.versions(c.Old), "New", w.versionsOrNone(c.New)))
	case FixedInChanged:
		switch {
		case len(c.Old) == 0:
			return w.t("changes.fixed.added", with("New", w.versions(c.New)))
		case len(c.New) == 0:
			return w.t("changes.fixed.removed", with("Old", w.versions(c.Old)))
		default:
			return w.t("changes.fixed.changed", with("Old", w.versions(c.Old), "New", w.versions(c.New)))
		}
	case JustificationChanged:
		just := func(vs []string) string {
			if len(vs) == 0 {
				return w.t("changes.none", nil)
			}
			return w.t("justification."+vs[0], nil)
		}
		return w.t("changes.scope.justification", with("Old", just(c.Old), "New", just(c.New)))
	case ActionsAdded, ActionsChanged, ActionsRemoved:
		id := map[Kind]string{ActionsAdded: "changes.actions.added", ActionsChanged: "changes.actions.changed", ActionsRemoved: "changes.actions.removed"}[c.Kind]
		return w.t(id, with("Steps", w.steps(c.Steps), "Count", len(c.Steps)))
	case ReferenceAdded, ReferenceRemoved:
		title := c.Reference.Title[w.loc]
		if title == "" {
			title = c.Reference.URL
		}
		id := map[Kind]string{ReferenceAdded: "changes.references.added", ReferenceRemoved: "changes.references.removed"}[c.Kind]
		return w.t(id, with("Title", title, "URL", c.Reference.URL))
	}
	return string(c.Kind)
}

// versionsOrNone words versions, or says there are none given.
func (w *worder) versionsOrNone(vs []string) string {
	if len(vs) == 0 {
		return w.t("changes.none", nil)
	}
	return w.versions(vs)
}
